"""Bulk writes for the province history (issue 7 §8, ADR 0071): COPY on PostgreSQL, executemany elsewhere.

Rows arrive as tuples of int, str, bool or None; timestamps are already text in UTC ("YYYY-MM-DD HH:MM:SS"),
which both PostgreSQL (session time zone UTC, set here) and Django's SQLite backend read as UTC.
Generated text never contains tabs, newlines or backslashes (the generator checks its vocabulary), so the COPY
text format needs no escaping beyond NULL.

For large loads on PostgreSQL, `pg_bulk_load` follows the manual's advice for populating a database: inside
the loading transaction it drops the secondary indexes, unique constraints and outgoing foreign keys of the
tables being filled, and recreates them afterwards (foreign keys are re-validated when re-added). Primary keys
stay, so rows pointing at these tables are untouched. DDL is transactional, so a failed load leaves the schema
and the data as they were.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from time import perf_counter
from typing import Any

from django.db import connection

logger = logging.getLogger(__name__)

Row = tuple[Any, ...]
NULL = "\\N"


def _pg_field(value: Any) -> str:
    if value is None:
        return NULL
    if value is True:
        return "t"
    if value is False:
        return "f"
    return str(value)


def pg_text(rows: Iterable[Row]) -> str:
    """Rows as COPY text (one line per row)."""
    return "".join("\t".join(map(_pg_field, row)) + "\n" for row in rows)


_SPECIAL = re.compile(r"[\\\t\n\r]")


def _escaped(value: Any) -> Any:
    if isinstance(value, str) and _SPECIAL.search(value):  # a third of the time of any() over the characters
        return value.replace("\\", "\\\\").replace("\t", "\\t").replace("\n", "\\n").replace("\r", "\\r")
    return value


def models_copy(objs: Sequence[Any]) -> None:
    """Insert unsaved model instances of one model like `bulk_create` (field defaults, auto_now_add, computed
    fields via `pre_save`, database preparation via `get_db_prep_save`) but with one COPY on PostgreSQL; ids come
    from the table's sequence and are not set on the instances. `bulk_create` elsewhere."""
    if not objs:
        return
    model = type(objs[0])
    if connection.vendor != "postgresql":
        model.objects.bulk_create(objs, batch_size=5000)
        return
    import json
    from datetime import date, datetime

    from django.db import connections, models

    real = connections[connection.alias]  # the proxy's attribute lookups cost more than the conversions
    fields = [f for f in model._meta.concrete_fields if not f.primary_key]
    json_fields = {f.attname for f in fields if isinstance(f, models.JSONField)}
    plain = (str, int, bool, type(None))
    rows: list[Row] = []
    for obj in objs:
        row = []
        for f in fields:
            value = f.pre_save(obj, True)
            if f.attname in json_fields:
                value = None if value is None else json.dumps(value, ensure_ascii=False)
            elif isinstance(value, datetime | date):
                value = value.isoformat()
            elif not isinstance(value, plain):
                value = f.get_db_prep_save(value, real)
            row.append(_escaped(value))
        rows.append(tuple(row))
    rows_write(table=model._meta.db_table, columns=[f.column for f in fields], rows=rows)


def rows_write(*, table: str, columns: Sequence[str], rows: list[Row]) -> None:
    """Append rows to a table in one statement: COPY on PostgreSQL, a multi-row executemany elsewhere."""
    if not rows:
        return
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            from psycopg.copy import QueuedLibpqWriter

            raw = cursor.cursor
            sql = f"COPY {table} ({', '.join(columns)}) FROM STDIN"  # noqa: S608 - internal table and column names
            with raw.copy(sql, writer=QueuedLibpqWriter(raw)) as copy:
                step = 20_000
                for start in range(0, len(rows), step):
                    copy.write(pg_text(rows[start : start + step]))
            return
        marks = ", ".join(["%s"] * len(columns))
        sql = f"INSERT INTO {table} ({', '.join(columns)}) VALUES ({marks})"  # noqa: S608 - internal names
        cursor.executemany(sql, rows)


@dataclass(frozen=True)
class _Ddl:
    drop: list[str]
    create: list[str]


def _catalog(cursor: Any, table: str) -> tuple[list[tuple[str, str, str, str]], list[tuple[str, str]]]:
    """The table's unique and foreign-key constraints (name, kind, definition, index definition) and its other
    secondary indexes (name, definition): what a bulk load drops and rebuilds."""
    cursor.execute(
        """
        SELECT conname, contype, pg_get_constraintdef(oid), pg_get_indexdef(conindid)
        FROM pg_constraint
        WHERE conrelid = %s::regclass AND contype IN ('f', 'u')
        ORDER BY contype DESC, conname
        """,
        [table],
    )
    constraints = cursor.fetchall()
    cursor.execute(
        """
        SELECT i.relname, pg_get_indexdef(i.oid)
        FROM pg_index x JOIN pg_class i ON i.oid = x.indexrelid
        WHERE x.indrelid = %s::regclass AND NOT x.indisprimary
          AND NOT EXISTS (SELECT 1 FROM pg_constraint c WHERE c.conindid = i.oid)
        ORDER BY i.relname
        """,
        [table],
    )
    return constraints, cursor.fetchall()


def _table_ddl(cursor: Any, table: str) -> _Ddl:
    constraints, indexes = _catalog(cursor, table)
    drop = [f'ALTER TABLE {table} DROP CONSTRAINT "{name}"' for name, _, _, _ in constraints]
    drop += [f'DROP INDEX "{name}"' for name, _ in indexes]
    unique = [f'ALTER TABLE {table} ADD CONSTRAINT "{n}" {d}' for n, kind, d, _ in constraints if kind == "u"]
    foreign = [
        f'ALTER TABLE {table} ADD CONSTRAINT "{n}" {d}' for n, kind, d, _ in constraints if kind == "f"
    ]
    return _Ddl(drop=drop, create=unique + [d for _, d in indexes] + foreign)


@contextmanager
def pg_bulk_load(*, tables: Sequence[str], enabled: bool) -> Iterator[None]:
    """Drop secondary indexes and outgoing constraints of `tables` for the load; recreate them on exit.

    Must run inside a transaction (the caller's `transaction.atomic`). A no-op unless `enabled` and on PostgreSQL.
    """
    if not enabled or connection.vendor != "postgresql":
        yield
        return
    with connection.cursor() as cursor:
        cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")  # fire pending deferred checks before altering tables
        cursor.execute("SET CONSTRAINTS ALL DEFERRED")
        cursor.execute("SET LOCAL maintenance_work_mem = '512MB'")
        cursor.execute("SET LOCAL max_parallel_maintenance_workers = 2")
        ddl = [_table_ddl(cursor, table) for table in tables]
        for item in ddl:
            for statement in item.drop:
                cursor.execute(statement)
    yield
    with connection.cursor() as cursor:
        for item in ddl:
            for statement in item.create:
                started = perf_counter()
                cursor.execute(statement)
                logger.info("%.2f s %s", perf_counter() - started, statement[:110])


PENDING = "demo_bulk_pending"  # exists while a load that committed its index drop has not finished


@dataclass(frozen=True)
class IndexBuild:
    table: str
    sql: str


@dataclass(frozen=True)
class ForeignKey:
    table: str
    references: str
    add: str  # ADD CONSTRAINT … NOT VALID: catalogue only
    validate: str  # checks the rows without blocking readers or other tables' writers


@dataclass(frozen=True)
class BulkParts:
    """The secondary indexes and constraints of tables to be loaded, as separate statements for a load spread
    over several connections: unique constraints become a unique index (built with the others) attached at the
    end (`attach`, instant), foreign keys are added NOT VALID and validated afterwards."""

    drop: list[str]
    builds: list[IndexBuild]
    attach: list[str]
    foreign: list[ForeignKey]

    def recreate(self) -> list[str]:
        """Every statement that puts the schema back, in order (recorded in PENDING for a manual clean-up)."""
        return (
            [b.sql for b in self.builds]
            + self.attach
            + [f.add for f in self.foreign]
            + [f.validate for f in self.foreign]
        )


def _incoming(cursor: Any, table: str, loaded: Sequence[str]) -> list[tuple[str, str, str]]:
    """Foreign keys of other tables (not being loaded) that reference `table`: (table, name, definition)."""
    cursor.execute(
        """
        SELECT conrelid::regclass::text, conname, pg_get_constraintdef(oid)
        FROM pg_constraint
        WHERE confrelid = %s::regclass AND contype = 'f' AND conrelid::regclass::text <> ALL(%s)
        ORDER BY 1, 2
        """,
        [table, list(loaded)],
    )
    return list(cursor.fetchall())


def _primary(cursor: Any, table: str) -> tuple[str, str] | None:
    cursor.execute(
        "SELECT conname, pg_get_indexdef(conindid) FROM pg_constraint WHERE conrelid = %s::regclass AND contype = 'p'",
        [table],
    )
    row = cursor.fetchone()
    return (row[0], row[1]) if row else None


def _foreign_key(table: str, name: str, definition: str) -> ForeignKey:
    import re

    target = re.search(r"REFERENCES ([\w.]+)\(", definition)
    return ForeignKey(
        table=table,
        references=target.group(1) if target else "",
        add=f'ALTER TABLE {table} ADD CONSTRAINT "{name}" {definition} NOT VALID',
        validate=f'ALTER TABLE {table} VALIDATE CONSTRAINT "{name}"',
    )


def pg_bulk_parts(*, tables: Sequence[str], primary_keys: bool = False) -> BulkParts:
    """`primary_keys`: drop the tables' primary keys too, with the other tables' foreign keys that reference
    them (only for empty tables: a primary key built once after the load costs a third of keeping it up to date
    row by row, which for 5M events is ~9 s of the load; ADR 0097). Foreign keys are dropped first, since a
    constraint cannot go while a foreign key uses its index."""
    parts = BulkParts(drop=[], builds=[], attach=[], foreign=[])
    drop_keys: list[str] = []
    with connection.cursor() as cursor:
        for table in tables:
            constraints, indexes = _catalog(cursor, table)
            for name, kind, definition, index in constraints:
                if kind == "u":
                    parts.drop.append(f'ALTER TABLE {table} DROP CONSTRAINT "{name}"')
                    parts.builds.append(IndexBuild(table, index))
                    deferral = definition[
                        definition.rfind(")") + 1 :
                    ]  # e.g. " DEFERRABLE INITIALLY DEFERRED"
                    parts.attach.append(
                        f'ALTER TABLE {table} ADD CONSTRAINT "{name}" UNIQUE USING INDEX "{name}"{deferral}'
                    )
                else:
                    drop_keys.append(f'ALTER TABLE {table} DROP CONSTRAINT "{name}"')
                    parts.foreign.append(_foreign_key(table, name, definition))
            parts.drop.extend(f'DROP INDEX "{n}"' for n, _ in indexes)
            parts.builds.extend(IndexBuild(table, definition) for _, definition in indexes)
            primary = _primary(cursor, table) if primary_keys else None
            if primary is None:
                continue
            for other, name, definition in _incoming(cursor, table, tables):
                drop_keys.append(f'ALTER TABLE {other} DROP CONSTRAINT "{name}"')
                parts.foreign.append(_foreign_key(other, name, definition))
            name, index = primary
            parts.drop.append(f'ALTER TABLE {table} DROP CONSTRAINT "{name}"')
            parts.builds.insert(0, IndexBuild(table, index))  # first: the foreign keys wait for it
            parts.attach.append(
                f'ALTER TABLE {table} ADD CONSTRAINT "{name}" PRIMARY KEY USING INDEX "{name}"'
            )
    parts.drop[:0] = drop_keys
    return parts


def pg_pending_exists() -> bool:
    """Whether a bulk load dropped indexes and never finished (its PENDING table is still there)."""
    if connection.vendor != "postgresql":
        return False
    with connection.cursor() as cursor:
        cursor.execute("SELECT to_regclass(%s) IS NOT NULL", [PENDING])
        return bool(cursor.fetchone()[0])


def pg_pending_record(statements: Sequence[str]) -> None:
    """Record, in the transaction that drops them, how to put the indexes and constraints back."""
    with connection.cursor() as cursor:
        cursor.execute(f"CREATE TABLE {PENDING} (n integer PRIMARY KEY, statement text NOT NULL)")
        cursor.executemany(
            f"INSERT INTO {PENDING} VALUES (%s, %s)",  # noqa: S608 - constant table name
            list(enumerate(statements)),
        )


def pg_pending_restore() -> int:
    """Put back the indexes and constraints an unfinished load dropped (those still missing), then forget the
    load. The rows it wrote stay: delete them (or use a fresh database) before loading again. Returns the
    statements run."""
    from django.db import transaction
    from django.db.utils import ProgrammingError

    ran = 0
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT statement FROM {PENDING} ORDER BY n")  # noqa: S608 - constant table name
        statements = [row[0] for row in cursor.fetchall()]
        for statement in statements:
            try:
                with transaction.atomic():
                    cursor.execute(statement)
                ran += 1
            except ProgrammingError as exc:  # built before the load stopped, or attached already
                if getattr(exc.__cause__, "sqlstate", "") not in {"42P07", "42710"}:
                    raise
    pg_pending_clear()
    return ran


def pg_pending_clear() -> None:
    with connection.cursor() as cursor:
        cursor.execute(f"DROP TABLE IF EXISTS {PENDING}")


def pg_session_utc() -> None:
    """Timestamps are written as UTC text: make sure the session reads them as UTC."""
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SET LOCAL TIME ZONE 'UTC'")


def ids_start(*, table: str) -> int:
    """The first free id for explicit-id inserts; on PostgreSQL the table is locked against other writers."""
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(f"LOCK TABLE {table} IN SHARE ROW EXCLUSIVE MODE")
        cursor.execute(f"SELECT COALESCE(MAX(id), 0) FROM {table}")  # noqa: S608 - internal table name
        return int(cursor.fetchone()[0]) + 1


def ids_finish(*, table: str, last_id: int) -> None:
    """Move the id sequence past the explicitly inserted ids (PostgreSQL; SQLite follows MAX(id) itself)."""
    if connection.vendor != "postgresql" or last_id < 1:
        return
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT setval(pg_get_serial_sequence(%s, 'id'), GREATEST(%s, (SELECT MAX(id) FROM {table})), true)",  # noqa: S608
            [table, last_id],
        )


def analyze(*, tables: Sequence[str]) -> None:
    with connection.cursor() as cursor:
        for table in tables:
            cursor.execute(f"ANALYZE {table}")
