from django.urls import path

from fawang.security import views

app_name = "security"

urlpatterns = [
    path("otp/", views.otp_verify, name="otp-verify"),
    path("otp/setup/", views.otp_setup, name="otp-setup"),
    path("reauth/", views.reauth, name="reauth"),
    path("reveal/<str:reference>/<str:field>/", views.reveal, name="reveal"),
    path("my-data/", views.my_data, name="my-data"),
    path("my-data/download/", views.my_data_download, name="my-data-download"),
    path("my-data/requests/", views.data_request_create, name="data-request-create"),
    path("data-requests/", views.data_request_admin, name="data-requests"),
]
