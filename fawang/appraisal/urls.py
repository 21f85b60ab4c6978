from django.urls import path

from fawang.appraisal import views

app_name = "appraisal"

urlpatterns = [
    path("", views.home, name="home"),
    path("<str:reference>/", views.detail, name="detail"),
    path("<str:reference>/step/<str:name>/", views.step, name="step"),
    path("<str:reference>/<str:kind>.pdf", views.document, name="document"),
]
