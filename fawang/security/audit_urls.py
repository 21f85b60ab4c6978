"""/work/audit/: the audit log search page (M6), included before the workbench's /work/ routes."""

from django.urls import path

from fawang.security import views

app_name = "audit"

urlpatterns = [
    path("", views.audit_search, name="search"),
]
