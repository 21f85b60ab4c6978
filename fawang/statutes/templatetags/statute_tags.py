"""`{% load statute_tags %}` — `{{ text|link_citations }}` turns statute citations into links (J8)."""

from __future__ import annotations

from django import template
from django.utils.html import conditional_escape, format_html
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext

from fawang.statutes.services import CitationStatus, citation_check

register = template.Library()


@register.filter(needs_autoescape=True)
def link_citations(text: object, autoescape: bool = True) -> SafeString:
    """Escape `text` and wrap each citation: a link when it resolves, a flagged span when it does not."""
    value = str(text or "")
    escape = conditional_escape if autoescape else (lambda s: s)
    parts: list[str] = []
    cursor = 0
    for result in citation_check(text=value):
        if result.start < cursor:
            continue
        parts.append(str(escape(value[cursor : result.start])))
        raw = value[result.start : result.end]
        if result.status == CitationStatus.OK:
            parts.append(
                format_html(
                    '<a class="citation" href="{}" title="{}">{}</a>', result.url, result.law_title, raw
                )
            )
        elif result.url:
            parts.append(
                format_html(
                    '<a class="citation citation-{}" href="{}" title="{}">{}</a>',
                    result.status,
                    result.url,
                    gettext(result.status_label),
                    raw,
                )
            )
        else:
            parts.append(
                format_html(
                    '<span class="citation citation-{}" title="{}">{}</span>',
                    result.status,
                    gettext(result.status_label),
                    raw,
                )
            )
        cursor = result.end
    parts.append(str(escape(value[cursor:])))
    return mark_safe("".join(parts))  # noqa: S308  # every piece above is escaped or built with format_html
