from django.urls import URLPattern, URLResolver, path

from fawang.analytics import views

app_name = "analytics"

urlpatterns: list[URLPattern | URLResolver] = [
    path("", views.home, name="home"),
    path("equalisation/", views.equalisation, name="equalisation"),
    path("demand/", views.demand, name="demand"),
    path("scorecards/", views.scorecards, name="scorecards"),
    path("scorecards/<int:pk>/", views.scorecard, name="scorecard"),
    path("scorecards/runs/<int:pk>/export.xlsx", views.scorecard_export, name="scorecard_export"),
]
