from django.urls import URLPattern, URLResolver, path

from fawang.analytics import api

urlpatterns: list[URLPattern | URLResolver] = [
    path("analytics/equalisation/", api.EqualisationApi.as_view(), name="analytics-equalisation"),
    path("analytics/demand/", api.DemandApi.as_view(), name="analytics-demand"),
    path(
        "analytics/scorecards/runs/<int:pk>/", api.ScorecardRunApi.as_view(), name="analytics-scorecard-run"
    ),
]
