from django.urls import URLPattern, URLResolver, path

from fawang.exchange import views

app_name = "exchange"

urlpatterns: list[URLPattern | URLResolver] = [
    path("", views.home, name="home"),
    path("messages/<int:message_id>/retry/", views.retry, name="retry"),
]
