"""Statutory clocks on real cases: start, pause while materials are supplemented, resume, stop (T1-T7, C5, C6)."""

from __future__ import annotations

from datetime import UTC, datetime

import time_machine

from fawang.accounts.models import User
from fawang.cases.models import CaseDeadline, ClockState
from fawang.cases.services import case_transition
from fawang.conftest import County, MakeCase

# 2025-01-20 10:00 Beijing time (a Monday before the Spring Festival break of 01-28..02-04).
START = datetime(2025, 1, 20, 2, 0, tzinfo=UTC)


def test_legal_aid_review_clock_pauses_for_supplements(
    make_case: MakeCase, personas: dict[str, User], county: County
) -> None:
    reviewer = personas["aid_reviewer"]
    with time_machine.travel(START, tick=False):
        case = make_case("legal_aid")
        case_transition(reference=case.reference, action="accept", actor=reviewer)
    review = CaseDeadline.objects.get(case=case, rule_code="legal_aid.review")
    # 7 calendar days from 01-20 end on 01-27 (a make-up working Sunday is still a day): due 01-28 00:00 local.
    assert review.due_at == datetime(2025, 1, 27, 16, 0, tzinfo=UTC)
    case.refresh_from_db()
    assert case.due_at == review.due_at

    with time_machine.travel(datetime(2025, 1, 22, 2, 0, tzinfo=UTC), tick=False):
        case_transition(
            reference=case.reference,
            action="request_materials",
            actor=reviewer,
            payload={"missing_items": ["收入证明"]},
        )
    review.refresh_from_db()
    case.refresh_from_db()
    assert review.state == ClockState.PAUSED
    assert review.due_at is None
    assert case.due_at is None

    with time_machine.travel(datetime(2025, 1, 24, 2, 0, tzinfo=UTC), tick=False):
        case_transition(reference=case.reference, action="supplement", actor=reviewer)
    review.refresh_from_db()
    # Paused 01-22 → 01-24: two calendar days off the clock, so the period now ends 01-29, inside the
    # Spring Festival holiday, and rolls to the first working day after it, 02-05 (民法典 Art.203).
    assert review.state == ClockState.RUNNING
    assert review.due_at == datetime(2025, 2, 5, 16, 0, tzinfo=UTC)

    with time_machine.travel(datetime(2025, 1, 25, 2, 0, tzinfo=UTC), tick=False):
        case_transition(reference=case.reference, action="grant", actor=reviewer)
    review.refresh_from_db()
    assign = CaseDeadline.objects.get(case=case, rule_code="legal_aid.assign")
    assert review.state == ClockState.MET
    assert assign.state == ClockState.RUNNING
    # 3 calendar days from 01-25 end 01-28, a holiday: rolls to 02-05 (first working day after the break).
    assert assign.due_at == datetime(2025, 2, 5, 16, 0, tzinfo=UTC)


def test_hotline_consultation_transfer_clock(
    make_case: MakeCase, personas: dict[str, User], county: County
) -> None:
    """A4: transfer within 1 working day; A5: result back within 5 working days (National Day 2025)."""
    with time_machine.travel(datetime(2025, 9, 30, 2, 0, tzinfo=UTC), tick=False):
        case = make_case(channel="hotline")
    transfer = CaseDeadline.objects.get(case=case, rule_code="hotline.transfer")
    assert transfer.due_at == datetime(2025, 10, 9, 16, 0, tzinfo=UTC)  # next working day after 10-01..10-08
    with time_machine.travel(datetime(2025, 10, 9, 2, 0, tzinfo=UTC), tick=False):
        case_transition(
            reference=case.reference,
            action="dispatch",
            actor=personas["hotline_operator"],
            payload={"site_id": county.station_x.pk},
        )
    transfer.refresh_from_db()
    feedback = CaseDeadline.objects.get(case=case, rule_code="hotline.feedback")
    assert transfer.state == ClockState.MET
    # 5 working days after Thu 10-09: 10-10, 10-11 (make-up Saturday), 10-13, 10-14, 10-15.
    assert feedback.due_at == datetime(2025, 10, 15, 16, 0, tzinfo=UTC)


def test_late_stop_is_recorded_as_breached(make_case: MakeCase, personas: dict[str, User]) -> None:
    with time_machine.travel(START, tick=False):
        case = make_case()
        case_transition(reference=case.reference, action="accept", actor=personas["admin"])
    with time_machine.travel(datetime(2025, 3, 3, 2, 0, tzinfo=UTC), tick=False):
        case_transition(reference=case.reference, action="answer", actor=personas["admin"], reason="已答复")
    clock = CaseDeadline.objects.get(case=case)
    assert (clock.rule_code, clock.state) == ("consultation.answer", ClockState.BREACHED)


def test_feedback_extension_to_15_working_days(
    make_case: MakeCase, personas: dict[str, User], county: County
) -> None:
    """A5: an approved extension takes the feedback clock from 5 to 15 working days in total, and no further."""
    import pytest

    from fawang.cases.services import case_deadline_extend
    from fawang.core.errors import DomainError

    with time_machine.travel(datetime(2025, 10, 9, 2, 0, tzinfo=UTC), tick=False):
        case = make_case(channel="hotline")
        case_transition(
            reference=case.reference,
            action="dispatch",
            actor=personas["hotline_operator"],
            payload={"site_id": county.station_x.pk},
        )
        case_deadline_extend(
            reference=case.reference,
            rule_code="hotline.feedback",
            actor=personas["hotline_operator"],
            reason="需调查取证，科长批准延期",
        )
        with pytest.raises(DomainError):
            case_deadline_extend(
                reference=case.reference,
                rule_code="hotline.feedback",
                actor=personas["hotline_operator"],
                reason="再次延期",
            )
    feedback = CaseDeadline.objects.get(case=case, rule_code="hotline.feedback")
    # 15 working days after Thu 10-09 (10-11 is a make-up Saturday): 10-10, 10-11, 10-13..17, 10-20..24, 10-27..29.
    assert (feedback.extensions, feedback.due_at) == (1, datetime(2025, 10, 29, 16, 0, tzinfo=UTC))
    assert case.events.filter(action="extend").count() == 1
