"""The versioned REST API (/api/v1/). Each app contributes its own api_urls module."""

from django.urls import include, path

urlpatterns: list[object] = [
    path("", include("fawang.cases.api_urls")),
    path("", include("fawang.statutes.api_urls")),
]
