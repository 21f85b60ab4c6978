from django.urls import URLPattern, URLResolver

app_name = "notary"

urlpatterns: list[URLPattern | URLResolver] = []
