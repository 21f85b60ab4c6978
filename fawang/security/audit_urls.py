"""/work/audit/: the audit log search page (M6), included before the workbench's /work/ routes."""

from django.urls import path

from fawang.security import views

app_name = "audit"

urlpatterns = [
    path("", views.audit_search, name="search"),
    path("compliance/", views.compliance_report, name="compliance"),
    path("incidents/", views.incident_list_page, name="incidents"),
    path("incidents/<int:incident_id>/", views.incident_page, name="incident"),
]
