from django.urls import URLPattern, path

from fawang.calculators import views

app_name = "calculators"

urlpatterns: list[URLPattern] = [
    path("", views.index, name="index"),
    path("<slug:kind>/", views.calculator, name="calculator"),
]
