"""The bulk load on two connections into a fresh PostgreSQL database (issue 7 §8; ADR 0090)."""

from __future__ import annotations

import random
import threading
import time
from datetime import UTC, datetime
from typing import Any

import pytest
import time_machine
from django.core.management import call_command
from django.db import connection

from fawang.analytics.models import BulkHistoryRun
from fawang.cases.models import Case
from fawang.demo import province, province_extras
from fawang.demo.bulk import pg_pending_exists, pg_pending_restore
from fawang.demo.bulk_jobs import Job, jobs_run
from fawang.demo.province import province_network_build
from fawang.demo.province_check import province_history_check
from fawang.demo.province_expand import staging_drop
from fawang.demo.province_history import province_build
from fawang.demo.province_parallel import BulkLoadInterruptedError

COUNTY = ("500231",)
NOW = datetime(2026, 11, 26, 2, 0, tzinfo=UTC)
# Everything the history writes (not the network): emptied between the two builds of the comparison.
WRITTEN = (
    "cases_casedeadline",
    "cases_caseevent",
    "hotline_callevent",
    "evaluation_rectificationstep",
    "evaluation_rectification",
    "evaluation_rating",
    "hotline_call",
    "analytics_grantfact",
    "analytics_casemonthstat",
    "analytics_clockmonthstat",
    "analytics_summarystate",
    "analytics_bulkhistoryrun",
    "cases_case",
    "cases_referencecounter",
    "people_person",
)
# Row digests. Left out: Fernet ciphertexts (a fresh IV each time) and the sequence ids of the rating and call
# rows, whose order follows the query plan; those rows are compared by their natural keys instead.
DIGESTED = {
    "cases_case": "SELECT to_jsonb(t) AS j, t.id AS k FROM cases_case t",
    "cases_caseevent": "SELECT to_jsonb(t) AS j, t.id AS k FROM cases_caseevent t",
    "cases_casedeadline": "SELECT to_jsonb(t) AS j, t.id AS k FROM cases_casedeadline t",
    "cases_referencecounter": "SELECT to_jsonb(t) AS j, t.day AS k FROM cases_referencecounter t",
    "people_person": "SELECT to_jsonb(t) - 'phone' - 'address' AS j, t.id AS k FROM people_person t",
    "evaluation_rating": "SELECT to_jsonb(t) - 'id' AS j, t.case_id || t.instance_key AS k FROM evaluation_rating t",
    "evaluation_rectification": "SELECT to_jsonb(t) - 'id' - 'rating_id' AS j, r.case_id || r.instance_key AS k "
    "FROM evaluation_rectification t JOIN evaluation_rating r ON r.id = t.rating_id",
    "evaluation_rectificationstep": "SELECT to_jsonb(t) - 'id' - 'rectification_id' AS j, "
    "r.case_id || r.instance_key || t.action AS k FROM evaluation_rectificationstep t "
    "JOIN evaluation_rectification q ON q.id = t.rectification_id JOIN evaluation_rating r ON r.id = q.rating_id",
    "hotline_call": "SELECT to_jsonb(t) - 'id' - 'caller_number' AS j, t.call_ref AS k FROM hotline_call t",
    "hotline_callevent": "SELECT to_jsonb(t) - 'id' - 'data' AS j, t.event_id AS k FROM hotline_callevent t",
    "analytics_casemonthstat": "SELECT to_jsonb(t) - 'id' AS j, concat_ws(',', month, county, dim, key) AS k "
    "FROM analytics_casemonthstat t",
    "analytics_clockmonthstat": "SELECT to_jsonb(t) - 'id' AS j, "
    "concat_ws(',', month, county, rule_code, state, completed) AS k FROM analytics_clockmonthstat t",
    "analytics_grantfact": "SELECT to_jsonb(t) - 'id' AS j, t.case_id AS k FROM analytics_grantfact t",
}

postgresql_only = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="the parallel load runs on PostgreSQL only"
)


@pytest.mark.django_db(transaction=True)  # each worker opens its own connection
def test_jobs_wait_for_their_predecessors_and_failures_stop_the_rest() -> None:
    order: list[str] = []
    lock = threading.Lock()

    def step(name: str, pause: float = 0.0) -> Any:
        def run() -> None:
            time.sleep(pause)
            with lock:
                order.append(name)

        return run

    jobs = [
        Job("slow", step("slow", 0.05)),
        Job("after-slow", step("after-slow"), ("slow",)),
        Job("quick", step("quick")),
    ]
    seconds = jobs_run(jobs, workers=2)
    assert set(seconds) == {"slow", "after-slow", "quick"}
    assert order.index("after-slow") > order.index("slow")
    assert order[0] == "quick"  # the second worker did not wait for the first

    def fail() -> None:
        raise RuntimeError("boom")

    order.clear()
    with pytest.raises(RuntimeError, match="boom"):
        jobs_run([Job("fail", fail), Job("never", step("never"), ("fail",))], workers=2)
    assert order == []
    with pytest.raises(ValueError, match="unknown"):
        jobs_run([Job("a", step("a"), ("missing",))])
    with pytest.raises(ValueError, match="never ready"):
        jobs_run([Job("a", step("a"), ("b",)), Job("b", step("b"), ("a",))])


def _digests() -> dict[str, str]:
    out = {}
    with connection.cursor() as cursor:
        for table, rows in DIGESTED.items():
            cursor.execute(f"SELECT md5(string_agg(j::text, '|' ORDER BY k::text)), count(*) FROM ({rows}) x")  # noqa: S608
            digest, count = cursor.fetchone()
            assert count > 0, table
            out[table] = digest
    return out


def _schema() -> set[tuple[Any, ...]]:
    """Constraints and indexes by table and name, with their kind and whether they are valid. (Definitions
    are not compared: PostgreSQL deparses a recreated partial index's ARRAY literal with extra casts.)"""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT conrelid::regclass::text, conname, contype, convalidated, condeferrable FROM pg_constraint "
            "WHERE connamespace = 'public'::regnamespace"
        )
        constraints = {("c", *row) for row in cursor.fetchall()}
        cursor.execute(
            "SELECT c.relname, i.relname, x.indisunique, x.indisprimary, x.indisvalid, x.indnatts FROM pg_index x "
            "JOIN pg_class c ON c.oid = x.indrelid JOIN pg_class i ON i.oid = x.indexrelid "
            "WHERE c.relnamespace = 'public'::regnamespace"
        )
        return constraints | {("i", *row) for row in cursor.fetchall()}


def _forget_history() -> None:
    """Delete what the history wrote and rewind the id sequences, so that a second build gets the same ids."""
    from django.db import transaction

    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("SET LOCAL session_replication_role = replica")  # the event logs refuse deletes
        for table in WRITTEN:
            cursor.execute(f"DELETE FROM {table}")  # noqa: S608 - constant table names
            cursor.execute(
                "SELECT pg_get_serial_sequence(table_name, 'id') FROM information_schema.columns "
                "WHERE table_name = %s AND column_name = 'id'",
                [table],
            )
            sequence = (cursor.fetchone() or [None])[0]
            if sequence:
                cursor.execute("SELECT setval(%s, 1, false)", [sequence])


@postgresql_only
@pytest.mark.django_db(transaction=True)
def test_parallel_load_writes_what_the_single_transaction_writes(monkeypatch: pytest.MonkeyPatch) -> None:
    # One network for both builds: its random draws depend on what already exists.
    net = province_network_build(rng=random.Random(11), only=COUNTY)
    monkeypatch.setattr(province, "province_network_build", lambda **kwargs: net)
    schema = _schema()
    with time_machine.travel(NOW, tick=False):
        result = province_build(cases=700, seed=11, years=2, counties=COUNTY, bulk_threshold=100)
    assert result.jobs  # it did run on two connections
    assert not pg_pending_exists()
    assert _schema() == schema  # every index and constraint back, foreign keys validated
    parallel = _digests()
    assert province_history_check(case_ids=list(Case.objects.values_list("id", flat=True))) == []
    assert (
        call_command(
            "analytics_verify", "--region", "500231000000", "--from", "2025-01-01", "--to", "2025-12-31"
        )
        is None
    )
    with time_machine.travel(NOW, tick=False):
        again = province_build(cases=700, seed=11, years=2, counties=COUNTY, bulk_threshold=100)
    assert again.skipped

    _forget_history()
    with time_machine.travel(NOW, tick=False):
        serial = province_build(
            cases=700, seed=11, years=2, counties=COUNTY, bulk_threshold=100, parallel=False
        )
    assert not serial.jobs
    assert _digests() == parallel
    assert BulkHistoryRun.objects.count() == 1


@postgresql_only
@pytest.mark.django_db(transaction=True)
def test_an_interrupted_load_is_refused_until_cleaned_up(monkeypatch: pytest.MonkeyPatch) -> None:
    schema = _schema()

    def broken(**kwargs: Any) -> dict[str, int]:
        raise RuntimeError("connection lost")

    monkeypatch.setattr(province_extras, "province_extras_write", broken)
    with time_machine.travel(NOW, tick=False), pytest.raises(RuntimeError, match="connection lost"):
        province_build(cases=300, seed=5, years=1, counties=COUNTY, bulk_threshold=100)
    assert pg_pending_exists()
    assert not BulkHistoryRun.objects.exists()
    with pytest.raises(BulkLoadInterruptedError, match="demo_bulk_pending"):
        province_build(cases=300, seed=5, years=1, counties=COUNTY, bulk_threshold=100)
    # the clean-up the message describes: the partial rows out, the schema back
    _forget_history()
    staging_drop()
    assert pg_pending_restore() > 0
    assert not pg_pending_exists()
    assert _schema() == schema
