from django.urls import path

from fawang.workbench import views

app_name = "workbench"

urlpatterns = [
    path("", views.queue, name="home"),
    path("intake/", views.intake, name="intake"),
    path("intake/<str:reference>/receipt/", views.receipt, name="receipt"),
    path("intake/<str:reference>/receipt.pdf", views.receipt, name="receipt-pdf"),
    path("cases/<str:reference>/", views.case_detail, name="case"),
    path("cases/<str:reference>/act/", views.case_act, name="case-act"),
    path("cases/<str:reference>/contact-safety/", views.contact_safety, name="contact-safety"),
]
