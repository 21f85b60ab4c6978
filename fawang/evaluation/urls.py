from django.urls import URLPattern, URLResolver, path

from fawang.evaluation import views

app_name = "evaluation"

urlpatterns: list[URLPattern | URLResolver] = [
    path("rate/<str:reference>/", views.rate, name="rate"),
    path("rectifications/", views.rectification_list, name="rectifications"),
    path("rectifications/<int:pk>/", views.rectification_detail, name="rectification"),
    path("rectifications/<int:pk>/respond/", views.rectification_respond, name="rectification-respond"),
    path("rectifications/<int:pk>/done/", views.rectification_done, name="rectification-done"),
    path("rectifications/<int:pk>/verify/", views.rectification_verify, name="rectification-verify"),
    path("rectifications/<int:pk>/appeal/", views.appeal_decide, name="appeal-decide"),
    path("rectifications/<int:pk>/contact/", views.rater_contact, name="rater-contact"),
    path("complaints/new/", views.complaint_new, name="complaint-new"),
    path("complaints/<str:reference>/", views.complaint_detail, name="complaint"),
    path("complaints/<str:reference>/reply/", views.complaint_reply, name="complaint-reply"),
    path("complaints/<str:reference>/confirm/", views.complaint_confirm, name="complaint-confirm"),
    path("complaints/<str:reference>/reject/", views.complaint_reject, name="complaint-reject"),
    path("records/practitioner/<int:pk>/", views.record_practitioner, name="record-practitioner"),
    path("records/institution/<int:pk>/", views.record_institution, name="record-institution"),
]
