from django.urls import URLPattern, URLResolver, path

from fawang.portal import views

app_name = "portal"

urlpatterns: list[URLPattern | URLResolver] = [
    path("", views.home, name="home"),
    path("register/", views.register, name="register"),
    path("register/code/", views.send_code, name="send-code"),
    path("login/", views.CitizenLoginView.as_view(), name="login"),
    path("privacy/", views.privacy, name="privacy"),
    path("me/", views.me, name="me"),
    path("me/identity/", views.identity, name="identity"),
    path("me/cases/<str:reference>/", views.my_case, name="my-case"),
    path("me/cases/<str:reference>/withdraw/", views.withdraw, name="withdraw"),
    path("complain/", views.complain, name="complain"),
    path("directory/", views.directory, name="directory"),
    path("apply/", views.apply_hub, name="apply"),
    path("apply/appointment/<int:practitioner_id>/", views.appointment, name="appointment"),
]
