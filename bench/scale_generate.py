"""Scale benchmark, part 1 (issue 7 §8): generate a province history into a dedicated PostgreSQL database.

    .venv/bin/python bench/scale_generate.py --db fawang_scale --cases 1000000 --seed 2026 [--fresh]

Runs `fawang migrate` and `fawang generate_demo --cases N --seed S` exactly as a user would (the command prints
its own rate and phases), then checks a random sample of the generated cases against the lifecycle tables
(fawang.demo.province_check) and the summary tables against the raw rows for the last full year
(`fawang analytics_verify`). Prints the load average before and after, the wall time and the CPU time of the
command.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
FAWANG = str(ROOT / ".venv" / "bin" / "fawang")


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--db", default="fawang_scale")
    parser.add_argument("--cases", type=int, default=100_000)
    parser.add_argument("--seed", type=int, default=2026)
    parser.add_argument("--sample", type=int, default=1000)
    parser.add_argument("--fresh", action="store_true", help="drop and recreate the database first")
    args = parser.parse_args()
    env = dict(os.environ, DATABASE_URL=f"postgres://postgres@127.0.0.1:5432/{args.db}")
    if args.fresh:
        subprocess.run(["dropdb", "-h", "127.0.0.1", "-U", "postgres", "--if-exists", args.db], check=True)
        subprocess.run(["createdb", "-h", "127.0.0.1", "-U", "postgres", args.db], check=True)
    subprocess.run([FAWANG, "migrate", "-v0"], check=True, env=env)
    print("load average before:", os.getloadavg())
    started = time.perf_counter()
    before = os.times()
    subprocess.run(
        [FAWANG, "generate_demo", "--cases", str(args.cases), "--seed", str(args.seed)], check=True, env=env
    )
    wall = time.perf_counter() - started
    after = os.times()
    cpu = after.children_user - before.children_user + after.children_system - before.children_system
    print(f"generate_demo --cases {args.cases}: {wall:.1f} s wall, {args.cases / wall:,.0f} cases/s")
    print(f"  command CPU (user+sys, Python side only): {cpu:.1f} s; load average after: {os.getloadavg()}")
    check = (
        "import random;from fawang.cases.models import Case;"
        "from fawang.demo.province_check import province_history_check as c;"
        "ids=list(Case.objects.values_list('id',flat=True));"
        f"p=c(case_ids=random.Random(1).sample(ids,min({args.sample},len(ids))));"
        "print('sample check:', len(p), 'problems');print(*p[:10],sep='\\n')"
    )
    subprocess.run([FAWANG, "shell", "-c", check], check=True, env=env)
    year = time.gmtime().tm_year - 1
    verify = [
        FAWANG,
        "analytics_verify",
        "--region",
        "500000000000",
        "--from",
        f"{year}-01-01",
        "--to",
        f"{year}-12-31",
    ]
    return subprocess.run(verify, check=False, env=env).returncode


if __name__ == "__main__":
    sys.exit(main())
