from django.urls import URLPattern, URLResolver

app_name = "legal_aid"

urlpatterns: list[URLPattern | URLResolver] = []
