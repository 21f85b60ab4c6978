"""Appointments with lawyers and village advisers (O6, O7) become lawyer-referral 工单."""

from __future__ import annotations

from datetime import UTC, datetime

import time_machine
from django.test import Client

from fawang.accounts.models import User
from fawang.cases.models import Case
from fawang.conftest import County
from fawang.portal.models import Appointment


@time_machine.travel(datetime(2026, 11, 26, 2, 0, tzinfo=UTC), tick=False)
def test_citizen_books_a_lawyer_once(personas: dict[str, User], county: County) -> None:
    client = Client()
    client.force_login(personas["citizen"])
    url = f"/apply/appointment/{county.lawyer.pk}/"
    assert client.get(url).status_code == 200
    data = {
        "preferred_at": "2026-11-30T10:00",
        "mode": "video",
        "topic": "劳动合同解除补偿",
        "intends_to_engage": "on",
        "idempotency_key": "appt-1",
    }
    first = client.post(url, data)
    second = client.post(url, data)
    case = Case.objects.get()
    assert first["Location"] == second["Location"] == f"/me/cases/{case.reference}/"
    appointment = Appointment.objects.get()
    assert (
        case.service_type,
        case.handler_practitioner_id,
        appointment.mode,
        appointment.intends_to_engage,
    ) == ("lawyer_referral", county.lawyer.pk, "video", True)
    lawyer = Client()
    lawyer.force_login(personas["aid_lawyer"])
    assert case.reference in lawyer.get("/work/").content.decode()


@time_machine.travel(datetime(2026, 11, 26, 2, 0, tzinfo=UTC), tick=False)
def test_past_time_is_refused(personas: dict[str, User], county: County) -> None:
    client = Client()
    client.force_login(personas["citizen"])
    response = client.post(
        f"/apply/appointment/{county.lawyer.pk}/",
        {"preferred_at": "2026-11-01T10:00", "mode": "video", "topic": "咨询"},
    )
    assert response.status_code == 400
    assert "晚于现在" in response.content.decode()
    assert Case.objects.count() == 0


def test_apply_hub_is_public(db: None) -> None:
    hub = Client().get("/apply/")
    assert hub.status_code == 200
    assert 'href="/guide/"' in hub.content.decode()  # X5: the undecided are pointed to the service guide
