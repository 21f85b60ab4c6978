from django.urls import URLPattern, URLResolver, path

from fawang.kiosk import staff_views

app_name = "kiosk_admin"

urlpatterns: list[URLPattern | URLResolver] = [
    path("", staff_views.kiosk_list, name="list"),
    path("<int:kiosk_id>/", staff_views.kiosk_detail, name="detail"),
]
