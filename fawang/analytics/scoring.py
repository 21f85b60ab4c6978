"""Scorecard arithmetic (考核评估): normalise each metric, weight, total, rank. Pure Python, table-tested.

Per metric, a subject's score in [0, 100]:
* with a target: higher-is-better → min(100, 100·v/target); lower-is-better → 100 when v ≤ target, else
  100·target/v (a target of 0 gives 100 at 0 and 0 above it);
* without a target: min–max across the subjects assessed together, 100·(v−min)/(max−min), reversed for
  lower-is-better; when all subjects have the same value every one scores 100.
A missing value (nothing to measure, e.g. no clocks stopped) scores 0 and is shown as such.
Total = Σ wᵢ·scoreᵢ / Σ wᵢ, rounded half-up to 0.01. Ranks are competition ranks (1, 2, 2, 4) by total;
equal totals are listed by name.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

HUNDRED = Decimal(100)
CENT = Decimal("0.01")


@dataclass(frozen=True)
class Criterion:
    metric: str
    weight: Decimal
    higher_is_better: bool
    target: Decimal | None = None


@dataclass(frozen=True)
class Scored:
    subject: str
    scores: dict[str, Decimal]
    total: Decimal
    rank: int


def _score(value: Decimal | None, c: Criterion, low: Decimal | None, high: Decimal | None) -> Decimal:
    if value is None:
        return Decimal(0)
    if c.target is not None:
        if c.higher_is_better:
            return HUNDRED if c.target <= 0 else min(HUNDRED, HUNDRED * value / c.target)
        if value <= c.target:
            return HUNDRED
        return Decimal(0) if c.target <= 0 else HUNDRED * c.target / value
    if low is None or high is None or high == low:
        return HUNDRED
    share = (value - low) / (high - low)
    return HUNDRED * (share if c.higher_is_better else 1 - share)


def score_subjects(
    values: Mapping[str, Mapping[str, Decimal | None]], criteria: Sequence[Criterion]
) -> list[Scored]:
    """`values[subject][metric]` → scored and ranked subjects (best first)."""
    if not criteria:
        raise ValueError("考核方案至少需要一项指标。")
    if any(c.weight <= 0 for c in criteria):
        raise ValueError("指标权重必须为正数。")
    weight_sum = sum((c.weight for c in criteria), Decimal(0))
    bounds = {}
    for c in criteria:
        present = [v[c.metric] for v in values.values() if v.get(c.metric) is not None]
        bounds[c.metric] = (min(present), max(present)) if present else (None, None)  # type: ignore[type-var]
    rows = []
    for subject, metrics in values.items():
        scores = {
            c.metric: _score(metrics.get(c.metric), c, *bounds[c.metric]).quantize(
                CENT, rounding=ROUND_HALF_UP
            )
            for c in criteria
        }
        total = sum((scores[c.metric] * c.weight for c in criteria), Decimal(0)) / weight_sum
        rows.append((subject, scores, total.quantize(CENT, rounding=ROUND_HALF_UP)))
    rows.sort(key=lambda r: (-r[2], r[0]))
    ranked: list[Scored] = []
    for i, (subject, scores, total) in enumerate(rows):
        rank = ranked[-1].rank if ranked and ranked[-1].total == total else i + 1
        ranked.append(Scored(subject, scores, total, rank))
    return ranked
