from django.urls import path

from fawang.statutes.api import CitationCheckApi

urlpatterns = [
    path("citations/check/", CitationCheckApi.as_view(), name="citations-check"),
]
