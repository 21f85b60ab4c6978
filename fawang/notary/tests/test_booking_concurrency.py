"""Slot capacity holds under concurrency: two bookings can never overfill a slot (conditional UPDATE)."""

from __future__ import annotations

from datetime import timedelta
from functools import partial

import pytest
from django.db import connection

from fawang.accounts.models import User
from fawang.conftest import County, race
from fawang.core import clock
from fawang.core.errors import ConflictError
from fawang.notary.models import NotaryBooking, NotarySlot
from fawang.notary.services import notary_booking_cancel, notary_booking_create
from fawang.people.models import Person


def _slot(county: County, capacity: int) -> NotarySlot:
    start = clock.now() + timedelta(days=3)
    return NotarySlot.objects.create(
        office=county.notary_office, capacity=capacity, starts_at=start, ends_at=start + timedelta(minutes=30)
    )


def _people(n: int) -> list[Person]:
    return [Person.objects.create(name=f"预约人{i}", phone=f"1390000{i:04d}") for i in range(n)]


def test_sequential_bookings_stop_at_capacity_and_cancel_frees_a_place(
    personas: dict[str, User], county: County
) -> None:
    slot = _slot(county, capacity=2)
    clerk = personas["window_clerk"]
    a, b, c = _people(3)
    first = notary_booking_create(actor=clerk, slot_id=slot.pk, person=a, matter_code="declaration")
    notary_booking_create(actor=clerk, slot_id=slot.pk, person=b, matter_code="declaration")
    with pytest.raises(ConflictError, match="该时段已约满"):
        notary_booking_create(actor=clerk, slot_id=slot.pk, person=c, matter_code="declaration")
    slot.refresh_from_db()
    assert (slot.booked, NotaryBooking.objects.count()) == (2, 2)
    with pytest.raises(ConflictError, match="您已预约该时段"):
        notary_booking_create(actor=clerk, slot_id=slot.pk, person=a, matter_code="declaration")
    notary_booking_cancel(actor=clerk, booking_id=first.pk)
    notary_booking_create(actor=clerk, slot_id=slot.pk, person=c, matter_code="declaration")
    slot.refresh_from_db()
    assert (slot.booked, NotaryBooking.objects.filter(status="booked").count()) == (2, 2)


def test_a_citizen_books_only_for_themselves(personas: dict[str, User], county: County) -> None:
    slot = _slot(county, capacity=2)
    (stranger,) = _people(1)
    with pytest.raises(Exception, match="只能为本人预约"):
        notary_booking_create(actor=personas["citizen"], slot_id=slot.pk, person=stranger, matter_code="will")
    slot.refresh_from_db()
    assert (slot.booked, NotaryBooking.objects.count()) == (0, 0)


@pytest.mark.skipif(connection.vendor != "postgresql", reason="real concurrency needs PostgreSQL row locks")
def test_concurrent_bookings_never_overfill(
    flushable_db: object, personas: dict[str, User], county: County
) -> None:
    capacity, attempts = 3, 10
    slot = _slot(county, capacity=capacity)
    people = _people(attempts)
    clerk = personas["window_clerk"]
    results = race(
        [
            partial(notary_booking_create, actor=clerk, slot_id=slot.pk, person=p, matter_code="declaration")
            for p in people
        ]
    )
    slot.refresh_from_db()
    full = [r for r in results if isinstance(r, ConflictError)]
    assert (len(results) - len(full), len(full)) == (capacity, attempts - capacity), results
    assert (slot.booked, NotaryBooking.objects.filter(slot=slot).count()) == (capacity, capacity)
