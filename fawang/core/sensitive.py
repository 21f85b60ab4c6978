"""Public pages about domestic violence and similar harm (M14): the quick-exit button, and no trace left behind.

A person hiding from an abuser may read a 反家庭暴力法 article, a legal-education lesson on 人身安全保护令 or ask
the smart consultation about being beaten at home on a shared phone or computer. Such pages are recognised by their
own text, so new lessons, statutes and questions are covered without anyone tagging them. A false alarm costs a red
button and a page that is not cached; a miss can cost much more, so the terms are broad.

`sensitive_topic` is pure; `render_sensitive` renders a page with `quick_exit` in its context and, when the page
is sensitive, with the headers of `sensitive_response`.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.cache import add_never_cache_headers

SENSITIVE_TERMS: tuple[str, ...] = (
    # domestic violence and its remedies (反家庭暴力法; 告诫书 Art.16, 人身安全保护令 Art.23, shelters Art.18)
    "家庭暴力",
    "家暴",
    "反家庭暴力",
    "人身安全保护令",
    "告诫书",
    "庇护",
    "虐待",
    "被打",
    "打我",
    "殴打",
    "威胁",
    # sexual violence, stalking and harassment
    "性侵",
    "强奸",
    "猥亵",
    "性骚扰",
    "跟踪",
    "骚扰我",
    "纠缠",
)


def sensitive_topic(texts: Iterable[str | None]) -> bool:
    """Whether any of the texts is about domestic violence, sexual violence or stalking (M14)."""
    return any(term in text for text in texts if text for term in SENSITIVE_TERMS)


def sensitive_response(response: HttpResponse) -> HttpResponse:
    """Leave no copy of a sensitive page in any cache, and keep an htmx request's URL (which carries the question)
    out of the browser history (M14)."""
    add_never_cache_headers(response)  # what @never_cache does, decided per page
    response["HX-Push-Url"] = "false"
    return response


def render_sensitive(
    request: HttpRequest,
    template: str,
    context: dict[str, Any],
    *,
    texts: Iterable[str | None],
    status: int = 200,
) -> HttpResponse:
    """Render a public page; if its texts are sensitive, with the quick-exit button (`quick_exit` in the context:
    `{% if quick_exit %}{% load quick_exit %}{% quick_exit_button %}{% endif %}`) and no trace (M14)."""
    quick_exit = sensitive_topic(texts)
    response = render(request, template, {**context, "quick_exit": quick_exit}, status=status)
    return sensitive_response(response) if quick_exit else response
