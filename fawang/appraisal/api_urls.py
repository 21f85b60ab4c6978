from django.urls import URLPattern, URLResolver, path

from fawang.appraisal import api

urlpatterns: list[URLPattern | URLResolver] = [
    path("appraisal/commissions/", api.CommissionCreateApi.as_view(), name="appraisal-commission-create"),
    path(
        "appraisal/commissions/<str:reference>/", api.CommissionDetailApi.as_view(), name="appraisal-detail"
    ),
]
