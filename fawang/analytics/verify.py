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
    """Every indicator the summaries serve, computed both ways; the differences (empty when they agree).

    The summary side is computed as the dashboard and `fawang indicators` compute it: all together, each summary
    table read once (analytics/source.py `measure_many`)."""
    from fawang.supervision.indicators import indicator_compute_all

    codes = tuple(sorted(HANDLERS))
    fast = indicator_compute_all(region=region, date_from=date_from, date_to=date_to, codes=codes)
    raw = indicator_compute_all(
        region=region, date_from=date_from, date_to=date_to, codes=codes, reference=True
    )
    return [
        Difference(f.code, f.as_dict(), r.as_dict())
        for f, r in zip(fast, raw, strict=True)
        if f.as_dict() != r.as_dict()
    ]
