from django.urls import URLPattern, URLResolver, path

from fawang.portal import api

urlpatterns: list[URLPattern | URLResolver] = [
    path("portal/sms-codes/", api.SmsCodeApi.as_view(), name="api-portal-sms"),
    path("portal/register/", api.RegisterApi.as_view(), name="api-portal-register"),
    path("portal/token/", api.TokenApi.as_view(), name="api-portal-token"),
    path("me/cases/", api.MyCaseListApi.as_view(), name="api-my-cases"),
    path("me/cases/<str:reference>/", api.MyCaseDetailApi.as_view(), name="api-my-case"),
    path("me/cases/<str:reference>/messages/", api.MyCaseMessagesApi.as_view(), name="api-my-case-messages"),
    path("directory/", api.DirectoryApi.as_view(), name="api-directory"),
]
