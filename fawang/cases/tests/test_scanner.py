"""The deadline scanner marks due-soon and overdue cases, notifies once, and is safe to run twice (T6)."""

from __future__ import annotations

from datetime import UTC, datetime

import time_machine

from fawang.accounts.models import User
from fawang.cases.scanner import deadline_scan
from fawang.cases.services import case_transition
from fawang.cases.states import DueState
from fawang.conftest import County, MakeCase
from fawang.notifications.models import Notification

CREATED = datetime(2025, 3, 3, 2, 0, tzinfo=UTC)  # Monday 10:00 local


def test_overdue_then_idempotent(make_case: MakeCase, personas: dict[str, User], county: County) -> None:
    with time_machine.travel(CREATED, tick=False):
        case = make_case("legal_aid")
        case_transition(reference=case.reference, action="accept", actor=personas["aid_reviewer"])
    # Review due 7 days later (03-10 end of day); on 03-10 the reminder is due, on 03-11 it is overdue.
    result = deadline_scan(now=datetime(2025, 3, 10, 2, 0, tzinfo=UTC))
    case.refresh_from_db()
    assert (result.reminded, result.overdue, case.due_state) == (1, 0, DueState.DUE_SOON)
    assert Notification.objects.filter(case=case, kind="due_soon").count() == 1

    late = datetime(2025, 3, 11, 2, 0, tzinfo=UTC)
    first = deadline_scan(now=late)
    second = deadline_scan(now=late)
    case.refresh_from_db()
    assert (first.overdue, second.overdue, case.due_state) == (1, 0, DueState.OVERDUE)
    recipients = set(
        Notification.objects.filter(case=case, kind="overdue").values_list("recipient__username", flat=True)
    )
    assert recipients == {"reviewer", "supervisor"}


def test_cases_without_clocks_are_ignored(make_case: MakeCase, county: County) -> None:
    with time_machine.travel(CREATED, tick=False):
        make_case("mediation")  # the mediation clock starts only at acceptance
    assert deadline_scan(now=datetime(2026, 1, 1, tzinfo=UTC)) == deadline_scan(
        now=datetime(2026, 1, 1, tzinfo=UTC)
    )
    assert Notification.objects.count() == 0
