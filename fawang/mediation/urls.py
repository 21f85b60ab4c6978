from django.urls import path

from fawang.mediation import registry_views, views

app_name = "mediation"

urlpatterns = [
    path("", views.home, name="home"),
    path("new/", views.new, name="new"),
    path("committees/", registry_views.register, name="committees"),
    path("committees/notice.pdf", registry_views.court_notice, name="committees-notice"),
    path("<str:reference>/", views.detail, name="detail"),
    path("<str:reference>/step/<str:name>/", views.step, name="step"),
    path("<str:reference>/<str:kind>.pdf", views.document, name="document"),
]
