from django.urls import path

from fawang.workbench import views

app_name = "workbench"

urlpatterns = [
    path("", views.queue, name="home"),
    path("intake/", views.intake, name="intake"),
    path("cases/<str:reference>/", views.case_detail, name="case"),
    path("cases/<str:reference>/act/", views.case_act, name="case-act"),
]
