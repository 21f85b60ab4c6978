"""Expand the per-case plan rows into cases, events and clocks inside the database (issue 7 §8; ADR 0087).

Python sends one row of integers per case and per clock (province_plan.py) into temporary staging tables —
binary COPY on PostgreSQL, executemany on SQLite — together with small tables of the compiled path steps, the
state each path prefix leaves, topics, rules and handler labels. Three `INSERT … SELECT` statements then write
`cases_case`, `cases_caseevent` (the staged case joined with the steps it has taken) and `cases_casedeadline`.
The statements are the same on both databases except for four expressions (`_Dialect`), so SQLite tests run the
very SQL that writes the province on PostgreSQL.
"""

from __future__ import annotations

import struct
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
from django.db import connection

from fawang.cases.states import Status
from fawang.demo.province_plan import (
    ACTOR_CODE,
    CASE_FIELDS,
    CLOCK_FIELDS,
    CLOCK_STATES,
    DUE_STATES,
    MAX_STEPS,
    PathTables,
    Plan,
)

STAGING = (
    "gen_case",
    "gen_clock",
    "gen_step",
    "gen_prefix",
    "gen_topic",
    "gen_rule",
    "gen_reason",
    "gen_handler",
)


@dataclass(frozen=True)
class _Dialect:
    ts: str  # an epoch-seconds expression as a timestamp
    iso: str  # as ISO-8601 text without the offset
    json: str  # text as the JSON column type
    temp: str  # how a staging table is created
    json_type: str  # the staging column type of JSON values


_PG = _Dialect(
    ts="to_timestamp({})",
    iso="""to_char(to_timestamp({}) AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS')""",
    json="CAST({} AS jsonb)",
    temp="CREATE TEMPORARY TABLE {} ({}) ON COMMIT DROP",
    json_type="jsonb",
)
_SQLITE = _Dialect(
    ts="datetime({}, 'unixepoch')",
    iso="strftime('%Y-%m-%dT%H:%M:%S', {}, 'unixepoch')",
    json="{}",
    temp="CREATE TEMPORARY TABLE {} ({})",
    json_type="text",
)


def _dialect() -> _Dialect:
    return _PG if connection.vendor == "postgresql" else _SQLITE


def staging_create(
    *, tables: PathTables, topics: list[tuple[str, str, str]], handlers: dict[int, str], shared: bool = False
) -> None:
    """Create the staging tables and fill the small ones (paths, prefixes, topics, rules, reasons, handlers).

    `shared`: unlogged tables that outlive the transaction, so that several connections can expand them
    (the parallel load into a fresh PostgreSQL database, ADR 0090); `staging_drop` removes them."""
    d = _dialect()
    if shared:
        d = _Dialect(
            ts=d.ts, iso=d.iso, json=d.json, temp="CREATE UNLOGGED TABLE {} ({})", json_type=d.json_type
        )
    ints = ", ".join(f"{f} integer NOT NULL" for f in CASE_FIELDS)
    clock_ints = ", ".join(f"{f} integer NOT NULL" for f in CLOCK_FIELDS)
    with connection.cursor() as cursor:
        for name in STAGING:
            cursor.execute(f"DROP TABLE IF EXISTS {name}")
        definitions = {
            "gen_case": ints,
            "gen_clock": clock_ints,
            "gen_step": "pid integer, step integer, action text, code text, from_status text, to_status text, "
            f"reason text, context {d.json_type}, actor integer, handler integer",
            "gen_prefix": "pid integer, k integer, service text, channel text, priority text, status text, "
            "next_actor text, outcome text",
            "gen_topic": "idx integer, category text, title text, description text",
            "gen_rule": "idx integer, code text, version integer",
            "gen_reason": "idx integer, reason text",
            "gen_handler": f"hkey integer, ctx {d.json_type}",
        }
        for name, columns in definitions.items():
            cursor.execute(d.temp.format(name, columns))
    steps: list[tuple[Any, ...]] = []
    prefixes: list[tuple[Any, ...]] = []
    for pid, path in enumerate(tables.paths):
        service = path.service_type
        _, channel, priority = tables.path_key[pid]
        steps.append(
            (
                pid,
                0,
                "create",
                f"{service}.create",
                "",
                Status.NEW.value,
                "",
                f'{{"channel": "{channel}"}}',
                1,
                0,
            )
        )
        status, next_actor, outcome = Status.NEW.value, path.first_actor, ""
        prefixes.append((pid, 0, service, channel, priority, status, next_actor, outcome))
        for j, step in enumerate(path.steps, start=1):
            steps.append(
                (
                    pid,
                    j,
                    step.action,
                    step.code,
                    step.from_status,
                    step.to_status,
                    step.reason,
                    "{" + step.context_items + "}",
                    ACTOR_CODE[step.actor],
                    1 if step.handler is not None else 0,
                )
            )
            status = step.to_status
            next_actor = step.next_actor if step.next_actor is not None else next_actor
            outcome = step.outcome if step.outcome is not None else outcome
            prefixes.append((pid, j, service, channel, priority, status, next_actor, outcome))
    _insert("gen_step", steps)
    _insert("gen_prefix", prefixes)
    _insert("gen_topic", [(i, *t) for i, t in enumerate(topics)])
    _insert("gen_rule", [(i, r.code, r.version) for i, r in enumerate(tables.rules)])
    _insert("gen_reason", list(enumerate(tables.reasons)))
    # Whole JSON objects, parsed once here rather than once per event row.
    _insert("gen_handler", [(key, "{" + ctx + "}") for key, ctx in handlers.items()])


def _insert(table: str, rows: Sequence[tuple[Any, ...]]) -> None:
    if not rows:
        return
    marks = ", ".join(["%s"] * len(rows[0]))
    with connection.cursor() as cursor:
        cursor.executemany(f"INSERT INTO {table} VALUES ({marks})", rows)  # noqa: S608 - staging table names


def _binary(columns: dict[str, Any], fields: Sequence[str]) -> bytes:
    """Rows of int4 columns in PostgreSQL's binary COPY format, built as one numpy record array."""
    n = len(columns[fields[0]])
    dtype = [("n", ">i2")] + [x for f in fields for x in ((f"l_{f}", ">i4"), (f"v_{f}", ">i4"))]
    rows = np.empty(n, dtype=dtype)
    rows["n"] = len(fields)
    for f in fields:
        rows[f"l_{f}"] = 4
        rows[f"v_{f}"] = columns[f]
    return b"PGCOPY\n\xff\r\n\x00" + struct.pack(">ii", 0, 0) + rows.tobytes() + struct.pack(">h", -1)


def staging_write(plan: Plan, *, suffix: str = "") -> None:
    """Append a plan's case and clock rows to the staging tables; with a `suffix`, into new tables of their own
    (gen_case<suffix>, gen_clock<suffix>, shaped like gen_case and gen_clock)."""
    for table, columns, fields in (
        ("gen_case", plan.cases, CASE_FIELDS),
        ("gen_clock", plan.clocks, CLOCK_FIELDS),
    ):
        if suffix:
            with connection.cursor() as cursor:
                cursor.execute(f"CREATE UNLOGGED TABLE {table}{suffix} (LIKE {table})")
            table += suffix
        if not len(columns[fields[0]]):
            continue
        if connection.vendor == "postgresql":
            data = _binary(columns, fields)
            with connection.cursor() as cursor:
                raw = cursor.cursor
                with raw.copy(f"COPY {table} ({', '.join(fields)}) FROM STDIN (FORMAT BINARY)") as copy:
                    step = 8 << 20
                    for start in range(0, len(data), step):
                        copy.write(data[start : start + step])
        else:
            rows = list(zip(*(columns[f].tolist() for f in fields), strict=True))
            _insert(table, rows)


def _case_sql(d: _Dialect, source: str = "gen_case") -> str:
    due_state = " ".join(f"WHEN {i} THEN '{s.value}'" for i, s in enumerate(DUE_STATES))
    return f"""
        INSERT INTO cases_case (id, created_at, updated_at, reference, service_type, channel, category, status,
            priority, title, description, next_actor_role, confidential, idempotency_key, due_at, remind_at,
            due_state, outcome, submitted_at, closed_at, handler_institution_id, handler_practitioner_id,
            handler_site_id, parent_id, region_id, requester_id, requester_user_id)
        SELECT s.case_id, {d.ts.format("s.t0")}, {d.ts.format("s.last_at")},
            'FW' || CAST(s.ymd AS TEXT) || '-' || substr(CAST(100000 + s.seq AS TEXT), 2),
            f.service, f.channel, t.category, f.status, f.priority, t.title, t.description, f.next_actor,
            FALSE, NULL, {d.ts.format("NULLIF(s.due_at, 0)")}, {d.ts.format("NULLIF(s.remind_at, 0)")},
            CASE s.due_state {due_state} END, f.outcome, {d.ts.format("s.t0")},
            {d.ts.format("NULLIF(s.closed_at, 0)")}, NULL, NULLIF(s.practitioner_id, 0), NULLIF(s.site_id, 0),
            NULL, s.region_id, NULLIF(s.requester, 0), NULL
        FROM {source} s
        JOIN gen_prefix f ON f.pid = s.pid AND f.k = s.k
        JOIN gen_topic t ON t.idx = s.topic"""  # noqa: S608 - code constants only


def _event_sql(d: _Dialect, source: str = "gen_case") -> str:
    at = "CASE p.step " + " ".join(f"WHEN {j} THEN s.t{j}" for j in range(MAX_STEPS + 1)) + " END"
    context = "CASE WHEN p.handler = 1 THEN h.ctx ELSE p.context END"
    return f"""
        INSERT INTO cases_caseevent (id, at, action, code, from_status, to_status, reason, context, actor_id,
            case_id)
        SELECT s.first_event + p.step, {d.ts.format(at)}, p.action, p.code, p.from_status, p.to_status,
            p.reason, {context},
            CASE p.actor WHEN 1 THEN s.front_user WHEN 2 THEN s.reviewer_user ELSE s.handler_user END, s.case_id
        FROM {source} s
        JOIN gen_step p ON p.pid = s.pid AND p.step <= s.k
        LEFT JOIN gen_handler h ON h.hkey = s.hkey"""  # noqa: S608 - code constants only


def _clock_sql(d: _Dialect, source: str = "gen_clock") -> str:
    state = " ".join(f"WHEN {i} THEN '{s.value}'" for i, s in enumerate(CLOCK_STATES))
    end = f"""CASE WHEN c.p_end = 0 THEN 'null' ELSE '"' || {d.iso.format("c.p_end")} || '+00:00"' END"""
    listed = (
        f"""'[{{"start": "' || {d.iso.format("c.p_start")} || '+00:00", "end": ' || {end}"""
        """ || ', "reason": "' || x.reason || '"}]'"""
    )
    empty = d.json.format("'[]'")
    pauses = f"CASE WHEN c.p_start = 0 THEN {empty} ELSE {d.json.format(listed)} END"
    return f"""
        INSERT INTO cases_casedeadline (id, created_at, updated_at, rule_code, rule_version, started_at, due_at,
            remind_at, state, pauses, extensions, stopped_at, reminded_at, breach_notified_at, case_id)
        SELECT c.id, {d.ts.format("c.started")}, {d.ts.format("c.changed")}, r.code, r.version,
            {d.ts.format("c.started")}, {d.ts.format("NULLIF(c.due, 0)")}, {d.ts.format("NULLIF(c.remind, 0)")},
            CASE c.state {state} END, {pauses}, 0, {d.ts.format("NULLIF(c.stopped, 0)")},
            {d.ts.format("NULLIF(c.reminded, 0)")}, {d.ts.format("NULLIF(c.breached, 0)")}, c.case_id
        FROM {source} c
        JOIN gen_rule r ON r.idx = c.rule
        LEFT JOIN gen_reason x ON x.idx = c.p_reason"""  # noqa: S608 - code constants only


def expand_statements() -> dict[str, str]:
    d = _dialect()
    return {"cases_case": _case_sql(d), "cases_caseevent": _event_sql(d), "cases_casedeadline": _clock_sql(d)}


def expand_chunk(suffix: str) -> list[tuple[str, str]]:
    """The three statements for one chunk staged with `suffix` (Stager.stage), to run on separate connections:
    (target table, statement) pairs."""
    d = _dialect()
    return [
        ("cases_case", _case_sql(d, f"gen_case{suffix}")),
        ("cases_caseevent", _event_sql(d, f"gen_case{suffix}")),
        ("cases_casedeadline", _clock_sql(d, f"gen_clock{suffix}")),
    ]


def staging_analyze() -> None:
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute(f"ANALYZE {', '.join(STAGING)}")


def expand_run(sql: str) -> None:
    """One expansion statement. The staged rows join small tables (steps, prefixes, topics, handlers): hash joins
    are right, but PostgreSQL misjudges how many steps each case takes (`p.step <= s.k`) and chose merge joins that
    sort every event row on disk (1M events: 3.2 s, with hash joins 1.1 s)."""
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("SET enable_mergejoin = off")
        cursor.execute(sql)
        if connection.vendor == "postgresql":
            cursor.execute("RESET enable_mergejoin")


def staging_drop() -> None:
    """The staging tables, with any per-chunk ones (PostgreSQL only: SQLite stages in the shared tables)."""
    with connection.cursor() as cursor:
        chunks: list[str] = []
        if connection.vendor == "postgresql":
            cursor.execute(
                "SELECT tablename FROM pg_tables WHERE schemaname = current_schema() "
                "AND tablename ~ '^gen_(case|clock)_[0-9]+$'"
            )
            chunks = [row[0] for row in cursor.fetchall()]
        for name in (*STAGING, *chunks):
            cursor.execute(f"DROP TABLE IF EXISTS {name}")


def staging_expand(*, timings: dict[str, float] | None = None) -> None:
    """Write the staged plan into the case tables, then drop the staging tables."""
    import time

    staging_analyze()
    for table, sql in expand_statements().items():
        mark = time.perf_counter()
        expand_run(sql)
        if timings is not None:
            timings[table] = time.perf_counter() - mark
    staging_drop()
