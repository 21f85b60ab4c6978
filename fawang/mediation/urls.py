from django.urls import path

from fawang.mediation import views

app_name = "mediation"

urlpatterns = [
    path("", views.home, name="home"),
    path("new/", views.new, name="new"),
    path("<str:reference>/", views.detail, name="detail"),
    path("<str:reference>/step/<str:name>/", views.step, name="step"),
    path("<str:reference>/<str:kind>.pdf", views.document, name="document"),
]
