"""Sustained intake + search load against gunicorn + PostgreSQL, optionally with faults (issue 8 §7; N1, N2, N11).

    .venv/bin/python bench/load_intake_search.py --duration 600 --clients 8
    .venv/bin/python bench/load_intake_search.py --duration 180 --clients 8 --kill-worker-at 40 --restart-pg-at 100

Starts a private PostgreSQL 15 cluster (port 55432) and gunicorn (2 workers x 4 threads, production settings),
seeds hotline operators with API tokens, then runs `clients` closed-loop virtual users for `duration` seconds:
30 % intake (POST /api/v1/cases/ with an Idempotency-Key), 35 % case search (GET /api/v1/cases/),
35 % statute search page (GET /laws/?q=...). A failed intake (error or no answer) is retried with the SAME key,
as a real client would. Afterwards every acknowledged (201) key is looked up in the database: it must be stored
exactly once, under the reference that was acknowledged. Prints one JSON report.
"""

from __future__ import annotations

import argparse
import json
import random
import sys
import tempfile
import threading
import time
import uuid
from collections import defaultdict
from pathlib import Path
from typing import Any

import requests

sys.path.insert(0, str(Path(__file__).resolve().parent))
from load_harness import Gunicorn, PrivatePostgres, manage, percentile, seed, server_env  # noqa: E402  # bench scripts run as files

QUERIES = ["劳动合同", "工伤", "离婚", "借款", "法律援助", "交通事故", "拖欠工资", "继承"]


class Recorder:
    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.latency: dict[str, list[float]] = defaultdict(list)
        self.errors: dict[str, int] = defaultdict(int)
        self.error_kinds: dict[str, int] = defaultdict(int)
        self.acks: dict[str, str] = {}
        self.gave_up: list[str] = []
        self.timeline: list[tuple[float, str, bool]] = []

    def record(self, kind: str, seconds: float, ok: bool, detail: str, at: float) -> None:
        with self.lock:
            self.latency[kind].append(seconds)
            self.timeline.append((at, kind, ok))
            if not ok:
                self.errors[kind] += 1
                self.error_kinds[detail] += 1


def _call(session: requests.Session, method: str, url: str, **kwargs: Any) -> tuple[int, Any]:
    response = session.request(method, url, timeout=30, **kwargs)
    return response.status_code, response


def _intake(session: requests.Session, base: str, rec: Recorder, start: float) -> None:
    key = uuid.uuid4().hex
    body = {
        "service_type": "consultation",
        "channel": "hotline",
        "title": "来电咨询：" + random.choice(QUERIES),
        "region_code": f"990101{random.randint(1, 5):03d}000",
        "description": "压测工单",
    }
    for attempt in range(12):
        begin = time.monotonic()
        try:
            status, response = _call(
                session, "POST", f"{base}/api/v1/cases/", json=body, headers={"Idempotency-Key": key}
            )
            ok, detail = status == 201, f"http {status}"
        except requests.RequestException as exc:
            ok, detail, response = False, type(exc).__name__, None
        rec.record("intake", time.monotonic() - begin, ok, detail, begin - start)
        if ok and response is not None:
            with rec.lock:
                previous = rec.acks.setdefault(key, response.json()["reference"])
                assert previous == response.json()["reference"]
            return
        time.sleep(min(0.25 * (attempt + 1), 2.0))
    with rec.lock:
        rec.gave_up.append(key)


def _get(session: requests.Session, kind: str, url: str, rec: Recorder, start: float) -> None:
    begin = time.monotonic()
    try:
        status, _ = _call(session, "GET", url)
        ok, detail = status == 200, f"http {status}"
    except requests.RequestException as exc:
        ok, detail = False, type(exc).__name__
    rec.record(kind, time.monotonic() - begin, ok, detail, begin - start)


def client_loop(token: str, base: str, stop_at: float, rec: Recorder, start: float) -> None:
    session = requests.Session()
    session.headers["Authorization"] = f"Token {token}"
    while time.monotonic() < stop_at:
        roll = random.random()
        if roll < 0.30:
            _intake(session, base, rec, start)
        elif roll < 0.65:
            _get(session, "case_search", f"{base}/api/v1/cases/", rec, start)
        else:
            _get(session, "statute_search", f"{base}/laws/?q={random.choice(QUERIES)}", rec, start)


STORED = """
import json
from fawang.cases.models import Case
rows = list(Case.objects.exclude(idempotency_key=None).values_list("idempotency_key", "reference"))
print(json.dumps(rows))
"""


def verify(env: dict[str, str], rec: Recorder) -> dict[str, Any]:
    stored_rows = json.loads(manage(env, "shell", "-c", STORED).strip().splitlines()[-1])
    by_key: dict[str, list[str]] = defaultdict(list)
    for key, reference in stored_rows:
        by_key[key].append(reference)
    acked_missing = [k for k in rec.acks if k not in by_key]
    acked_duplicated = [k for k in rec.acks if len(by_key.get(k, [])) > 1]
    acked_wrong_ref = [k for k, ref in rec.acks.items() if by_key.get(k) and by_key[k][0] != ref]
    unacked_stored = [k for k in by_key if k not in rec.acks]
    return {
        "acknowledged": len(rec.acks),
        "stored_cases_with_keys": len(stored_rows),
        "acknowledged_missing": len(acked_missing),
        "acknowledged_duplicated": len(acked_duplicated),
        "acknowledged_wrong_reference": len(acked_wrong_ref),
        "stored_but_never_acknowledged": len(unacked_stored),
        "client_gave_up": len(rec.gave_up),
    }


def summarise(rec: Recorder, wall: float) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for kind, values in sorted(rec.latency.items()):
        out[kind] = {
            "requests": len(values),
            "errors": rec.errors[kind],
            "error_rate": round(rec.errors[kind] / len(values), 5) if values else 0,
            "rps": round(len(values) / wall, 1),
            "p50_ms": round(percentile(values, 50) * 1000, 1),
            "p95_ms": round(percentile(values, 95) * 1000, 1),
            "p99_ms": round(percentile(values, 99) * 1000, 1),
            "max_ms": round(max(values) * 1000, 1),
        }
    total = sum(len(v) for v in rec.latency.values())
    errors = sum(rec.errors.values())
    all_values = [x for v in rec.latency.values() for x in v]
    out["all"] = {
        "requests": total,
        "errors": errors,
        "error_rate": round(errors / total, 5) if total else 0,
        "rps": round(total / wall, 1),
        "p99_ms": round(percentile(all_values, 99) * 1000, 1),
    }
    out["error_kinds"] = dict(rec.error_kinds)
    return out


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--duration", type=int, default=60)
    parser.add_argument("--clients", type=int, default=8)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--kill-worker-at", type=float, default=None)
    parser.add_argument("--restart-pg-at", type=float, default=None)
    parser.add_argument("--output", type=Path, default=None)
    args = parser.parse_args()

    work = Path(tempfile.mkdtemp(prefix="fawang-bench-"))
    work.chmod(0o755)  # the postgres system user runs the private cluster inside it
    pg = PrivatePostgres(work / "pg")
    pg.init()
    env = server_env(pg.url, work / "var")
    tokens = seed(env, args.clients)
    server = Gunicorn(env, workers=args.workers)
    server.start()
    rec = Recorder()
    faults: list[dict[str, Any]] = []
    start = time.monotonic()
    stop_at = start + args.duration
    threads = [
        threading.Thread(
            target=client_loop,
            args=(tokens[i % len(tokens)], f"http://127.0.0.1:{server.port}", stop_at, rec, start),
        )
        for i in range(args.clients)
    ]
    for thread in threads:
        thread.start()
    try:
        pending = sorted(
            [
                (t, name)
                for t, name in (
                    (args.kill_worker_at, "kill_worker"),
                    (args.restart_pg_at, "restart_postgresql"),
                )
                if t is not None
            ]
        )
        for at, name in pending:
            time.sleep(max(0.0, start + at - time.monotonic()))
            if name == "kill_worker":
                faults.append(
                    {
                        "at_s": round(time.monotonic() - start, 1),
                        "fault": "SIGKILL gunicorn worker",
                        "pid": server.kill_one_worker(),
                    }
                )
            else:
                down = pg.restart()
                faults.append(
                    {
                        "at_s": round(time.monotonic() - start, 1),
                        "fault": "PostgreSQL fast restart",
                        "restart_s": round(down, 2),
                    }
                )
        for thread in threads:
            thread.join()
        wall = time.monotonic() - start
        report = {
            "date": time.strftime("%Y-%m-%d %H:%M"),
            "machine": "python-svc, 2 cores (shared with other engineers' test runs: timings are noisy)",
            "setup": f"gunicorn {args.workers} workers x 4 threads, prod settings, private PostgreSQL 15; {args.clients} closed-loop clients",
            "duration_s": round(wall, 1),
            "faults": faults,
            "latency": summarise(rec, wall),
            "exactly_once": verify(env, rec),
        }
    finally:
        server.stop()
        pg.stop()
    text = json.dumps(report, ensure_ascii=False, indent=2)
    print(text)
    if args.output:
        args.output.write_text(text, encoding="utf-8")


if __name__ == "__main__":
    main()
