from django.urls import path

from fawang.statutes import views

app_name = "statutes"

urlpatterns = [
    path("", views.instrument_list_view, name="list"),
    path("<int:instrument_id>/", views.instrument_detail_view, name="instrument"),
    path("<int:instrument_id>/articles/<str:ref>/", views.article_detail_view, name="article"),
]
