"""Template filters shared by the practitioner workbenches."""

from __future__ import annotations

from django import template

register = template.Library()


@register.filter
def clock_label(code: str) -> str:
    """The Chinese name of a statutory clock (REQUIREMENTS §4)."""
    try:
        from fawang.cases.deadline_rules import deadline_label  # added by the lead alongside this work
    except ImportError:  # pragma: no cover - older core without labels
        return code
    return deadline_label(code)
