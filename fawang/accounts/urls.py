from django.contrib.auth import views as auth_views
from django.urls import path

from fawang.accounts.views import FawangLoginView, FawangPasswordChangeView

app_name = "accounts"

urlpatterns = [
    path("login/", FawangLoginView.as_view(), name="login"),
    path("logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("password/", FawangPasswordChangeView.as_view(), name="password-change"),
]
