from django.urls import URLPattern, URLResolver, path

from fawang.legislation import views

app_name = "legislation"

urlpatterns: list[URLPattern | URLResolver] = [
    path("", views.index, name="index"),
    path("<int:draft_id>/", views.draft, name="draft"),
    path("<int:draft_id>/comment/", views.comment, name="comment"),
]
