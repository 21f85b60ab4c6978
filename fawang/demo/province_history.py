"""A multi-year history of cases for the whole province, written in bulk (issue 7 §8; ADR 0070, 0071, 0087).

Cases are generated day by day over `years` years up to now: the daily volume follows a yearly growth, the month
and the weekday; the category follows its seasonal profile and its trending questions; the village is drawn by
population times the county's propensity (urban residents use the services more), so per-capita volumes are
unequal in the way the equalisation view (K4) measures. Each case follows a path compiled from the real lifecycle
tables (province_paths.py): one CaseEvent per step with the actor, reason and context the transition service
would record, the statutory clocks it would start, stop, pause and resume (CaseDeadline, due times from the pure
`deadline_compute` with the working-day calendar), the reference it would draw (FW + local date + per-day
sequence, ReferenceCounter moved past it), and the status, next actor, handler, outcome, closed time and due state
it would leave. Recent cases are still open; a small share of older ones is stuck and overdue.

How: province_plan.py draws every decision with numpy (one row of integers per case and per clock), and
province_expand.py stages those rows and expands them into the case tables with INSERT … SELECT (ADR 0087).
What is NOT produced: per-case audit rows and notifications (one audit row records the whole generation).
`province_history_check` (province_check.py) verifies a sample against the tables.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from fawang.demo.persons import PersonsPlan
from fawang.demo.province import ProvinceNetwork
from fawang.demo.province_plan import LOCAL_OFFSET, DayTask, HistoryPlanner

# Analyzed after a load: the tree, network and accounts the dashboards join (without statistics PostgreSQL takes
# "code LIKE '50%'" for a handful of regions and nests loops over every case).
NETWORK_TABLES = (
    "people_person",
    "regions_region",
    "directory_site",
    "directory_institution",
    "directory_practitioner",
    "accounts_user",
    "accounts_roleassignment",
)
TABLES = ("cases_case", "cases_caseevent", "cases_casedeadline")

# --- the whole run ------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class HistoryResult:
    cases: int
    events: int
    deadlines: int
    persons: int
    first_case_id: int
    last_case_id: int


def _day_key(midnight: int) -> str:
    from datetime import UTC

    return datetime.fromtimestamp(midnight + LOCAL_OFFSET, tz=UTC).strftime("%Y%m%d")


def _reference_counters(days: list[tuple[int, int]]) -> dict[str, int]:
    from fawang.cases.models import ReferenceCounter

    keys = [_day_key(m) for m, n in days if n]
    return dict(ReferenceCounter.objects.filter(day__in=keys).values_list("day", "value"))


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


@dataclass(frozen=True)
class Staged:
    """What `history_stage` leaves for the expansion: the run's figures and the reference counters to store."""

    history: HistoryResult
    counters: list[Any]  # ReferenceCounter rows, written when the history is
    next_ids: tuple[int, int, int]  # the first free case, event and clock ids after the history


@dataclass
class Stager:
    """The requesters' ids are reserved and the days allocated (`history_setup`); `stage(k)` plans chunk k and
    stages its rows. Chunks must be staged in order: each numbers its events and clocks after the previous one's.
    In the parallel load the requesters' rows are written by `persons_write`, beside the staging."""

    planner: HistoryPlanner
    chunks: list[list[DayTask]]
    counters: list[Any]
    net: ProvinceNetwork
    people: PersonsPlan
    people_seed: int
    first_case: int
    next_ids: tuple[int, int, int]
    events: int = 0
    deadlines: int = 0

    def stage(self, index: int, *, suffix: str = "") -> None:
        """`suffix`: into tables of the chunk's own (gen_case<suffix>, gen_clock<suffix>), so that its expansion
        reads only its rows while the next chunk is planned (the parallel load, ADR 0097)."""
        from fawang.demo.province_expand import staging_write

        next_case, next_event, next_deadline = self.next_ids
        plan = self.planner.plan(self.chunks[index], first_event=next_event, first_clock=next_deadline)
        staging_write(plan, suffix=suffix)
        self.next_ids = (next_case, next_event + plan.n_events, next_deadline + plan.n_clocks)
        self.events += plan.n_events
        self.deadlines += plan.n_clocks

    def persons_write(self) -> None:
        from fawang.demo.persons import persons_write

        persons_write(rng=random.Random(self.people_seed), net=self.net, plan=self.people)

    def staged(self) -> Staged:
        history = HistoryResult(
            cases=self.next_ids[0] - self.first_case,
            events=self.events,
            deadlines=self.deadlines,
            persons=self.people.count,
            first_case_id=self.first_case,
            last_case_id=self.next_ids[0] - 1,
        )
        return Staged(history=history, counters=self.counters, next_ids=self.next_ids)


def history_setup(
    *,
    net: ProvinceNetwork,
    cases: int,
    seed: int,
    now: datetime,
    years: int,
    chunk: int = 100_000,
    phases: dict[str, float] | None = None,
    shared: bool = False,
) -> Stager:
    """Requesters, then the days: case ids and reference numbers are allocated for every day up front; the small
    staging tables are created. `shared` (the parallel load): unlogged tables other connections can read
    (ADR 0090), and the requesters' ids reserved but their rows left to `Stager.persons_write` (ADR 0097)."""
    import time

    from fawang.cases.models import ReferenceCounter
    from fawang.demo.bulk import ids_start, pg_session_utc
    from fawang.demo.persons import persons_plan, persons_write
    from fawang.demo.province_expand import staging_create

    phases = {} if phases is None else phases
    mark = time.perf_counter()
    people = persons_plan(net=net, count=max(50, cases // 12))
    if not shared:
        persons_write(rng=random.Random(seed + 1), net=net, plan=people)
        phases["persons"] = time.perf_counter() - mark
    mark = time.perf_counter()
    planner = HistoryPlanner(net=net, seed=seed, now=now, years=years, pools=people.pools)
    days = planner.day_counts(cases)
    counters = _reference_counters(days)
    pg_session_utc()
    next_case, next_event, next_deadline = (ids_start(table=t) for t in TABLES)
    first_case = next_case
    tasks: list[DayTask] = []
    new_counters: list[ReferenceCounter] = []
    for midnight, count in days:
        if not count:
            continue
        key = _day_key(midnight)
        start_seq = counters.get(key, 0) + 1
        tasks.append(DayTask(midnight, count, next_case, start_seq))
        new_counters.append(ReferenceCounter(day=key, value=start_seq + count - 1))
        next_case += count
    staging_create(
        tables=planner.tables, topics=planner.topics, handlers=planner.net.handler_context, shared=shared
    )
    phases["prepare"] = time.perf_counter() - mark
    return Stager(
        planner=planner,
        chunks=_chunks(tasks, chunk),
        counters=new_counters,
        net=net,
        people=people,
        people_seed=seed + 1,
        first_case=first_case,
        next_ids=(next_case, next_event, next_deadline),
    )


def history_stage(
    *,
    net: ProvinceNetwork,
    cases: int,
    seed: int,
    now: datetime,
    years: int,
    chunk: int = 100_000,
    phases: dict[str, float] | None = None,
) -> Staged:
    """Requesters, then the plan staged chunk by chunk into the staging tables."""
    import time

    phases = {} if phases is None else phases
    stager = history_setup(net=net, cases=cases, seed=seed, now=now, years=years, chunk=chunk, phases=phases)
    mark = time.perf_counter()
    for index in range(len(stager.chunks)):
        stager.stage(index)
    phases["plan"] = time.perf_counter() - mark
    return stager.staged()


def references_write(counters: list[Any]) -> None:
    """Move the reference counters past the history's days."""
    from fawang.cases.models import ReferenceCounter

    ReferenceCounter.objects.bulk_create(
        counters, update_conflicts=True, unique_fields=["day"], update_fields=["value"], batch_size=5000
    )


def history_counters_write(staged: Staged) -> None:
    """Move the reference counters and the id sequences past the history."""
    from fawang.demo.bulk import ids_finish

    references_write(staged.counters)
    for table, last in zip(TABLES, staged.next_ids, strict=True):
        ids_finish(table=table, last_id=last - 1)


def province_history_write(
    *,
    net: ProvinceNetwork,
    cases: int,
    seed: int,
    now: datetime,
    years: int,
    bulk: bool,
    chunk: int = 100_000,
    phases: dict[str, float] | None = None,
) -> HistoryResult:
    """Generate and write the history in the caller's transaction. Call inside `transaction.atomic`
    (pg_bulk_load and the temporary staging tables need one): the plan rows are staged chunk by chunk, then
    expanded into the case tables in three statements."""
    import time

    from fawang.demo.bulk import pg_bulk_load
    from fawang.demo.province_expand import staging_expand

    phases = {} if phases is None else phases
    staged = history_stage(net=net, cases=cases, seed=seed, now=now, years=years, chunk=chunk, phases=phases)
    mark = time.perf_counter()
    with pg_bulk_load(tables=TABLES, enabled=bulk):
        phases["drop"] = time.perf_counter() - mark
        mark = time.perf_counter()
        staging_expand(timings=phases)
        phases["rows"] = time.perf_counter() - mark - sum(phases.get(t, 0.0) for t in TABLES)
        mark = time.perf_counter()
    phases["indexes"] = time.perf_counter() - mark
    history_counters_write(staged)
    return staged.history


@dataclass(frozen=True)
class ProvinceResult:
    history: HistoryResult | None
    seconds: float
    skipped: bool
    phases: tuple[tuple[str, float], ...] = ()
    jobs: tuple[tuple[str, float], ...] = ()  # the parallel load's jobs and their seconds (they overlap)


def province_build(
    *,
    cases: int,
    seed: int,
    years: int = 3,
    bulk_threshold: int = 50_000,
    counties: tuple[str, ...] | None = None,
    parallel: bool | None = None,
) -> ProvinceResult:
    """The province network and `cases` historical cases; a second run with the same seed adds nothing.

    Bulk loads (`bulk_threshold` cases or more) into a PostgreSQL database without cases run on two connections
    (province_parallel.py, ADR 0090) unless `parallel` is False; everything else in one transaction."""
    import time

    from django.db import connection

    from fawang.analytics.models import BulkHistoryRun
    from fawang.cases.models import Case
    from fawang.core import clock
    from fawang.demo.bulk import pg_pending_exists
    from fawang.demo.province import PROVINCE_CODE, province_network_build
    from fawang.demo.province_parallel import BulkLoadInterruptedError

    started = time.perf_counter()
    if pg_pending_exists():
        raise BulkLoadInterruptedError(
            "上次批量生成历史未完成（已删除的索引和约束记录在表 demo_bulk_pending 中），数据库不完整："
            "请删除并新建数据库后重新运行，或按该表中的语句恢复索引和约束、清理已写入的数据后删除该表。"
        )
    phases: dict[str, float] = {}
    net = province_network_build(rng=random.Random(seed), only=counties)
    phases["network"] = time.perf_counter() - started
    if BulkHistoryRun.objects.filter(province_code=PROVINCE_CODE, seed=seed, cases=cases).exists():
        return ProvinceResult(history=None, seconds=time.perf_counter() - started, skipped=True)
    bulk = cases >= bulk_threshold
    if parallel is None:
        parallel = bulk and connection.vendor == "postgresql" and not Case.objects.exists()
    if parallel:
        return _build_parallel(net=net, cases=cases, seed=seed, years=years, started=started, phases=phases)
    return _build_serial(
        net=net,
        cases=cases,
        seed=seed,
        years=years,
        bulk=bulk,
        bulk_threshold=bulk_threshold,
        started=started,
        phases=phases,
        now=clock.now(),
    )


def _run_record(
    *, history: HistoryResult, extras: dict[str, int], seed: int, years: int, seconds: float
) -> None:
    from fawang.accounts.services import system_actor
    from fawang.analytics.models import BulkHistoryRun
    from fawang.core.audit import audit_record
    from fawang.core.models import AuditAction
    from fawang.demo.province import PROVINCE_CODE

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
        summary=f"批量生成历史工单 {history.cases} 件（事件 {history.events}，时限 {history.deadlines}，"
        f"评价 {extras['evaluation_rating']}，来电 {extras['hotline_call']}）",
    )


def _build_parallel(
    *, net: ProvinceNetwork, cases: int, seed: int, years: int, started: float, phases: dict[str, float]
) -> ProvinceResult:
    import time

    from django.db import transaction

    from fawang.core import clock
    from fawang.demo.province_parallel import parallel_finish, province_load_parallel

    result = province_load_parallel(
        net=net, cases=cases, seed=seed, now=clock.now(), years=years, phases=phases
    )
    mark = time.perf_counter()
    with (
        transaction.atomic()
    ):  # the run counts as done only with every index, constraint and summary in place
        parallel_finish(result)
        _run_record(
            history=result.history,
            extras=result.extras,
            seed=seed,
            years=years,
            seconds=time.perf_counter() - started,
        )
    phases["finish"] = time.perf_counter() - mark
    return ProvinceResult(
        history=result.history,
        seconds=time.perf_counter() - started,
        skipped=False,
        phases=tuple(phases.items()),
        jobs=tuple(result.jobs.items()),
    )


def _build_serial(
    *,
    net: ProvinceNetwork,
    cases: int,
    seed: int,
    years: int,
    bulk: bool,
    bulk_threshold: int,
    started: float,
    phases: dict[str, float],
    now: datetime,
) -> ProvinceResult:
    import time

    from django.db import transaction

    from fawang.analytics.summaries import summaries_rebuild
    from fawang.demo.bulk import analyze
    from fawang.demo.province_extras import province_extras_write

    with transaction.atomic():
        history = province_history_write(
            net=net, cases=cases, seed=seed, now=now, years=years, bulk=bulk, phases=phases
        )
        mark = time.perf_counter()
        extras = province_extras_write(
            seed=seed,
            first_case_id=history.first_case_id,
            last_case_id=history.last_case_id,
            bulk_threshold=bulk_threshold,
        )
        phases["extras"] = time.perf_counter() - mark
        _run_record(
            history=history, extras=extras, seed=seed, years=years, seconds=time.perf_counter() - started
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
            *NETWORK_TABLES,
            "evaluation_rating",
            "evaluation_rectification",
            "hotline_call",
            "hotline_callevent",
        ]
    )
    phases["analyze"] = time.perf_counter() - mark
    mark = time.perf_counter()
    summaries_rebuild()
    phases["summaries"] = time.perf_counter() - mark
    return ProvinceResult(
        history=history, seconds=time.perf_counter() - started, skipped=False, phases=tuple(phases.items())
    )
