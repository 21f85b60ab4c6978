from django.urls import URLPattern, path

from fawang.legal_aid import public

app_name = "legal_aid_public"

urlpatterns: list[URLPattern] = [
    path("policy/", public.policy, name="policy"),
]
