"""The versioned REST API (/api/v1/). Each app contributes its own api_urls module."""

from django.urls import URLPattern, URLResolver, include, path

urlpatterns: list[URLPattern | URLResolver] = [
    path("", include("fawang.cases.api_urls")),
    path("", include("fawang.statutes.api_urls")),
    path("", include("fawang.knowledge.api_urls")),
    path("", include("fawang.portal.api_urls")),
    path("", include("fawang.legal_aid.api_urls")),
    path("", include("fawang.mediation.api_urls")),
    path("", include("fawang.notary.api_urls")),
    path("", include("fawang.appraisal.api_urls")),
    path("", include("fawang.resettlement.api_urls")),
    path("", include("fawang.hotline.api_urls")),
    path("", include("fawang.evaluation.api_urls")),
    path("", include("fawang.supervision.api_urls")),
    path("", include("fawang.analytics.api_urls")),
    path("", include("fawang.education.api_urls")),
    path("", include("fawang.legislation.api_urls")),
    path("", include("fawang.catalogue.api_urls")),
    path("", include("fawang.calculators.api_urls")),
    path("", include("fawang.contract_review.api_urls")),
    path("", include("fawang.security.api_urls")),
]
