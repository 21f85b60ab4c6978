"""Contract review engine timing (J10): milliseconds per review for each contract type, on the HTTP tests' sample
lease repeated to a typical contract length (about 5,000 characters) and to the longest text accepted (50,000).
Pure engine, no database. Prints one JSON object; a run takes about a second.

    .venv/bin/python bench/contract_review.py --repeat 5
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import time
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from fawang.contract_review.engine.review import MAX_CHARS, review  # noqa: E402
from fawang.contract_review.rules import ORDER  # noqa: E402
from fawang.contract_review.tests.samples import LEASE  # noqa: E402

TODAY = date(2026, 6, 1)


def _ms_per_review(text: str, key: str, repeat: int) -> float:
    runs = []
    for _ in range(repeat):
        started = time.perf_counter()
        review(text=text, contract_type=key, on=None, today=TODAY)
        runs.append((time.perf_counter() - started) * 1000)
    return round(statistics.median(runs), 2)


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--repeat", type=int, default=5, help="runs per type and length (median reported)")
    args = parser.parse_args()
    lengths = {"typical": 5_000, "longest": MAX_CHARS}
    result: dict[str, dict[str, float]] = {}
    for name, length in lengths.items():
        text = (LEASE * (length // len(LEASE) + 1))[:length]
        result[name] = {key: _ms_per_review(text, key, args.repeat) for key in ORDER}
    print(json.dumps({"ms_per_review": result, "chars": lengths}, ensure_ascii=False, indent=1))


if __name__ == "__main__":
    main()
