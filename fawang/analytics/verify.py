"""Summaries against raw rows (issue 7 §8: "the same numbers from precomputed summaries and from the raw rows")."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from fawang.analytics.source import HANDLERS
from fawang.regions.models import Region


@dataclass(frozen=True)
class Difference:
    code: str
    summary: object
    raw: object


def summaries_verify(*, region: Region, date_from: date, date_to: date) -> list[Difference]:
    """Every indicator the summaries serve, computed both ways; the differences (empty when they agree)."""
    from fawang.supervision.indicators import indicator_compute

    differences = []
    for code in sorted(HANDLERS):
        fast = indicator_compute(code=code, region=region, date_from=date_from, date_to=date_to)
        raw = indicator_compute(
            code=code, region=region, date_from=date_from, date_to=date_to, reference=True
        )
        if fast.as_dict() != raw.as_dict():
            differences.append(Difference(code, fast.as_dict(), raw.as_dict()))
    return differences
