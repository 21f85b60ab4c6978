"""Complaints and suggestions: filed against a unit, investigated, answered with a finding, the complainant's
satisfaction, re-handling and escalation (A3, A6, C14, X6, K9)."""

from __future__ import annotations

import pytest
from django.test import Client

from fawang.accounts.models import User
from fawang.cases.models import Case, CaseDeadline, CaseEvent
from fawang.cases.services import case_transition
from fawang.conftest import County
from fawang.core.errors import DomainError
from fawang.evaluation.models import ComplaintDetail, Rating
from fawang.evaluation.services import complaint_from_rating, rating_submit
from fawang.evaluation.tests.conftest import FinishedCase

pytestmark = pytest.mark.django_db


def _login(user: User) -> Client:
    client = Client()
    client.force_login(user)
    return client


def _file(client: Client, about: Case, **extra: str) -> Case:
    data = {
        "kind": "complaint",
        "ground": "attitude",
        "title": "窗口人员态度生硬",
        "description": "咨询时被打断",
        "channel": "web",
        "about_reference": about.reference,
        "idempotency_key": "k-1",
        **extra,
    }
    response = client.post("/work/evaluation/complaints/new/", data)
    assert response.status_code == 302, response.content.decode()
    return Case.objects.get(service_type=data["kind"])


def test_complaint_lifecycle_through_http(
    finished_case: FinishedCase, personas: dict[str, User], county: County
) -> None:
    about = finished_case()
    citizen = _login(personas["citizen"])
    complaint = _file(citizen, about, subject_practitioner=str(county.lawyer.pk))
    detail = ComplaintDetail.objects.get(case=complaint)
    assert (detail.ground, detail.about_case, detail.subject_practitioner) == (
        "attitude",
        about,
        county.lawyer,
    )
    assert complaint.region == about.region
    assert list(CaseDeadline.objects.filter(case=complaint).values_list("rule_code", "state")) == [
        ("complaint.reply", "running")
    ]
    clerk = personas["window_clerk"]
    case_transition(reference=complaint.reference, action="accept", actor=clerk)
    case_transition(reference=complaint.reference, action="investigate", actor=clerk)
    staff = _login(clerk)
    # A reply without a finding is refused by the table's guard; nothing changes.
    with pytest.raises(DomainError):
        case_transition(reference=complaint.reference, action="reply", actor=clerk, reason="已处理")
    assert Case.objects.get(pk=complaint.pk).status == "in_progress"
    staff.post(
        f"/work/evaluation/complaints/{complaint.reference}/reply/",
        {"finding": "justified", "reply": "经查属实，已批评教育"},
    )
    complaint.refresh_from_db()
    detail.refresh_from_db()
    assert (complaint.status, detail.finding) == ("resolved", "justified")
    assert CaseDeadline.objects.get(case=complaint).state == "met"
    # The complainant is not satisfied: handled again, the reply clock restarts (A6).
    citizen.post(f"/work/evaluation/complaints/{complaint.reference}/reject/", {"reason": "没有道歉"})
    complaint.refresh_from_db()
    detail.refresh_from_db()
    assert (complaint.status, detail.reopen_count, detail.finding) == ("in_progress", 1, "")
    assert CaseDeadline.objects.filter(case=complaint, state="running").count() == 1
    staff.post(
        f"/work/evaluation/complaints/{complaint.reference}/reply/",
        {"finding": "justified", "reply": "已当面道歉"},
    )
    citizen.post(f"/work/evaluation/complaints/{complaint.reference}/confirm/", {"satisfaction": "4"})
    complaint.refresh_from_db()
    detail.refresh_from_db()
    assert (complaint.status, detail.satisfaction) == ("closed", 4)
    assert list(CaseEvent.objects.filter(case=complaint).values_list("action", flat=True)) == [
        "create",
        "accept",
        "investigate",
        "reply",
        "reject_reply",
        "reply",
        "confirm",
    ]
    # The practitioner's record shows the justified complaint (K9).
    page = (
        _login(personas["county_supervisor"])
        .get(f"/work/evaluation/records/practitioner/{county.lawyer.pk}/")
        .content.decode()
    )
    assert "其中属实或部分属实 1 件" in page


def test_suggestion_needs_suggestion_finding(finished_case: FinishedCase, personas: dict[str, User]) -> None:
    about = finished_case()
    suggestion = _file(_login(personas["citizen"]), about, kind="suggestion", ground="")
    clerk = personas["window_clerk"]
    case_transition(reference=suggestion.reference, action="accept", actor=clerk)
    staff = _login(clerk)
    assert (
        staff.post(
            f"/work/evaluation/complaints/{suggestion.reference}/reply/",
            {"finding": "justified", "reply": "x"},
        ).status_code
        == 400
    )
    assert Case.objects.get(pk=suggestion.pk).status == "accepted"
    staff.post(
        f"/work/evaluation/complaints/{suggestion.reference}/reply/", {"finding": "adopted", "reply": "采纳"}
    )
    assert ComplaintDetail.objects.get(case=suggestion).finding == "adopted"


def test_outsider_cannot_reply_and_nothing_changes(
    finished_case: FinishedCase, personas: dict[str, User]
) -> None:
    about = finished_case()
    complaint = _file(_login(personas["citizen"]), about)
    case_transition(reference=complaint.reference, action="accept", actor=personas["window_clerk"])
    events = CaseEvent.objects.count()
    response = _login(personas["outsider"]).post(
        f"/work/evaluation/complaints/{complaint.reference}/reply/",
        {"finding": "unjustified", "reply": "不属实"},
    )
    assert response.status_code == 404
    assert CaseEvent.objects.count() == events
    assert ComplaintDetail.objects.get(case=complaint).finding == ""


def test_escalation_moves_to_the_county(
    finished_case: FinishedCase, personas: dict[str, User], county: County
) -> None:
    about = finished_case()
    complaint = _file(_login(personas["citizen"]), about)
    clerk = personas["window_clerk"]
    case_transition(reference=complaint.reference, action="accept", actor=clerk)
    escalated = case_transition(
        reference=complaint.reference, action="escalate", actor=clerk, reason="涉及站长"
    )
    assert (escalated.status, escalated.region, escalated.handler_site) == (
        "dispatched",
        county.county,
        county.centre,
    )


def test_bad_rating_grows_into_a_complaint(finished_case: FinishedCase, personas: dict[str, User]) -> None:
    case = finished_case()
    rating = rating_submit(actor=personas["citizen"], case=case, level=1, channel="web", comment="推诿")
    complaint = complaint_from_rating(actor=personas["window_clerk"], rating=rating)
    detail = ComplaintDetail.objects.get(case=complaint)
    assert (detail.origin_rating, detail.about_case, complaint.description) == (rating, case, "推诿")
    assert Rating.objects.count() == 1
