from django.urls import path

from fawang.workbench import views

app_name = "public"

urlpatterns = [
    path("", views.home, name="home"),
]
