from django.urls import URLPattern, path

from fawang.catalogue import views

app_name = "catalogue_public"

urlpatterns: list[URLPattern] = [
    path("", views.public_list, name="list"),
]
