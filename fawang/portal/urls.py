from django.urls import URLPattern, URLResolver, path

from fawang.portal import callback_views, views
from fawang.portal.apply import views as apply

app_name = "portal"

urlpatterns: list[URLPattern | URLResolver] = [
    path("", views.home, name="home"),
    path("register/", views.register, name="register"),
    path("register/code/", views.send_code, name="send-code"),
    path("login/", views.CitizenLoginView.as_view(), name="login"),
    path("privacy/", views.privacy, name="privacy"),
    path("me/", views.me, name="me"),
    path("me/identity/", views.identity, name="identity"),
    path("me/contact-safety/", views.contact_safety, name="contact-safety"),
    path("me/cases/<str:reference>/", views.my_case, name="my-case"),
    path("me/cases/<str:reference>/withdraw/", views.withdraw, name="withdraw"),
    path("me/cases/<str:reference>/legal-aid/<slug:kind>/", views.aid_request, name="aid-request"),
    path("me/cases/<str:reference>/receipt/", views.receipt, name="receipt"),
    path("me/cases/<str:reference>/receipt.pdf", views.receipt_download, name="receipt-pdf"),
    path("me/cases/<str:reference>/documents/<str:key>.pdf", views.document_download, name="document"),
    path("me/callbacks/", callback_views.callbacks, name="callbacks"),
    path("me/callbacks/<int:callback_id>/cancel/", callback_views.callback_cancel, name="callback-cancel"),
    path("complain/", views.complain, name="complain"),
    path("directory/", views.directory, name="directory"),
    path("apply/", views.apply_hub, name="apply"),
    path("apply/appointment/<int:practitioner_id>/", views.appointment, name="appointment"),
    path("apply/drafts/<str:token>/", apply.resume, name="apply-resume"),
    path("apply/drafts/<str:token>/uploads/", apply.upload, name="apply-upload"),
    path(
        "apply/drafts/<str:token>/uploads/<int:upload_id>/delete/",
        apply.upload_remove,
        name="apply-upload-remove",
    ),
    path("apply/drafts/<str:token>/discard/", apply.discard, name="apply-discard"),
    path("apply/drafts/<str:token>/<str:step>/", apply.step_view, name="apply-step"),
    path("apply/<slug:slug>/", apply.start, name="apply-start"),
]
