"""Masking filters for pages (M3: personal data is masked by default in lists and pages).

`{% load privacy_tags %}` then `{{ number|phone_masked }}`, `{{ address|address_masked }}`. Full values are shown
only where a role needs them, and that reveal is audited by the view or service that shows it.
"""

from __future__ import annotations

from django import template

from fawang.people.idcard import id_number_mask, phone_mask
from fawang.security.privacy import address_mask

register = template.Library()


@register.filter
def phone_masked(value: object) -> str:
    text = str(value or "")
    return phone_mask(text) if text else ""


@register.filter
def id_number_masked(value: object) -> str:
    text = str(value or "")
    return id_number_mask(text) if text else ""


@register.filter
def address_masked(value: object) -> str:
    text = str(value or "")
    return address_mask(text) if text else ""
