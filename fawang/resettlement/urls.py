from django.urls import path

from fawang.resettlement import views

app_name = "resettlement"

urlpatterns = [
    path("", views.home, name="home"),
    path("figures/", views.figures, name="figures"),
    path("advisers/", views.advisers, name="advisers"),
    path("<int:record_id>/", views.detail, name="detail"),
    path("<int:record_id>/step/<str:name>/", views.step, name="step"),
]
