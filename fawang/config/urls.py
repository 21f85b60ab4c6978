"""URL map. Staff pages live under /work/, public pages at the root, the REST API under /api/v1/."""

from django.contrib import admin
from django.urls import URLPattern, URLResolver, include, path
from django.views.i18n import set_language
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerView

from fawang.core.access import public
from fawang.core.views import healthz
from fawang.monitoring.views import metrics

urlpatterns: list[URLPattern | URLResolver] = [
    path("healthz", healthz, name="healthz"),
    path("i18n/setlang/", public(set_language), name="set_language"),  # L8: the language picker
    path("metrics", metrics, name="metrics"),  # N8: Prometheus, bearer token (docs/monitoring.md)
    path("admin/", admin.site.urls),
    path("accounts/", include("fawang.accounts.urls")),
    path("security/", include("fawang.security.urls")),
    path("work/legal-aid/", include("fawang.legal_aid.urls")),
    path("legal-aid/", include("fawang.legal_aid.public_urls")),
    path("work/mediation/", include("fawang.mediation.urls")),
    path("mediation/", include("fawang.mediation.online_urls")),
    path("work/notary/", include("fawang.notary.urls")),
    path("work/appraisal/", include("fawang.appraisal.urls")),
    path("work/catalogue/", include("fawang.catalogue.urls")),
    path("work/resettlement/", include("fawang.resettlement.urls")),
    path("work/hotline/", include("fawang.hotline.urls")),
    path("hotline/", include("fawang.hotline.public_urls")),  # L3: the public 12348 page
    path("work/evaluation/", include("fawang.evaluation.urls")),
    path("supervision/analytics/", include("fawang.analytics.urls")),
    path("supervision/exchange/", include("fawang.exchange.urls")),
    path("supervision/operations/", include("fawang.monitoring.urls")),
    path("supervision/", include("fawang.supervision.urls")),
    path("work/audit/", include("fawang.security.audit_urls")),
    path("work/kiosks/", include("fawang.kiosk.staff_urls")),
    path("work/legislation/", include("fawang.legislation.staff_urls")),
    path("work/", include("fawang.workbench.urls")),
    path("laws/", include("fawang.statutes.urls")),
    path("knowledge/", include("fawang.knowledge.urls")),
    path("learn/", include("fawang.education.urls")),
    path("legislation/", include("fawang.legislation.urls")),
    path("services/", include("fawang.catalogue.public_urls")),
    path("tools/calculators/", include("fawang.calculators.public_urls")),
    path("tools/contract-review/", include("fawang.contract_review.public_urls")),
    path("kiosk/", include("fawang.kiosk.urls")),
    path("guide/", include("fawang.triage.urls")),  # X5: the service guide (服务导航)
    path("api/schema/", SpectacularAPIView.as_view(), name="api-schema"),
    path("api/docs/", SpectacularSwaggerView.as_view(url_name="api-schema"), name="api-docs"),
    path("api/v1/", include("fawang.config.api_urls")),
    path("", include("fawang.portal.urls")),
]
