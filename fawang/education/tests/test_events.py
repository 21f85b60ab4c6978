"""P3: staff put 普法 events on the public calendar in their jurisdiction and record attendance afterwards."""

from __future__ import annotations

from datetime import datetime

import pytest
import time_machine
from django.test import Client

from fawang.accounts.models import User
from fawang.accounts.roles import Role
from fawang.cases.deadlines import LOCAL_TZ
from fawang.conftest import County, MakeUser
from fawang.core.errors import PermissionDeniedError
from fawang.core.models import AuditEntry
from fawang.education.models import EducationEvent, EventAttendance, EventAttendee
from fawang.education.tests.helpers import event, local

pytestmark = pytest.mark.django_db
NOW = datetime(2026, 3, 10, 12, 0, tzinfo=LOCAL_TZ)


def _client(user: User) -> Client:
    client = Client()
    client.force_login(user)
    return client


def _form(county: County, **overrides: object) -> dict[str, object]:
    data: dict[str, object] = {
        "title": "法律进校园",
        "venue_kind": "school",
        "place": "东镇中心小学礼堂",
        "region": county.town_x.pk,
        "starts_at": "2026-03-20T14:00",
        "ends_at": "2026-03-20T16:00",
        "audience": "minors",
        "organiser": "东镇司法所",
        "capacity": "200",
        "description": "防欺凌、防诈骗",
    }
    data.update(overrides)
    return data


@time_machine.travel(NOW, tick=False)
def test_staff_create_an_event_and_the_public_sees_it(county: County, personas: dict[str, User]) -> None:
    response = _client(personas["admin"]).post("/learn/manage/events/", _form(county))
    assert response.status_code == 302
    created = EducationEvent.objects.get()
    assert (created.region, created.starts_at, created.created_by) == (
        county.town_x,
        local(2026, 3, 20, 14),
        personas["admin"],
    )
    page = Client().get("/learn/events/").content.decode()
    assert "法律进校园" in page
    assert "东镇中心小学礼堂" in page
    assert Client().get(f"/learn/events/{created.pk}/").status_code == 200


@time_machine.travel(NOW, tick=False)
@pytest.mark.parametrize(
    ("_case", "overrides", "message"),
    [
        ("P3: ends before it starts", {"ends_at": "2026-03-20T13:00"}, "结束时间必须晚于开始时间"),
        ("P3: bad date", {"starts_at": "明天"}, "请填写有效的日期和时间"),
        ("P3: no place", {"place": ""}, "该字段是必填项"),
        ("P3: region outside the county", {"region": "other"}, "选择一个有效的选项"),
    ],
)
def test_bad_event_input_changes_nothing(
    county: County, personas: dict[str, User], _case: str, overrides: dict[str, object], message: str
) -> None:
    if overrides.get("region") == "other":
        overrides = {"region": county.other_county.pk}
    client = _client(personas["admin"])
    audit_before = AuditEntry.objects.count()
    response = client.post("/learn/manage/events/", _form(county, **overrides))
    assert response.status_code == 400
    assert message in response.content.decode()
    assert EducationEvent.objects.count() == 0
    assert AuditEntry.objects.count() == audit_before


def test_who_may_manage_events(county: County, personas: dict[str, User]) -> None:
    """Editors (EDITORS roles with a region) only; a clerk or a citizen is refused and nothing is written."""
    for persona in ("citizen", "window_clerk", "outsider"):
        client = _client(personas[persona])
        assert client.get("/learn/manage/events/").status_code == 403
        assert client.post("/learn/manage/events/", _form(county)).status_code == 403
    assert EducationEvent.objects.count() == 0
    with pytest.raises(PermissionDeniedError, match="不在您的管辖范围内"):
        event(personas["admin"], county.other_county, local(2026, 3, 20))


def test_attendance_is_recorded_and_corrected(county: County, personas: dict[str, User]) -> None:
    with time_machine.travel(NOW, tick=False):
        held = event(personas["admin"], county.town_x, local(2026, 3, 5))
    client = _client(personas["admin"])
    url = f"/learn/manage/events/{held.pk}/attendance/"
    with time_machine.travel(NOW, tick=False):
        first = client.post(
            url, {"count_general": "30", "count_elderly": "12", "attendees": "张三 东村\n李四"}
        )
        second = client.post(url, {"count_general": "35", "count_elderly": "12", "attendees": "张三 东村"})
    assert (first.status_code, second.status_code) == (302, 302)
    counts = sorted(EventAttendance.objects.filter(event=held).values_list("audience", "count"))
    assert counts == [("elderly", 12), ("general", 35)]
    assert list(EventAttendee.objects.values_list("name", "unit")) == [("张三", "东村")]
    held.refresh_from_db()
    assert held.attendance_recorded_at == NOW


@pytest.mark.parametrize(
    ("_case", "data", "message"),
    [
        ("P3: nothing filled in", {}, "请至少填写一个人群的到场人数"),
        ("P3: negative", {"count_general": "-3"}, "人数不能为负数"),
        ("P3: not a number", {"count_general": "三十"}, "请填写整数"),
        (
            "P3: more names than people",
            {"count_general": "1", "attendees": "张三\n李四"},
            "多于登记的到场人数",
        ),
    ],
)
def test_bad_attendance_changes_nothing(
    county: County, personas: dict[str, User], _case: str, data: dict[str, str], message: str
) -> None:
    with time_machine.travel(NOW, tick=False):
        held = event(personas["admin"], county.town_x, local(2026, 3, 5))
        response = _client(personas["admin"]).post(f"/learn/manage/events/{held.pk}/attendance/", data)
    assert response.status_code == 400
    assert message in response.content.decode()
    assert EventAttendance.objects.count() == EventAttendee.objects.count() == 0
    held.refresh_from_db()
    assert held.attendance_recorded_at is None


def test_no_attendance_before_the_event(county: County, personas: dict[str, User]) -> None:
    with time_machine.travel(NOW, tick=False):
        future = event(personas["admin"], county.town_x, local(2026, 3, 20))
        response = _client(personas["admin"]).post(
            f"/learn/manage/events/{future.pk}/attendance/", {"count_general": "10"}
        )
    assert response.status_code == 400
    assert "活动尚未开始" in response.content.decode()
    assert EventAttendance.objects.count() == 0


def test_attendance_is_scoped_and_the_name_list_read_is_audited(
    county: County, personas: dict[str, User], make_user: MakeUser
) -> None:
    other_editor = make_user("other_sup", Role.SUPERVISOR, region=county.other_county)
    with time_machine.travel(NOW, tick=False):
        held = event(personas["admin"], county.town_x, local(2026, 3, 5))
        _client(personas["admin"]).post(
            f"/learn/manage/events/{held.pk}/attendance/", {"count_general": "2", "attendees": "张三\n李四"}
        )
    url = f"/learn/manage/events/{held.pk}/attendance/"
    assert _client(other_editor).get(url).status_code == 404
    assert _client(other_editor).post(url, {"count_general": "99"}).status_code == 404
    assert _client(personas["citizen"]).get(url).status_code == 403  # not an editor at all
    assert sorted(EventAttendance.objects.values_list("count", flat=True)) == [2]
    before = AuditEntry.objects.filter(action="view", object_type="education.EducationEvent").count()
    page = _client(personas["county_supervisor"]).get(url)
    assert page.status_code == 200
    assert "张三" in page.content.decode()
    views = AuditEntry.objects.filter(action="view", object_type="education.EducationEvent")
    assert views.count() == before + 1
    assert views.last().actor == personas["county_supervisor"]  # type: ignore[union-attr]


def test_public_calendar_filters_by_region_and_hides_past_events(
    county: County, personas: dict[str, User]
) -> None:
    with time_machine.travel(NOW, tick=False):
        event(personas["admin"], county.town_x, local(2026, 3, 20), title="东镇普法集市")
        event(personas["admin"], county.village_y, local(2026, 3, 21), title="西村法律讲座")
        event(personas["admin"], county.town_x, local(2026, 3, 1), title="已结束的活动")
        client = Client()
        everything = client.get("/learn/events/").content.decode()
        east = client.get("/learn/events/", {"region": county.town_x.code}).content.decode()
        west = client.get("/learn/events/", {"region": county.town_y.code}, HTTP_HX_REQUEST="true")
        bad = client.get("/learn/events/", {"region": "12ab"})
        unknown = client.get("/learn/events/", {"region": "990199000000"})
    assert ("东镇普法集市" in everything, "西村法律讲座" in everything, "已结束的活动" in everything) == (
        True,
        True,
        False,
    )
    assert ("东镇普法集市" in east, "西村法律讲座" in east) == (True, False)
    west_html = west.content.decode()
    assert ("东镇普法集市" in west_html, "西村法律讲座" in west_html, "<html" in west_html) == (
        False,
        True,
        False,
    )
    assert (bad.status_code, unknown.status_code) == (400, 400)
    assert "应为12位数字" in bad.content.decode()
    assert "未找到区划代码" in unknown.content.decode()
