"""The quick-exit button (快速离开, M14) for sensitive public pages: `{% load quick_exit %}{% quick_exit_button %}`."""

from __future__ import annotations

from django import template
from django.conf import settings

register = template.Library()


@register.inclusion_tag("portal/partials/quick_exit.html")
def quick_exit_button() -> dict[str, str]:
    return {"exit_url": settings.FAWANG_QUICK_EXIT_URL}
