"""Property-based fuzzing of the whole OpenAPI schema against a live server (issue 4, issue 8 §7): schemathesis
generates requests for every operation, signed in with each demo persona's API token (and once anonymously), and
the `not_a_server_error` check fails on any 5xx.

    .venv/bin/python bench/fuzz_api.py --max-examples 25                      # fresh SQLite demo database
    .venv/bin/python bench/fuzz_api.py --database postgres --max-examples 25  # fresh PostgreSQL db fawang_fuzz
    .venv/bin/python bench/fuzz_api.py --deep --personas admin,citizen        # path parameters pinned to records
    .venv/bin/python bench/fuzz_api.py --summarise /tmp/fawang-fuzz-XXXX      # figures of a run stopped early

Builds a fresh demo county (`generate_demo`: every role's demo account, the service network and historic cases
made through the real services), serves it with gunicorn and the production settings on a free loopback port, then
fuzzes as each persona. Every request and response is recorded (schemathesis HAR report) so the summary counts
requests and 5xx exactly; the server log's tracebacks are printed so each error can be traced to its line.
Prints a JSON summary; exit status 1 on any 5xx or traceback.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import socket
import subprocess
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))
from load_harness import ROOT, Gunicorn, manage, server_env  # noqa: E402  # bench scripts run as files

PERSONAS = (
    "citizen",
    "hotline",
    "clerk",
    "reviewer",
    "lawyer",
    "mediator",
    "notary",
    "appraiser",
    "adviser",
    "supervisor",
    "inspector",
    "admin",
)
ANONYMOUS = "anonymous"
# Operations behind the sign-in, SMS and reveal rate limits (raised in --deep so their bodies get fuzzed).
_LIMITED = "|^/api/v1/portal/(register|sms-codes|token)/|^/api/v1/security/reveal/"
POSTGRES_URL = "postgres://postgres@127.0.0.1:5432/fawang_fuzz"

TOKENS = """
import json
from rest_framework.authtoken.models import Token
from fawang.accounts.models import User
names = NAMES
print(json.dumps({n: Token.objects.get_or_create(user=User.objects.get(username=n))[0].key for n in names}))
"""


# --deep: real identifiers for the path parameters (otherwise nearly every generated reference is a 404 and the
# body and query of those operations are never reached), found in the demo database for each persona.
IDENTIFIERS = """
import json
from fawang.accounts.models import User
from fawang.cases.models import Case
found = {}
def first(label, rows, attr="reference"):
    try:
        row = rows.first()
        if row is not None:
            found[label] = getattr(row, attr)
    except Exception:  # noqa: BLE001  # a module without such rows: that path keeps being generated
        pass
for kind in ("consultation", "legal_aid", "mediation", "notary", "appraisal"):
    first(kind, Case.objects.filter(service_type=kind, region__code__startswith="5002").order_by("-pk"))
citizen = User.objects.get(username="citizen")
first("citizen_case", Case.objects.filter(requester_user=citizen).order_by("-pk"))
from fawang.hotline.models import Call, Callback
first("call_ref", Call.objects.order_by("-pk"), "call_ref")
first("callback_id", Callback.objects.order_by("-pk"), "pk")
from fawang.analytics.models import ScorecardRun
first("scorecard_run", ScorecardRun.objects.order_by("-pk"), "pk")
from fawang.portal.apply.services import draft_open
try:
    found["draft_token"] = draft_open(actor=citizen, service="mediation").token
except Exception:  # noqa: BLE001
    pass
print(json.dumps(found, default=str))
"""

# Path prefix -> (parameter, identifier found above).
DEEP_PATHS = (
    ("/api/v1/cases/", "reference", "consultation"),
    ("/api/v1/legal-aid/applications/", "reference", "legal_aid"),
    ("/api/v1/mediation/applications/", "reference", "mediation"),
    ("/api/v1/notary/applications/", "reference", "notary"),
    ("/api/v1/appraisal/commissions/", "reference", "appraisal"),
    ("/api/v1/me/cases/", "reference", "citizen_case"),
    ("/api/v1/hotline/calls/", "call_ref", "call_ref"),
    ("/api/v1/hotline/callbacks/", "callback_id", "callback_id"),
    ("/api/v1/analytics/scorecards/runs/", "id", "scorecard_run"),
    ("/api/v1/portal/drafts/", "token", "draft_token"),
)


def deep_config(work: Path, found: dict[str, Any]) -> Path:
    """A schemathesis config pinning each path parameter to a real record; the rest is still generated."""
    blocks = []
    for prefix, parameter, key in DEEP_PATHS:
        if key in found:
            blocks.append(
                f"[[operations]]\ninclude-path-regex = '^{re.escape(prefix)}'\n"
                f'parameters = {{ "path.{parameter}" = {json.dumps(found[key])} }}\n'
            )
    config = work / "schemathesis.toml"
    config.write_text("\n".join(blocks), encoding="utf-8")
    return config


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
        return port


def fresh_postgres(url: str) -> None:
    """Drop and recreate the fuzz database on the shared server (it holds nothing but fuzz data)."""
    name = url.rsplit("/", 1)[1]
    if not name.startswith("fawang_fuzz"):
        raise SystemExit("refusing to drop a database whose name does not start with fawang_fuzz")
    for tool in ("dropdb", "createdb"):
        args = [tool, "-h", "127.0.0.1", "-U", "postgres", name]
        if tool == "dropdb":
            args.insert(1, "--if-exists")
        subprocess.run(args, check=True)  # noqa: S603  # fixed tools, our own arguments


def har_statuses(har: Path) -> tuple[Counter[int], list[str]]:
    """Status counts of every recorded response, and 'METHOD path -> status' for each 5xx."""
    if not har.exists():
        return Counter(), []
    entries = json.loads(har.read_text(encoding="utf-8")).get("log", {}).get("entries", [])
    statuses: Counter[int] = Counter()
    errors = []
    for entry in entries:
        status = int(entry.get("response", {}).get("status", 0))
        statuses[status] += 1
        if status >= 500:
            request = entry.get("request", {})
            errors.append(f"{request.get('method')} {request.get('url')} -> {status}")
    return statuses, errors


def fuzz(base: str, token: str | None, args: argparse.Namespace, work: Path, persona: str) -> dict[str, Any]:
    junit, har = work / f"junit-{persona}.xml", work / f"requests-{persona}.har"
    command = [
        str(ROOT / ".venv" / "bin" / "schemathesis"),
        *(["--config-file", str(args.config)] if args.config else []),
        "run",
        f"{base}/api/schema/",
        "--checks",
        "not_a_server_error",
        "--max-examples",
        str(args.max_examples),
        "--seed",
        str(args.seed),
        "--workers",
        "1",
        "--request-timeout",
        "30",
        "--report",
        "junit,har",
        "--report-junit-path",
        str(junit),
        "--report-har-path",
        str(har),
        "--no-color",
    ]
    if args.deep:
        command += ["--include-path-regex", "|".join(f"^{re.escape(p)}" for p, _, _ in DEEP_PATHS) + _LIMITED]
    if token is not None:
        command += ["-H", f"Authorization: Token {token}"]
    begin = time.monotonic()
    result = subprocess.run(command, capture_output=True, text=True, check=False)  # noqa: S603  # our own tool
    output = result.stdout + result.stderr
    (work / f"schemathesis-{persona}.log").write_text(output, encoding="utf-8")
    outcome = persona_result(work, persona)
    outcome.update(exit_code=result.returncode, seconds=round(time.monotonic() - begin, 1))
    (work / f"result-{persona}.json").write_text(json.dumps(outcome), encoding="utf-8")
    return outcome


def persona_result(work: Path, persona: str) -> dict[str, Any]:
    """Counts from the JUnit and HAR reports schemathesis wrote for one persona."""
    junit, har = work / f"junit-{persona}.xml", work / f"requests-{persona}.har"
    report = junit.read_text(encoding="utf-8") if junit.exists() else ""
    statuses, errors = har_statuses(har)
    return {
        "operations": len(re.findall(r"<testcase ", report)),
        "failed_operations": len(re.findall(r"<failure", report)),
        "requests": sum(statuses.values()),
        "server_errors": sum(n for s, n in statuses.items() if s >= 500),
        "statuses": {str(s): n for s, n in sorted(statuses.items())},
        "server_error_requests": errors[:20],
    }


def tracebacks(log: Path) -> list[str]:
    """The exception and innermost project frame of each traceback logged at ERROR (a 500 or a worker crash).
    Tracebacks under WARNING records are refused requests (e.g. DRF's 400 for an unparsable body), not errors."""
    text = log.read_text(encoding="utf-8", errors="replace") if log.exists() else ""
    found, level_error, frame = [], False, "?"
    for line in text.splitlines():
        if re.match(r"^(\d{4}-\d{2}-\d{2} |\[\d{4}-)", line):
            level_error = " ERROR " in line or "[ERROR]" in line
        elif level_error and line.strip().startswith('File "') and "/site-packages/" not in line:
            frame = line.strip()
        elif level_error and re.match(r"^[A-Za-z_][\w.]*(Error|Exception|Warning)\b", line):
            found.append(f"{line.strip()[:200]} at {frame}")
            frame = "?"
    return found


def summary(work: Path, results: dict[str, dict[str, Any]], **extra: Any) -> dict[str, Any]:
    errors = tracebacks(work / "gunicorn.log")
    return {
        "date": time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime()),
        **extra,
        "load_average": os.getloadavg(),
        "work_dir": str(work),
        "operations": max((r["operations"] for r in results.values()), default=0),
        "requests": sum(r["requests"] for r in results.values()),
        "server_errors": sum(r["server_errors"] for r in results.values()),
        "server_log_tracebacks": len(errors),
        "tracebacks": sorted(Counter(errors).items(), key=lambda item: -item[1]),
        "runs": results,
    }


def summarise(work: Path) -> None:
    """Summarise a run that was stopped early: the personas whose reports schemathesis finished writing."""
    personas = [p.stem.removeprefix("junit-") for p in sorted(work.glob("junit-*.xml")) if p.stat().st_size]
    report = summary(work, {p: persona_result(work, p) for p in personas}, interrupted=True)
    print(json.dumps(report, ensure_ascii=False, indent=2))
    raise SystemExit(0 if report["server_errors"] == 0 and not report["server_log_tracebacks"] else 1)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--summarise", type=Path, help="only summarise the work directory of a stopped run")
    parser.add_argument("--max-examples", type=int, default=25)
    parser.add_argument("--seed", type=int, default=2026)
    parser.add_argument("--database", choices=("sqlite", "postgres"), default="sqlite")
    parser.add_argument(
        "--database-url", default=POSTGRES_URL, help="with --database postgres (dropped first)"
    )
    parser.add_argument("--cases", type=int, default=60, help="historic demo cases to generate")
    parser.add_argument("--personas", default=",".join((*PERSONAS, ANONYMOUS)))
    parser.add_argument(
        "--deep",
        action="store_true",
        help="only the operations with path parameters (pinned to real demo records) or behind rate limits, "
        "with the rate limits raised",
    )
    args = parser.parse_args()
    if args.summarise is not None:
        summarise(args.summarise)
    personas = [p for p in args.personas.split(",") if p]
    work = Path(tempfile.mkdtemp(prefix="fawang-fuzz-"))
    work.chmod(0o755)
    if args.database == "postgres":
        fresh_postgres(args.database_url)
        env = server_env(args.database_url, work / "var")
    else:
        env = server_env("", work / "var")
        env.pop("DATABASE_URL")  # SQLite in FAWANG_DATA_DIR
    if args.deep:
        for scope in ("LOGIN", "SMS", "REVEAL", "SEARCH", "INTAKE"):
            env[f"FAWANG_RATE_LIMIT_{scope}"] = "1000000/m"
    # A configured CTI secret: unsigned webhook calls are then refused with 401 instead of the 503 "not configured".
    env["HOTLINE_WEBHOOK_SECRET"] = "fuzz-webhook-secret"  # noqa: S105  # throw-away bench value
    begin = time.monotonic()
    manage(env, "migrate", "--noinput", "-v0")
    manage(env, "generate_demo", "--cases", str(args.cases))
    names = [p for p in personas if p != ANONYMOUS]
    tokens: dict[str, str] = json.loads(
        manage(env, "shell", "-c", TOKENS.replace("NAMES", repr(names))).strip().splitlines()[-1]
    )
    args.config = None
    if args.deep:
        found = json.loads(manage(env, "shell", "-c", IDENTIFIERS).strip().splitlines()[-1])
        args.config = deep_config(work, found)
    setup_seconds = round(time.monotonic() - begin, 1)
    log = work / "gunicorn.log"
    server = Gunicorn(env, port=free_port(), log=log)
    server.start()
    try:
        base = f"http://127.0.0.1:{server.port}"
        results = {p: fuzz(base, tokens.get(p), args, work, p) for p in personas}
    finally:
        server.stop()
    report = summary(
        work,
        results,
        database=args.database,
        max_examples=args.max_examples,
        deep=args.deep,
        seed=args.seed,
        setup_seconds=setup_seconds,
    )
    (work / "summary.json").write_text(json.dumps(report, ensure_ascii=False, indent=2), encoding="utf-8")
    print(json.dumps(report, ensure_ascii=False, indent=2))
    clean = report["server_errors"] == 0 and not report["server_log_tracebacks"]
    raise SystemExit(0 if clean and all(r["exit_code"] == 0 for r in results.values()) else 1)


if __name__ == "__main__":
    main()
