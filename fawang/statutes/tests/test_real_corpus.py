"""Optional: the real LawRefBook tree against the reference parse (skipped when ../shared/data is absent)."""

from __future__ import annotations

import gzip
import json
from collections import Counter
from pathlib import Path

import pytest

from fawang.statutes.importers.lawrefbook import lawrefbook_parse

DATA = Path(__file__).resolve().parents[3].parent / "shared" / "data" / "statutes"
pytestmark = pytest.mark.skipif(
    not (DATA / "lawrefbook").is_dir(), reason="../shared/data/statutes not present"
)


def test_current_national_counts_match_the_reference() -> None:
    result = lawrefbook_parse(DATA / "lawrefbook")
    current = [
        i
        for i in result.instruments
        if i.is_current
        and i.status == "in_force"
        and i.level not in ("地方性法规", "其他")
        and any(a.number for a in i.articles)  # the reference leaves out instruments without 第X条
    ]
    reference: Counter[str] = Counter()
    with gzip.open(DATA / "statutes_current.jsonl.gz", "rt", encoding="utf-8") as handle:
        for line in handle:
            reference[json.loads(line)["level"]] += 1
    articles: Counter[str] = Counter()
    for instrument in current:
        articles[instrument.level] += len(instrument.articles)
    # Same-version duplicates are imported once, and 6 articles the reference misses are found, hence "close".
    assert abs(len(current) - 1277) <= 5
    for level, count in reference.items():
        assert abs(articles[level] - count) <= 60, level
