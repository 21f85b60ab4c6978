"""The progressive-bracket engine (分段累计, J10), shared by the litigation fee, the application fees and the
configured lawyer-fee tables. No Django.

A table has a flat fee for amounts up to `floor_upto` (e.g. 不超过1万元的，每件交纳50元), then a rate for each portion
above it up to each band's upper bound (超过1万元至10万元的部分，按照2.5%交纳), and an optional cap (最多不超过5000元).
Rates and the flat fee may be ranges (a lawyer-fee guidance price of 4%–6%), giving a minimum and a maximum.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from fawang.calculators.engines.common import (
    ZERO,
    CalculatorError,
    Line,
    fen,
    money,
    pct,
    total_of,
    yuan_short,
)


@dataclass(frozen=True)
class Band:
    """The portion above the previous bound up to `upper` (None: no upper bound) pays `rate` (to `rate_max`)."""

    upper: Decimal | None
    rate: Decimal
    rate_max: Decimal | None = None


@dataclass(frozen=True)
class Brackets:
    floor_upto: Decimal
    floor_fee: Decimal
    bands: tuple[Band, ...]
    floor_fee_max: Decimal | None = None
    cap: Decimal | None = None

    def __post_init__(self) -> None:
        bound = self.floor_upto
        for i, band in enumerate(self.bands):
            if band.upper is None:
                if i != len(self.bands) - 1:
                    raise CalculatorError("分段表中只有最后一段可以没有上限。")
                continue
            if band.upper <= bound:
                raise CalculatorError("分段表的各段上限必须逐段递增。")
            bound = band.upper
        for band in self.bands:
            if band.rate < 0 or (band.rate_max is not None and band.rate_max < band.rate):
                raise CalculatorError("分段表的比例不能为负，比例上限不能低于下限。")


def _flat(value: Decimal, value_max: Decimal | None) -> str:
    if value_max is not None and value_max != value:
        return f"每件{money(value)}至{money(value_max)}"
    return "不另行交纳" if value == 0 else f"每件{money(value)}"


def bracket_lines(table: Brackets, amount: Decimal, *, basis: str, subject: str = "") -> list[Line]:
    """The lines of a progressive computation for `amount` (a non-negative Decimal), one per portion."""
    lines: list[Line] = []
    if table.floor_upto > 0:
        lines.append(
            Line(
                label=f"{subject}不超过{yuan_short(table.floor_upto)}的部分",
                formula=_flat(table.floor_fee, table.floor_fee_max),
                amount=fen(table.floor_fee),
                amount_max=None if table.floor_fee_max is None else fen(table.floor_fee_max),
                basis=basis,
            )
        )
    lower = table.floor_upto
    for band in table.bands:
        if amount <= lower:
            break
        top = amount if band.upper is None else min(amount, band.upper)
        portion = top - lower
        label = (
            f"{subject}超过{yuan_short(lower)}的部分"
            if band.upper is None
            else f"{subject}超过{yuan_short(lower)}至{yuan_short(band.upper)}的部分"
        )
        low = fen(portion * band.rate)
        high = None if band.rate_max is None else fen(portion * band.rate_max)
        if high is None:
            formula = f"{money(portion)} × {pct(band.rate)} = {money(low)}"
        else:
            formula = (
                f"{money(portion)} × {pct(band.rate)}至{pct(band.rate_max or band.rate)}"
                f" = {money(low)}至{money(high)}"
            )
        if band.upper is None and lower == 0:
            label = f"{subject}全部金额"
        lines.append(Line(label=label, formula=formula, amount=low, amount_max=high, basis=basis))
        if band.upper is None:
            break
        lower = band.upper
    if table.cap is not None:
        lines.extend(_cap_lines(lines, table.cap, basis))
    return lines


def _cap_lines(lines: list[Line], cap: Decimal, basis: str) -> list[Line]:
    low, high = total_of(lines)
    top = low if high is None else high
    if top <= cap:
        return []
    cut_low = ZERO if low <= cap else fen(cap - low)
    cut_high = fen(cap - top)
    return [
        Line(
            label=f"最高不超过{yuan_short(cap)}",
            formula=f"分段合计超过{money(cap)}，按{money(cap)}计",
            amount=cut_low,
            amount_max=None if high is None else cut_high,
            basis=basis,
        )
    ]
