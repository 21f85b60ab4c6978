from django.urls import URLPattern, URLResolver

app_name = "education"

urlpatterns: list[URLPattern | URLResolver] = []
