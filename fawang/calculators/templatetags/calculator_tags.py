"""Template filters of the calculator pages (J10)."""

from __future__ import annotations

from decimal import Decimal

from django import template

from fawang.calculators.engines.common import money

register = template.Library()


@register.filter
def yuan(value: Decimal | None) -> str:
    """Decimal('2300') -> '2,300.00元', as in the formulas."""
    return "" if value is None else money(value)
