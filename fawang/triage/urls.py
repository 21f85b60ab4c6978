from django.urls import URLPattern, path

from fawang.triage import views

app_name = "triage"

urlpatterns: list[URLPattern] = [
    path("", views.guide, name="guide"),
]
