from django.urls import URLPattern, URLResolver, path

from fawang.hotline import views

app_name = "hotline"

urlpatterns: list[URLPattern | URLResolver] = [
    path("", views.console, name="console"),
    path("pop/", views.pop, name="pop"),
    path("seat/", views.seat_action, name="seat"),
    path("state/", views.state_action, name="state"),
    path("seat/languages/", views.seat_languages, name="seat-languages"),
    path("knowledge/", views.knowledge, name="knowledge"),
    path("calls/<str:call_ref>/", views.call_detail, name="call"),
    path("calls/<str:call_ref>/notes/", views.notes_save, name="notes"),
    path("calls/<str:call_ref>/wrap-up/", views.wrap_up, name="wrap-up"),
    path("callbacks/", views.callbacks, name="callbacks"),
    path("callbacks/<int:callback_id>/<str:action>/", views.callback_action, name="callback-action"),
    path("feedback/", views.feedback, name="feedback"),
    path("feedback/escalate/", views.feedback_escalate_view, name="feedback-escalate"),
    path("feedback/<str:reference>/<str:action>/", views.feedback_action, name="feedback-action"),
    path("levels/", views.levels, name="levels"),
    path("quality/", views.quality, name="quality"),
    path("quality/sample/", views.quality_sample_action, name="quality-sample"),
    path("quality/<int:review_id>/", views.quality_review, name="quality-review"),
    path("hours/", views.hours, name="hours"),
    path("languages/", views.centre_languages, name="languages"),
    path("slots/", views.slots, name="slots"),
    path("slots/set/", views.slot_set, name="slot-set"),
    path("slots/range/", views.slots_range, name="slots-range"),
]
