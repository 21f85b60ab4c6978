from django.urls import URLPattern, URLResolver, path

from fawang.legal_aid import api

urlpatterns: list[URLPattern | URLResolver] = [
    path("legal-aid/applications/", api.ApplicationCreateApi.as_view(), name="api-legal-aid-create"),
    path("legal-aid/eligibility-check/", api.EligibilityCheckApi.as_view(), name="api-legal-aid-check"),
    path(
        "legal-aid/applications/<str:reference>/",
        api.ApplicationStatusApi.as_view(),
        name="api-legal-aid-status",
    ),
    path(
        "legal-aid/applications/<str:reference>/documents/",
        api.DocumentListApi.as_view(),
        name="api-legal-aid-documents",
    ),
    path(
        "legal-aid/applications/<str:reference>/documents/<int:pk>/pdf/",
        api.DocumentPdfApi.as_view(),
        name="api-legal-aid-document-pdf",
    ),
]
