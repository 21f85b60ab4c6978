from django.urls import URLPattern, path

from fawang.contract_review import views

app_name = "contract_review"

urlpatterns: list[URLPattern] = [
    path("", views.index, name="index"),
]
