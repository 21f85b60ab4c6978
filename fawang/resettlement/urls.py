from django.urls import URLPattern, URLResolver

app_name = "resettlement"

urlpatterns: list[URLPattern | URLResolver] = []
