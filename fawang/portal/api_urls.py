from django.urls import URLPattern, URLResolver, path

from fawang.portal import api, callback_api, contact_safety_api
from fawang.portal.apply import api as apply

urlpatterns: list[URLPattern | URLResolver] = [
    path("portal/sms-codes/", api.SmsCodeApi.as_view(), name="api-portal-sms"),
    path("portal/register/", api.RegisterApi.as_view(), name="api-portal-register"),
    path("portal/token/", api.TokenApi.as_view(), name="api-portal-token"),
    path("portal/flows/", apply.FlowListApi.as_view(), name="api-portal-flows"),
    path("portal/drafts/", apply.DraftListApi.as_view(), name="api-portal-drafts"),
    path("portal/drafts/<str:token>/", apply.DraftDetailApi.as_view(), name="api-portal-draft"),
    path(
        "portal/drafts/<str:token>/steps/<str:step>/",
        apply.DraftStepApi.as_view(),
        name="api-portal-draft-step",
    ),
    path(
        "portal/drafts/<str:token>/precheck/",
        apply.DraftPrecheckApi.as_view(),
        name="api-portal-draft-precheck",
    ),
    path(
        "portal/drafts/<str:token>/uploads/", apply.DraftUploadApi.as_view(), name="api-portal-draft-uploads"
    ),
    path(
        "portal/drafts/<str:token>/uploads/<int:upload_id>/",
        apply.DraftUploadDeleteApi.as_view(),
        name="api-portal-draft-upload",
    ),
    path("portal/drafts/<str:token>/submit/", apply.DraftSubmitApi.as_view(), name="api-portal-draft-submit"),
    path("me/cases/", api.MyCaseListApi.as_view(), name="api-my-cases"),
    path("me/callbacks/", callback_api.MyCallbacksApi.as_view(), name="api-my-callbacks"),
    path("me/callbacks/slots/", callback_api.FreeSlotsApi.as_view(), name="api-my-callback-slots"),
    path(
        "me/callbacks/<int:callback_id>/cancel/",
        callback_api.MyCallbackCancelApi.as_view(),
        name="api-my-callback-cancel",
    ),
    path("me/notifications/", apply.NotificationListApi.as_view(), name="api-my-notifications"),
    path("me/contact-safety/", contact_safety_api.MyContactSafetyApi.as_view(), name="api-my-contact-safety"),
    path("me/cases/<str:reference>/", api.MyCaseDetailApi.as_view(), name="api-my-case"),
    path("me/cases/<str:reference>/messages/", api.MyCaseMessagesApi.as_view(), name="api-my-case-messages"),
    path(
        "me/cases/<str:reference>/legal-aid/<slug:kind>/",
        api.MyAidRequestApi.as_view(),
        name="api-my-case-legal-aid-request",
    ),
    path("me/cases/<str:reference>/receipt/", apply.ReceiptApi.as_view(), name="api-my-case-receipt"),
    path(
        "me/cases/<str:reference>/documents/", apply.DocumentListApi.as_view(), name="api-my-case-documents"
    ),
    path(
        "me/cases/<str:reference>/documents/<str:key>/pdf/",
        apply.DocumentPdfApi.as_view(),
        name="api-my-case-document-pdf",
    ),
    path("directory/", api.DirectoryApi.as_view(), name="api-directory"),
]
