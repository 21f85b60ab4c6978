from django.urls import path

from fawang.notary import views

app_name = "notary"

urlpatterns = [
    path("", views.home, name="home"),
    path("slots/", views.slots, name="slots"),
    path("<str:reference>/", views.detail, name="detail"),
    path("<str:reference>/step/<str:name>/", views.step, name="step"),
    path("<str:reference>/<str:kind>.pdf", views.document, name="document"),
]
