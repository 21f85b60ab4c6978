"""Does a bulk-generated case look exactly like one the services produced? (issue 7 §8; ADR 0070)

`province_history_check` replays each sampled case's CaseEvent log through the declared lifecycle table — not
through the generator's compiled paths — and compares what the transition service would have left with what is
stored: every action exists and starts from the status the case was in, lands where the table says, is taken by
an actor holding an allowed role over the case, carries a reason where one is required; the case's status,
next actor, closed time and outcome follow; each statutory clock the table starts, stops, pauses or resumes is
there with its rule version, state and stop time, and its due time is what the pure `deadline_compute` gives;
the case's due time is its earliest running clock; the reference is FW + local date + a sequence the day's
ReferenceCounter has passed. Record-level guards of mediation, notary and appraisal (which need their domain
records) are outside this check — the bulk history does not create those records (docs/scale.md).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import datetime

from fawang.cases.deadline_rules import rule_for
from fawang.cases.deadlines import LOCAL_TZ, Pause, deadline_compute
from fawang.cases.models import Case, CaseDeadline, ClockState, ReferenceCounter
from fawang.cases.selectors import case_roles_for_user
from fawang.cases.states import TERMINAL_STATUSES, Status
from fawang.cases.workflow import ALL_CLOCKS, Action, lifecycle_for, transition_for
from fawang.cases.working_calendar import working_calendar

REFERENCE = re.compile(r"^FW(\d{8})-(\d{5})$")
OUTCOME_ACTIONS = {Action.ANSWER, Action.RESOLVE, Action.REFUSE, Action.REJECT}


@dataclass
class _Clock:
    code: str
    started: datetime
    state: str = ClockState.RUNNING
    stopped: datetime | None = None
    pauses: list[tuple[datetime, datetime | None]] = field(default_factory=list)


def _replay_clocks(case: Case) -> dict[str, list[_Clock]]:  # noqa: C901 - one branch per clock effect
    lifecycle = lifecycle_for(case.service_type)
    clocks: dict[str, list[_Clock]] = {}
    open_: dict[str, _Clock] = {}

    def start(code: str, at: datetime) -> None:
        if code not in open_:
            open_[code] = _Clock(code, at)
            clocks.setdefault(code, []).append(open_[code])

    events = list(case.events.order_by("at", "id"))
    for s in lifecycle.on_create:
        if s.applies(case):
            start(s.rule_code, events[0].at)
    for event in events[1:]:
        t = transition_for(case.service_type, event.action)
        if t is None:
            continue
        for code in list(open_) if ALL_CLOCKS in t.stop else [c for c in t.stop if c in open_]:
            clock = open_.pop(code)
            clock.stopped = event.at
        if t.pause:
            for clock in open_.values():
                if rule_for(clock.code).pausable and clock.state != ClockState.PAUSED:
                    clock.pauses.append((event.at, None))
                    clock.state = ClockState.PAUSED
        if t.resume:
            for clock in open_.values():
                if clock.state == ClockState.PAUSED:
                    clock.pauses[-1] = (clock.pauses[-1][0], event.at)
                    clock.state = ClockState.RUNNING
        for s in t.start:
            if s.applies(case):
                start(s.rule_code, event.at)
    return clocks


def _due(row: CaseDeadline) -> datetime | None:
    pauses = [
        Pause(
            start=datetime.fromisoformat(p["start"]),
            end=datetime.fromisoformat(p["end"]) if p["end"] else None,
            reason=p["reason"],
        )
        for p in row.pauses
    ]
    rule = rule_for(row.rule_code, version=row.rule_version)
    return deadline_compute(
        rule=rule, start=row.started_at, calendar=working_calendar(), pauses=pauses
    ).due_at


def _check_clocks(case: Case, problems: list[str]) -> None:  # noqa: C901 - one check per stored field
    expected = _replay_clocks(case)
    rows = list(case.deadlines.order_by("started_at", "id"))
    got: dict[str, list[CaseDeadline]] = {}
    for row in rows:
        got.setdefault(row.rule_code, []).append(row)
    if sorted(expected) != sorted(got) or any(len(expected[c]) != len(got[c]) for c in expected):
        problems.append(f"{case.reference}: clocks {sorted(got)} != table {sorted(expected)}")
        return
    running = []
    for code, clocks in expected.items():
        for clock, row in zip(clocks, got[code], strict=True):
            if row.started_at != clock.started or row.stopped_at != clock.stopped:
                problems.append(f"{case.reference}: clock {code} start/stop differ from the events")
            if row.rule_version != rule_for(code).version:
                problems.append(f"{case.reference}: clock {code} has rule version {row.rule_version}")
            due = None if clock.state == ClockState.PAUSED and clock.stopped is None else _due(row)
            state: str = clock.state
            if clock.stopped is not None:
                late = row.due_at is not None and clock.stopped >= row.due_at
                state = ClockState.BREACHED if late else ClockState.MET
            if row.state != state:
                problems.append(f"{case.reference}: clock {code} is {row.state}, the table says {state}")
            if clock.stopped is None and row.due_at != due:
                problems.append(f"{case.reference}: clock {code} due {row.due_at} != computed {due}")
            if state == ClockState.RUNNING and row.due_at is not None:
                running.append(row.due_at)
    if case.due_at != (min(running) if running else None):
        problems.append(f"{case.reference}: due_at {case.due_at} is not the earliest running clock")


def _check_reference(case: Case, problems: list[str]) -> None:
    match = REFERENCE.match(case.reference)
    day = case.submitted_at.astimezone(LOCAL_TZ).strftime("%Y%m%d")
    if match is None or match.group(1) != day:
        problems.append(f"{case.reference}: reference does not carry the local submission date {day}")
        return
    counter = ReferenceCounter.objects.filter(day=day).values_list("value", flat=True).first() or 0
    if int(match.group(2)) > counter:
        problems.append(f"{case.reference}: sequence beyond the day's counter {counter}")


def _check_events(case: Case, problems: list[str]) -> None:  # noqa: C901 - one check per stored field
    events = list(case.events.select_related("actor").order_by("at", "id"))
    lifecycle = lifecycle_for(case.service_type)
    first = events[0] if events else None
    if first is None or first.action != "create" or first.to_status != Status.NEW or first.from_status:
        problems.append(f"{case.reference}: the first event is not the creation")
        return
    if first.at != case.submitted_at or first.context != {"channel": case.channel}:
        problems.append(f"{case.reference}: creation event time or context differ")
    status, next_actor = Status.NEW, lifecycle.first_actor.value if lifecycle.first_actor else ""
    closed_at, outcome = None, ""
    for event in events[1:]:
        t = transition_for(case.service_type, event.action)
        where = f"{case.reference} {event.action}"
        if t is None:
            problems.append(f"{where}: not in the {case.service_type} table")
            return
        if event.from_status != status or status not in t.sources:
            problems.append(f"{where}: from {event.from_status} but the case was {status}")
        target = t.target or Status(status)
        if event.to_status != target or event.code != f"{case.service_type}.{event.action}":
            problems.append(f"{where}: lands in {event.to_status}, the table says {target}")
        if t.needs_reason and not event.reason.strip():
            problems.append(f"{where}: reason missing")
        if not case_roles_for_user(user=event.actor, case=case) & t.roles:
            problems.append(f"{where}: {event.actor.username} holds no allowed role over the case")
        if t.next_actor is not None or t.target in TERMINAL_STATUSES | {Status.RESOLVED}:
            next_actor = t.next_actor.value if t.next_actor else ""
        if t.target in TERMINAL_STATUSES:
            closed_at = event.at
        if t.action in OUTCOME_ACTIONS:
            outcome = event.reason[:200]
        status = target
    if (case.status, case.next_actor_role, case.closed_at, case.outcome) != (
        status,
        next_actor,
        closed_at,
        outcome,
    ):
        problems.append(
            f"{case.reference}: stored ({case.status}, {case.next_actor_role}, {case.closed_at}, {case.outcome!r}) "
            f"!= replayed ({status}, {next_actor}, {closed_at}, {outcome!r})"
        )


def province_history_check(*, case_ids: list[int]) -> list[str]:
    """Problems found in the given cases (empty when each is what the services would have produced)."""
    problems: list[str] = []
    cases = Case.objects.filter(pk__in=case_ids).select_related(
        "region", "requester", "handler_practitioner__user", "handler_site"
    )
    for case in cases.order_by("pk"):
        _check_reference(case, problems)
        _check_events(case, problems)
        _check_clocks(case, problems)
    return problems
