"""Scale benchmark, part 2 (issue 7 §8): indicators and the supervisor dashboards on a generated province.

    .venv/bin/python bench/scale_indicators.py --db fawang_scale --from 2025-01-01 --to 2025-12-31 [--runs 5]

0. Start-up (after compiling the project's bytecode, as `make run` does): `fawang indicators --help` as a subprocess, --runs times (wall and the child's user+system CPU).
1. Times `fawang indicators --json --region 500000000000 --from .. --to ..` as a subprocess, --runs times (the
   checker's way: process start-up included), and once with `--reference` (raw rows, no summaries; skipped with
   --no-reference).
2. Compares its numbers with direct SQL written here independently of the code (volumes by channel and service,
   the legal-aid 7-day decision clock, mediation outcomes, finished cases).
3. Times indicator_compute_all in-process (warm) and the supervisor dashboard over HTTP in-process (Django test
   client), as province_supervisor on the province and as county_supervisor on 垫江县: one cold request, then the
   median of five warm ones, with the number of SQL queries of one warm request.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import statistics
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
FAWANG = str(ROOT / ".venv" / "bin" / "fawang")
PROVINCE = "500000000000"
COUNTY = "500231000000"  # 垫江县, county_supervisor's county (fawang/demo/province.py)

SQL_BY = """
SELECT c.{field}, count(*) FROM cases_case c JOIN regions_region r ON r.id = c.region_id
WHERE r.code LIKE '50%%' AND c.submitted_at >= (%s::date)::timestamp AT TIME ZONE 'Asia/Shanghai'
  AND c.submitted_at < ((%s::date + 1)::timestamp AT TIME ZONE 'Asia/Shanghai') GROUP BY 1
"""
SQL_REVIEW = """
SELECT count(*) FILTER (WHERE d.state = 'met'), count(*) FROM cases_casedeadline d
JOIN cases_case c ON c.id = d.case_id JOIN regions_region r ON r.id = c.region_id
WHERE r.code LIKE '50%%' AND d.rule_code = 'legal_aid.review' AND d.state IN ('met', 'breached')
  AND d.stopped_at >= (%s::date)::timestamp AT TIME ZONE 'Asia/Shanghai'
  AND d.stopped_at < ((%s::date + 1)::timestamp AT TIME ZONE 'Asia/Shanghai')
  AND EXISTS (SELECT 1 FROM cases_caseevent e WHERE e.case_id = c.id AND e.action IN ('grant', 'refuse'))
"""
SQL_MEDIATION = """
SELECT count(*) FILTER (WHERE e.action = 'resolve'), count(*) FROM cases_caseevent e
JOIN cases_case c ON c.id = e.case_id JOIN regions_region r ON r.id = c.region_id
WHERE r.code LIKE '50%%' AND c.service_type = 'mediation' AND e.action IN ('resolve', 'terminate')
  AND e.at >= (%s::date)::timestamp AT TIME ZONE 'Asia/Shanghai'
  AND e.at < ((%s::date + 1)::timestamp AT TIME ZONE 'Asia/Shanghai')
"""
SQL_FINISHED = """
SELECT count(*) FROM cases_case c JOIN regions_region r ON r.id = c.region_id
WHERE r.code LIKE '50%%' AND c.status <> 'withdrawn'
  AND c.closed_at >= (%s::date)::timestamp AT TIME ZONE 'Asia/Shanghai'
  AND c.closed_at < ((%s::date + 1)::timestamp AT TIME ZONE 'Asia/Shanghai')
"""


def load() -> str:
    return "load average " + " ".join(f"{x:.1f}" for x in os.getloadavg())


def run_timed(cmd: list[str], env: dict[str, str]) -> tuple[float, float, str]:
    """(wall seconds, child user+system CPU seconds, stdout) of one subprocess."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    started = time.perf_counter()
    out = subprocess.run(cmd, check=True, env=env, capture_output=True, text=True).stdout
    wall = time.perf_counter() - started
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return wall, cpu, out


def run_indicators(
    env: dict[str, str], args: argparse.Namespace, *extra: str
) -> tuple[float, float, dict[str, object]]:
    cmd = [
        FAWANG,
        "indicators",
        "--json",
        "--region",
        PROVINCE,
        "--from",
        args.date_from,
        "--to",
        args.date_to,
    ]
    wall, cpu, out = run_timed([*cmd, *extra], env)
    return wall, cpu, json.loads(out)


def times(label: str, pairs: list[tuple[float, float]]) -> str:
    walls = " ".join(f"{w:.2f}" for w, _ in pairs)
    cpus = " ".join(f"{c:.2f}" for _, c in pairs)
    return (
        f"{label} ({len(pairs)} runs): wall {walls} s (median {statistics.median(w for w, _ in pairs):.2f}); "
        f"CPU {cpus} s (median {statistics.median(c for _, c in pairs):.2f}) ({load()})"
    )


def time_dashboard(client: Any, url: str) -> str:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    started = time.perf_counter()
    status = client.get(url).status_code
    cold = time.perf_counter() - started
    warm = []
    for _ in range(5):
        started = time.perf_counter()
        client.get(url)
        warm.append(time.perf_counter() - started)
    with CaptureQueriesContext(connection) as queries:
        client.get(url)
    return (
        f"status {status}, cold {cold:.2f} s, warm median {statistics.median(warm):.2f} s, "
        f"min {min(warm):.2f} s, {len(queries.captured_queries)} SQL queries ({load()})"
    )


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--db", default="fawang_scale")
    parser.add_argument("--from", dest="date_from", default="2025-01-01")
    parser.add_argument("--to", dest="date_to", default="2025-12-31")
    parser.add_argument(
        "--url", default="", help="province dashboard URL (default: the province, the period)"
    )
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--no-reference", action="store_true", help="skip the slow raw-row run")
    args = parser.parse_args()
    os.environ["DATABASE_URL"] = f"postgres://postgres@127.0.0.1:5432/{args.db}"
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "fawang.config.settings.dev")
    env = dict(os.environ)
    # As `make run` does (Makefile target `bytecode`): with PYTHONDONTWRITEBYTECODE set, a working tree would
    # otherwise compile the project's modules in every process.
    subprocess.run([sys.executable, "-m", "compileall", "-q", str(ROOT / "fawang")], check=True)
    startup = [run_timed([FAWANG, "indicators", "--help"], env)[:2] for _ in range(args.runs)]
    print(times("start-up, fawang indicators --help", startup))
    cold = []
    result: dict[str, object] = {}
    for _ in range(args.runs):
        wall, cpu, result = run_indicators(env, args)
        cold.append((wall, cpu))
    print(times("fawang indicators --json, province, cold process", cold))
    if not args.no_reference:
        ref_seconds, _, reference = run_indicators(env, args, "--reference")
        print(f"fawang indicators --reference: {ref_seconds:.2f} s ({load()})")
        same = [i for i in result["indicators"] if i not in reference["indicators"]]  # type: ignore[attr-defined,operator]
        print("summaries == raw rows:", "yes" if not same else f"NO ({len(same)} differ)")

    sys.path.insert(0, str(ROOT))
    import django

    django.setup()
    from django.conf import settings
    from django.db import connection
    from django.test import Client

    by_code = {i["code"]: i for i in result["indicators"]}  # type: ignore[attr-defined]
    with connection.cursor() as cursor:
        for code, field in (("volume.by_channel", "channel"), ("volume.by_service", "service_type")):
            cursor.execute(SQL_BY.format(field=field), [args.date_from, args.date_to])
            direct = {k: n for k, n in cursor.fetchall()}
            shown = {b["key"]: b["count"] for b in by_code[code]["breakdown"]}
            print(
                f"{code}: direct SQL {'matches' if direct == shown else 'DIFFERS'} ({sum(direct.values())} cases)"
            )
        cursor.execute(SQL_REVIEW, [args.date_from, args.date_to])
        met, total = cursor.fetchone()
        shown = by_code["legal_aid.decided_in_time"]
        ok = (shown["numerator"], shown["denominator"]) == (met, total)
        print(f"legal_aid.decided_in_time: direct SQL {met}/{total} {'matches' if ok else 'DIFFERS'}")
        cursor.execute(SQL_MEDIATION, [args.date_from, args.date_to])
        agreed, ended = cursor.fetchone()
        shown = by_code["mediation.success_rate"]
        ok = (shown["numerator"], shown["denominator"]) == (agreed, ended)
        print(f"mediation.success_rate: direct SQL {agreed}/{ended} {'matches' if ok else 'DIFFERS'}")
        cursor.execute(SQL_FINISHED, [args.date_from, args.date_to])
        (finished,) = cursor.fetchone()
        shown = by_code["rating.participation"]
        ok = shown["denominator"] == finished
        print(f"rating.participation denominator: direct SQL {finished} {'matches' if ok else 'DIFFERS'}")

    from datetime import date

    from fawang.regions.models import Region
    from fawang.supervision.indicators import indicator_compute_all

    province = Region.objects.get(code=PROVINCE)
    date_from, date_to = date.fromisoformat(args.date_from), date.fromisoformat(args.date_to)
    warm = []
    for _ in range(3):
        started = time.perf_counter()
        indicator_compute_all(region=province, date_from=date_from, date_to=date_to)
        warm.append(time.perf_counter() - started)
    print(
        "indicator_compute_all in-process (warm, 3 runs, s):",
        " ".join(f"{t:.2f}" for t in warm),
        f"({load()})",
    )

    settings.ALLOWED_HOSTS = ["*"]
    from fawang.accounts.models import User

    period = f"?from={args.date_from}&to={args.date_to}"
    # The dashboards themselves (/supervision/ only redirects to them), for the same period as the indicators.
    for username, url in (
        ("province_supervisor", args.url or f"/supervision/r/{PROVINCE}/{period}"),
        ("county_supervisor", f"/supervision/r/{COUNTY}/{period}"),
    ):
        client = Client()
        client.force_login(User.objects.get(username=username))
        print(f"GET {url} as {username}: {time_dashboard(client, url)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
