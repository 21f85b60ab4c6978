"""X2 on the citizen's side, through HTTP: the callback page lists the slots with room, books one, shows it and
cancels it; a full slot and bad input get a Chinese error and store nothing; sign-in is required."""

from __future__ import annotations

from datetime import datetime, time

import pytest
import time_machine
from django.test import Client

from fawang.accounts.models import User
from fawang.conftest import County
from fawang.directory.models import SiteKind
from fawang.directory.tests.factories import SiteFactory
from fawang.hotline.hours import LOCAL_TZ
from fawang.hotline.models import Callback, CallbackSlot, CallbackStatus, HotlineCentre, OpeningHours
from fawang.hotline.services.seats import centre_ensure

pytestmark = pytest.mark.django_db
THURSDAY = datetime(2026, 12, 3, 9, 10, tzinfo=LOCAL_TZ)
ELEVEN_THIRTY = datetime(2026, 12, 3, 11, 30, tzinfo=LOCAL_TZ)
PAGE = "/me/callbacks/"


@pytest.fixture
def centre(county: County, personas: dict[str, User]) -> HotlineCentre:
    site = SiteFactory.create(kind=SiteKind.HOTLINE, name="甲县12348热线", region=county.county)
    centre = centre_ensure(actor=personas["admin"], site=site, code="DJ12348", seats=1)
    for weekday in range(7):
        OpeningHours.objects.create(centre=centre, weekday=weekday, opens=time(8), closes=time(18))
    CallbackSlot.objects.create(centre=centre, starts_at=ELEVEN_THIRTY, capacity=1)
    return centre


def _client(user: User) -> Client:
    user.phone = user.phone or f"139{user.pk:08d}"
    user.save()
    client = Client()
    client.force_login(user)
    return client


@time_machine.travel(THURSDAY, tick=False)
def test_a_citizen_books_a_slot_sees_it_and_cancels_it(
    centre: HotlineCentre, personas: dict[str, User]
) -> None:
    client = _client(personas["citizen"])
    page = client.get(PAGE).content.decode()
    assert f'value="{ELEVEN_THIRTY.isoformat()}"' in page
    assert "（余 1）" in page
    booked = client.post(PAGE, {"slot": ELEVEN_THIRTY.isoformat(), "reason": "被拖欠工资，想咨询怎么维权"})
    assert booked.status_code == 302
    callback = Callback.objects.get()
    assert (callback.booked_online, callback.window_start) == (True, ELEVEN_THIRTY)
    page = client.get(PAGE).content.decode()
    assert "12月3日 11:30—12:00" in page
    assert f'value="{ELEVEN_THIRTY.isoformat()}"' not in page  # the only place is taken
    assert client.post(f"/me/callbacks/{callback.pk}/cancel/").status_code == 302
    assert Callback.objects.get().status == CallbackStatus.CANCELLED
    assert f'value="{ELEVEN_THIRTY.isoformat()}"' in client.get(PAGE).content.decode()


@time_machine.travel(THURSDAY, tick=False)
def test_a_taken_slot_bad_input_and_anothers_booking_are_refused_without_storing(
    centre: HotlineCentre, personas: dict[str, User]
) -> None:
    _client(personas["citizen_b"]).post(PAGE, {"slot": ELEVEN_THIRTY.isoformat(), "reason": "离婚财产怎么分"})
    mine = Callback.objects.get()
    client = _client(personas["citizen"])
    taken = client.post(PAGE, {"slot": ELEVEN_THIRTY.isoformat(), "reason": "想咨询"})
    assert taken.status_code == 400
    assert "该时段已不可预约，请另选。" in taken.content.decode()
    blank = client.post(PAGE, {"slot": "", "reason": ""})
    assert blank.status_code == 400
    assert "请选择一个回拨时段。" in blank.content.decode()
    assert "请简要说明想咨询的问题。" in blank.content.decode()
    assert client.post(f"/me/callbacks/{mine.pk}/cancel/").status_code == 404  # not theirs
    assert Callback.objects.get().status == CallbackStatus.OPEN
    assert Callback.objects.count() == 1


def test_the_page_needs_sign_in(centre: HotlineCentre) -> None:
    response = Client().get(PAGE)
    assert response.status_code == 302
    assert "login" in response["Location"]


@time_machine.travel(THURSDAY, tick=False)
def test_the_api_lists_free_slots_books_refuses_and_cancels(
    centre: HotlineCentre, personas: dict[str, User]
) -> None:
    client = _client(personas["citizen"])
    slots = client.get("/api/v1/me/callbacks/slots/").json()
    assert slots["centre"] == {"id": centre.pk, "name": "甲县12348热线"}
    first = slots["slots"][0]
    assert (datetime.fromisoformat(first["starts_at"]), first["room"]) == (ELEVEN_THIRTY, 1)
    assert datetime.fromisoformat(slots["slots"][1]["starts_at"]).time() == time(
        12
    )  # no limit set: room null
    assert slots["slots"][1]["room"] is None
    url = "/api/v1/me/callbacks/"
    body = {"centre": centre.pk, "starts_at": ELEVEN_THIRTY.isoformat(), "reason": "邻居占用通道怎么办"}
    assert client.post(url, {**body, "reason": ""}, content_type="application/json").status_code == 400
    assert client.post(url, {**body, "centre": 0}, content_type="application/json").status_code == 404
    created = client.post(url, body, content_type="application/json")
    assert created.status_code == 201
    booking = created.json()
    assert (booking["status"], booking["attempts"]) == ("open", 0)
    taken = _client(personas["citizen_b"]).post(url, body, content_type="application/json")
    assert taken.status_code == 409
    assert "约满" in taken.json()["detail"]
    assert [b["id"] for b in client.get(url).json()] == [booking["id"]]
    assert _client(personas["citizen_b"]).get(url).json() == []
    cancel = f"/api/v1/me/callbacks/{booking['id']}/cancel/"
    assert _client(personas["citizen_b"]).post(cancel).status_code == 404
    assert client.post(cancel).json()["status"] == "cancelled"
    assert client.post(cancel).status_code == 409
