from django.urls import URLPattern, path

from fawang.contract_review import api

urlpatterns: list[URLPattern] = [
    path("contract-review/", api.ContractReviewApi.as_view(), name="api-contract-review"),
]
