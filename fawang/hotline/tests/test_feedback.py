"""The feedback loop on hotline 工单: result back in 5 WD, one approved extension to 15 WD in total (A5), a
dissatisfied caller escalated back to the handling unit with the explanation recorded (A6), IVR ratings (H8)."""

from __future__ import annotations

import importlib
from datetime import datetime, timedelta

import pytest
import time_machine
from django.test import Client

from fawang.accounts.models import User
from fawang.cases.models import Case, CaseDeadline
from fawang.cases.services import case_transition
from fawang.conftest import County
from fawang.core.errors import DomainError
from fawang.hotline.hours import LOCAL_TZ
from fawang.hotline.models import Call, HotlineCentre
from fawang.hotline.services.calls import WrapUp, call_wrap_up, feedback_escalate, feedback_extend
from fawang.hotline.tests.conftest import PostEvent

pytestmark = pytest.mark.django_db
MONDAY = datetime(2026, 11, 23, 10, 0, tzinfo=LOCAL_TZ)


def _dispatched(post_event: PostEvent, operator: User, county: County, rating: str = "") -> Case:
    post_event("F1", "queued", MONDAY - timedelta(minutes=5), caller="13800005555")
    post_event("F1", "answered", MONDAY - timedelta(minutes=4), seat="S01")
    post_event("F1", "ended", MONDAY - timedelta(minutes=1))
    if rating:
        post_event("F1", "rating", MONDAY - timedelta(seconds=30), key=rating)
    call = call_wrap_up(
        actor=operator,
        call_ref="F1",
        wrap=WrapUp(
            contact_type="consultation", outcome="dispatch", title="土地承包纠纷", site_id=county.station_x.pk
        ),
    )
    assert call.case is not None
    return call.case


def _clock(case: Case, rule: str) -> CaseDeadline:
    return CaseDeadline.objects.get(case=case, rule_code=rule, state__in=["running", "paused"])


@time_machine.travel(MONDAY, tick=False)
def test_feedback_clock_and_one_approved_extension(
    centre: HotlineCentre, operator: User, post_event: PostEvent, county: County
) -> None:
    case = _dispatched(post_event, operator, county)
    # 5 working days after Monday Nov 23: Tue 24 … Mon 30 → ends 24:00 on Nov 30.
    assert _clock(case, "hotline.feedback").due_at == datetime(2026, 12, 1, 0, 0, tzinfo=LOCAL_TZ)
    client = Client()
    client.force_login(operator)
    page = client.get("/work/hotline/feedback/").content.decode()
    assert case.reference in page
    response = client.post(
        f"/work/hotline/feedback/{case.reference}/extend/", {"reason": "经中心主任王某批准：需现场核实"}
    )
    assert response.status_code == 302
    # 15 working days in total: Dec 14 is the 15th working day after Nov 23.
    assert _clock(case, "hotline.feedback").due_at == datetime(2026, 12, 15, 0, 0, tzinfo=LOCAL_TZ)
    with pytest.raises(DomainError):
        feedback_extend(actor=operator, reference=case.reference, approval="再延一次")
    assert _clock(case, "hotline.feedback").extensions == 1


@time_machine.travel(MONDAY, tick=False)
def test_dissatisfied_caller_is_escalated_back_with_the_explanation(
    centre: HotlineCentre, operator: User, post_event: PostEvent, county: County, personas: dict[str, User]
) -> None:
    case = _dispatched(post_event, operator, county)
    case_transition(reference=case.reference, action="answer", actor=operator, reason="已调解，对方同意归还")
    assert CaseDeadline.objects.get(case=case, rule_code="hotline.feedback").state == "met"
    with pytest.raises(DomainError, match="须填写"):
        feedback_escalate(actor=operator, reference=case.reference, explanation=" ")
    escalated = feedback_escalate(
        actor=operator, reference=case.reference, explanation="来电人称对方并未归还，不认可答复"
    )
    assert escalated.status == "dispatched"
    event = escalated.events.order_by("-id").first()
    assert event is not None
    assert (event.action, event.reason) == ("escalate_dissatisfied", "来电人称对方并未归还，不认可答复")
    assert _clock(case, "hotline.escalate").due_at == datetime(
        2026, 11, 25, 0, 0, tzinfo=LOCAL_TZ
    )  # 1 WD (A6)
    assert _clock(case, "hotline.feedback").state == "running"
    # The handling unit takes it up again: the escalation clock stops as met.
    case_transition(reference=case.reference, action="start", actor=operator)
    assert CaseDeadline.objects.get(case=case, rule_code="hotline.escalate").state == "met"


@time_machine.travel(MONDAY, tick=False)
def test_ivr_rating_is_attached_to_the_call_and_its_case(
    centre: HotlineCentre, operator: User, post_event: PostEvent, county: County
) -> None:
    case = _dispatched(post_event, operator, county, rating="2")
    call = Call.objects.get(call_ref="F1")
    assert (call.rating, call.case) == ("fairly_satisfied", case)
    try:
        evaluation = importlib.import_module("fawang.evaluation.models")
    except ImportError:
        pytest.skip("fawang.evaluation is not installed: the rating stays on the call")
    rating = evaluation.Rating.objects.get(case=case)
    assert (rating.level, rating.channel, rating.instance_key) == (3, "hotline_ivr", "hotline:F1")
    assert call.rating_forwarded_at is not None


@time_machine.travel(MONDAY, tick=False)
def test_escalation_through_the_feedback_page(
    centre: HotlineCentre, operator: User, post_event: PostEvent, county: County, personas: dict[str, User]
) -> None:
    case = _dispatched(post_event, operator, county)
    client = Client()
    client.force_login(operator)
    refused = client.post(
        "/work/hotline/feedback/escalate/", {"reference": case.reference, "explanation": "不满意"}
    )
    assert refused.status_code == 302
    case.refresh_from_db()
    assert case.status == "dispatched"  # not resolved yet: the transition is refused, nothing changes
    assert not case.events.filter(action="escalate_dissatisfied").exists()
    case_transition(reference=case.reference, action="answer", actor=operator, reason="已答复")
    client.post(
        "/work/hotline/feedback/escalate/",
        {"reference": case.reference, "explanation": "来电人不认可调解结果"},
    )
    case.refresh_from_db()
    assert case.status == "dispatched"
    assert case.events.get(action="escalate_dissatisfied").reason == "来电人不认可调解结果"
    clerk = Client()
    clerk.force_login(personas["window_clerk"])
    assert clerk.get("/work/hotline/feedback/").status_code == 403
