"""The agent console through real HTTP: access, seat and state (B8), the pop on ringing, autosaved notes, and the
wrap-up that registers the contact as a 工单 and answers, dispatches (A4), books a callback (A7) or transfers."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.test import Client

from fawang.accounts.models import User
from fawang.cases.models import Case, CaseDeadline, CaseEvent
from fawang.conftest import County
from fawang.core import clock
from fawang.hotline.models import AgentStateChange, Call, Callback, HotlineCentre, Seat, SeatSession
from fawang.hotline.tests.conftest import PostEvent
from fawang.people.models import Person

pytestmark = pytest.mark.django_db


def _client(user: User) -> Client:
    client = Client()
    client.force_login(user)
    return client


def _signed_in(operator: User, centre: HotlineCentre, seat: str = "S01") -> Client:
    client = _client(operator)
    response = client.post("/work/hotline/seat/", {"seat": Seat.objects.get(centre=centre, code=seat).pk})
    assert response.status_code == 302
    return client


def _talking_call(
    post_event: PostEvent, call_id: str = "C1", seat: str = "S01", caller: str = "13800001234"
) -> Call:
    start = clock.now() - timedelta(seconds=30)
    post_event(call_id, "queued", start, caller=caller)
    post_event(call_id, "ringing", start + timedelta(seconds=2), seat=seat, caller=caller)
    post_event(call_id, "answered", start + timedelta(seconds=6), seat=seat)
    return Call.objects.get(call_ref=call_id)


@pytest.mark.parametrize(
    ("_case", "persona", "status"),
    [
        ("anonymous", None, 302),
        ("window clerk", "window_clerk", 403),
        ("outsider", "outsider", 403),
        ("supervisor", "county_supervisor", 403),
        ("operator", "hotline_operator", 200),
    ],
)
def test_console_access(
    centre: HotlineCentre, personas: dict[str, User], _case: str, persona: str | None, status: int
) -> None:
    client = _client(personas[persona]) if persona else Client()
    response = client.get("/work/hotline/")
    assert response.status_code == status


def test_sign_in_and_state_changes_are_all_logged(
    centre: HotlineCentre, operator: User, second_operator: User
) -> None:
    client = _signed_in(operator, centre)
    for state in ("busy", "break", "available"):
        assert client.post("/work/hotline/state/", {"state": state}).status_code == 302
    # The seat is taken: a second agent is refused and nothing is recorded for them.
    other = _client(second_operator)
    other.post("/work/hotline/seat/", {"seat": Seat.objects.get(centre=centre, code="S01").pk})
    assert not SeatSession.objects.filter(agent=second_operator).exists()
    client.post("/work/hotline/seat/", {"action": "sign_out"})
    log = list(AgentStateChange.objects.filter(agent=operator).values_list("state", flat=True))
    assert log == ["available", "busy", "break", "available", "offline"]
    assert SeatSession.objects.get(agent=operator).ended_at is not None


def test_ringing_pops_the_caller_with_history_tags_and_open_deadlines(
    centre: HotlineCentre, operator: User, post_event: PostEvent, make_case: object, personas: dict[str, User]
) -> None:
    person = Person.objects.create(name="张大爷", phone="13800001234", groups=["elderly"])
    earlier = Case.objects.create(  # an open 工单 of this caller, with a running clock
        reference="FW20261101-00001",
        service_type="consultation",
        channel="window",
        status="accepted",
        title="赡养费纠纷",
        region=centre.site.region,
        requester=person,
        submitted_at=clock.now(),
    )
    CaseDeadline.objects.create(
        case=earlier,
        rule_code="consultation.answer",
        rule_version=1,
        started_at=clock.now(),
        due_at=clock.now() + timedelta(days=2),
    )
    client = _signed_in(operator, centre)
    assert client.get("/work/hotline/pop/?call=&state=").status_code == 204
    start = clock.now() - timedelta(seconds=5)
    post_event("C1", "queued", start, caller="13800001234")
    post_event("C1", "ringing", start + timedelta(seconds=2), seat="S01", caller="13800001234")
    popped = client.get("/work/hotline/pop/?call=&state=", headers={"HX-Request": "true"})
    html = popped.content.decode()
    assert popped.status_code == 200
    for shown in ("来电振铃", "138****1234", "老年人", "FW20261101-00001", "consultation.answer"):
        assert shown in html
    assert "13800001234" not in html  # masked on the page (M3)
    # Nothing changed since: no swap. The answer changes the state: only the status is swapped.
    assert client.get("/work/hotline/pop/?call=C1&state=ringing").status_code == 204
    post_event("C1", "answered", start + timedelta(seconds=7), seat="S01")
    answered = client.get("/work/hotline/pop/?call=C1&state=ringing").content.decode()
    assert "通话中" in answered
    assert 'id="call-work"' not in answered


def test_notes_autosave_and_survive_a_reload(
    centre: HotlineCentre, operator: User, post_event: PostEvent
) -> None:
    client = _signed_in(operator, centre)
    call = _talking_call(post_event)
    for text in ("来电人称", "来电人称工资被拖欠三个月"):
        response = client.post(f"/work/hotline/calls/{call.call_ref}/notes/", {"notes": text})
        assert response.status_code == 200
    assert "已保存" in response.content.decode()
    call.refresh_from_db()
    assert (call.notes, call.notes_revision, call.handled_by) == ("来电人称工资被拖欠三个月", 2, operator)
    reloaded = client.get("/work/hotline/").content.decode()  # the console reloads mid-call
    assert "来电人称工资被拖欠三个月" in reloaded


def test_notes_of_another_centre_are_refused(
    centre: HotlineCentre, personas: dict[str, User], post_event: PostEvent
) -> None:
    call = _talking_call(post_event)
    outsider = _client(personas["outsider"])
    assert outsider.post(f"/work/hotline/calls/{call.call_ref}/notes/", {"notes": "x"}).status_code == 404
    call.refresh_from_db()
    assert (call.notes, call.notes_revision) == ("", 0)


def test_answer_and_close(centre: HotlineCentre, operator: User, post_event: PostEvent) -> None:
    client = _signed_in(operator, centre)
    call = _talking_call(post_event)
    response = client.post(
        f"/work/hotline/calls/{call.call_ref}/wrap-up/",
        {
            "contact_type": "consultation",
            "title": "拖欠工资",
            "category": "劳动纠纷",
            "outcome": "answer",
            "answer": "可向劳动监察大队投诉或申请劳动仲裁。",
            "notes": "工资被拖欠三个月",
        },
    )
    assert response.status_code == 302
    call.refresh_from_db()
    case = call.case
    assert case is not None
    assert (call.contact_type, call.disposition, call.notes, call.agent) == (
        "consultation",
        "answered",
        "工资被拖欠三个月",
        operator,
    )
    assert (case.service_type, case.channel, case.status, case.description) == (
        "consultation",
        "hotline",
        "resolved",
        "工资被拖欠三个月",
    )
    assert list(case.events.values_list("action", flat=True)) == ["create", "accept", "answer"]
    assert case.requester is not None
    assert case.requester.phone == "13800001234"
    assert set(case.deadlines.values_list("rule_code", "state")) == {("hotline.transfer", "met")}


def test_dispatch_within_one_working_day(
    centre: HotlineCentre, operator: User, post_event: PostEvent, county: County
) -> None:
    client = _signed_in(operator, centre)
    call = _talking_call(post_event)
    response = client.post(
        f"/work/hotline/calls/{call.call_ref}/wrap-up/",
        {
            "contact_type": "consultation",
            "title": "宅基地纠纷",
            "outcome": "dispatch",
            "site_id": county.station_x.pk,
            "answer": "请东镇工作站核实",
            "urgent": "on",
        },
    )
    assert response.status_code == 302
    case = Call.objects.get(pk=call.pk).case
    assert case is not None
    assert (case.status, case.handler_site, case.priority) == ("dispatched", county.station_x, "urgent")
    clocks = dict(case.deadlines.values_list("rule_code", "state"))
    assert clocks == {"hotline.transfer_urgent": "met", "hotline.feedback": "running"}


def test_callback_outcome_books_a_task_on_the_case(
    centre: HotlineCentre, operator: User, post_event: PostEvent
) -> None:
    client = _signed_in(operator, centre)
    call = _talking_call(post_event)
    client.post(
        f"/work/hotline/calls/{call.call_ref}/wrap-up/",
        {
            "contact_type": "consultation",
            "title": "继承问题",
            "outcome": "callback",
            "callback_reason": "需查询遗嘱效力规定",
        },
    )
    call.refresh_from_db()
    task = Callback.objects.get()
    assert (task.kind, task.case, task.call, task.phone, task.status) == (
        "callback",
        call.case,
        call,
        "13800001234",
        "open",
    )
    assert call.case is not None
    assert call.case.status == "accepted"


@pytest.mark.parametrize(
    ("_case", "data", "message"),
    [
        (
            "complaint cannot be answered on the spot",
            {"contact_type": "complaint", "title": "投诉", "outcome": "answer", "answer": "x"},
            "投诉、建议须登记",
        ),
        (
            "dispatch needs a handler",
            {"contact_type": "consultation", "title": "x", "outcome": "dispatch"},
            "转办须选择",
        ),
        (
            "answer needs text",
            {"contact_type": "consultation", "title": "x", "outcome": "answer"},
            "当场答复须填写",
        ),
        ("type is required (A3)", {"title": "x", "outcome": "answer", "answer": "y"}, "登记内容不完整"),
    ],
)
def test_refused_wrap_ups_change_nothing(
    centre: HotlineCentre,
    operator: User,
    post_event: PostEvent,
    _case: str,
    data: dict[str, str],
    message: str,
) -> None:
    client = _signed_in(operator, centre)
    call = _talking_call(post_event)
    response = client.post(
        f"/work/hotline/calls/{call.call_ref}/wrap-up/", data, headers={"HX-Request": "true"}
    )
    assert response.status_code == 200
    assert message in response.content.decode()
    call.refresh_from_db()
    assert (call.case, call.wrapped_up_at, call.disposition) == (None, None, "")
    assert (
        Case.objects.count(),
        CaseEvent.objects.count(),
        Person.objects.count(),
        Callback.objects.count(),
    ) == (0, 0, 0, 0)


def test_a_call_is_registered_once(
    centre: HotlineCentre, operator: User, second_operator: User, post_event: PostEvent
) -> None:
    client = _signed_in(operator, centre)
    call = _talking_call(post_event)
    data = {"contact_type": "suggestion", "title": "建议延长窗口时间", "outcome": "register"}
    assert client.post(f"/work/hotline/calls/{call.call_ref}/wrap-up/", data).status_code == 302
    again = _client(second_operator).post(f"/work/hotline/calls/{call.call_ref}/wrap-up/", data)
    assert again.status_code == 400
    assert "已经登记办结" in again.content.decode()
    assert Case.objects.count() == 1
    assert Case.objects.get().status == "accepted"


def test_knowledge_search_partial(centre: HotlineCentre, operator: User) -> None:
    client = _signed_in(operator, centre)
    empty = client.get("/work/hotline/knowledge/?q=")
    assert "请输入要检索的问题" in empty.content.decode()
    response = client.get("/work/hotline/knowledge/?q=老板拖欠工资怎么办")
    assert response.status_code == 200
    assert "智能分类" in response.content.decode()
