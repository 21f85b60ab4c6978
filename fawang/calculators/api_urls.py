from django.urls import URLPattern, path

from fawang.calculators import api

urlpatterns: list[URLPattern] = [
    path(f"calculators/{kind}/", view.as_view(), name=f"api-calculators-{kind}")
    for kind, view in api.VIEWS.items()
]
