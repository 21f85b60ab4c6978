from django.urls import URLPattern, URLResolver, path

from fawang.knowledge import views

app_name = "knowledge"

urlpatterns: list[URLPattern | URLResolver] = [
    path("search", views.search_view, name="search"),
    path("ask", views.ask_view, name="ask"),
    path("ask/human", views.ask_human_view, name="ask_human"),
    path("faq/", views.faq_list_view, name="faq_list"),
    path("faq/new", views.faq_edit_view, name="faq_create"),
    path("faq/<int:faq_id>/", views.faq_detail_view, name="faq_detail"),
    path("faq/<int:faq_id>/edit", views.faq_edit_view, name="faq_edit"),
    path("faq/<int:faq_id>/archive", views.faq_archive_view, name="faq_archive"),
    path("opinions/case/<str:reference>/", views.opinion_panel_view, name="opinion_panel"),
    path("opinions/case/<str:reference>/draft", views.opinion_draft_view, name="opinion_draft"),
    path("opinions/<int:opinion_id>/edit", views.opinion_edit_view, name="opinion_edit"),
    path("opinions/<int:opinion_id>/<slug:action>", views.opinion_step_view, name="opinion_step"),
    path("opinions/<int:opinion_id>.pdf", views.opinion_pdf_view, name="opinion_pdf"),
]
