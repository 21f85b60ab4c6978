"""Property-based fuzzing of the whole OpenAPI schema against a live server (issue 8 §7): schemathesis generates
requests for every operation, signed in with an API token, and the `not_a_server_error` check fails on any 5xx.

    .venv/bin/python bench/fuzz_api.py --max-examples 100

Starts the same private PostgreSQL + gunicorn (production settings) as the load bench, seeds an administrator and a
citizen with tokens and a few cases, then fuzzes as each of them. Prints a JSON summary; exit status 1 on any 5xx.
"""

from __future__ import annotations

import argparse
import json
import re
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))
from load_harness import ROOT, Gunicorn, PrivatePostgres, manage, seed, server_env  # noqa: E402  # bench scripts run as files

SEED_ROLES = """
import json
from rest_framework.authtoken.models import Token
from fawang.accounts.models import User
from fawang.accounts.roles import Role
from fawang.accounts.services import role_grant, system_actor
from fawang.cases.services import case_create
from fawang.regions.models import Region
county = Region.objects.get(code="990101000000")
admin, _ = User.objects.get_or_create(username="fuzz_admin")
role_grant(actor=system_actor(), user=admin, role=Role.ADMIN, region=county)
citizen, _ = User.objects.get_or_create(username="fuzz_citizen")
role_grant(actor=system_actor(), user=citizen, role=Role.CITIZEN)
for i in range(3):
    case_create(actor=admin, service_type="consultation", channel="hotline", title=f"模糊测试{i}", region=county, requester_user=citizen)
print(json.dumps({"admin": Token.objects.get_or_create(user=admin)[0].key, "citizen": Token.objects.get_or_create(user=citizen)[0].key}))
"""


def fuzz(base: str, token: str, max_examples: int, report: Path) -> dict[str, Any]:
    command = [
        str(ROOT / ".venv" / "bin" / "schemathesis"),
        "run",
        f"{base}/api/schema/",
        "-H",
        f"Authorization: Token {token}",
        "--checks",
        "not_a_server_error",
        "--max-examples",
        str(max_examples),
        "--request-timeout",
        "30",
        "--report",
        "junit",
        "--report-junit-path",
        str(report),
        "--no-color",
    ]
    begin = time.monotonic()
    result = subprocess.run(command, capture_output=True, text=True, check=False)  # noqa: S603  # our own tool
    output = result.stdout + result.stderr
    junit = report.read_text(encoding="utf-8") if report.exists() else ""
    return {
        "exit_code": result.returncode,
        "seconds": round(time.monotonic() - begin, 1),
        "operations": len(re.findall(r"<testcase ", junit)),
        "failed_operations": len(re.findall(r"<failure", junit)),
        "server_errors_mentioned": len(re.findall(r"Server error", output)),
        "summary": [
            line
            for line in output.splitlines()
            if re.search(r"(passed|failed|errored|Server error|test cases|operations|N/A)", line)
        ][-12:],
    }


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--max-examples", type=int, default=50)
    args = parser.parse_args()
    work = Path(tempfile.mkdtemp(prefix="fawang-fuzz-"))
    work.chmod(0o755)
    pg = PrivatePostgres(work / "pg")
    pg.init()
    server = None
    try:
        env = server_env(pg.url, work / "var")
        seed(env, 1)
        tokens = json.loads(manage(env, "shell", "-c", SEED_ROLES).strip().splitlines()[-1])
        server = Gunicorn(env, log=work / "gunicorn.log")
        server.start()
        results = {
            persona: fuzz(
                f"http://127.0.0.1:{server.port}", token, args.max_examples, work / f"junit-{persona}.xml"
            )
            for persona, token in tokens.items()
        }
    finally:
        if server is not None:
            server.stop()
        pg.stop()
    report = {
        "date": time.strftime("%Y-%m-%d %H:%M"),
        "max_examples": args.max_examples,
        "runs": results,
        "server_log_tracebacks": Path(work / "gunicorn.log")
        .read_text(encoding="utf-8", errors="replace")
        .count("Traceback"),
    }
    print(json.dumps(report, ensure_ascii=False, indent=2))
    raise SystemExit(
        0 if all(r["failed_operations"] == 0 and r["exit_code"] == 0 for r in results.values()) else 1
    )


if __name__ == "__main__":
    main()
