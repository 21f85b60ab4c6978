"""`{% operations_link %}`: the link to the 运行监测 page (N8), rendered for system administrators only."""

from __future__ import annotations

from typing import Any

from django import template
from django.urls import reverse
from django.utils.html import format_html
from django.utils.safestring import SafeString
from django.utils.translation import gettext

from fawang.accounts.models import User
from fawang.accounts.selectors import user_is_admin

register = template.Library()


@register.simple_tag(takes_context=True)
def operations_link(context: dict[str, Any]) -> SafeString | str:
    request = context.get("request")
    user = getattr(request, "user", None)
    if not isinstance(user, User) or not user_is_admin(user=user):
        return ""
    return format_html(' · <a href="{}">{}</a>', reverse("monitoring:operations"), gettext("运行监测"))
