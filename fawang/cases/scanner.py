"""The periodic deadline scanner (T6, STYLE §5): marks clocks due soon and overdue, notifies once, safe to rerun."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from django.db import transaction

from fawang.cases.models import Case, CaseDeadline
from fawang.cases.selectors import deadline_list_due
from fawang.cases.states import DueState
from fawang.notifications.recipients import case_handler_recipients, case_supervisor_recipients
from fawang.notifications.services import notification_send


@dataclass(frozen=True)
class ScanResult:
    reminded: int
    overdue: int


def _mark(case: Case, state: DueState) -> None:
    # Overdue wins over due-soon when a case has several clocks.
    if case.due_state == DueState.OVERDUE and state == DueState.DUE_SOON:
        return
    Case.objects.filter(pk=case.pk).update(due_state=state)


def _handle(row: CaseDeadline, now: datetime) -> tuple[int, int]:
    case = row.case
    if row.due_at is not None and row.due_at <= now:
        _mark(case, DueState.OVERDUE)
        if row.breach_notified_at is None:
            recipients = case_handler_recipients(case=case) + case_supervisor_recipients(case=case)
            notification_send(
                recipients=recipients,
                case=case,
                kind="overdue",
                message=f"工单 {case.reference} 已超过法定时限（{row.rule_code}），请尽快办理。",
                key=f"overdue:{row.pk}",
            )
            CaseDeadline.objects.filter(pk=row.pk).update(breach_notified_at=now)
            return (0, 1)
        return (0, 0)
    _mark(case, DueState.DUE_SOON)
    if row.reminded_at is None:
        notification_send(
            recipients=case_handler_recipients(case=case),
            case=case,
            kind="due_soon",
            message=f"工单 {case.reference} 即将到期（{row.rule_code}），请及时办理。",
            key=f"due_soon:{row.pk}",
        )
        CaseDeadline.objects.filter(pk=row.pk).update(reminded_at=now)
        return (1, 0)
    return (0, 0)


def deadline_scan(*, now: datetime, lookahead: timedelta = timedelta(0)) -> ScanResult:
    reminded = overdue = 0
    rows = deadline_list_due(before=now + lookahead).select_related(
        "case__region", "case__handler_practitioner__user"
    )
    for row in rows.iterator(chunk_size=500):
        with transaction.atomic():
            r, o = _handle(row, now)
        reminded += r
        overdue += o
    return ScanResult(reminded=reminded, overdue=overdue)
