from django.urls import URLPattern, path

from fawang.catalogue import views

app_name = "catalogue"

urlpatterns: list[URLPattern] = [
    path("", views.manage, name="manage"),
    path("new/", views.create, name="create"),
    path("export.xlsx", views.export, name="export"),
    path("<int:item_id>/", views.edit, name="edit"),
    path("<int:item_id>/retire/", views.retire, name="retire"),
]
