"""Applying a transition's clock effects to the stored CaseDeadline rows (T5-T7).

Computation is the pure deadline_compute; this module only loads the rows, feeds them in and stores the result.
"""

from __future__ import annotations

from datetime import datetime

from fawang.cases.deadline_rules import rule_for
from fawang.cases.deadlines import DeadlineRule, Pause, deadline_compute
from fawang.cases.models import Case, CaseDeadline, ClockState
from fawang.cases.workflow import ALL_CLOCKS, StartClock
from fawang.cases.working_calendar import working_calendar

OPEN_CLOCK_STATES = (ClockState.RUNNING, ClockState.PAUSED)


def _pauses(row: CaseDeadline) -> list[Pause]:
    return [
        Pause(
            start=datetime.fromisoformat(p["start"]),
            end=datetime.fromisoformat(p["end"]) if p.get("end") else None,
            reason=p["reason"],
        )
        for p in row.pauses
    ]


def _recompute(row: CaseDeadline, rule: DeadlineRule) -> None:
    deadline = deadline_compute(
        rule=rule,
        start=row.started_at,
        calendar=working_calendar(),
        pauses=_pauses(row),
        extensions=row.extensions,
    )
    row.due_at = deadline.due_at
    row.remind_at = deadline.remind_at


def clock_start(*, case: Case, start: StartClock, at: datetime) -> CaseDeadline | None:
    if not start.applies(case):
        return None
    if CaseDeadline.objects.filter(
        case=case, rule_code=start.rule_code, state__in=OPEN_CLOCK_STATES
    ).exists():
        return None
    rule = rule_for(start.rule_code)
    row = CaseDeadline(case=case, rule_code=rule.code, rule_version=rule.version, started_at=at)
    _recompute(row, rule)
    row.save()
    return row


def _open_rows(case: Case, codes: tuple[str, ...]) -> list[CaseDeadline]:
    rows = CaseDeadline.objects.filter(case=case, state__in=OPEN_CLOCK_STATES)
    if ALL_CLOCKS not in codes:
        rows = rows.filter(rule_code__in=codes)
    return list(rows.select_for_update())


def clock_stop(*, case: Case, codes: tuple[str, ...], at: datetime) -> None:
    for row in _open_rows(case, codes):
        late = row.due_at is not None and at >= row.due_at
        row.state = ClockState.BREACHED if late else ClockState.MET
        row.stopped_at = at
        row.save(update_fields=["state", "stopped_at", "updated_at"])


def clock_pause(*, case: Case, at: datetime, reason: str) -> None:
    for row in _open_rows(case, (ALL_CLOCKS,)):
        rule = rule_for(row.rule_code, version=row.rule_version)
        if not rule.pausable or row.state == ClockState.PAUSED:
            continue
        row.pauses = [*row.pauses, {"start": at.isoformat(), "end": None, "reason": reason}]
        row.state = ClockState.PAUSED
        row.due_at = None
        row.remind_at = None
        row.save(update_fields=["pauses", "state", "due_at", "remind_at", "updated_at"])


def clock_resume(*, case: Case, at: datetime) -> None:
    for row in _open_rows(case, (ALL_CLOCKS,)):
        if row.state != ClockState.PAUSED:
            continue
        pauses = [dict(p) for p in row.pauses]
        pauses[-1]["end"] = at.isoformat()
        row.pauses = pauses
        row.state = ClockState.RUNNING
        _recompute(row, rule_for(row.rule_code, version=row.rule_version))
        row.save(update_fields=["pauses", "state", "due_at", "remind_at", "updated_at"])


def clock_current_due(*, case: Case) -> tuple[datetime | None, datetime | None]:
    """The earliest running clock: what the queue sorts on (A14)."""
    row = (
        CaseDeadline.objects.filter(case=case, state=ClockState.RUNNING, due_at__isnull=False)
        .order_by("due_at")
        .first()
    )
    return (row.due_at, row.remind_at) if row else (None, None)


def clock_extend(*, case: Case, rule_code: str) -> CaseDeadline:
    """Apply one approved extension (A5, F6): the rule says how long and how many times."""
    row = next(iter(_open_rows(case, (rule_code,))), None)
    if row is None:
        raise LookupError(rule_code)
    row.extensions += 1
    rule = rule_for(row.rule_code, version=row.rule_version)
    _recompute(row, rule)  # raises ValueError (in Chinese) when the rule allows no further extension
    row.save(update_fields=["extensions", "due_at", "remind_at", "updated_at"])
    return row
