"""The centre pages through real HTTP: staffed hours and the out-of-hours answer (B2, B5), and callback capacity per
slot (X2) — scoped to the supervisors and administrators of the centre's jurisdiction, with Chinese errors and
nothing changed on bad input."""

from __future__ import annotations

from datetime import datetime, time, timedelta
from typing import Any

import pytest
import time_machine
from django.test import Client

from fawang.accounts.models import User
from fawang.accounts.roles import Role
from fawang.conftest import County, MakeUser
from fawang.core.models import AuditEntry
from fawang.hotline.hours import END_OF_DAY, LOCAL_TZ
from fawang.hotline.models import Call, CallbackSlot, HotlineCentre, OpeningHours
from fawang.hotline.services.callbacks import callback_schedule
from fawang.hotline.tests.conftest import PostEvent

pytestmark = pytest.mark.django_db
# Thursday 2026-12-03 09:10 local.
THURSDAY = datetime(2026, 12, 3, 9, 10, tzinfo=LOCAL_TZ)


def _client(user: User) -> Client:
    client = Client()
    client.force_login(user)
    return client


def _hours_post(centre: HotlineCentre, **fields: str) -> dict[str, Any]:
    data: dict[str, Any] = {
        "centre": centre.pk,
        "out_of_hours_mode": "message",
        "out_of_hours_prompt": "",
        "note": "经局务会决定，自12月起调整人工服务时间，已在官网公告。",
    }
    data.update(fields)
    return data


WEEKDAYS_8_TO_20 = {f"d{d}_opens1": "08:00" for d in range(5)} | {f"d{d}_closes1": "20:00" for d in range(5)}


@pytest.mark.parametrize(
    ("persona", "status"),
    [
        ("county_supervisor", 200),
        ("province_supervisor", 200),
        ("hotline_operator", 403),
        ("window_clerk", 403),
        ("outsider", 403),
    ],
)
def test_pages_are_for_the_centres_supervisors(
    centre: HotlineCentre, personas: dict[str, User], persona: str, status: int
) -> None:
    client = _client(personas[persona])
    assert client.get("/work/hotline/hours/").status_code == status
    assert client.get("/work/hotline/slots/").status_code == status
    posted = client.post("/work/hotline/hours/", _hours_post(centre, **WEEKDAYS_8_TO_20))
    assert posted.status_code == (302 if status == 200 else 403)
    assert Client().get("/work/hotline/hours/").status_code == 302  # anonymous: to the sign-in page


def test_another_countys_supervisor_cannot_reach_the_centre(
    centre: HotlineCentre, make_user: MakeUser, county: County
) -> None:
    stranger = _client(make_user("sup_other", Role.SUPERVISOR, region=county.other_county))
    assert stranger.get(f"/work/hotline/hours/?centre={centre.pk}").status_code == 403
    refused = stranger.post(
        "/work/hotline/slots/set/",
        {"centre": centre.pk, "starts_at": THURSDAY.isoformat(), "capacity": "3"},
    )
    assert refused.status_code == 403
    assert not CallbackSlot.objects.exists()


def test_set_hours_and_message_mode_then_the_webhook_answers_with_it(
    centre: HotlineCentre, personas: dict[str, User], post_event: PostEvent
) -> None:
    client = _client(personas["county_supervisor"])
    page = client.get("/work/hotline/hours/")
    assert "7×24小时人工服务" in page.content.decode()
    response = client.post(
        "/work/hotline/hours/",
        _hours_post(
            centre,
            **WEEKDAYS_8_TO_20,
            d5_opens1="09:00",
            d5_closes1="12:00",
            d5_opens2="13:00",
            d5_closes2="24:00",
            out_of_hours_mode="announcement",
            out_of_hours_prompt="现在是非人工服务时间，请在工作日8:00-20:00来电。",
        ),
    )
    assert response.status_code == 302
    rows = list(OpeningHours.objects.filter(centre=centre).values_list("weekday", "opens", "closes"))
    assert len(rows) == 7
    assert (5, time(13, 0), END_OF_DAY) in rows
    centre.refresh_from_db()
    assert centre.out_of_hours_mode == "announcement"
    audit = AuditEntry.objects.filter(object_type="hotline.HotlineCentre").latest("id")
    assert "局务会" in audit.summary
    shown = client.get(response["Location"]).content.decode()
    assert "周六 13:00-24:00" in shown
    assert 'value="24:00"' in shown
    # Sunday 2026-12-06 10:00 is outside the new hours: the CTI is told to play the announcement only.
    sunday = datetime(2026, 12, 6, 10, 0, tzinfo=LOCAL_TZ)
    with time_machine.travel(sunday, tick=False):
        answer = post_event("OOH1", "queued", sunday, caller="13900001111").json()
    assert answer["service_mode"] == "announcement"
    assert answer["prompt"].startswith("现在是非人工服务时间")
    assert Call.objects.get(call_ref="OOH1").out_of_hours


def test_a_later_change_of_hours_does_not_rewrite_past_calls(
    centre: HotlineCentre, personas: dict[str, User], post_event: PostEvent
) -> None:
    at = datetime(2026, 12, 6, 10, 0, tzinfo=LOCAL_TZ)  # a Sunday, staffed 7×24 at the time
    with time_machine.travel(at, tick=False):
        post_event("PAST1", "queued", at, caller="13900002222")
    client = _client(personas["county_supervisor"])
    assert client.post("/work/hotline/hours/", _hours_post(centre, **WEEKDAYS_8_TO_20)).status_code == 302
    with time_machine.travel(at + timedelta(minutes=2), tick=False):
        post_event("PAST1", "abandoned", at + timedelta(seconds=40))  # refolds the call
    assert Call.objects.get(call_ref="PAST1").out_of_hours is False


@pytest.mark.parametrize(
    ("fields", "message"),
    [
        ({"d0_opens1": "08:00"}, "周一第1段：请同时填写开始和结束时间。"),
        ({"d0_opens1": "20:00", "d0_closes1": "08:00"}, "结束时间须晚于开始时间"),
        ({"d1_opens1": "8点", "d1_closes1": "20:00"}, "不是有效的时间"),
        ({"d2_opens1": "25:00", "d2_closes1": "26:00"}, "不是有效的时间"),
        (
            {"d3_opens1": "08:00", "d3_closes1": "13:00", "d3_opens2": "12:00", "d3_closes2": "18:00"},
            "周四的两段服务时间重叠",
        ),
        ({}, "请至少填写一段人工服务时间"),
        ({**WEEKDAYS_8_TO_20, "note": ""}, "请填写变更说明"),
        ({**WEEKDAYS_8_TO_20, "out_of_hours_mode": "silence"}, "选择一个有效的选项"),
    ],
)
def test_bad_hours_are_refused_in_chinese_and_change_nothing(
    centre: HotlineCentre, personas: dict[str, User], fields: dict[str, str], message: str
) -> None:
    client = _client(personas["county_supervisor"])
    response = client.post("/work/hotline/hours/", _hours_post(centre, **fields))
    assert response.status_code == 400
    assert message in response.content.decode()
    assert not OpeningHours.objects.exists()
    centre.refresh_from_db()
    assert centre.out_of_hours_mode == "message"


def test_always_open_clears_the_table(centre: HotlineCentre, personas: dict[str, User]) -> None:
    client = _client(personas["county_supervisor"])
    client.post("/work/hotline/hours/", _hours_post(centre, **WEEKDAYS_8_TO_20))
    assert OpeningHours.objects.count() == 5
    response = client.post("/work/hotline/hours/", _hours_post(centre, always_open="on", **WEEKDAYS_8_TO_20))
    assert response.status_code == 302
    assert not OpeningHours.objects.exists()


@time_machine.travel(THURSDAY, tick=False)
def test_slot_page_sets_a_range_and_one_slot_and_shows_room(
    centre: HotlineCentre, personas: dict[str, User]
) -> None:
    client = _client(personas["county_supervisor"])
    response = client.post(
        "/work/hotline/slots/range/",
        {
            "centre": centre.pk,
            "first_day": "2026-12-03",
            "days": "2",
            "opens": "08:00",
            "closes": "12:00",
            "capacity": "2",
        },
    )
    assert response.status_code == 302
    assert CallbackSlot.objects.filter(centre=centre).count() == 16  # 8 slots × 2 days
    ten = datetime(2026, 12, 3, 10, 0, tzinfo=LOCAL_TZ)
    callback_schedule(
        actor=personas["hotline_operator"],
        centre=centre,
        phone="13800001111",
        reason="查询",
        window_start=ten,
    )
    page = client.get(response["Location"]).content.decode()
    assert 'id="slot-1000"' in page
    one = client.post(
        "/work/hotline/slots/set/",
        {"centre": centre.pk, "starts_at": ten.isoformat(), "capacity": "5"},
        headers={"HX-Request": "true"},
    )
    assert one.status_code == 200
    row = one.content.decode()
    assert row.lstrip().startswith('<tr id="slot-1000"')
    assert "<td>5</td>" in row.replace(" ", "")
    assert "<td>1</td>" in row.replace(" ", "")  # booked
    assert CallbackSlot.objects.get(centre=centre, starts_at=ten).capacity == 5


@time_machine.travel(THURSDAY, tick=False)
def test_next_weeks_page_shows_the_copied_capacity(centre: HotlineCentre, personas: dict[str, User]) -> None:
    client = _client(personas["county_supervisor"])
    client.post(
        "/work/hotline/slots/set/",
        {"centre": centre.pk, "starts_at": "2026-12-03T14:00:00+08:00", "capacity": "4"},
    )
    # Two weeks later, with nothing set in between: the latest configured week is copied (X2).
    page = client.get(f"/work/hotline/slots/?centre={centre.pk}&day=2026-12-17").content.decode()
    assert "（沿用上周）" in page
    assert CallbackSlot.objects.count() == 1  # showing it stores nothing


@pytest.mark.parametrize(
    ("path", "data", "message"),
    [
        ("set", {"starts_at": "2026-12-03T10:00:00+08:00", "capacity": "-1"}, "可预约数不能小于 0。"),
        ("set", {"starts_at": "2026-12-03T10:00:00+08:00", "capacity": "many"}, "可预约数须是整数。"),
        ("set", {"starts_at": "2026-12-03T10:00:00+08:00", "capacity": "501"}, "可预约数不能超过 500。"),
        ("set", {"starts_at": "明天", "capacity": "3"}, "时段格式不正确。"),
        (
            "range",
            {"first_day": "2026-12-03", "days": "7", "opens": "08:10", "closes": "12:00", "capacity": "2"},
            "起止时间须是时段边界",
        ),
        (
            "range",
            {"first_day": "2026-12-03", "days": "7", "opens": "12:00", "closes": "08:00", "capacity": "2"},
            "结束时间须晚于开始时间。",
        ),
        (
            "range",
            {"first_day": "2026-12-03", "days": "40", "opens": "08:00", "closes": "12:00", "capacity": "2"},
            "天数应在 1 到 31 之间。",
        ),
        (
            "range",
            {"first_day": "", "days": "7", "opens": "08:00", "closes": "12:00", "capacity": "2"},
            "请选择起始日期。",
        ),
    ],
)
@time_machine.travel(THURSDAY, tick=False)
def test_bad_capacity_is_refused_in_chinese_and_changes_nothing(
    centre: HotlineCentre, personas: dict[str, User], path: str, data: dict[str, str], message: str
) -> None:
    client = _client(personas["county_supervisor"])
    response = client.post(
        f"/work/hotline/slots/{path}/", {"centre": centre.pk, **data}, headers={"HX-Request": "true"}
    )
    assert response.status_code == 400
    assert message in response.content.decode()
    assert not CallbackSlot.objects.exists()
