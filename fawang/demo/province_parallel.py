"""The province history loaded into a fresh PostgreSQL database on two connections (issue 7 §8; ADR 0090).

One transaction runs on one PostgreSQL core, and a second connection cannot write tables the first has locked.
When the case tables are empty the load therefore gives up the single transaction:

1. one transaction (the caller's thread) reserves the requesters' ids, allocates the cases' ids and references,
   moves the reference counters and the case id sequence, drops the indexes and constraints of the case, rating
   and call tables (their primary keys too, with the foreign keys that point at them: the tables are empty,
   ADR 0097) and records how to put them back in `demo_bulk_pending` (bulk.PENDING), then commits;
2. `jobs_run` plans the history chunk by chunk into staging tables of each chunk's own, writes the requesters,
   expands each staged chunk (cases, events, clocks), writes ratings, rectifications and calls, rebuilds every
   index (primary keys and unique constraints as plain unique indexes), adds the foreign keys NOT VALID and
   validates them, analyzes and rebuilds the summaries: on two connections, each job waiting only for what it
   reads;
3. the caller attaches the unique indexes as primary keys and unique constraints, records `BulkHistoryRun` and
   drops `demo_bulk_pending` and the staging tables in one last transaction.

A load that fails or is interrupted after step 1 leaves `demo_bulk_pending` behind; the next run refuses to start
(`BulkLoadInterruptedError`) instead of counting a half-written history as done.
"""

from __future__ import annotations

import functools
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime

from django.db import connection, transaction

from fawang.demo.bulk import BulkParts, pg_bulk_parts, pg_pending_record
from fawang.demo.bulk_jobs import Job, jobs_run
from fawang.demo.province import ProvinceNetwork
from fawang.demo.province_expand import expand_chunk, expand_run, staging_analyze
from fawang.demo.province_extras import TABLES as EXTRAS_TABLES
from fawang.demo.province_history import (
    NETWORK_TABLES,
    TABLES,
    HistoryResult,
    Stager,
    history_setup,
    references_write,
)

# Tables whose indexes are built first: the biggest, so that the small ones fill the gaps at the end.
BUILD_ORDER = (
    "cases_caseevent",
    "cases_case",
    "hotline_callevent",
    "cases_casedeadline",
    "hotline_call",
    "evaluation_rating",
    "evaluation_rectification",
    "evaluation_rectificationstep",
)


class BulkLoadInterruptedError(RuntimeError):
    """A previous bulk load dropped indexes and constraints and did not finish."""


@dataclass(frozen=True)
class ParallelResult:
    history: HistoryResult
    extras: dict[str, int]
    jobs: dict[str, float]
    attach: list[str]


def _statements(*statements: str) -> Callable[[], None]:
    def run() -> None:
        with connection.cursor() as cursor:
            for statement in statements:  # autocommit: each its own transaction, its locks held only briefly
                cursor.execute(statement)

    return run


def load_jobs(
    *,
    parts: BulkParts,
    stages: list[Callable[[], object]],
    persons: Callable[[], object],
    expand: list[list[tuple[str, str]]],
    extras: Callable[[], object],
    summaries: Callable[[], object],
) -> list[Job]:
    """The job graph of the load. `stages[k]` plans and stages chunk k (after chunk k - 1), `expand[k]` its
    statements; `persons` writes the requesters (whose ids the plan already uses). List order is priority: the
    staging first (Python on one core while the other writes the requesters and expands what is staged), then
    the cases (ratings and calls read them), the extras next to the events, the summaries as soon
    as every row is in, then the index builds biggest table first, the foreign keys (after their tables' indexes:
    validation and index builds on one table exclude each other) and the small statistics."""
    loads: dict[str, list[str]] = {table: [] for table in (*TABLES, *EXTRAS_TABLES)}
    loads["people_person"] = ["persons"]
    jobs = [
        *[Job(f"stage#{k}", stage, (f"stage#{k - 1}",) if k else ()) for k, stage in enumerate(stages)],
        Job("persons", persons),
    ]
    rows: list[Job] = []
    for k, statements in enumerate(expand):
        for table, sql in statements:
            name = f"{table}#{k}"
            loads[table].append(name)
            rows.append(Job(name, functools.partial(expand_run, sql), (f"stage#{k}",)))
    case_rows = loads["cases_case"]
    for table in EXTRAS_TABLES:
        loads[table].append("extras")
    jobs += [
        *[j for j in rows if j.name in case_rows],
        Job("analyze cases_case", _statements("ANALYZE cases_case"), tuple(case_rows)),
        Job("extras", extras, ("analyze cases_case",)),
        *[j for j in rows if j.name not in case_rows],
        Job(
            "analyze cases_caseevent", _statements("ANALYZE cases_caseevent"), tuple(loads["cases_caseevent"])
        ),
        Job(
            "analyze cases_casedeadline",
            _statements("ANALYZE cases_casedeadline"),
            tuple(loads["cases_casedeadline"]),
        ),
        Job(
            "analyze extras", _statements("ANALYZE hotline_callevent, evaluation_rectification"), ("extras",)
        ),
    ]
    jobs.append(
        Job(
            "summaries",
            summaries,
            ("analyze cases_caseevent", "analyze cases_casedeadline", "analyze extras", "extras"),
        )
    )
    builds: dict[str, list[str]] = {}
    order = {table: i for i, table in enumerate(BUILD_ORDER)}
    for n, build in enumerate(sorted(parts.builds, key=lambda b: order.get(b.table, len(order)))):
        name = f"build#{n} {build.sql[:90]}"
        builds.setdefault(build.table, []).append(name)
        jobs.append(Job(name, _statements(build.sql), tuple(loads.get(build.table, ()))))
    for n, fk in enumerate(parts.foreign):
        after = [
            *loads.get(fk.table, ()),
            *builds.get(fk.table, ()),
            *loads.get(fk.references, ()),
            # the referenced key's index, and adding the key locks out index builds on the referenced table
            *builds.get(fk.references, ()),
        ]
        jobs.append(
            Job(f"fk#{n} {fk.add[:90]}", _statements(fk.add, fk.validate), tuple(dict.fromkeys(after)))
        )
    jobs.append(Job("analyze network", _statements(f"ANALYZE {', '.join(NETWORK_TABLES)}"), ("persons",)))
    return jobs


def _stage_jobs(stager: Stager) -> list[Callable[[], object]]:
    """One job per chunk: plan it and stage it into tables of its own; the last also moves the event and clock
    id sequences past what the chunks numbered."""
    from fawang.demo.bulk import ids_finish

    def stage(k: int) -> None:
        stager.stage(k, suffix=f"_{k}")
        with connection.cursor() as cursor:
            cursor.execute(f"ANALYZE gen_case_{k}, gen_clock_{k}")
        if k == len(stager.chunks) - 1:
            for table, last in list(zip(TABLES, stager.next_ids, strict=True))[1:]:
                ids_finish(table=table, last_id=last - 1)

    return [functools.partial(stage, k) for k in range(len(stager.chunks))]


def province_load_parallel(
    *, net: ProvinceNetwork, cases: int, seed: int, now: datetime, years: int, phases: dict[str, float]
) -> ParallelResult:
    """Requesters, days, drop and record (one committed transaction), then stage and load on two connections.
    The caller finishes with `parallel_finish` (attach the unique constraints, record the run, clear PENDING) in
    its transaction."""
    from fawang.analytics.summaries import summaries_rebuild
    from fawang.demo.bulk import ids_finish
    from fawang.demo.province_extras import province_extras_write

    with transaction.atomic():
        stager = history_setup(
            net=net, cases=cases, seed=seed, now=now, years=years, phases=phases, shared=True
        )
        mark = time.perf_counter()
        references_write(stager.counters)
        ids_finish(table="cases_case", last_id=stager.next_ids[0] - 1)  # events and clocks: once staged
        staging_analyze()
        parts = pg_bulk_parts(tables=(*TABLES, *EXTRAS_TABLES), primary_keys=True)
        pg_pending_record(parts.recreate())
        with connection.cursor() as cursor:
            cursor.execute(
                "SET CONSTRAINTS ALL IMMEDIATE"
            )  # fire pending deferred checks before altering tables
            for statement in parts.drop:
                cursor.execute(statement)
        phases["drop"] = time.perf_counter() - mark
    first_case, last_case = stager.first_case, stager.next_ids[0] - 1
    counts: dict[str, int] = {}

    def extras() -> None:
        # The indexes of the rating and call tables are already dropped (sys.maxsize: extras leaves them alone).
        counts.update(
            province_extras_write(
                seed=seed, first_case_id=first_case, last_case_id=last_case, bulk_threshold=sys.maxsize
            )
        )

    mark = time.perf_counter()
    jobs = load_jobs(
        parts=parts,
        stages=_stage_jobs(stager),
        persons=stager.persons_write,
        expand=[expand_chunk(f"_{k}") for k in range(len(stager.chunks))],
        extras=extras,
        summaries=summaries_rebuild,
    )
    seconds = jobs_run(jobs, workers=2)
    phases["load"] = time.perf_counter() - mark
    return ParallelResult(history=stager.staged().history, extras=counts, jobs=seconds, attach=parts.attach)


def parallel_finish(result: ParallelResult) -> None:
    """Inside the caller's last transaction: attach the unique indexes, drop the staging tables and PENDING."""
    from fawang.demo.bulk import pg_pending_clear
    from fawang.demo.province_expand import staging_drop

    with connection.cursor() as cursor:
        for statement in result.attach:
            cursor.execute(statement)
    staging_drop()
    pg_pending_clear()
