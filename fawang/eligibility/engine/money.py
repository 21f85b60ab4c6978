"""Money as integer 分 (fen). Yuan amounts from rules and batch input convert exactly, never via float."""

from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

FEN_PER_YUAN = 100


def yuan_to_fen(amount: int | float | str | Decimal) -> int:
    """Convert a yuan amount to 分, rounding half up at the 分 (0.005 元 -> 0.01 元).

    Floats go through ``str`` first so that 2513.7 is read as written, not as its binary approximation.
    Raises ``ValueError`` for booleans, non-numbers, NaN and infinities.
    """
    if isinstance(amount, bool):
        raise ValueError("amount must be a number, not a boolean")
    try:
        value = Decimal(str(amount)) if not isinstance(amount, Decimal) else amount
    except InvalidOperation as exc:
        raise ValueError(f"not a number: {amount!r}") from exc
    if not value.is_finite():
        raise ValueError(f"not a finite number: {amount!r}")
    return int((value * FEN_PER_YUAN).quantize(Decimal(1), rounding=ROUND_HALF_UP))


def format_fen(fen: int) -> str:
    """Render 分 as a plain yuan figure for Chinese reasons: 259200 -> '2592元', 251350 -> '2513.50元'."""
    sign = "-" if fen < 0 else ""
    yuan, cents = divmod(abs(fen), FEN_PER_YUAN)
    if cents == 0:
        return f"{sign}{yuan}元"
    return f"{sign}{yuan}.{cents:02d}元"
