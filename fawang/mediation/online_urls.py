"""The parties' online mediation pages (D11), outside /work/ because parties are citizens, not staff."""

from django.urls import path

from fawang.mediation import online_views

app_name = "mediation_online"

urlpatterns = [
    path("<str:reference>/", online_views.page, name="page"),
    path("<str:reference>/step/<str:name>/", online_views.step, name="step"),
]
