"""Health check: the platform answers and reports what it holds (issue 2 §8)."""

from django.apps import apps
from django.db import connection
from django.http import HttpRequest, JsonResponse
from django.views.decorators.http import require_GET

from fawang.core.access import public

COUNTED_MODELS = {
    "regions": "regions.Region",
    "sites": "directory.Site",
    "institutions": "directory.Institution",
    "practitioners": "directory.Practitioner",
    "cases": "cases.Case",
    "statute_instruments": "statutes.Instrument",
    "statute_articles": "statutes.Article",
}


@public
@require_GET
def healthz(request: HttpRequest) -> JsonResponse:
    counts = {name: apps.get_model(label).objects.count() for name, label in COUNTED_MODELS.items()}
    return JsonResponse({"status": "ok", "database": connection.vendor, "counts": counts})
