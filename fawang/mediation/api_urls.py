from django.urls import URLPattern, URLResolver, path

from fawang.mediation import api

urlpatterns: list[URLPattern | URLResolver] = [
    path("mediation/applications/", api.MediationCreateApi.as_view(), name="mediation-application-create"),
    path(
        "mediation/applications/<str:reference>/", api.MediationDetailApi.as_view(), name="mediation-detail"
    ),
]
