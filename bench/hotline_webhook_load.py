"""Load on the 12348 call-centre webhook: signed events per second through a real server, with latency percentiles.

    .venv/bin/python bench/hotline_webhook_load.py --spawn [--database-url postgres://…] [--calls 400] [--concurrency 8]
    .venv/bin/python bench/hotline_webhook_load.py --url http://127.0.0.1:8000 --secret S --centre CODE

--spawn migrates a throw-away database (SQLite in a temporary directory unless --database-url is given), creates one
hotline centre, and serves it with gunicorn (2 workers, the production WSGI entry point). Each simulated call posts
five events in order (queued, ringing, answered, ended, rating); calls run concurrently. Every event is accepted once
(202) or the run fails. Prints JSON: events/s, p50/p95/p99 latency in ms, status counts.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from collections import Counter
from concurrent.futures import ThreadPoolExecutor
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from fawang.hotline.signing import headers_for  # noqa: E402  # after the path tweak

SETUP = """
import django; django.setup()
from fawang.regions.models import Region
from fawang.directory.models import Site
from fawang.hotline.models import HotlineCentre
from fawang.accounts.services import system_actor
from fawang.hotline.services.seats import centre_ensure
region, _ = Region.objects.get_or_create(code="990101000000", defaults={"name": "基准县", "level": 3})
site, _ = Site.objects.get_or_create(kind="hotline", name="基准12348", region=region)
centre_ensure(actor=system_actor(), site=site, code="BENCH", seats=8)
"""


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _spawn(database_url: str | None, secret: str) -> tuple[subprocess.Popen[bytes], str, Path]:
    data_dir = Path(tempfile.mkdtemp(prefix="fawang-bench-"))
    env = dict(
        os.environ,
        FAWANG_DATA_DIR=str(data_dir),
        HOTLINE_WEBHOOK_SECRET=secret,
        LOG_LEVEL="WARNING",
        DEBUG="False",
        DJANGO_SETTINGS_MODULE="fawang.config.settings.dev",
    )
    if database_url:
        env["DATABASE_URL"] = database_url
    python = str(ROOT / ".venv/bin/python")
    subprocess.run([python, "-m", "fawang", "migrate", "--noinput", "-v0"], check=True, env=env, cwd=ROOT)  # noqa: S603
    subprocess.run([python, "-c", SETUP], check=True, env=env, cwd=ROOT)  # noqa: S603
    port = _free_port()
    server = subprocess.Popen(  # noqa: S603
        [
            str(ROOT / ".venv/bin/gunicorn"),
            "fawang.config.wsgi",
            "-w",
            "2",
            "-b",
            f"127.0.0.1:{port}",
            "--log-level",
            "warning",
        ],
        env=env,
        cwd=ROOT,
    )
    url = f"http://127.0.0.1:{port}"
    for _ in range(100):
        try:
            urllib.request.urlopen(f"{url}/healthz", timeout=1)  # noqa: S310
            break
        except OSError:
            time.sleep(0.2)
    return server, url, data_dir


def _post(url: str, secret: str, event: dict[str, Any]) -> tuple[int, float]:
    body = json.dumps(event).encode()
    request = urllib.request.Request(  # noqa: S310
        f"{url}/api/v1/hotline/events",
        data=body,
        method="POST",
        headers={
            "Content-Type": "application/json",
            **headers_for(secret=secret, body=body, now=time.time()),
        },
    )
    started = time.perf_counter()
    try:
        with urllib.request.urlopen(request, timeout=30) as response:  # noqa: S310
            status = response.status
    except urllib.error.HTTPError as exc:
        status = exc.code
    return status, (time.perf_counter() - started) * 1000


def _call(url: str, secret: str, centre: str, n: int, run: str) -> list[tuple[int, float]]:
    start = datetime.now(UTC) - timedelta(
        minutes=30
    )  # bench harness: wall clock is what the server checks against
    steps = [
        ("queued", 0, {"caller": f"138{n:08d}"}),
        ("ringing", 3, {"seat": f"S0{n % 8 + 1}"}),
        ("answered", 8, {"seat": f"S0{n % 8 + 1}"}),
        ("ended", 200, {"by": "caller"}),
        ("rating", 210, {"key": "1"}),
    ]
    out = []
    for kind, offset, data in steps:
        event = {
            "event_id": f"{run}-{n}-{kind}",
            "type": kind,
            "call_id": f"{run}-{n}",
            "centre": centre,
            "occurred_at": (start + timedelta(seconds=offset)).isoformat(),
            "data": data,
        }
        out.append(_post(url, secret, event))
    return out


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--url")
    parser.add_argument("--spawn", action="store_true")
    parser.add_argument("--database-url")
    parser.add_argument("--secret", default="bench-secret")
    parser.add_argument("--centre", default="BENCH")
    parser.add_argument("--calls", type=int, default=400)
    parser.add_argument("--concurrency", type=int, default=8)
    args = parser.parse_args()
    if not args.url and not args.spawn:
        parser.error("give --url or --spawn")
    server = data_dir = None
    url = args.url
    if args.spawn:
        server, url, data_dir = _spawn(args.database_url, args.secret)
    try:
        run = f"B{int(time.time())}"
        _call(url, args.secret, args.centre, -1, run + "w")  # warm-up (imports, connections)
        started = time.perf_counter()
        with ThreadPoolExecutor(args.concurrency) as pool:
            results = [
                r
                for call in pool.map(
                    lambda n: _call(url, args.secret, args.centre, n, run), range(args.calls)
                )
                for r in call
            ]
        elapsed = time.perf_counter() - started
    finally:
        if server is not None:
            server.terminate()
            server.wait(timeout=20)
        if data_dir is not None:
            shutil.rmtree(data_dir, ignore_errors=True)
    latencies = sorted(ms for _, ms in results)
    statuses = Counter(status for status, _ in results)
    quantiles = statistics.quantiles(latencies, n=100)
    print(
        json.dumps(
            {
                "events": len(results),
                "calls": args.calls,
                "concurrency": args.concurrency,
                "seconds": round(elapsed, 2),
                "events_per_second": round(len(results) / elapsed, 1),
                "p50_ms": round(quantiles[49], 1),
                "p95_ms": round(quantiles[94], 1),
                "p99_ms": round(quantiles[98], 1),
                "max_ms": round(latencies[-1], 1),
                "statuses": dict(statuses),
                "database": "postgresql" if args.database_url else ("sqlite" if args.spawn else "server"),
            },
            indent=2,
        )
    )
    if statuses != Counter({202: len(results)}):
        sys.exit("not every event was accepted exactly once")


if __name__ == "__main__":
    main()
