from django.urls import URLPattern, URLResolver, path

from fawang.knowledge import api

urlpatterns: list[URLPattern | URLResolver] = [
    path("statutes/search", api.StatuteSearchApi.as_view(), name="knowledge-statutes-search"),
    path("consultations/smart", api.SmartConsultationApi.as_view(), name="knowledge-consultations-smart"),
    path("categories/classify", api.CategoryClassifyApi.as_view(), name="knowledge-categories-classify"),
    path("knowledge/faqs", api.FaqListApi.as_view(), name="knowledge-faqs"),
]
