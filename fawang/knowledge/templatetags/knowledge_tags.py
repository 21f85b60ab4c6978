"""Template helpers for search results: engine snippets mark matches with 【】; render them as <mark> safely."""

from __future__ import annotations

import re

from django import template
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

register = template.Library()

_MARKED = re.compile(r"【([^【】]*)】")


@register.filter
def snippet_marks(snippet: object) -> SafeString:
    """Escape everything, then turn each balanced 【term】 into <mark>term</mark>. Stray brackets stay text."""
    escaped = escape(str(snippet) if snippet is not None else "")
    return mark_safe(_MARKED.sub(r"<mark>\1</mark>", escaped))  # noqa: S308  # input escaped above


@register.filter
def snippet_plain(snippet: object) -> str:
    """The snippet without the 【】 markers (for titles and screen readers)."""
    return _MARKED.sub(r"\1", str(snippet) if snippet is not None else "")
