"""Small-cell suppression for anything that leaves the system (K6; 个人信息保护法 Art.51).

A count from 1 to k-1 is never published; a rate whose denominator is below k is not published either. In a
table whose total is published, one suppressed cell could be recovered by subtraction, so the next smallest cell
is suppressed with it (complementary suppression). Zero is published: it reveals no one.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from fawang.supervision.indicators import UNIT_LABELS, IndicatorValue, Unit


@dataclass(frozen=True)
class PublicCell:
    label: str
    display: str
    suppressed: bool


def _small(n: int | None, k: int) -> bool:
    return n is not None and 0 < n < k


def _fmt(value: Decimal | None, unit: Unit) -> str:
    if value is None:
        return "—"
    if unit is Unit.PERCENT:
        return f"{value}%"
    return str(value)


def suppress_breakdown(cells: list[tuple[str, int]], k: int) -> list[PublicCell]:
    hidden = {i for i, (_, n) in enumerate(cells) if _small(n, k)}
    if len(hidden) == 1:
        candidates = [(n, i) for i, (_, n) in enumerate(cells) if i not in hidden and n > 0]
        if candidates:
            hidden.add(min(candidates)[1])
    return [
        PublicCell(label, f"<{k}" if i in hidden else str(n), i in hidden)
        for i, (label, n) in enumerate(cells)
    ]


def suppress_value(value: IndicatorValue, k: int) -> dict[str, object]:
    """The public form of one indicator value: display strings only, never raw small counts."""
    if not value.available:
        display, suppressed = "暂无数据", False
    elif value.unit is Unit.PERCENT:
        suppressed = _small(value.denominator, k)
        display = f"样本不足{k}" if suppressed else _fmt(value.value, value.unit)
    elif value.unit is Unit.PER_10K:
        suppressed = _small(value.numerator, k)
        display = f"<{k}人" if suppressed else _fmt(value.value, value.unit)
    else:
        suppressed = _small(value.numerator, k)
        display = f"<{k}" if suppressed else _fmt(value.value, value.unit)
    breakdown: list[dict[str, object]] = []
    if value.breakdown and not suppressed:
        cells = suppress_breakdown([(label, n) for _, label, n in value.breakdown], k)
        breakdown = [{"label": c.label, "display": c.display, "suppressed": c.suppressed} for c in cells]
    return {
        "code": value.code,
        "name": value.name,
        "unit": UNIT_LABELS[value.unit],
        "display": display,
        "suppressed": suppressed,
        "target": None if value.target is None else _fmt(value.target, value.unit),
        "breakdown": breakdown,
    }
