"""X2 "the public books only slots with room": the slots offered on the web, booking one to the citizen's own number,
every refusal storing nothing, cancelling, the batched slot read, and no overbooking under concurrency."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta
from functools import partial

import pytest
import time_machine
from django.db import connection

from fawang.accounts.models import User
from fawang.accounts.roles import Role
from fawang.conftest import MakeUser, race
from fawang.core import clock
from fawang.core.errors import ConflictError, DomainError, NotFoundError
from fawang.core.models import AuditEntry
from fawang.hotline.hours import LOCAL_TZ
from fawang.hotline.models import Callback, CallbackSlot, CallbackStatus, HotlineCentre, OpeningHours
from fawang.hotline.selectors import (
    callback_queue_for_user,
    online_slot_days,
    slot_days,
    slot_rows,
)
from fawang.hotline.services.callbacks import (
    callback_attempt_record,
    callback_claim,
    callback_slot_set,
    callback_slots_set_range,
)
from fawang.hotline.services.online_booking import callback_book_online, callback_cancel_online

pytestmark = pytest.mark.django_db
THURSDAY = datetime(2026, 12, 3, 9, 10, tzinfo=LOCAL_TZ)
NOON = datetime(2026, 12, 3, 12, 0, tzinfo=LOCAL_TZ)


def _at(day: int, hour: int, minute: int = 0) -> datetime:
    return datetime(2026, 12, day, hour, minute, tzinfo=LOCAL_TZ)


@pytest.fixture
def citizen(personas: dict[str, User]) -> User:
    user = personas["citizen"]
    user.phone = "13900001234"
    user.save()
    return user


@pytest.fixture
def staffed(centre: HotlineCentre, personas: dict[str, User]) -> HotlineCentre:
    """Staffed 08:00-20:00 every day; from today, two places per slot 09:00-12:00, none at 12:00-12:30."""
    for weekday in range(7):
        OpeningHours.objects.create(centre=centre, weekday=weekday, opens=time(8), closes=time(20))
    supervisor = personas["county_supervisor"]
    callback_slots_set_range(
        actor=supervisor,
        centre=centre,
        first_day=date(2026, 12, 3),
        days=1,
        opens=time(9),
        closes=time(12),
        capacity=2,
    )
    callback_slot_set(actor=supervisor, centre=centre, starts_at=NOON, capacity=0)
    return centre


def _book(
    user: User, centre: HotlineCentre, starts_at: datetime, reason: str = "工资被拖欠怎么办"
) -> Callback:
    return callback_book_online(actor=user, centre=centre, starts_at=starts_at, reason=reason)


@time_machine.travel(THURSDAY, tick=False)
def test_the_web_offers_only_slots_two_hours_ahead_with_room_inside_staffed_hours(
    staffed: HotlineCentre,
) -> None:
    offered = dict(online_slot_days(centre=staffed, now=THURSDAY))
    today = [r.starts_at.time() for r in offered[date(2026, 12, 3)]]
    # 11:30 (of 09:00-12:00 with room) is the first slot more than 2 hours after 09:10; 12:00 has no room;
    # from 12:30 nothing is configured today, so no limit, until the staff leave at 20:00.
    assert today[:3] == [time(11, 30), time(12, 30), time(13)]
    assert today[-1] == time(19, 30)
    # Seven days ahead at most: Thursday next week before 09:10 is the last day offered.
    assert max(offered) == date(2026, 12, 10)
    assert all(r.starts_at < THURSDAY + timedelta(days=7) for r in offered[date(2026, 12, 10)])
    # A missing slot copies last week's: next Thursday 09:00-11:30 has two places, like today.
    next_week = {r.starts_at.time(): r.room for r in offered[date(2026, 12, 10)]}
    assert next_week[time(9)] == 2


@time_machine.travel(THURSDAY, tick=False)
def test_a_booking_goes_to_the_centres_queue_for_the_citizens_number_with_the_same_three_attempts(
    staffed: HotlineCentre, citizen: User, operator: User
) -> None:
    callback = _book(citizen, staffed, _at(3, 11, 30))
    assert (callback.booked_online, callback.phone, callback.created_by_id) == (
        True,
        "13900001234",
        citizen.pk,
    )
    assert callback.window_end - callback.window_start == timedelta(minutes=30)
    assert AuditEntry.objects.filter(object_type="hotline.Callback", object_id=str(callback.pk)).exists()
    queue = callback_queue_for_user(user=operator, now=THURSDAY)
    assert [c.pk for day in queue.upcoming for c in day.items] == [callback.pk]
    # The room shown drops by one.
    row = next(r for r in slot_rows(centre=staffed, day=date(2026, 12, 3)) if r.starts_at == _at(3, 11, 30))
    assert (row.booked, row.room) == (1, 1)
    # Web requests get the phone requests' retries: three unanswered attempts, then unreachable.
    with time_machine.travel(_at(3, 11, 35), tick=False):
        for _ in range(3):
            callback_claim(actor=operator, callback_id=callback.pk)
            callback_attempt_record(
                actor=operator, callback_id=callback.pk, outcome="no_answer", note="无人接听"
            )
    callback.refresh_from_db()
    assert (callback.attempts, callback.status) == (3, CallbackStatus.UNREACHABLE)


@time_machine.travel(THURSDAY, tick=False)
@pytest.mark.parametrize(
    ("starts_at", "reason", "message"),
    [
        (_at(3, 11, 40), "问题", "列出的时段"),  # not a slot boundary
        (_at(3, 11), "问题", "两小时以后"),
        (_at(10, 9, 30), "问题", "7 天内"),
        (_at(3, 20), "问题", "人工服务时间"),
        (_at(3, 12), "问题", "约满"),  # capacity 0
        (_at(3, 11, 30), "  ", "说明想咨询的问题"),
        (_at(3, 11, 30), "问" * 501, "500"),
    ],
)
def test_refusals_say_why_in_chinese_and_store_nothing(
    staffed: HotlineCentre, citizen: User, starts_at: datetime, reason: str, message: str
) -> None:
    with pytest.raises(DomainError, match=message):
        _book(citizen, staffed, starts_at, reason)
    assert Callback.objects.count() == 0


@time_machine.travel(THURSDAY, tick=False)
def test_one_open_booking_per_person_a_full_slot_and_no_phone_are_refused(
    staffed: HotlineCentre, citizen: User, make_user: MakeUser
) -> None:
    _book(citizen, staffed, _at(3, 11, 30))
    with pytest.raises(ConflictError, match="请先取消原预约"):
        _book(citizen, staffed, _at(3, 14))
    other = make_user("citizen_c", Role.CITIZEN)
    other.phone = "13900005678"
    other.save()
    _book(other, staffed, _at(3, 11, 30))
    third = make_user("citizen_d", Role.CITIZEN)
    with pytest.raises(DomainError, match="没有登记手机号"):
        _book(third, staffed, _at(3, 14))
    third.phone = "13900009999"
    third.save()
    with pytest.raises(ConflictError, match="约满"):  # two places, two bookings
        _book(third, staffed, _at(3, 11, 30))
    assert Callback.objects.count() == 2


@time_machine.travel(THURSDAY, tick=False)
def test_the_citizen_cancels_their_own_open_booking_which_frees_the_place(
    staffed: HotlineCentre, citizen: User, personas: dict[str, User], operator: User
) -> None:
    callback = _book(citizen, staffed, _at(3, 11, 30))
    with pytest.raises(NotFoundError):
        callback_cancel_online(actor=personas["citizen_b"], callback_id=callback.pk)
    assert callback_cancel_online(actor=citizen, callback_id=callback.pk).status == CallbackStatus.CANCELLED
    row = next(r for r in slot_rows(centre=staffed, day=date(2026, 12, 3)) if r.starts_at == _at(3, 11, 30))
    assert row.booked == 0
    again = _book(citizen, staffed, _at(3, 11, 30))  # a new booking once the old one is cancelled
    callback_claim(actor=operator, callback_id=again.pk)
    with pytest.raises(ConflictError, match="坐席已在处理"):
        callback_cancel_online(actor=citizen, callback_id=again.pk)
    assert Callback.objects.get(pk=again.pk).status == CallbackStatus.CLAIMED


@time_machine.travel(THURSDAY, tick=False)
def test_a_week_of_slots_reads_in_two_queries_and_equals_the_day_by_day_read(
    staffed: HotlineCentre, citizen: User, personas: dict[str, User], django_assert_num_queries: object
) -> None:
    # Set a Saturday two weeks back and next Monday; book today.
    supervisor = personas["county_supervisor"]
    callback_slot_set(actor=supervisor, centre=staffed, starts_at=_at(5, 10) - timedelta(weeks=2), capacity=4)
    callback_slot_set(actor=supervisor, centre=staffed, starts_at=_at(7, 15), capacity=1)
    _book(citizen, staffed, _at(3, 11, 30))
    with django_assert_num_queries(2):  # type: ignore[operator]
        week = slot_days(centre=staffed, first_day=date(2026, 12, 3), days=8)
    assert week == {day: slot_rows(centre=staffed, day=day) for day in week}
    saturday = {r.starts_at.time(): (r.capacity, r.copied) for r in week[date(2026, 12, 5)]}
    assert saturday[time(10)] == (4, True)
    assert saturday[time(11)] == (None, False)
    next_thursday = {r.starts_at.time(): r.capacity for r in week[date(2026, 12, 10)]}
    assert (next_thursday[time(9)], next_thursday[time(12)]) == (2, 0)


@pytest.mark.skipif(connection.vendor != "postgresql", reason="real concurrency needs PostgreSQL row locks")
def test_concurrent_web_bookings_never_overfill_a_slot(
    flushable_db: object, centre: HotlineCentre, personas: dict[str, User], make_user: MakeUser
) -> None:
    starts_at = datetime.combine(clock.local_today() + timedelta(days=2), time(10), tzinfo=LOCAL_TZ)
    CallbackSlot.objects.create(centre=centre, starts_at=starts_at, capacity=2)
    people = []
    for i in range(8):
        user = make_user(f"racer{i}", Role.CITIZEN)
        user.phone = f"1390000{i:04d}"
        user.save()
        people.append(user)
    results = race([partial(_book, user, centre, starts_at) for user in people])
    full = [r for r in results if isinstance(r, ConflictError)]
    assert (len(results) - len(full), len(full)) == (2, 6), results
    assert Callback.objects.filter(window_start=starts_at).count() == 2
