from django.urls import URLPattern, URLResolver, path

from fawang.education import views

app_name = "education"

urlpatterns: list[URLPattern | URLResolver] = [
    path("", views.index, name="index"),
    path("articles/<int:article_id>/", views.article, name="article"),
    path("lists/<int:list_id>/", views.reading_list, name="reading-list"),
    path("manage/", views.manage, name="manage"),
    path("manage/<int:article_id>/advance/", views.advance, name="advance"),
]
