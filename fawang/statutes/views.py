"""Public statute pages (J1): browse, instrument with table of contents, article permalink. Thin views."""

from __future__ import annotations

from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django_htmx.middleware import HtmxDetails

from fawang.core.access import public
from fawang.core.sensitive import render_sensitive
from fawang.statutes import selectors
from fawang.statutes.models import InstrumentLevel

PAGE_SIZE = 50


class HtmxHttpRequest(HttpRequest):
    """A request after django-htmx's middleware (typing only)."""

    htmx: HtmxDetails


@public
def instrument_list_view(request: HtmxHttpRequest) -> HttpResponse:
    level = request.GET.get("level", "")
    if level not in InstrumentLevel.values:
        level = ""
    query = request.GET.get("q", "").strip()[:100]
    show_all = request.GET.get("all") == "1"
    page = Paginator(
        selectors.instrument_list(level=level, query=query, current_only=not show_all), PAGE_SIZE
    ).get_page(request.GET.get("page"))
    counts = selectors.article_counts(instrument_ids=[i.pk for i in page])
    context = {
        "page": page,
        "rows": [(instrument, counts.get(instrument.pk, 0)) for instrument in page],
        "level": level,
        "query": query,
        "show_all": show_all,
        "levels": InstrumentLevel.choices,
    }
    template = (
        "statutes/partials/instrument_results.html" if request.htmx else "statutes/instrument_list.html"
    )
    return render(request, template, context)


@public
def instrument_detail_view(request: HttpRequest, instrument_id: int) -> HttpResponse:
    instrument = selectors.instrument_get(instrument_id=instrument_id)
    articles = selectors.article_list(instrument=instrument)
    context = {
        "instrument": instrument,
        "articles": articles,
        "toc": selectors.instrument_toc(articles=articles),
        "versions": selectors.instrument_versions(instrument=instrument),
        "current_version": selectors.instrument_current_version(instrument=instrument),
    }
    return render_sensitive(request, "statutes/instrument_detail.html", context, texts=[instrument.title])


@public
def article_detail_view(request: HttpRequest, instrument_id: int, ref: str) -> HttpResponse:
    instrument = selectors.instrument_get(instrument_id=instrument_id)
    article = selectors.article_get(instrument=instrument, ref=ref)
    context = {
        "instrument": instrument,
        "article": article,
        "anchor": selectors.article_anchor(article),
        "current_version": selectors.instrument_current_version(instrument=instrument),
    }
    texts = [instrument.title, article.text]
    return render_sensitive(request, "statutes/article_detail.html", context, texts=texts)
