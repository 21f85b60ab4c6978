"""End-to-end benchmark of the batch commands (issue 3 §6, J3): the real command path, not the engine.

1. A throwaway data directory (FAWANG_DATA_DIR, SQLITE_NAME) gets a fresh database:
   `fawang migrate`, then `fawang import_statutes --lawrefbook ../shared/data/statutes/lawrefbook`.
2. `fawang search_statutes --jsonl --top 100` reads stard_dev questions (id + question only) on stdin; the labels
   never leave this script. Scored by Recall@1/5/10/100 and MRR, as bench/search_eval.py scores the engine.
   Per-query time is the gap between consecutive output lines (the command flushes each line); total time is
   the wall time of the command including start-up and loading the index.
3. `fawang classify_questions --jsonl` on category_train.jsonl (questions only): accuracy.

Nothing here imports the engine. Usage:

    .venv/bin/python bench/search_command_eval.py [--data-dir DIR] [--keep] [--skip-import]

Prints one JSON object. Exits 0 with a note when ../shared/data is absent.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Sequence
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT.parent / "shared" / "data"
FAWANG = ROOT / ".venv" / "bin" / "fawang"
KS = (1, 5, 10, 100)


def _env(data_dir: Path) -> dict[str, str]:
    env = dict(os.environ)
    env.pop("DATABASE_URL", None)  # always the throwaway SQLite file
    env.update(
        FAWANG_DATA_DIR=str(data_dir),
        SQLITE_NAME="bench.sqlite3",
        DJANGO_SETTINGS_MODULE="fawang.config.settings.dev",
        DEBUG="False",
        LOG_LEVEL="WARNING",
    )
    return env


def _fawang() -> list[str]:
    return [str(FAWANG)] if FAWANG.exists() else [sys.executable, "-m", "fawang"]


def _run(args: Sequence[str], env: dict[str, str]) -> float:
    started = time.monotonic()
    subprocess.run(  # noqa: S603  # our own command, fixed arguments
        [*_fawang(), *args], env=env, cwd=ROOT, check=True, stdout=subprocess.DEVNULL
    )
    return time.monotonic() - started


def _stream(
    args: Sequence[str], env: dict[str, str], lines: Sequence[str]
) -> tuple[list[dict[str, Any]], list[float], float]:
    """Run a batch command, feeding `lines` on stdin; return outputs, arrival times (s from start), wall time."""
    with tempfile.TemporaryFile("w+", encoding="utf-8") as stdin:
        stdin.write("\n".join(lines) + "\n")
        stdin.seek(0)
        started = time.monotonic()
        proc = subprocess.Popen(  # noqa: S603  # our own command, fixed arguments
            [*_fawang(), *args],
            env=env,
            cwd=ROOT,
            stdin=stdin,
            stdout=subprocess.PIPE,
            text=True,
            encoding="utf-8",
        )
        assert proc.stdout is not None
        outputs: list[dict[str, Any]] = []
        arrivals: list[float] = []
        for raw in proc.stdout:
            arrivals.append(time.monotonic() - started)
            outputs.append(json.loads(raw))
        if proc.wait() != 0:
            raise SystemExit(f"{' '.join(args)} failed with exit code {proc.returncode}")
        return outputs, arrivals, time.monotonic() - started


def _percentile(values: Sequence[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(q * (len(ordered) - 1))))]


def _retrieval(env: dict[str, str]) -> dict[str, object]:
    rows = [
        json.loads(line)
        for line in (DATA / "eval" / "stard_dev.jsonl").read_text("utf-8").splitlines()
        if line
    ]
    lines = [json.dumps({"id": r["id"], "question": r["question"]}, ensure_ascii=False) for r in rows]
    outputs, arrivals, wall = _stream(["search_statutes", "--jsonl", "--top", "100"], env, lines)
    by_id = {o["id"]: o for o in outputs}
    recalls: dict[int, list[float]] = {k: [] for k in KS}
    reciprocal: list[float] = []
    errors = 0
    for r in rows:
        gold = {(lab["law"], lab["article"]) for lab in r["labels"]}
        out = by_id.get(r["id"], {})
        if "error" in out or "results" not in out:
            errors += 1
        ranked = [(x["law"], x["article"]) for x in out.get("results", [])]
        for k in KS:
            recalls[k].append(len(gold & set(ranked[:k])) / len(gold))
        reciprocal.append(next((1.0 / (i + 1) for i, key in enumerate(ranked) if key in gold), 0.0))
    gaps = [b - a for a, b in zip(arrivals, arrivals[1:], strict=False)]
    return {
        "questions": len(rows),
        "errors": errors,
        **{f"recall@{k}": round(statistics.fmean(v), 4) for k, v in recalls.items()},
        "mrr": round(statistics.fmean(reciprocal), 4),
        "first_result_s": round(arrivals[0], 2) if arrivals else None,
        "per_query_ms_p50": round(1000 * statistics.median(gaps), 2) if gaps else None,
        "per_query_ms_p95": round(1000 * _percentile(gaps, 0.95), 2) if gaps else None,
        "per_query_ms_mean_after_first": round(1000 * statistics.fmean(gaps), 2) if gaps else None,
        "total_s": round(wall, 2),
    }


def _classification(env: dict[str, str]) -> dict[str, object]:
    rows = [
        json.loads(line)
        for line in (DATA / "eval" / "category_train.jsonl").read_text("utf-8").splitlines()
        if line
    ]
    lines = [json.dumps({"id": r["id"], "question": r["question"]}, ensure_ascii=False) for r in rows]
    # The supervised model would be fitted on these very rows (in-sample); score the command without it here.
    # Its held-out accuracy is bench/classify_eval.py's cross-validation.
    env = {**env, "FAWANG_CATEGORY_TRAINING_FILE": ""}
    outputs, arrivals, wall = _stream(["classify_questions", "--jsonl"], env, lines)
    by_id = {o["id"]: o.get("category") for o in outputs}
    correct = sum(1 for r in rows if by_id.get(r["id"]) == r["category"])
    gaps = [b - a for a, b in zip(arrivals, arrivals[1:], strict=False)]
    return {
        "questions": len(rows),
        "accuracy": round(correct / len(rows), 4),
        "per_query_ms_p50": round(1000 * statistics.median(gaps), 2) if gaps else None,
        "total_s": round(wall, 2),
    }


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--data-dir", type=Path, default=None, help="reuse this data directory (default: a new temp dir)"
    )
    parser.add_argument("--keep", action="store_true", help="keep the temp data directory")
    parser.add_argument(
        "--skip-import", action="store_true", help="the data directory already holds the import"
    )
    args = parser.parse_args()
    lawrefbook = DATA / "statutes" / "lawrefbook"
    if not (DATA / "eval" / "stard_dev.jsonl").exists() or not lawrefbook.exists():
        print(json.dumps({"skipped": f"{DATA} is absent"}))
        return 0
    data_dir = args.data_dir or Path(tempfile.mkdtemp(prefix="fawang-bench-"))
    data_dir.mkdir(parents=True, exist_ok=True)
    env = _env(data_dir)
    result: dict[str, object] = {"data_dir": str(data_dir)}
    try:
        if not args.skip_import:
            result["migrate_s"] = round(_run(["migrate", "-v", "0"], env), 1)
            result["import_s"] = round(
                _run(["import_statutes", "--lawrefbook", str(lawrefbook), "--no-progress"], env), 1
            )
        cache = data_dir / "search-cache"
        result["index_cached_before_search"] = cache.exists() and any(cache.iterdir())
        result["search"] = _retrieval(env)
        result["search_second_run"] = {  # start-up with the disk cache written by the first run
            k: v for k, v in _retrieval(env).items() if k in ("first_result_s", "per_query_ms_p95", "total_s")
        }
        result["classify"] = _classification(env)
    finally:
        if args.data_dir is None and not args.keep:
            shutil.rmtree(data_dir, ignore_errors=True)
    print(json.dumps(result, ensure_ascii=False, indent=2))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
