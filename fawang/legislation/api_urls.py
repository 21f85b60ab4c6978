from django.urls import URLPattern, path

from fawang.legislation import api

urlpatterns: list[URLPattern] = [
    path("legislation/drafts/", api.DraftListApi.as_view(), name="api-legislation-drafts"),
    path("legislation/drafts/<int:draft_id>/", api.DraftDetailApi.as_view(), name="api-legislation-draft"),
    path(
        "legislation/drafts/<int:draft_id>/comments/",
        api.CommentApi.as_view(),
        name="api-legislation-comment",
    ),
]
