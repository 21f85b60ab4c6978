from django.urls import path

from fawang.cases import api

urlpatterns = [
    path("cases/", api.CaseListApi.as_view(), name="api-case-list"),
    path("cases/<str:reference>/", api.CaseDetailApi.as_view(), name="api-case-detail"),
    path("cases/<str:reference>/events/", api.CaseEventsApi.as_view(), name="api-case-events"),
    path("cases/<str:reference>/<str:action>/", api.CaseTransitionApi.as_view(), name="api-case-transition"),
]
