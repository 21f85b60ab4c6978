from django.urls import URLPattern, URLResolver, path

from fawang.legislation import views

app_name = "legislation_staff"

urlpatterns: list[URLPattern | URLResolver] = [
    path("", views.staff_list, name="list"),
    path("new/", views.staff_create, name="create"),
    path("contact-points/", views.staff_contact_points, name="contact-points"),
    path("<int:draft_id>/", views.staff_detail, name="detail"),
    path("<int:draft_id>/act/", views.staff_act, name="act"),
    path("<int:draft_id>/summary/", views.staff_summary, name="summary"),
    path("<int:draft_id>/hearings/", views.staff_hearing, name="hearing"),
    path("<int:draft_id>/invitations/", views.staff_invitation, name="invitation"),
    path("<int:draft_id>/comments/", views.staff_comments, name="comments"),
    path("<int:draft_id>/offline/", views.staff_offline, name="offline"),
    path("comments/<int:comment_id>/", views.staff_comment, name="comment"),
    path("attachments/<int:attachment_id>/", views.staff_attachment, name="attachment"),
]
