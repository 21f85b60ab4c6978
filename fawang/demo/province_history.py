"""A multi-year history of cases for the whole province, written in bulk (issue 7 §8; ADR 0070, 0071).

Cases are generated day by day over `years` years up to now: the daily volume follows a yearly growth, the month
and the weekday; the category follows its seasonal profile and its trending questions; the village is drawn by
population times the county's propensity (urban residents use the services more), so per-capita volumes are
unequal in the way the equalisation view (K4) measures. Each case then follows a path compiled from the real
lifecycle tables (province_paths.py): one CaseEvent per step with the actor, reason and context the transition
service would record, the statutory clocks it would start, stop, pause and resume (CaseDeadline, due times from
the pure `deadline_compute` with the working-day calendar), the reference it would draw (FW + local date +
per-day sequence, ReferenceCounter moved past it), and the status, next actor, handler, outcome, closed time and
due state it would leave. Recent cases are still open; a small share of older ones is stuck and overdue.
What is NOT produced: per-case audit rows and notifications (one audit row records the whole generation).
`province_history_check` (province_check.py) verifies a sample against the tables.
"""

from __future__ import annotations

import bisect
import random
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from itertools import accumulate
from typing import Any

from fawang.cases.deadline_rules import rule_for
from fawang.cases.deadlines import DeadlineRule, Pause, Unit, deadline_compute
from fawang.cases.models import ClockState
from fawang.cases.states import Channel, DueState, Priority, ServiceType, Status
from fawang.cases.workflow import ALL_CLOCKS, Action
from fawang.cases.working_calendar import working_calendar
from fawang.demo.bulk import Row, pg_text
from fawang.demo.province import CountyUnit, ProvinceNetwork, Staff
from fawang.demo.province_paths import PATHS, Actor, CompiledPath, Handler, paths_compile_all
from fawang.demo.province_texts import (
    CATEGORY_WEIGHTS,
    FLAT,
    HOURS,
    MONTH_VOLUME,
    QUESTIONS,
    SEASONS,
    WEEKDAY_VOLUME,
    YEARLY_GROWTH,
    vocabulary_check,
)

LOCAL_OFFSET = 8 * 3600  # Asia/Shanghai has no DST
DAY = 86400
HOTLINE_CHANNELS = frozenset({Channel.HOTLINE, Channel.HOTLINE_12345})

SERVICE_WEIGHTS = {
    ServiceType.CONSULTATION: 52,
    ServiceType.MEDIATION: 15,
    ServiceType.LEGAL_AID: 11,
    ServiceType.NOTARY: 10,
    ServiceType.APPRAISAL: 3,
    ServiceType.COMPLAINT: 5,
    ServiceType.SUGGESTION: 4,
}
CHANNELS_BY_SERVICE: dict[str, dict[str, int]] = {
    ServiceType.CONSULTATION: {"hotline": 42, "web": 24, "app": 10, "window": 18, "12345": 3, "visit": 3},
    ServiceType.LEGAL_AID: {"window": 70, "web": 15, "app": 5, "hotline": 5, "referral": 5},
    ServiceType.MEDIATION: {"window": 55, "visit": 20, "hotline": 10, "referral": 10, "web": 5},
    ServiceType.NOTARY: {"window": 75, "web": 15, "app": 10},
    ServiceType.APPRAISAL: {"window": 70, "referral": 25, "web": 5},
    ServiceType.COMPLAINT: {"hotline": 40, "web": 25, "window": 15, "12345": 20},
    ServiceType.SUGGESTION: {"web": 50, "hotline": 20, "app": 20, "window": 10},
}
# Seconds between one step and the next: (minimum, spread). Decisions and assignments sometimes run late.
GAPS: dict[str, tuple[int, int]] = {
    Action.ACCEPT: (300, 6 * 3600),
    Action.ANSWER: (600, 2 * DAY),
    Action.DISPATCH: (1800, DAY),
    Action.START: (3600, 2 * DAY),
    Action.REQUEST_MATERIALS: (DAY, 3 * DAY),
    Action.SUPPLEMENT: (DAY, 12 * DAY),
    Action.GRANT: (DAY, int(7.6 * DAY)),
    Action.REFUSE: (DAY, 7 * DAY),
    Action.ASSIGN: (3600, int(3.3 * DAY)),
    Action.RESOLVE: (3 * DAY, 45 * DAY),
    Action.CLOSE: (3600, 6 * DAY),
    Action.REJECT: (600, DAY),
    Action.WITHDRAW: (DAY, 9 * DAY),
    Action.DEEM_WITHDRAWN: (15 * DAY, 20 * DAY),
    "investigate": (3600, 3 * DAY),
    "reply": (DAY, 16 * DAY),
    "confirm": (3600, 3 * DAY),
}
RECENT = 30 * DAY  # younger cases may still be anywhere on their path
STUCK_SHARE = 0.015  # older cases left stuck part-way: they show as overdue work


def _ts(cache: dict[int, str], epoch: int) -> str:
    day, rest = divmod(epoch, DAY)
    prefix = cache.get(day)
    if prefix is None:
        prefix = (date(1970, 1, 1) + timedelta(days=day)).isoformat()
        cache[day] = prefix
    hour, rest = divmod(rest, 3600)
    minute, second = divmod(rest, 60)
    return f"{prefix} {hour:02d}:{minute:02d}:{second:02d}"


def _dt(epoch: int) -> datetime:
    return datetime.fromtimestamp(epoch, tz=UTC)


@dataclass
class Clock:
    rule: DeadlineRule
    started: int
    due: int | None
    remind: int | None
    state: str = ClockState.RUNNING
    stopped: int | None = None
    changed: int = 0
    pauses: list[tuple[int, int | None, str]] | None = None
    reminded: int | None = None
    breached: int | None = None


class DueCalculator:
    """Due and reminder times through the pure `deadline_compute`, cached where the result cannot differ.

    Without pauses, a day-unit rule's due time depends only on the local start date, and the reminder is the
    later of the start and one day (or the rule's lead) before it; elapsed units are start + span.
    """

    def __init__(self) -> None:
        self.calendar = working_calendar()
        self.days: dict[tuple[str, int], int] = {}

    def plain(self, rule: DeadlineRule, start: int) -> tuple[int, int]:
        if rule.unit in (Unit.SECONDS, Unit.MINUTES, Unit.HOURS):
            d = deadline_compute(rule=rule, start=_dt(start), calendar=self.calendar)
            if d.due_at is None or d.remind_at is None:  # pragma: no cover - unpaused clocks always have both
                raise ValueError(rule.code)
            return int(d.due_at.timestamp()), int(d.remind_at.timestamp())
        key = (rule.code, (start + LOCAL_OFFSET) // DAY)
        due = self.days.get(key)
        if due is None:
            d = deadline_compute(rule=rule, start=_dt(start), calendar=self.calendar)
            if d.due_at is None:  # pragma: no cover - unpaused clocks always have a due time
                raise ValueError(rule.code)
            due = self.days[key] = int(d.due_at.timestamp())
        lead = int(rule.remind_before.total_seconds()) if rule.remind_before is not None else DAY
        return due, max(start, due - lead)

    def paused(self, clock: Clock) -> tuple[int | None, int | None]:
        pauses = [Pause(start=_dt(s), end=_dt(e) if e else None, reason=r) for s, e, r in clock.pauses or []]
        d = deadline_compute(rule=clock.rule, start=_dt(clock.started), calendar=self.calendar, pauses=pauses)
        if d.due_at is None or d.remind_at is None:
            return None, None
        return int(d.due_at.timestamp()), int(d.remind_at.timestamp())


def _cum(weights: list[float]) -> tuple[list[float], float]:
    cum = list(accumulate(weights))
    return cum, cum[-1]


class HistoryGenerator:
    """Produces rows for cases_case, cases_caseevent and cases_casedeadline, one day at a time."""

    CASE_COLUMNS = (
        "id created_at updated_at reference service_type channel category status priority title description "
        "next_actor_role confidential idempotency_key due_at remind_at due_state outcome submitted_at closed_at "
        "handler_institution_id handler_practitioner_id handler_site_id parent_id region_id requester_id "
        "requester_user_id"
    ).split()
    EVENT_COLUMNS = "id at action code from_status to_status reason context actor_id case_id".split()
    DEADLINE_COLUMNS = (
        "id created_at updated_at rule_code rule_version started_at due_at remind_at state pauses extensions "
        "stopped_at reminded_at breach_notified_at case_id"
    ).split()

    def __init__(self, *, net: ProvinceNetwork, seed: int, now: datetime, years: int) -> None:
        vocabulary_check()
        self.seed = seed
        self.rng = random.Random(seed)
        self.topic_cache: dict[int, tuple[list[tuple[str, str, str]], list[float], float]] = {}
        self.net = net
        self.now = int(now.timestamp())
        self.start = self.now - years * 365 * DAY
        self.ts_cache: dict[int, str] = {}
        self.due = DueCalculator()
        self.paths = paths_compile_all()
        self.rules: dict[str, DeadlineRule] = {}
        self._villages()
        self._services()

    # --- set-up -------------------------------------------------------------------------------------------
    def _villages(self) -> None:
        self.villages = [v for unit in self.net.counties for v in unit.villages]
        weights = [
            v.population * self.net.counties[v.county_index].propensity * (1.35 if v.urban else 0.8)
            for v in self.villages
        ]
        self.village_cum, self.village_total = _cum(weights)

    def _services(self) -> None:
        self.services = list(SERVICE_WEIGHTS)
        self.service_cum, self.service_total = _cum([float(w) for w in SERVICE_WEIGHTS.values()])
        self.channels = {
            s: (list(c), *_cum([float(w) for w in c.values()])) for s, c in CHANNELS_BY_SERVICE.items()
        }
        self.variants = {s: _cum([float(w) for w, _ in PATHS[ServiceType(s)]]) for s in self.services}
        self.hour_cum, self.hour_total = _cum([float(h) for h in HOURS])

    def _topics(self, month_start: int) -> tuple[list[tuple[str, str, str]], list[float], float]:
        """The (category, title, description) choices and their cumulative weights for one month."""
        years_in = (month_start - self.start) / (365 * DAY)
        month = datetime.fromtimestamp(month_start + LOCAL_OFFSET, tz=UTC).month
        topics: list[tuple[str, str, str]] = []
        weights: list[float] = []
        for category, questions in QUESTIONS.items():
            seasonal = SEASONS.get(category, FLAT)[month - 1]
            base = CATEGORY_WEIGHTS[category] * seasonal / len(questions)
            for q in questions:
                topics.append((category, q.title, q.description))
                weights.append(base * max(0.05, (1 + q.trend) ** years_in if q.trend > -1 else 0.05))
        cum, total = _cum(weights)
        return topics, cum, total

    def topics_for(self, midnight: int) -> tuple[list[tuple[str, str, str]], list[float], float]:
        """The month's topic weights, as `_topics` at the first day of that month the history covers."""
        local = datetime.fromtimestamp(midnight + LOCAL_OFFSET, tz=UTC)
        key = local.year * 12 + local.month
        topics = self.topic_cache.get(key)
        if topics is None:
            first = max(
                self.start, int(datetime(local.year, local.month, 1, tzinfo=UTC).timestamp()) - LOCAL_OFFSET
            )
            topics = self.topic_cache[key] = self._topics(first)
        return topics

    def day_counts(self, total: int) -> list[tuple[int, int]]:
        """(local midnight epoch, number of cases) for each day, summing exactly to `total` (largest remainder)."""
        first = (self.start + LOCAL_OFFSET) // DAY + 1
        last = (self.now + LOCAL_OFFSET) // DAY
        days = list(range(first, last + 1))
        weights = []
        for d in days:
            day = date(1970, 1, 1) + timedelta(days=d)
            growth = (1 + YEARLY_GROWTH) ** ((d - first) / 365)
            weights.append(growth * MONTH_VOLUME[day.month - 1] * WEEKDAY_VOLUME[day.weekday()])
        scale = total / sum(weights)
        raw = [w * scale for w in weights]
        counts = [int(r) for r in raw]
        short = total - sum(counts)
        for i in sorted(range(len(days)), key=lambda i: (counts[i] - raw[i], i))[:short]:
            counts[i] += 1
        return [(d * DAY - LOCAL_OFFSET, n) for d, n in zip(days, counts, strict=True)]

    # --- one day ------------------------------------------------------------------------------------------
    def day(
        self,
        *,
        midnight: int,
        count: int,
        first_case_id: int,
        first_event_id: int,
        first_deadline_id: int,
        sequence_start: int,
        persons: Callable[[int], int | None],
        topics: tuple[list[tuple[str, str, str]], list[float], float],
    ) -> tuple[list[Row], list[Row], list[Row]]:
        rng = self.rng
        rnd = rng.random
        seconds = sorted(
            (bisect.bisect_right(self.hour_cum, rnd() * self.hour_total) * 3600 + int(rnd() * 3600))
            for _ in range(count)
        )
        day_text = _ts(self.ts_cache, midnight + LOCAL_OFFSET)[:10].replace("-", "")
        cases: list[Row] = []
        events: list[Row] = []
        deadlines: list[Row] = []
        ids = [first_case_id, first_event_id, first_deadline_id]
        for n, second in enumerate(seconds):
            submitted = midnight + second
            if submitted >= self.now:
                submitted = self.now - 1
            reference = f"FW{day_text}-{sequence_start + n:05d}"
            self._case(submitted, reference, ids, persons, topics, cases, events, deadlines)
        return cases, events, deadlines

    def _case(
        self,
        submitted: int,
        reference: str,
        ids: list[int],
        persons: Callable[[int], int | None],
        topics: tuple[list[tuple[str, str, str]], list[float], float],
        cases: list[Row],
        events: list[Row],
        deadlines: list[Row],
    ) -> None:
        rng = self.rng
        rnd = rng.random
        service = self.services[bisect.bisect_right(self.service_cum, rnd() * self.service_total)]
        names, ccum, ctotal = self.channels[service]
        channel = names[bisect.bisect_right(ccum, rnd() * ctotal)]
        village = self.villages[bisect.bisect_right(self.village_cum, rnd() * self.village_total)]
        unit = self.net.counties[village.county_index]
        topic_list, tcum, ttotal = topics
        category, title, description = topic_list[bisect.bisect_right(tcum, rnd() * ttotal)]
        anonymous = service == ServiceType.CONSULTATION and channel in ("hotline", "web", "app")
        requester = None if anonymous else persons(village.county_index)
        priority = (
            Priority.URGENT if rnd() < 0.03 else (Priority.PRIORITY if rnd() < 0.12 else Priority.NORMAL)
        )
        vcum, vtotal = self.variants[service]
        path = self.paths[(service, channel, priority)][bisect.bisect_right(vcum, rnd() * vtotal)]
        steps = path.steps
        age = self.now - submitted
        if age < RECENT:
            if rnd() < 0.7:
                steps = steps[: rng.randint(0, len(steps))]
        elif rnd() < STUCK_SHARE and len(steps) > 1:
            steps = steps[: rng.randint(0, len(steps) - 2)]
        front = unit.hotline_user_id if channel in HOTLINE_CHANNELS else unit.clerk_user_id
        case_id = ids[0]
        ids[0] += 1
        sim = _CaseSim(self, unit, case_id, submitted, channel, front, path, village.id, village.township_id)
        sim.run(steps, events)
        ids[1] = sim.flush_events(events, ids[1])
        ids[2] = sim.flush_clocks(deadlines, ids[2])
        ts = self.ts_cache
        cases.append(
            (
                case_id,
                _ts(ts, submitted),
                _ts(ts, sim.last),
                reference,
                service,
                channel,
                category,
                sim.status,
                priority,
                title,
                description,
                sim.next_actor,
                False,
                None,
                _ts(ts, sim.due_at) if sim.due_at is not None else None,
                _ts(ts, sim.remind_at) if sim.remind_at is not None else None,
                sim.due_state,
                sim.outcome,
                _ts(ts, submitted),
                _ts(ts, sim.closed_at) if sim.closed_at is not None else None,
                None,
                sim.practitioner.practitioner_id if sim.practitioner else None,
                sim.site_id,
                None,
                sim.region_id,
                requester,
                None,
            )
        )

    def rule(self, code: str) -> DeadlineRule:
        rule = self.rules.get(code)
        if rule is None:
            rule = self.rules[code] = rule_for(code)
        return rule


class _CaseSim:
    """What `case_create` and each `case_transition` would leave behind, for one case."""

    def __init__(
        self,
        gen: HistoryGenerator,
        unit: CountyUnit,
        case_id: int,
        submitted: int,
        channel: str,
        front: int,
        path: CompiledPath,
        village_id: int,
        township_id: int,
    ) -> None:
        self.gen, self.unit, self.case_id, self.channel, self.front = gen, unit, case_id, channel, front
        self.path, self.township_id = path, township_id
        self.status: str = Status.NEW
        self.next_actor = path.first_actor
        self.region_id = village_id
        self.site_id: int | None = None
        self.practitioner: Staff | None = None
        self.outcome = ""
        self.closed_at: int | None = None
        self.clocks: dict[str, Clock] = {}
        self.closed_clocks: list[Clock] = []
        self.last = submitted
        self.events: list[tuple[int, str, str, str, str, str, str, int]] = []
        self.due_at: int | None = None
        self.remind_at: int | None = None
        self.due_state: str = DueState.NONE
        for code in path.on_create:
            self._start(code, submitted)
        service = path.service_type
        self.events.append(
            (
                submitted,
                "create",
                f"{service}.create",
                "",
                Status.NEW,
                "",
                f'{{"channel": "{channel}"}}',
                front,
            )
        )

    def _start(self, code: str, at: int) -> None:
        if code in self.clocks:
            return
        rule = self.gen.rule(code)
        due, remind = self.gen.due.plain(rule, at)
        self.clocks[code] = Clock(rule=rule, started=at, due=due, remind=remind, changed=at)

    def _stop(self, codes: tuple[str, ...], at: int) -> None:
        for code in list(self.clocks) if ALL_CLOCKS in codes else [c for c in codes if c in self.clocks]:
            clock = self.clocks.pop(code)
            late = clock.due is not None and at >= clock.due
            clock.state = ClockState.BREACHED if late else ClockState.MET
            clock.stopped = clock.changed = at
            self.closed_clocks.append(clock)

    def _pause(self, at: int, reason: str) -> None:
        for clock in self.clocks.values():
            if not clock.rule.pausable or clock.state == ClockState.PAUSED:
                continue
            clock.pauses = [*(clock.pauses or []), (at, None, reason)]
            clock.state = ClockState.PAUSED
            clock.due = clock.remind = None
            clock.changed = at

    def _resume(self, at: int) -> None:
        for clock in self.clocks.values():
            if clock.state != ClockState.PAUSED or not clock.pauses:
                continue
            start, _, reason = clock.pauses[-1]
            clock.pauses = [*clock.pauses[:-1], (start, at, reason)]
            clock.state = ClockState.RUNNING
            clock.due, clock.remind = self.gen.due.paused(clock)
            clock.changed = at

    def _handler(self, handler: Handler) -> tuple[int | None, str]:
        """Apply a dispatch/assign payload; returns the payload's id and the context JSON it records."""
        if handler is Handler.STATION:
            station = self.unit.stations.get(self.township_id)
            if station is None:
                return None, ""
            site_id, name, region_id = station
            self.site_id, self.region_id = site_id, region_id  # jurisdiction follows the handling unit
            return site_id, f'"site_id": {site_id}, "handler": "{name}"'
        staff = self.unit.staff.get(handler.value) or self.unit.staff.get(Handler.LAWYER.value) or []
        chosen = staff[int(self.gen.rng.random() * len(staff))]
        self.practitioner = chosen
        return (
            chosen.practitioner_id,
            f'"practitioner_id": {chosen.practitioner_id}, "handler": "{chosen.label}"',
        )

    def run(self, steps: tuple[Any, ...], events: list[Row]) -> None:  # noqa: C901 - mirrors case_transition's steps
        rnd = self.gen.rng.random
        at = self.last
        for step in steps:
            low, spread = GAPS.get(step.action, (3600, DAY))
            at = at + low + int(rnd() * spread)
            if at >= self.gen.now:
                break
            context = step.context_items
            if step.handler is not None:
                _, handler_context = self._handler(step.handler)
                if not handler_context:
                    break  # no station in this township: the case stays where it is
                context = handler_context
            if step.actor is Actor.FRONT:
                actor = self.front
            elif step.actor is Actor.REVIEWER:
                actor = self.unit.reviewer_user_id
            elif self.practitioner is not None:
                actor = self.practitioner.user_id
            else:  # pragma: no cover - PATHS always assign before a handler acts
                raise ValueError(f"{step.code} needs a handler")
            self.status = step.to_status
            if step.next_actor is not None:
                self.next_actor = step.next_actor
            if step.closes:
                self.closed_at = at
            if step.outcome is not None:
                self.outcome = step.outcome
            if step.stop:
                self._stop(step.stop, at)
            if step.pause:
                self._pause(at, step.reason)
            if step.resume:
                self._resume(at)
            for code in step.start:
                self._start(code, at)
            self.events.append(
                (
                    at,
                    step.action,
                    step.code,
                    step.from_status,
                    step.to_status,
                    step.reason,
                    "{" + context + "}",
                    actor,
                )
            )
            self.last = at
        self._due()

    def _due(self) -> None:
        """`_refresh_due` after the last step, then what the deadline scanner marks as of now."""
        now = self.gen.now
        running = [c for c in self.clocks.values() if c.state == ClockState.RUNNING and c.due is not None]
        if running:
            first = min(running, key=lambda c: c.due or 0)
            self.due_at, self.remind_at = first.due, first.remind
            self.due_state = DueState.ON_TRACK
        for clock in running:
            if clock.due is not None and clock.due <= now:
                self.due_state = DueState.OVERDUE
                clock.breached = now
            elif clock.remind is not None and clock.remind <= now:
                if self.due_state != DueState.OVERDUE:
                    self.due_state = DueState.DUE_SOON
                clock.reminded = now

    def flush_events(self, out: list[Row], next_id: int) -> int:
        ts, case_id = self.gen.ts_cache, self.case_id
        for at, action, code, from_status, to_status, reason, context, actor in self.events:
            out.append(
                (next_id, _ts(ts, at), action, code, from_status, to_status, reason, context, actor, case_id)
            )
            next_id += 1
        return next_id

    def flush_clocks(self, out: list[Row], next_id: int) -> int:
        ts = self.gen.ts_cache

        def t(v: int | None) -> str | None:
            return None if v is None else _ts(ts, v)

        for clock in [*self.closed_clocks, *self.clocks.values()]:
            pauses = "[]"
            if clock.pauses:
                pauses = (
                    "["
                    + ", ".join(
                        f'{{"start": "{_dt(s).isoformat()}", "end": '
                        + (f'"{_dt(e).isoformat()}"' if e else "null")
                        + f', "reason": "{r}"}}'
                        for s, e, r in clock.pauses
                    )
                    + "]"
                )
            out.append(
                (
                    next_id,
                    _ts(ts, clock.started),
                    _ts(ts, clock.changed),
                    clock.rule.code,
                    clock.rule.version,
                    _ts(ts, clock.started),
                    t(clock.due),
                    t(clock.remind),
                    clock.state,
                    pauses,
                    0,
                    t(clock.stopped),
                    t(clock.reminded),
                    t(clock.breached),
                    self.case_id,
                )
            )
            next_id += 1
        return next_id


# --- the whole run ------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class HistoryResult:
    cases: int
    events: int
    deadlines: int
    persons: int
    first_case_id: int
    last_case_id: int


def _persons(rng: random.Random, net: ProvinceNetwork, count: int) -> dict[int, list[int]]:
    """A pool of requesters per county (repeat users are real); created through the ORM (field encryption)."""
    from fawang.people.models import GroupTag, Person

    weights = [sum(v.population for v in u.villages) * u.propensity for u in net.counties]
    total = sum(weights)
    rows: list[Person] = []
    for unit, weight in zip(net.counties, weights, strict=True):
        for _ in range(max(1, round(count * weight / total))):
            village = unit.villages[int(rng.random() * len(unit.villages))]
            groups = [rng.choice(list(GroupTag.values))] if rng.random() < 0.2 else []
            rows.append(
                Person(
                    name=rng.choice("王李张刘陈杨黄赵吴周") + rng.choice("建国秀英志强丽华明芳伟敏静磊"),
                    phone=f"1{rng.randint(3000000000, 9999999999)}",
                    address=f"{unit.name}{village.code[-3:]}号",
                    region_id=village.id,
                    groups=groups,
                )
            )
    created = Person.objects.bulk_create(rows, batch_size=5000)
    pools: dict[int, list[int]] = {u.index: [] for u in net.counties}
    county_of_village = {v.id: u.index for u in net.counties for v in u.villages}
    for person in created:
        pools[county_of_village[person.region_id or 0]].append(int(person.pk))
    return pools


def _reference_counters(days: list[tuple[int, int]]) -> dict[str, int]:
    from fawang.cases.models import ReferenceCounter

    keys = [_ts({}, m + LOCAL_OFFSET)[:10].replace("-", "") for m, n in days if n]
    return dict(ReferenceCounter.objects.filter(day__in=keys).values_list("day", "value"))


@dataclass(frozen=True)
class DayTask:
    """One day of the history with everything decided up front: its case ids and reference numbers."""

    midnight: int
    count: int
    first_case_id: int
    sequence_start: int


@dataclass(frozen=True)
class Chunk:
    """The rows of a run of days. Event and clock rows come without their id (the writer numbers them in
    order); as COPY text on PostgreSQL, as tuples elsewhere."""

    cases: str | list[Row]
    events: str | list[Row]
    deadlines: str | list[Row]
    n_cases: int
    n_events: int
    n_deadlines: int


# What forked workers inherit (fork start method): the generator and the requester pools. Set by the parent
# before the pool starts; never touched by a worker's database connection (workers only compute).
_FORK_STATE: dict[str, Any] = {}


def _chunk_generate(tasks: list[DayTask]) -> Chunk:
    """Generate a run of days. Each day draws from its own random stream (seed, day), so the rows do not depend
    on how the days are split between workers or chunks."""
    gen: HistoryGenerator = _FORK_STATE["gen"]
    pools: dict[int, list[int]] = _FORK_STATE["pools"]
    as_text: bool = _FORK_STATE["as_text"]
    cases: list[Row] = []
    events: list[Row] = []
    deadlines: list[Row] = []
    for task in tasks:
        rng_person = random.Random(gen.seed * 7_919 + task.midnight // DAY)
        gen.rng = random.Random(gen.seed * 1_000_003 + task.midnight // DAY)

        def person(county_index: int, _r: random.Random = rng_person) -> int | None:
            pool = pools[county_index]
            return pool[int(_r.random() * len(pool))] if pool else None

        c, e, d = gen.day(
            midnight=task.midnight,
            count=task.count,
            first_case_id=task.first_case_id,
            first_event_id=0,
            first_deadline_id=0,
            sequence_start=task.sequence_start,
            persons=person,
            topics=gen.topics_for(task.midnight),
        )
        cases += c
        events += e
        deadlines += d
    if as_text:
        return Chunk(
            cases=pg_text(cases),
            events=pg_text(r[1:] for r in events),
            deadlines=pg_text(r[1:] for r in deadlines),
            n_cases=len(cases),
            n_events=len(events),
            n_deadlines=len(deadlines),
        )
    return Chunk(
        cases=cases,
        events=[r[1:] for r in events],
        deadlines=[r[1:] for r in deadlines],
        n_cases=len(cases),
        n_events=len(events),
        n_deadlines=len(deadlines),
    )


def _chunks(tasks: list[DayTask], size: int) -> list[list[DayTask]]:
    out: list[list[DayTask]] = [[]]
    filled = 0
    for task in tasks:
        if filled >= size:
            out.append([])
            filled = 0
        out[-1].append(task)
        filled += task.count
    return [c for c in out if c]


def _workers(cases: int, text: bool) -> int:
    """Worker processes for the generation: the machine's cores on PostgreSQL for big loads (ADR 0071), else
    none (SQLite tests and small demos generate in-process)."""
    import multiprocessing
    import os

    if not text or cases < 20_000 or "fork" not in multiprocessing.get_all_start_methods():
        return 0
    return max(1, min(4, os.cpu_count() or 1))


def province_history_write(
    *,
    net: ProvinceNetwork,
    cases: int,
    seed: int,
    now: datetime,
    years: int,
    bulk: bool,
    chunk: int = 10_000,
    phases: dict[str, float] | None = None,
) -> HistoryResult:
    """Generate and write the history. Call inside `transaction.atomic` (pg_bulk_load needs one).

    Case ids and reference numbers are allocated for every day up front, so days can be generated in parallel
    worker processes (PostgreSQL, big loads) while this process streams their rows into COPY in day order;
    event and clock ids are numbered here in that order."""
    import multiprocessing
    import time

    from django.db import connection

    from fawang.cases.models import ReferenceCounter
    from fawang.demo.bulk import ids_finish, ids_start, pg_bulk_load, pg_session_utc, rows_write, text_write

    phases = {} if phases is None else phases
    mark = time.perf_counter()
    gen = HistoryGenerator(net=net, seed=seed, now=now, years=years)
    pools = _persons(random.Random(seed + 1), net, max(50, cases // 12))
    phases["persons"] = time.perf_counter() - mark
    mark = time.perf_counter()
    days = gen.day_counts(cases)
    counters = _reference_counters(days)
    pg_session_utc()
    tables = ("cases_case", "cases_caseevent", "cases_casedeadline")
    next_case, next_event, next_deadline = (ids_start(table=t) for t in tables)
    first_case = next_case
    tasks: list[DayTask] = []
    new_counters: list[ReferenceCounter] = []
    for midnight, count in days:
        if not count:
            continue
        key = _ts(gen.ts_cache, midnight + LOCAL_OFFSET)[:10].replace("-", "")
        start_seq = counters.get(key, 0) + 1
        tasks.append(DayTask(midnight, count, next_case, start_seq))
        new_counters.append(ReferenceCounter(day=key, value=start_seq + count - 1))
        next_case += count
    text = connection.vendor == "postgresql"
    _FORK_STATE.update(gen=gen, pools=pools, as_text=text)
    workers = _workers(cases, text)
    events_total = deadlines_total = 0
    with pg_bulk_load(tables=tables, enabled=bulk):
        phases["prepare"] = time.perf_counter() - mark
        mark = time.perf_counter()
        pool = multiprocessing.get_context("fork").Pool(workers) if workers else None
        try:
            batches = _chunks(tasks, chunk)
            produced = pool.imap(_chunk_generate, batches) if pool else map(_chunk_generate, batches)
            for part in produced:
                if isinstance(part.cases, str):
                    text_write(table="cases_case", columns=gen.CASE_COLUMNS, text=part.cases)
                    text_write(
                        table="cases_caseevent",
                        columns=gen.EVENT_COLUMNS,
                        text=str(part.events),
                        first_id=next_event,
                    )
                    text_write(
                        table="cases_casedeadline",
                        columns=gen.DEADLINE_COLUMNS,
                        text=str(part.deadlines),
                        first_id=next_deadline,
                    )
                else:
                    rows_write(table="cases_case", columns=gen.CASE_COLUMNS, rows=list(part.cases))
                    rows_write(
                        table="cases_caseevent",
                        columns=gen.EVENT_COLUMNS,
                        rows=[(next_event + i, *r) for i, r in enumerate(part.events)],
                    )
                    rows_write(
                        table="cases_casedeadline",
                        columns=gen.DEADLINE_COLUMNS,
                        rows=[(next_deadline + i, *r) for i, r in enumerate(part.deadlines)],
                    )
                next_event += part.n_events
                next_deadline += part.n_deadlines
                events_total += part.n_events
                deadlines_total += part.n_deadlines
        finally:
            if pool is not None:
                pool.close()
                pool.join()
            _FORK_STATE.clear()
        phases["rows"] = time.perf_counter() - mark
        mark = time.perf_counter()
    phases["indexes"] = time.perf_counter() - mark
    ReferenceCounter.objects.bulk_create(
        new_counters, update_conflicts=True, unique_fields=["day"], update_fields=["value"], batch_size=5000
    )
    for table, last in zip(tables, (next_case, next_event, next_deadline), strict=True):
        ids_finish(table=table, last_id=last - 1)
    return HistoryResult(
        cases=next_case - first_case,
        events=events_total,
        deadlines=deadlines_total,
        persons=sum(len(p) for p in pools.values()),
        first_case_id=first_case,
        last_case_id=next_case - 1,
    )


@dataclass(frozen=True)
class ProvinceResult:
    history: HistoryResult | None
    seconds: float
    skipped: bool
    phases: tuple[tuple[str, float], ...] = ()


def province_build(
    *,
    cases: int,
    seed: int,
    years: int = 3,
    bulk_threshold: int = 50_000,
    counties: tuple[str, ...] | None = None,
) -> ProvinceResult:
    """The province network and `cases` historical cases; a second run with the same seed adds nothing."""
    import time

    from django.db import transaction

    from fawang.accounts.services import system_actor
    from fawang.analytics.models import BulkHistoryRun
    from fawang.analytics.summaries import summaries_rebuild
    from fawang.core import clock
    from fawang.core.audit import audit_record
    from fawang.core.models import AuditAction
    from fawang.demo.bulk import analyze
    from fawang.demo.province import PROVINCE_CODE, province_network_build

    started = time.perf_counter()
    phases: dict[str, float] = {}
    net = province_network_build(rng=random.Random(seed), only=counties)
    phases["network"] = time.perf_counter() - started
    if BulkHistoryRun.objects.filter(province_code=PROVINCE_CODE, seed=seed, cases=cases).exists():
        return ProvinceResult(history=None, seconds=time.perf_counter() - started, skipped=True)
    with transaction.atomic():
        history = province_history_write(
            net=net,
            cases=cases,
            seed=seed,
            now=clock.now(),
            years=years,
            bulk=cases >= bulk_threshold,
            phases=phases,
        )
        seconds = time.perf_counter() - started
        BulkHistoryRun.objects.create(
            province_code=PROVINCE_CODE,
            seed=seed,
            years=years,
            cases=history.cases,
            events=history.events,
            deadlines=history.deadlines,
            first_case_id=history.first_case_id,
            last_case_id=history.last_case_id,
            seconds=seconds,
        )
        audit_record(
            actor=system_actor(),
            action=AuditAction.CREATE,
            object_type="analytics.BulkHistoryRun",
            object_id=f"{PROVINCE_CODE}:{seed}",
            summary=f"批量生成历史工单 {history.cases} 件（事件 {history.events}，时限 {history.deadlines}）",
        )
    mark = time.perf_counter()
    phases["finish"] = mark - started - sum(phases.values())
    # The tree and the network too: without statistics PostgreSQL takes "code LIKE '50%'" for a handful of
    # regions and nests loops over every case (the dashboard's overdue table: 21 s instead of 1 s at 1M).
    analyze(
        tables=[
            "cases_case",
            "cases_caseevent",
            "cases_casedeadline",
            "people_person",
            "regions_region",
            "directory_site",
            "directory_institution",
            "directory_practitioner",
            "accounts_user",
            "accounts_roleassignment",
        ]
    )
    phases["analyze"] = time.perf_counter() - mark
    mark = time.perf_counter()
    summaries_rebuild()
    phases["summaries"] = time.perf_counter() - mark
    return ProvinceResult(
        history=history, seconds=time.perf_counter() - started, skipped=False, phases=tuple(phases.items())
    )
