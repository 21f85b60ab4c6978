from django.urls import URLPattern, URLResolver, path

from fawang.hotline import api

urlpatterns: list[URLPattern | URLResolver] = [
    path("hotline/events", api.HotlineEventReceiveApi.as_view(), name="api-hotline-events"),
    path("hotline/seat", api.HotlineSeatSignInApi.as_view(), name="api-hotline-seat"),
    path("hotline/agent-state", api.HotlineAgentStateApi.as_view(), name="api-hotline-agent-state"),
    path("hotline/calls/<str:call_ref>", api.HotlineCallDetailApi.as_view(), name="api-hotline-call"),
    path(
        "hotline/calls/<str:call_ref>/notes", api.HotlineCallNotesApi.as_view(), name="api-hotline-call-notes"
    ),
    path(
        "hotline/calls/<str:call_ref>/wrap-up",
        api.HotlineCallWrapUpApi.as_view(),
        name="api-hotline-call-wrap-up",
    ),
    path("hotline/callbacks", api.HotlineCallbackListApi.as_view(), name="api-hotline-callbacks"),
    path(
        "hotline/callbacks/<int:callback_id>/claim",
        api.HotlineCallbackClaimApi.as_view(),
        name="api-hotline-callback-claim",
    ),
    path(
        "hotline/callbacks/<int:callback_id>/attempts",
        api.HotlineCallbackAttemptApi.as_view(),
        name="api-hotline-callback-attempt",
    ),
    path("hotline/service-levels", api.HotlineServiceLevelsApi.as_view(), name="api-hotline-service-levels"),
]
