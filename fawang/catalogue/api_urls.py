from django.urls import URLPattern, path

from fawang.catalogue import api

urlpatterns: list[URLPattern] = [
    path("catalogue/items/", api.CatalogueItemsApi.as_view(), name="api-catalogue-items"),
]
