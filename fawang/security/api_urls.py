from django.urls import path

from fawang.security import api

urlpatterns = [
    path("security/reveal/", api.RevealApi.as_view(), name="api-security-reveal"),
    path("security/my-data/", api.MyDataApi.as_view(), name="api-security-my-data"),
    path(
        "security/data-requests/", api.DataRequestCreateApi.as_view(), name="api-security-data-request-create"
    ),
    path("security/audit/", api.AuditSearchApi.as_view(), name="api-security-audit"),
]
