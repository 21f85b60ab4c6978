"""好差评 closed loop end to end through HTTP (H1-H6): rate, rectify, verify, re-rate; appeals void (H5)."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.test import Client

from fawang.accounts.models import User
from fawang.cases.models import Case
from fawang.conftest import County, MakeCase
from fawang.core import clock
from fawang.core.models import AuditEntry
from fawang.evaluation.models import (
    AppealDecision,
    Rating,
    RatingAppeal,
    RatingState,
    Rectification,
    RectificationState,
    RectificationStep,
)
from fawang.evaluation.tests.conftest import FinishedCase
from fawang.notifications.models import Notification

pytestmark = pytest.mark.django_db


def _login(user: User) -> Client:
    client = Client()
    client.force_login(user)
    return client


def _rate(client: Client, case: Case, level: int, **extra: str) -> int:
    data = {"level": str(level), "comment": extra.pop("comment", "态度不好"), "channel": "web", **extra}
    return client.post(f"/work/evaluation/rate/{case.reference}/", data).status_code


def test_rating_form_is_never_prefilled(finished_case: FinishedCase, personas: dict[str, User]) -> None:
    case = finished_case()
    page = _login(personas["citizen"]).get(f"/work/evaluation/rate/{case.reference}/").content.decode()
    assert 'name="level"' in page
    assert "checked" not in page  # H2: no level is selected in advance


def test_good_rating_is_stored_once_and_opens_nothing(
    finished_case: FinishedCase, personas: dict[str, User]
) -> None:
    case = finished_case()
    client = _login(personas["citizen"])
    assert _rate(client, case, 5, comment="很好") == 302
    assert _rate(client, case, 1) == 400  # H1: once per service instance
    rating = Rating.objects.get()
    assert (rating.level, rating.grade, rating.channel, rating.real_name) == (5, "good", "web", True)
    assert Rectification.objects.count() == 0


def test_unfinished_matter_cannot_be_rated(make_case: MakeCase, personas: dict[str, User]) -> None:
    case = make_case("consultation", requester_user=personas["citizen"])
    assert _rate(_login(personas["citizen"]), case, 1) == 400
    assert Rating.objects.count() == 0


def test_other_citizen_and_outsider_cannot_rate(
    finished_case: FinishedCase, personas: dict[str, User]
) -> None:
    case = finished_case()
    audit_before = AuditEntry.objects.filter(action="create").count()
    assert _rate(_login(personas["citizen_b"]), case, 1) == 404
    assert _rate(_login(personas["outsider"]), case, 1) == 404
    assert Rating.objects.count() == 0
    assert Rectification.objects.count() == 0
    assert AuditEntry.objects.filter(action="create").count() == audit_before


def test_bad_rating_full_loop(
    finished_case: FinishedCase, personas: dict[str, User], inspector: User, county: County
) -> None:
    # A8: the back office's follow-up (回访核实) is part of this loop.
    case = finished_case()
    assert _rate(_login(personas["citizen"]), case, 2) == 302
    rect = Rectification.objects.get()
    assert rect.state == RectificationState.OPEN
    assert rect.owner_site == county.station_x  # 谁办理谁负责: the station that handled it
    assert rect.rule_code == "evaluation.rectify"
    # 15 working days after the rating (H3 default): the due date is at least 15 days later.
    assert rect.due_at - rect.opened_at >= timedelta(days=15)
    # The unit's staff were notified, and the unit sees the rating but not the rater (H2).
    assert Notification.objects.filter(kind="rectification", case=case).count() >= 1
    clerk = _login(personas["clerk_x"])
    page = clerk.get(f"/work/evaluation/rectifications/{rect.pk}/").content.decode()
    assert "申请人" not in page
    assert "13800000000" not in page
    # The unit answers: fix now.
    response = clerk.post(
        f"/work/evaluation/rectifications/{rect.pk}/respond/",
        {"outcome": "fix_now", "response": "已对窗口人员批评教育并重新解答"},
    )
    assert response.status_code == 302
    rect.refresh_from_db()
    assert rect.state == RectificationState.AWAITING_VERIFICATION
    # The unit cannot verify its own fix.
    assert (
        clerk.post(
            f"/work/evaluation/rectifications/{rect.pk}/verify/",
            {"reached": "1", "rectified": "1", "rerating_level": "4", "note": "自己核实"},
        ).status_code
        == 403
    )
    rect.refresh_from_db()
    assert rect.state == RectificationState.AWAITING_VERIFICATION
    # The inspector calls back; the real-name rater must re-rate when reached (H4).
    verifier = _login(inspector)
    page = verifier.get(f"/work/evaluation/rectifications/{rect.pk}/").content.decode()
    assert "138****0000" in page  # masked until revealed
    reveals = AuditEntry.objects.filter(action="reveal").count()
    page = verifier.post(f"/work/evaluation/rectifications/{rect.pk}/contact/").content.decode()
    assert "13800000000" in page
    assert AuditEntry.objects.filter(action="reveal").count() == reveals + 1
    assert (
        verifier.post(
            f"/work/evaluation/rectifications/{rect.pk}/verify/",
            {"reached": "1", "rectified": "1", "rerating_level": "", "note": "已回访"},
        ).status_code
        == 400
    )
    response = verifier.post(
        f"/work/evaluation/rectifications/{rect.pk}/verify/",
        {"reached": "1", "rectified": "1", "rerating_level": "4", "note": "已回访，群众认可"},
    )
    assert response.status_code == 302
    rect.refresh_from_db()
    assert (rect.state, rect.rerating_level, rect.rater_reached) == (RectificationState.CLOSED, 4, True)
    assert rect.finished_at is not None
    assert list(RectificationStep.objects.filter(rectification=rect).values_list("action", "to_state")) == [
        ("open", "open"),
        ("respond", "awaiting_verification"),
        ("verify", "closed"),
    ]


def test_ledger_rectification_extends_effective_due(
    finished_case: FinishedCase, personas: dict[str, User], inspector: User
) -> None:
    case = finished_case()
    _rate(_login(personas["citizen"]), case, 1)
    rect = Rectification.objects.get()
    clerk = _login(personas["clerk_x"])
    # Missing ledger date: refused, nothing changes.
    assert (
        clerk.post(
            f"/work/evaluation/rectifications/{rect.pk}/respond/",
            {"outcome": "fix_by_deadline", "response": "需更换设备"},
        ).status_code
        == 400
    )
    rect.refresh_from_db()
    assert (rect.state, rect.outcome) == (RectificationState.OPEN, "")
    ledger = clock.local_today() + timedelta(days=60)
    clerk.post(
        f"/work/evaluation/rectifications/{rect.pk}/respond/",
        {"outcome": "fix_by_deadline", "response": "需更换设备", "ledger_deadline": ledger.isoformat()},
    )
    rect.refresh_from_db()
    assert rect.state == RectificationState.IN_PROGRESS
    assert rect.ledger_deadline == ledger
    assert rect.effective_due_at.astimezone(clock.LOCAL_TZ).date() == ledger + timedelta(days=1)
    clerk.post(f"/work/evaluation/rectifications/{rect.pk}/done/", {"response": "设备已更换"})
    rect.refresh_from_db()
    assert rect.state == RectificationState.AWAITING_VERIFICATION
    # Not rectified: back to the unit.
    _login(inspector).post(
        f"/work/evaluation/rectifications/{rect.pk}/verify/",
        {"reached": "1", "rectified": "0", "rerating_level": "2", "note": "群众反映仍未解决"},
    )
    rect.refresh_from_db()
    assert (rect.state, rect.outcome, rect.finished_at) == (RectificationState.OPEN, "", None)


def test_appeal_upheld_voids_the_rating(finished_case: FinishedCase, personas: dict[str, User]) -> None:
    case = finished_case()
    _rate(_login(personas["citizen"]), case, 1)
    rect = Rectification.objects.get()
    clerk = _login(personas["clerk_x"])
    clerk.post(
        f"/work/evaluation/rectifications/{rect.pk}/respond/",
        {"outcome": "appeal", "response": "评价人误评：所评事项不是本站办理", "appeal_ground": "mistaken"},
    )
    rect.refresh_from_db()
    assert rect.state == RectificationState.APPEALED
    appeal = RatingAppeal.objects.get()
    # The unit cannot decide its own appeal; a county clerk neither; the supervisor can.
    assert (
        clerk.post(
            f"/work/evaluation/rectifications/{rect.pk}/appeal/", {"upheld": "1", "reason": "自审"}
        ).status_code
        == 403
    )
    appeal.refresh_from_db()
    assert appeal.decision == AppealDecision.PENDING
    supervisor = _login(personas["county_supervisor"])
    response = supervisor.post(
        f"/work/evaluation/rectifications/{rect.pk}/appeal/", {"upheld": "1", "reason": "经核实确属误评"}
    )
    assert response.status_code == 302
    appeal.refresh_from_db()
    rect.refresh_from_db()
    rating = Rating.objects.get()
    assert appeal.decision == AppealDecision.UPHELD
    assert appeal.decided_by == personas["county_supervisor"]
    assert rect.state == RectificationState.VOIDED
    assert (rating.state, rating.void_reason) == (RatingState.VOIDED, "经核实确属误评")
    assert (
        AuditEntry.objects.filter(
            object_type="evaluation.Rating", object_id=str(rating.pk), action="update"
        ).count()
        == 1
    )


def test_appeal_rejected_returns_to_unit(finished_case: FinishedCase, personas: dict[str, User]) -> None:
    case = finished_case()
    _rate(_login(personas["citizen"]), case, 2)
    rect = Rectification.objects.get()
    _login(personas["clerk_x"]).post(
        f"/work/evaluation/rectifications/{rect.pk}/respond/",
        {"outcome": "appeal", "response": "恶意差评", "appeal_ground": "malicious"},
    )
    _login(personas["county_supervisor"]).post(
        f"/work/evaluation/rectifications/{rect.pk}/appeal/", {"upheld": "0", "reason": "证据不足"}
    )
    rect.refresh_from_db()
    assert (rect.state, rect.outcome) == (RectificationState.OPEN, "")
    assert Rating.objects.get().state == RatingState.VALID
    assert RatingAppeal.objects.get().decision == AppealDecision.REJECTED


def test_outsider_sees_no_rectification_and_changes_nothing(
    finished_case: FinishedCase, personas: dict[str, User]
) -> None:
    case = finished_case()
    _rate(_login(personas["citizen"]), case, 1)
    rect = Rectification.objects.get()
    steps = RectificationStep.objects.count()
    outsider = _login(personas["outsider"])
    assert outsider.get(f"/work/evaluation/rectifications/{rect.pk}/").status_code == 404
    assert (
        outsider.post(
            f"/work/evaluation/rectifications/{rect.pk}/respond/", {"outcome": "explain", "response": "x"}
        ).status_code
        == 404
    )
    rect.refresh_from_db()
    assert rect.state == RectificationState.OPEN
    assert RectificationStep.objects.count() == steps
    assert Client().get(f"/work/evaluation/rectifications/{rect.pk}/").status_code == 302  # anonymous → login


def test_one_open_rectification_per_rating(finished_case: FinishedCase, personas: dict[str, User]) -> None:
    from fawang.core.errors import ConflictError
    from fawang.evaluation.services import rectification_open

    case = finished_case()
    _rate(_login(personas["citizen"]), case, 1)
    with pytest.raises(ConflictError):
        rectification_open(actor=personas["admin"], rating=Rating.objects.get())
    assert Rectification.objects.count() == 1


def test_staff_records_instance_rating_for_hotline(make_case: MakeCase, personas: dict[str, User]) -> None:
    """H8: the hotline records an IVR rating of one call while the matter is still open."""
    from fawang.evaluation.services import rating_submit

    case = make_case("consultation", channel="hotline")
    rating = rating_submit(
        actor=personas["hotline_operator"], case=case, level=4, channel="hotline_ivr", instance_key="CALL-1"
    )
    assert (rating.instance_key, rating.grade, rating.recorded_by, rating.rater_user) == (
        "CALL-1",
        "good",
        personas["hotline_operator"],
        None,
    )
