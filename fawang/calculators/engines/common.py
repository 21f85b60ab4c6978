"""What every calculator shares (J10): the result shape, the one rounding rule, the input checks and the choice of a
dated rule table. No Django.

Rounding is stated once, here: every line's amount is rounded to the fen with ROUND_HALF_UP (`fen`), and a later line
computes from the rounded amounts of the lines before it. Totals are sums of rounded lines.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from decimal import ROUND_HALF_UP, Decimal
from typing import Protocol, TypeVar

FEN = Decimal("0.01")
ZERO = Decimal("0")
# Larger amounts are typing mistakes, not cases (one trillion yuan).
MAX_AMOUNT = Decimal("1000000000000")


class CalculatorError(Exception):
    """Input the calculator cannot use. The message is Chinese and is shown to the user as is."""

    def __init__(self, message: str, *, field: str = "") -> None:
        super().__init__(message)
        self.message = message
        self.field = field


@dataclass(frozen=True)
class TableRef:
    """The dated rule table a result used: its id, version, first day in force and source."""

    id: str
    version: str
    valid_from: date
    source: str


@dataclass(frozen=True)
class Line:
    """One line of the breakdown. `amount_max` is set when the rule gives a range (e.g. 50–300 元): `amount` is
    then the minimum. Lines with `counted=False` explain a base or a monthly amount and are not summed."""

    label: str
    formula: str
    amount: Decimal
    basis: str
    amount_max: Decimal | None = None
    counted: bool = True

    @property
    def is_range(self) -> bool:
        return self.amount_max is not None and self.amount_max != self.amount


@dataclass(frozen=True)
class Result:
    kind: str
    title: str
    total: Decimal
    total_max: Decimal | None
    lines: tuple[Line, ...]
    tables: tuple[TableRef, ...]
    notes: tuple[str, ...] = ()

    @property
    def is_range(self) -> bool:
        return self.total_max is not None and self.total_max != self.total


class Dated(Protocol):
    @property
    def valid_from(self) -> date: ...


T = TypeVar("T", bound=Dated)


def fen(value: Decimal) -> Decimal:
    """The one rounding rule: to the fen, half up."""
    return value.quantize(FEN, rounding=ROUND_HALF_UP)


def money(value: Decimal) -> str:
    """12345.6 -> '12,345.60元'."""
    return f"{fen(value):,.2f}元"


def pct(rate: Decimal) -> str:
    """Decimal('0.025') -> '2.5%'."""
    text = format((rate * 100).normalize(), "f")
    return f"{text}%"


def yuan_short(value: Decimal) -> str:
    """Bracket bounds as the instruments write them: 10000 -> '1万元', 1000 -> '1000元'."""
    if value >= 10000 and value % 10000 == 0:
        return f"{format((value / 10000).normalize(), 'f')}万元"
    return f"{format(value.normalize(), 'f')}元"


def check_amount(value: Decimal, label: str, *, field: str, positive: bool = False) -> Decimal:
    """Refuse negative, non-finite and absurd amounts with a Chinese message naming the field."""
    if not value.is_finite():
        raise CalculatorError(f"{label}必须是数字。", field=field)
    if value < 0:
        raise CalculatorError(f"{label}不能是负数。", field=field)
    if positive and value == 0:
        raise CalculatorError(f"{label}必须大于0。", field=field)
    if value > MAX_AMOUNT:
        raise CalculatorError(f"{label}超过一万亿元，请检查是否多输了位数。", field=field)
    return value


def check_date(on: date, today: date, *, field: str = "on") -> date:
    if on > today:
        raise CalculatorError("日期不能晚于今天：计算器只按已经施行的规定计算。", field=field)
    return on


def pick_table(tables: Sequence[T], on: date, *, what: str, field: str = "on") -> T:
    """The table in force on `on`: the latest whose `valid_from` is on or before it. Dates before the earliest
    table are refused: the calculator has no rule for them."""
    candidates = [t for t in tables if t.valid_from <= on]
    if not candidates:
        if not tables:
            raise CalculatorError(f"本系统尚未配置{what}的计算标准。", field=field)
        earliest = min(t.valid_from for t in tables)
        raise CalculatorError(
            f"{what}的计算标准自{earliest.year}年{earliest.month}月{earliest.day}日起施行；"
            f"{on.year}年{on.month}月{on.day}日适用的规定本系统未收录，无法计算。",
            field=field,
        )
    return max(candidates, key=lambda t: t.valid_from)


def total_of(lines: Sequence[Line]) -> tuple[Decimal, Decimal | None]:
    """Sum of the counted lines; the maximum too when any line is a range."""
    counted = [line for line in lines if line.counted]
    low = sum((line.amount for line in counted), ZERO)
    if not any(line.amount_max is not None for line in counted):
        return low, None
    high = sum((line.amount_max if line.amount_max is not None else line.amount for line in counted), ZERO)
    return low, high
