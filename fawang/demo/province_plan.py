"""The per-case decisions of the province history, drawn in bulk with numpy (issue 7 §8; ADR 0087).

One row of numbers per case — submission time, village, service, channel, priority, path and how far along it
the case got, topic, requester, handler, the time of every step, the due times of its statutory clocks — is all
the database needs to expand the case into its rows (province_expand.py joins it with the compiled path tables).
Every day draws one matrix of uniforms from its own stream (seed, day), so a day's cases do not depend on how the
run is chunked. Clock due times come from the pure `deadline_compute` with the working-day calendar: tabulated
per rule and local start date for unpaused day rules (the result cannot depend on the time of day), computed
per case for the few clocks a pause moved. Pure apart from reading the network and the calendar.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from typing import Any

import numpy as np
import numpy.typing as npt

from fawang.cases.deadline_rules import rule_for
from fawang.cases.deadlines import DeadlineRule, Pause, Unit, deadline_compute
from fawang.cases.models import ClockState
from fawang.cases.states import Channel, DueState, Priority, ServiceType
from fawang.cases.workflow import ALL_CLOCKS, Action
from fawang.cases.working_calendar import working_calendar
from fawang.demo.province import ProvinceNetwork
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

I64 = npt.NDArray[np.int64]
F64 = npt.NDArray[np.float64]

LOCAL_OFFSET = 8 * 3600  # Asia/Shanghai has no DST
DAY = 86400
MAX_STEPS = 8  # the longest path (legal aid with materials); checked when the tables are built
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
    "terminate": (7 * DAY, 40 * DAY),
    "investigate": (3600, 3 * DAY),
    "reply": (DAY, 16 * DAY),
    "confirm": (3600, 3 * DAY),
}
RECENT = 30 * DAY  # younger cases may still be anywhere on their path
STUCK_SHARE = 0.015  # older cases left stuck part-way: they show as overdue work

ACTOR_CODE = {Actor.FRONT: 1, Actor.REVIEWER: 2, Actor.HANDLER: 3}
CLOCK_STATES = (ClockState.RUNNING, ClockState.PAUSED, ClockState.MET, ClockState.BREACHED)
DUE_STATES = (DueState.NONE, DueState.ON_TRACK, DueState.DUE_SOON, DueState.OVERDUE)
# The uniform columns of a day's matrix, one purpose each.
U_HOUR, U_SECOND, U_SERVICE, U_CHANNEL, U_VILLAGE, U_TOPIC, U_URGENT, U_PRIORITY = range(8)
U_VARIANT, U_CUT, U_CUT_AT, U_HANDLER, U_PERSON = range(8, 13)
U_GAP = 13
U_COLUMNS = U_GAP + MAX_STEPS


def _local_day(epoch: int) -> int:
    return (epoch + LOCAL_OFFSET) // DAY


def _dt(epoch: int) -> datetime:
    return datetime.fromtimestamp(epoch, tz=UTC)


def _cum(weights: list[float]) -> F64:
    return np.cumsum(np.asarray(weights, dtype=np.float64))


def _draw(cum: F64, u: F64) -> I64:
    """Indices drawn by weight: u in [0, 1) scaled onto the cumulative weights."""
    drawn: I64 = np.minimum(np.searchsorted(cum, u * cum[-1], side="right"), len(cum) - 1).astype(np.int64)
    return drawn


# --- compiled tables ----------------------------------------------------------------------------------------


@dataclass(frozen=True)
class ClockSpec:
    """One clock instance of a path prefix, in step numbers (0 = creation): what the case's steps did to it."""

    rule: int  # index into PathTables.rules
    start: int
    stop: int  # -1: still open
    pause: int  # -1: never paused
    resume: int  # -1: not resumed (or never paused)
    reason: int  # index into PathTables.reasons of the pausing step's reason (0 when not paused)

    @property
    def changed(self) -> int:
        return max(self.start, self.stop, self.pause, self.resume)


@dataclass
class PathTables:
    """The compiled paths as flat tables: what province_expand.py joins and what the planner indexes."""

    paths: list[CompiledPath]
    keys: dict[tuple[str, str, str], int]  # (service, channel, priority) -> first path id of its variants
    path_key: list[tuple[str, str, str]]  # per path: its (service, channel, priority)
    length: I64
    low: I64  # (paths, MAX_STEPS + 1): gap minimum before step j (column 0 unused)
    spread: I64
    station_step: I64  # step number of a dispatch to the township station, 0 when none
    handler_step: I64  # step number of the dispatch/assign with a handler, 0 when none
    handler_kind: list[str]  # per path: the handler kind ("" when none)
    closing_step: dict[tuple[int, int], int]  # (path, k) -> step that closed the case (0: open)
    clocks: dict[tuple[int, int], list[ClockSpec]]
    rules: list[DeadlineRule] = field(default_factory=list)
    reasons: list[str] = field(default_factory=list)


def path_tables_build() -> PathTables:  # noqa: C901 - one symbolic replay of the clock effects per prefix
    """Compile every path and replay each prefix symbolically (as _CaseSim did with times, here with step
    numbers): which clocks it started, stopped, paused and resumed, and which step closed the case."""
    compiled = paths_compile_all()
    paths: list[CompiledPath] = []
    keys: dict[tuple[str, str, str], int] = {}
    path_key: list[tuple[str, str, str]] = []
    for key, variants in compiled.items():
        keys[key] = len(paths)
        paths += variants
        path_key += [key] * len(variants)
    n = len(paths)
    length = np.array([len(p.steps) for p in paths], dtype=np.int64)
    if int(length.max()) > MAX_STEPS:
        raise ValueError(f"a path has {int(length.max())} steps, more than {MAX_STEPS}")
    low = np.zeros((n, MAX_STEPS + 1), dtype=np.int64)
    spread = np.zeros((n, MAX_STEPS + 1), dtype=np.int64)
    station = np.zeros(n, dtype=np.int64)
    handler = np.zeros(n, dtype=np.int64)
    kinds: list[str] = []
    rules: list[DeadlineRule] = []
    rule_index: dict[str, int] = {}
    reasons: list[str] = [""]
    closing: dict[tuple[int, int], int] = {}
    clocks: dict[tuple[int, int], list[ClockSpec]] = {}

    def rule_of(code: str) -> int:
        if code not in rule_index:
            rule_index[code] = len(rules)
            rules.append(rule_for(code))
        return rule_index[code]

    for pid, path in enumerate(paths):
        kind = ""
        for j, step in enumerate(path.steps, start=1):
            low[pid, j], spread[pid, j] = GAPS.get(step.action, (3600, DAY))
            if step.handler is not None:
                if handler[pid]:
                    raise ValueError("a path with two handler steps")
                handler[pid], kind = j, step.handler.value
                if step.handler is Handler.STATION:
                    station[pid] = j
        kinds.append(kind)
        for k in range(len(path.steps) + 1):
            open_: dict[str, dict[str, int]] = {}
            done: list[dict[str, int]] = []
            closed = 0

            def start(code: str, at: int, _open: dict[str, dict[str, int]] = open_) -> None:
                if code not in _open:
                    _open[code] = {"rule": rule_of(code), "start": at, "stop": -1, "pause": -1, "resume": -1}
                    _open[code]["reason"] = 0

            for code in path.on_create:
                start(code, 0)
            for j, step in enumerate(path.steps[:k], start=1):
                if step.closes:
                    closed = j
                codes = list(open_) if ALL_CLOCKS in step.stop else [c for c in step.stop if c in open_]
                for code in codes:
                    clock = open_.pop(code)
                    clock["stop"] = j
                    done.append(clock)
                if step.pause:
                    for clock in open_.values():
                        if rules[clock["rule"]].pausable and not (clock["pause"] >= 0 > clock["resume"]):
                            if clock["pause"] >= 0:
                                raise ValueError("a clock paused twice on one path")
                            clock["pause"] = j
                            if step.reason not in reasons:
                                reasons.append(step.reason)
                            clock["reason"] = reasons.index(step.reason)
                if step.resume:
                    for clock in open_.values():
                        if clock["pause"] >= 0 > clock["resume"]:
                            clock["resume"] = j
                for code in step.start:
                    start(code, j)
            closing[(pid, k)] = closed
            clocks[(pid, k)] = [ClockSpec(**c) for c in [*done, *open_.values()]]
    return PathTables(
        paths=paths,
        keys=keys,
        path_key=path_key,
        length=length,
        low=low,
        spread=spread,
        station_step=station,
        handler_step=handler,
        handler_kind=kinds,
        closing_step=closing,
        clocks=clocks,
        rules=rules,
        reasons=reasons,
    )


# --- the network as arrays ----------------------------------------------------------------------------------


@dataclass
class NetworkArrays:
    village_id: I64
    village_county: I64
    village_township: I64
    village_cum: F64
    station_site: dict[int, int]  # township id -> station site id (a township may have none)
    station_region: dict[int, int]
    hotline_user: I64  # per county
    clerk_user: I64
    reviewer_user: I64
    staff: dict[
        str, tuple[I64, I64, I64, I64]
    ]  # kind -> (practitioner ids, user ids, county offsets, counts)
    handler_context: dict[int, str]  # hkey (practitioner id, or -site id) -> the JSON fragment events record


def network_arrays(net: ProvinceNetwork) -> NetworkArrays:
    villages = [v for unit in net.counties for v in unit.villages]
    weights = [
        v.population * net.counties[v.county_index].propensity * (1.35 if v.urban else 0.8) for v in villages
    ]
    stations: dict[int, int] = {}
    regions: dict[int, int] = {}
    context: dict[int, str] = {}
    for unit in net.counties:
        for township, (site_id, name, region_id) in unit.stations.items():
            stations[township], regions[township] = site_id, region_id
            context[-site_id] = f'"site_id": {site_id}, "handler": "{name}"'
    staff: dict[str, tuple[I64, I64, I64, I64]] = {}
    for kind in {k.value for k in Handler if k is not Handler.STATION}:
        pids: list[int] = []
        uids: list[int] = []
        offsets: list[int] = []
        counts: list[int] = []
        for unit in net.counties:
            people = unit.staff.get(kind) or unit.staff.get(Handler.LAWYER.value) or []
            offsets.append(len(pids))
            counts.append(len(people))
            for s in people:
                pids.append(s.practitioner_id)
                uids.append(s.user_id)
                context[s.practitioner_id] = f'"practitioner_id": {s.practitioner_id}, "handler": "{s.label}"'
        staff[kind] = tuple(np.array(x, dtype=np.int64) for x in (pids, uids, offsets, counts))  # type: ignore[assignment]
    return NetworkArrays(
        village_id=np.array([v.id for v in villages], dtype=np.int64),
        village_county=np.array([v.county_index for v in villages], dtype=np.int64),
        village_township=np.array([v.township_id for v in villages], dtype=np.int64),
        village_cum=_cum(weights),
        station_site=stations,
        station_region=regions,
        hotline_user=np.array([u.hotline_user_id for u in net.counties], dtype=np.int64),
        clerk_user=np.array([u.clerk_user_id for u in net.counties], dtype=np.int64),
        reviewer_user=np.array([u.reviewer_user_id for u in net.counties], dtype=np.int64),
        staff=staff,
        handler_context=context,
    )


# --- the plan ---------------------------------------------------------------------------------------------

CASE_FIELDS = (
    "case_id pid k t0 t1 t2 t3 t4 t5 t6 t7 t8 ymd seq topic region_id site_id practitioner_id handler_user "
    "front_user reviewer_user requester first_event last_at closed_at due_at remind_at due_state hkey"
).split()
CLOCK_FIELDS = (
    "id case_id rule started due remind state stopped changed reminded breached p_start p_end p_reason"
).split()


@dataclass(frozen=True)
class DayTask:
    """One day of the history with everything decided up front: its case ids and reference numbers."""

    midnight: int
    count: int
    first_case_id: int
    sequence_start: int


@dataclass
class Plan:
    """A run of days: one row per case and one per clock, as int64 columns named by CASE_FIELDS/CLOCK_FIELDS."""

    cases: dict[str, I64]
    clocks: dict[str, I64]

    @property
    def n_cases(self) -> int:
        return len(self.cases["case_id"])

    @property
    def n_events(self) -> int:
        return int((self.cases["k"] + 1).sum())

    @property
    def n_clocks(self) -> int:
        return len(self.clocks["id"])


class HistoryPlanner:
    """Draws the history's decisions day by day (seeded per day) and turns them into plans."""

    def __init__(
        self, *, net: ProvinceNetwork, seed: int, now: datetime, years: int, pools: dict[int, list[int]]
    ) -> None:
        vocabulary_check()
        self.seed = seed % (2**63)
        self.now = int(now.timestamp())
        if self.now >= 2**31 - 400 * DAY:
            raise ValueError("the staging rows hold times as 32-bit seconds")  # pragma: no cover - year 2037
        self.start = self.now - years * 365 * DAY
        self.tables = path_tables_build()
        self.net = network_arrays(net)
        self.services = list(SERVICE_WEIGHTS)
        self.service_cum = _cum([float(w) for w in SERVICE_WEIGHTS.values()])
        self.channel_cum = {
            s: _cum([float(w) for w in CHANNELS_BY_SERVICE[s].values()]) for s in self.services
        }
        self.variant_cum = {s: _cum([float(w) for w, _ in PATHS[ServiceType(s)]]) for s in self.services}
        self.hour_cum = _cum([float(h) for h in HOURS])
        self.topics = [(c, q.title, q.description) for c, qs in QUESTIONS.items() for q in qs]
        self.topic_cache: dict[int, F64] = {}
        pool_lists = [pools.get(i, []) for i in range(len(net.counties))]
        self.pool_ids = np.array([p for pool in pool_lists for p in pool], dtype=np.int64)
        self.pool_count = np.array([len(p) for p in pool_lists], dtype=np.int64)
        self.pool_offset = np.concatenate([[0], np.cumsum(self.pool_count)[:-1]]).astype(np.int64)
        self.calendar = working_calendar()
        self.day0 = _local_day(self.start) - 1
        days = _local_day(self.now) - self.day0 + 2
        self.due_table = [self._due_days(rule, days) for rule in self.tables.rules]

    # --- set-up -------------------------------------------------------------------------------------------
    def _due_days(self, rule: DeadlineRule, days: int) -> I64 | None:
        """Due time for each local start day (unpaused day rules depend only on the date)."""
        if rule.unit in (Unit.SECONDS, Unit.MINUTES, Unit.HOURS):
            return None
        out = np.empty(days, dtype=np.int64)
        for i in range(days):
            noon = (self.day0 + i) * DAY - LOCAL_OFFSET + 12 * 3600
            d = deadline_compute(rule=rule, start=_dt(noon), calendar=self.calendar)
            if d.due_at is None:  # pragma: no cover - unpaused clocks always have a due time
                raise ValueError(rule.code)
            out[i] = int(d.due_at.timestamp())
        return out

    def topic_cum(self, midnight: int) -> F64:
        """The month's topic weights: seasonality and trends at the first day of that month the history covers."""
        local = datetime.fromtimestamp(midnight + LOCAL_OFFSET, tz=UTC)
        key = local.year * 12 + local.month
        cum = self.topic_cache.get(key)
        if cum is None:
            first = max(
                self.start, int(datetime(local.year, local.month, 1, tzinfo=UTC).timestamp()) - LOCAL_OFFSET
            )
            years_in = (first - self.start) / (365 * DAY)
            weights: list[float] = []
            for category, questions in QUESTIONS.items():
                base = (
                    CATEGORY_WEIGHTS[category] * SEASONS.get(category, FLAT)[local.month - 1] / len(questions)
                )
                for q in questions:
                    weights.append(base * max(0.05, (1 + q.trend) ** years_in if q.trend > -1 else 0.05))
            cum = self.topic_cache[key] = _cum(weights)
        return cum

    def day_counts(self, total: int) -> list[tuple[int, int]]:
        """(local midnight epoch, number of cases) for each day, summing exactly to `total` (largest remainder)."""
        first = _local_day(self.start) + 1
        last = _local_day(self.now)
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

    # --- drawing ------------------------------------------------------------------------------------------
    def plan(self, tasks: list[DayTask], *, first_event: int, first_clock: int) -> Plan:
        """The cases of `tasks` (consecutive days), events numbered from `first_event`, clocks from `first_clock`."""
        parts: dict[str, list[Any]] = {n: [] for n in ("u", "sec", "mid", "topic", "ymd", "seq", "id")}
        for task in tasks:
            day = _local_day(task.midnight)
            u = np.random.default_rng([self.seed, day]).random((task.count, U_COLUMNS))
            hours = _draw(self.hour_cum, u[:, U_HOUR])
            parts["sec"].append(np.sort(hours * 3600 + (u[:, U_SECOND] * 3600).astype(np.int64)))
            parts["topic"].append(_draw(self.topic_cum(task.midnight), u[:, U_TOPIC]))
            parts["u"].append(u)
            parts["mid"].append(np.full(task.count, task.midnight, dtype=np.int64))
            local = date(1970, 1, 1) + timedelta(days=day)
            parts["ymd"].append(np.full(task.count, local.year * 10000 + local.month * 100 + local.day))
            parts["seq"].append(task.sequence_start + np.arange(task.count, dtype=np.int64))
            parts["id"].append(task.first_case_id + np.arange(task.count, dtype=np.int64))
        if not tasks:
            empty = np.zeros(0, dtype=np.int64)
            return Plan({f: empty for f in CASE_FIELDS}, {f: empty for f in CLOCK_FIELDS})
        u = np.concatenate(parts["u"])
        submitted = np.minimum(np.concatenate(parts["mid"]) + np.concatenate(parts["sec"]), self.now - 1)
        cases: dict[str, I64] = {
            "case_id": np.concatenate(parts["id"]),
            "ymd": np.concatenate(parts["ymd"]).astype(np.int64),
            "seq": np.concatenate(parts["seq"]),
            "topic": np.concatenate(parts["topic"]),
            "t0": submitted,
        }
        if int(cases["seq"].max()) >= 100_000:
            raise ValueError("more than 99,999 cases on one day")  # the reference has five digits
        self._route(u, cases)
        self._times(u, cases)
        self._handlers(u, cases)
        clocks = self._clocks(cases, first_clock)
        cases["first_event"] = first_event + np.concatenate([[0], np.cumsum(cases["k"] + 1)[:-1]]).astype(
            np.int64
        )
        for name in CASE_FIELDS:
            cases.setdefault(name, np.zeros(len(submitted), dtype=np.int64))
        return Plan(cases, clocks)

    def _route(self, u: F64, cases: dict[str, I64]) -> None:
        """Service, channel, village, priority, path, front desk and requester."""
        n = len(u)
        service = _draw(self.service_cum, u[:, U_SERVICE])
        village = _draw(self.net.village_cum, u[:, U_VILLAGE])
        county = self.net.village_county[village]
        priority = np.where(u[:, U_URGENT] < 0.03, 2, np.where(u[:, U_PRIORITY] < 0.12, 1, 0))
        priorities = [Priority.NORMAL, Priority.PRIORITY, Priority.URGENT]
        pid = np.zeros(n, dtype=np.int64)
        anonymous = np.zeros(n, dtype=bool)
        hotline = np.zeros(n, dtype=bool)
        for s_index, s in enumerate(self.services):
            mask = service == s_index
            if not mask.any():
                continue
            names = list(CHANNELS_BY_SERVICE[s])
            channel = _draw(self.channel_cum[s], u[mask, U_CHANNEL])
            variant = _draw(self.variant_cum[s], u[mask, U_VARIANT])
            base = np.array(
                [[self.tables.keys[(s, c, p)] for p in priorities] for c in names], dtype=np.int64
            )
            pid[mask] = base[channel, priority[mask]] + variant
            is_hotline = np.array([c in HOTLINE_CHANNELS for c in names])
            hotline[mask] = is_hotline[channel]
            if s == ServiceType.CONSULTATION:
                anon = np.array([c in ("hotline", "web", "app") for c in names])
                anonymous[mask] = anon[channel]
        count = self.pool_count[county]
        pick = self.pool_offset[county] + (u[:, U_PERSON] * count).astype(np.int64)
        has = (count > 0) & ~anonymous
        requester = np.zeros(n, dtype=np.int64)
        if len(self.pool_ids):
            requester[has] = self.pool_ids[np.minimum(pick[has], len(self.pool_ids) - 1)]
        cases.update(
            pid=pid,
            village=self.net.village_id[village],
            township=self.net.village_township[village],
            county=county,
            requester=requester,
            front_user=np.where(hotline, self.net.hotline_user[county], self.net.clerk_user[county]),
            reviewer_user=self.net.reviewer_user[county],
        )

    def _times(self, u: F64, cases: dict[str, I64]) -> None:
        """Step times and how far each case got: recent cases may be anywhere, a few old ones are stuck, nothing
        happens after now, and a dispatch to a township without a station does not happen."""
        pid, submitted = cases["pid"], cases["t0"]
        length = self.tables.length[pid]
        gaps = self.tables.low[pid, 1:] + (u[:, U_GAP:] * self.tables.spread[pid, 1:]).astype(np.int64)
        times = submitted[:, None] + np.cumsum(gaps, axis=1)
        limit = length.copy()
        recent = (self.now - submitted) < RECENT
        cut = u[:, U_CUT]
        at = u[:, U_CUT_AT]
        young = recent & (cut < 0.7)
        limit[young] = (at[young] * (length[young] + 1)).astype(np.int64)
        stuck = ~recent & (cut < STUCK_SHARE) & (length > 1)
        limit[stuck] = (at[stuck] * (length[stuck] - 1)).astype(np.int64)
        steps = np.arange(1, MAX_STEPS + 1)
        in_time = ((times < self.now) & (steps[None, :] <= length[:, None])).sum(axis=1)
        k = np.minimum(limit, in_time)
        station = self.tables.station_step[pid]
        has_station = np.array([t in self.net.station_site for t in cases["township"].tolist()], dtype=bool)
        blocked = (station > 0) & ~has_station
        k[blocked] = np.minimum(k[blocked], station[blocked] - 1)
        cases["k"] = k
        for j in range(1, MAX_STEPS + 1):
            cases[f"t{j}"] = np.where(j <= k, times[:, j - 1], 0)
        all_times = np.concatenate([submitted[:, None], times], axis=1)
        cases["last_at"] = all_times[np.arange(len(k)), k]
        cases["times"] = all_times  # (n, 9): every step's time, used by _clocks

    def _handlers(self, u: F64, cases: dict[str, I64]) -> None:
        """The practitioner or township station the routing step hands the case to (when it happened)."""
        pid, k = cases["pid"], cases["k"]
        n = len(pid)
        step = self.tables.handler_step[pid]
        done = (step > 0) & (step <= k)
        region = cases["village"].copy()
        site = np.zeros(n, dtype=np.int64)
        practitioner = np.zeros(n, dtype=np.int64)
        user = np.zeros(n, dtype=np.int64)
        kinds = np.array(self.tables.handler_kind, dtype=object)[pid]
        for kind, (pids, uids, offsets, counts) in self.net.staff.items():
            mask = done & (kinds == kind)
            if not mask.any():
                continue
            county = cases["county"][mask]
            pick = offsets[county] + (u[mask, U_HANDLER] * counts[county]).astype(np.int64)
            practitioner[mask], user[mask] = pids[pick], uids[pick]
        stations = done & (kinds == Handler.STATION.value)
        for i in np.flatnonzero(stations).tolist():
            township = int(cases["township"][i])
            site[i], region[i] = self.net.station_site[township], self.net.station_region[township]
        cases.update(
            region_id=region,
            site_id=site,
            practitioner_id=practitioner,
            handler_user=user,
            hkey=np.where(site > 0, -site, practitioner),
        )

    def _clocks(self, cases: dict[str, I64], first_id: int) -> dict[str, I64]:  # noqa: C901 - one pass per group
        """Clock rows per (path, steps done) group, and the case's due time, reminder and due state."""
        times: I64 = cases.pop("times")
        pid, k = cases["pid"], cases["k"]
        n = len(pid)
        key = pid * (MAX_STEPS + 1) + k
        order = np.argsort(key, kind="stable")
        bounds = np.flatnonzero(np.diff(key[order])) + 1
        starts = np.concatenate([[0], bounds])
        ends = np.concatenate([bounds, [n]])
        closed = np.zeros(n, dtype=np.int64)
        case_due = np.zeros(n, dtype=np.int64)
        case_remind = np.zeros(n, dtype=np.int64)
        overdue = np.zeros(n, dtype=bool)
        soon = np.zeros(n, dtype=bool)
        running_any = np.zeros(n, dtype=bool)
        out: dict[str, list[I64]] = {f: [] for f in CLOCK_FIELDS}
        now = self.now
        for a, b in zip(starts.tolist(), ends.tolist(), strict=True):
            rows = order[a:b]
            g_pid, g_k = int(pid[rows[0]]), int(k[rows[0]])
            closing = self.tables.closing_step[(g_pid, g_k)]
            if closing:
                closed[rows] = times[rows, closing]
            for spec in self.tables.clocks[(g_pid, g_k)]:
                rule = self.tables.rules[spec.rule]
                started = times[rows, spec.start]
                due, remind = self._due(rule, spec, started, times[rows])
                zero = np.zeros(len(rows), dtype=np.int64)
                stopped = times[rows, spec.stop] if spec.stop >= 0 else zero
                paused = spec.pause >= 0 and spec.resume < 0
                if spec.stop >= 0:
                    state = np.where((due > 0) & (stopped >= due), 3, 2)
                    reminded = breached = zero
                elif paused:
                    state, reminded, breached = np.full(len(rows), 1), zero, zero
                else:
                    state = np.zeros(len(rows), dtype=np.int64)
                    late = due <= now
                    near = ~late & (remind <= now)
                    breached = np.where(late, now, 0)
                    reminded = np.where(near, now, 0)
                    overdue[rows] |= late
                    soon[rows] |= near
                    running_any[rows] = True
                    first = (case_due[rows] == 0) | (due < case_due[rows])
                    case_due[rows] = np.where(first, due, case_due[rows])
                    case_remind[rows] = np.where(first, remind, case_remind[rows])
                out["case_id"].append(cases["case_id"][rows])
                out["rule"].append(np.full(len(rows), spec.rule))
                out["started"].append(started)
                out["due"].append(due)
                out["remind"].append(remind)
                out["state"].append(state)
                out["stopped"].append(stopped)
                out["changed"].append(times[rows, spec.changed])
                out["reminded"].append(reminded)
                out["breached"].append(breached)
                out["p_start"].append(times[rows, spec.pause] if spec.pause >= 0 else zero)
                out["p_end"].append(times[rows, spec.resume] if spec.resume >= 0 else zero)
                out["p_reason"].append(np.full(len(rows), spec.reason))
        cases["closed_at"] = closed
        cases["due_at"], cases["remind_at"] = case_due, case_remind
        cases["due_state"] = np.where(overdue, 3, np.where(soon, 2, np.where(running_any, 1, 0)))
        clocks = {f: np.concatenate(v).astype(np.int64) for f, v in out.items() if v}
        if not clocks:
            return {f: np.zeros(0, dtype=np.int64) for f in CLOCK_FIELDS}
        # Case order, then the group's clock order: ids dense per case like the services would leave them.
        by_case = np.argsort(clocks["case_id"], kind="stable")
        clocks = {f: v[by_case] for f, v in clocks.items()}
        clocks["id"] = first_id + np.arange(len(by_case), dtype=np.int64)
        return clocks

    def _due(self, rule: DeadlineRule, spec: ClockSpec, started: I64, times: I64) -> tuple[I64, I64]:
        """Due and reminder times of one clock for a group of cases (0 while a pause holds it)."""
        if spec.pause >= 0:
            if spec.resume < 0:
                zero = np.zeros(len(started), dtype=np.int64)
                return zero, zero
            due = np.zeros(len(started), dtype=np.int64)
            remind = np.zeros(len(started), dtype=np.int64)
            pause_at, resume_at = times[:, spec.pause].tolist(), times[:, spec.resume].tolist()
            reason = self.tables.reasons[spec.reason]
            for i, s in enumerate(started.tolist()):
                d = deadline_compute(
                    rule=rule,
                    start=_dt(s),
                    calendar=self.calendar,
                    pauses=[Pause(start=_dt(pause_at[i]), end=_dt(resume_at[i]), reason=reason)],
                )
                if d.due_at is None or d.remind_at is None:  # pragma: no cover - a resumed clock runs
                    raise ValueError(rule.code)
                due[i], remind[i] = int(d.due_at.timestamp()), int(d.remind_at.timestamp())
            return due, remind
        table = self.due_table[spec.rule]
        if table is None:
            span = int(rule.length * {Unit.SECONDS: 1, Unit.MINUTES: 60, Unit.HOURS: 3600}[rule.unit])
            due = started + span
            lead = int(rule.remind_before.total_seconds()) if rule.remind_before is not None else span // 5
        else:
            due = table[(started + LOCAL_OFFSET) // DAY - self.day0]
            lead = int(rule.remind_before.total_seconds()) if rule.remind_before is not None else DAY
        return due, np.maximum(started, due - lead)
