from django.urls import URLPattern, path

from fawang.hotline import public_views

app_name = "hotline_public"

urlpatterns: list[URLPattern] = [
    path("", public_views.hotline_page, name="index"),
]
