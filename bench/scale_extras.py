"""Scale benchmark: ratings, rectifications and 12348 calls for a bulk history (fawang/demo/province_extras.py).

    .venv/bin/python bench/scale_extras.py --db fawang_extras_100k [--seed 2026] [--rollback]

Runs `province_extras_write` for the range of the database's latest BulkHistoryRun (the range the generator
wrote), prints the wall and CPU time of the call, the rows per table and the rating/hotline indicators of the whole
province for the last full year, then runs it again to show that a rerun adds nothing. `--rollback` undoes the
writes afterwards, so the same database can be timed again. Record `uptime` next to the figures.
"""

from __future__ import annotations

import argparse
import os
import sys
import time
from datetime import date
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--db", required=True)
    parser.add_argument("--seed", type=int, default=2026)
    parser.add_argument("--rollback", action="store_true")
    parser.add_argument("--bulk-threshold", type=int, default=50_000)
    parser.add_argument("--verbose", action="store_true", help="log the time of every statement")
    args = parser.parse_args()
    if args.verbose:
        import logging

        logging.basicConfig(level=logging.WARNING, format="%(message)s")
        logging.getLogger("fawang.demo.province_extras").setLevel(logging.INFO)
    os.environ["DATABASE_URL"] = f"postgres://postgres@127.0.0.1:5432/{args.db}"
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "fawang.config.settings.dev")
    import django

    django.setup()
    from django.db import transaction

    from fawang.analytics.models import BulkHistoryRun
    from fawang.core import clock
    from fawang.demo.province_extras import province_extras_write
    from fawang.regions.models import Region
    from fawang.supervision import measures
    from fawang.supervision.periods import Scope

    run = BulkHistoryRun.objects.order_by("-pk").first()
    if run is None:
        print("no BulkHistoryRun in this database")
        return 1
    print(f"cases {run.first_case_id}..{run.last_case_id} ({run.cases}), load {os.getloadavg()}")

    class RollbackError(Exception):
        pass

    try:
        with transaction.atomic():
            from django.db import connection

            with connection.cursor() as cursor:
                cursor.execute("SELECT pg_backend_pid()")
                backend = Path(f"/proc/{cursor.fetchone()[0]}/stat")

            def backend_cpu() -> float:
                fields = backend.read_text().rsplit(")", 1)[1].split()
                return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")

            pg_cpu = backend_cpu()
            wall, cpu = time.perf_counter(), time.process_time()
            counts = province_extras_write(
                seed=args.seed,
                first_case_id=run.first_case_id,
                last_case_id=run.last_case_id,
                bulk_threshold=args.bulk_threshold,
            )
            with connection.cursor() as cursor:
                cursor.execute(
                    "SET CONSTRAINTS ALL IMMEDIATE"
                )  # the deferred foreign-key checks a commit runs
            wall, cpu = time.perf_counter() - wall, time.process_time() - cpu
            pg_cpu = backend_cpu() - pg_cpu
            print(
                f"province_extras_write: {wall:.2f} s wall, CPU {cpu:.2f} s in Python + {pg_cpu:.2f} s in the "
                f"PostgreSQL backend, load {os.getloadavg()}"
            )
            for table, n in counts.items():
                print(f"  {table}: {n:,}")
            year = clock.local_today().year - 1
            scope = Scope(
                region=Region.objects.get(code="500000000000"),
                date_from=date(year, 1, 1),
                date_to=date(year, 12, 31),
            )
            for name in (
                "rating_participation",
                "rating_satisfaction",
                "rating_bad",
                "hotline_satisfaction",
                "hotline_answer_rate",
                "rectification_on_time",
                "rectification_followed_up",
            ):
                m = getattr(measures, name)(scope)
                share = f" = {m.numerator / m.denominator:.1%}" if m.denominator else ""
                print(f"  {name} {year}: {m.numerator}/{m.denominator}{share}")
            again = time.perf_counter()
            rerun = province_extras_write(
                seed=args.seed, first_case_id=run.first_case_id, last_case_id=run.last_case_id
            )
            print(f"rerun: {sum(rerun.values())} rows in {time.perf_counter() - again:.2f} s")
            if args.rollback:
                raise RollbackError
    except RollbackError:
        print("rolled back")
    return 0


if __name__ == "__main__":
    sys.exit(main())
