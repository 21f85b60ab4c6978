from django.urls import URLPattern, path

from fawang.calculators import api

urlpatterns: list[URLPattern] = [
    path(
        "calculators/litigation-fee/", api.LitigationFeeApi.as_view(), name="api-calculators-litigation-fee"
    ),
    path("calculators/severance/", api.SeveranceApi.as_view(), name="api-calculators-severance"),
    path("calculators/double-wage/", api.DoubleWageApi.as_view(), name="api-calculators-double-wage"),
    path("calculators/work-injury/", api.WorkInjuryApi.as_view(), name="api-calculators-work-injury"),
    path(
        "calculators/personal-injury/",
        api.PersonalInjuryApi.as_view(),
        name="api-calculators-personal-injury",
    ),
    path("calculators/lawyer-fee/", api.LawyerFeeApi.as_view(), name="api-calculators-lawyer-fee"),
]
