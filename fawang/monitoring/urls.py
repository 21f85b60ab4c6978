"""/supervision/operations/: the 运行监测 page (N8). `/metrics` is mapped at the root in fawang/config/urls.py."""

from django.urls import URLPattern, URLResolver, path

from fawang.monitoring import views

app_name = "monitoring"

urlpatterns: list[URLPattern | URLResolver] = [
    path("", views.operations, name="operations"),
]
