"""Hotline REST endpoints (STYLE §9): the signed CTI webhook, the agent's actions, callbacks and service levels.
Thin: parse, call one service or selector, render."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

from drf_spectacular.utils import OpenApiParameter, extend_schema, inline_serializer
from rest_framework import serializers
from rest_framework.permissions import AllowAny
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from fawang.accounts.models import User
from fawang.cases.languages import Language
from fawang.core import clock
from fawang.core.errors import DomainError, NotFoundError, PermissionDeniedError
from fawang.hotline.models import (
    AgentState,
    AttemptOutcome,
    Call,
    Callback,
    ContactType,
    Seat,
)
from fawang.hotline.selectors import (
    OPERATOR_ROLES,
    call_get_for_user,
    callback_contact,
    callback_phone_shown,
    callback_queue_for_user,
    centre_list_for_user,
)
from fawang.hotline.service_levels import GROUPINGS, service_levels_for_user
from fawang.hotline.services.callbacks import callback_attempt_record, callback_claim
from fawang.hotline.services.calls import OUTCOMES, WrapUp, call_notes_save, call_wrap_up
from fawang.hotline.services.seats import agent_state_set, seat_sign_in
from fawang.hotline.services.webhook import webhook_receive
from fawang.hotline.signing import SIGNATURE_HEADER, TIMESTAMP_HEADER
from fawang.people.idcard import phone_mask


def _user(request: Request) -> User:
    if not isinstance(request.user, User):
        raise PermissionDeniedError("请先登录。")
    return request.user


class EventInputSerializer(serializers.Serializer[dict[str, Any]]):
    event_id = serializers.CharField(max_length=100, help_text="全局唯一，重复推送时保持不变（幂等）")
    type = serializers.ChoiceField(
        choices=[
            "ringing",
            "queued",
            "answered",
            "transferred",
            "ended",
            "abandoned",
            "recording_available",
            "ivr_choice",
            "rating",
            "message_left",
        ]
    )
    call_id = serializers.CharField(max_length=100)
    centre = serializers.CharField(max_length=30)
    occurred_at = serializers.DateTimeField(help_text="事件发生时间，ISO 8601，须带时区")
    data = serializers.DictField(  # type: ignore[assignment]  # the CTI envelope names this field "data"
        required=False, help_text="caller、seat、to、by、url、menu、key 等"
    )


class EventResultSerializer(serializers.Serializer[dict[str, Any]]):
    status = serializers.ChoiceField(choices=["accepted", "duplicate", "rejected"])
    event_id = serializers.CharField(required=False)
    call_state = serializers.CharField(required=False)
    service_mode = serializers.ChoiceField(
        choices=["open", "message", "announcement"],
        required=False,
        help_text="queued/ringing：open 人工服务；message 非人工时间，自动应答并接受留言；announcement 仅自动应答",
    )
    prompt = serializers.CharField(required=False, help_text="非人工服务时间的自动应答提示语（中心配置时）")
    reason = serializers.CharField(required=False)
    detail = serializers.CharField(required=False)


class HotlineEventReceiveApi(APIView):
    """The CTI posts one event per request, signed with HMAC-SHA256 (docs/hotline-webhook.md)."""

    authentication_classes: list[Any] = []
    permission_classes = [AllowAny]
    parser_classes: list[Any] = []  # the raw body is what is signed; it is parsed after verification

    @extend_schema(
        request=EventInputSerializer,
        responses={
            202: EventResultSerializer,
            200: EventResultSerializer,
            400: EventResultSerializer,
            401: EventResultSerializer,
            409: EventResultSerializer,
            413: EventResultSerializer,
            503: EventResultSerializer,
        },
        parameters=[
            OpenApiParameter(
                TIMESTAMP_HEADER, str, OpenApiParameter.HEADER, required=True, description="Unix 秒"
            ),
            OpenApiParameter(
                SIGNATURE_HEADER,
                str,
                OpenApiParameter.HEADER,
                required=True,
                description="sha256=HMAC-SHA256(密钥, 时间戳 + '.' + 报文) 的十六进制",
            ),
        ],
        summary="接收话务平台（CTI）推送的通话事件",
        operation_id="hotline_event_receive",
        auth=[],
    )
    def post(self, request: Request) -> Response:
        result = webhook_receive(
            body=request.body,
            timestamp=request.headers.get(TIMESTAMP_HEADER),
            signature=request.headers.get(SIGNATURE_HEADER),
            remote_addr=request.META.get("REMOTE_ADDR"),
        )
        return Response(result.body, status=result.status_code)


class SeatSignInInputSerializer(serializers.Serializer[dict[str, Any]]):
    centre = serializers.CharField(max_length=30)
    seat = serializers.CharField(max_length=20)


class SessionOutputSerializer(serializers.Serializer[dict[str, Any]]):
    seat = serializers.CharField()
    centre = serializers.CharField()
    state = serializers.CharField()
    started_at = serializers.DateTimeField()


def _session_out(session: Any) -> dict[str, Any]:
    return {
        "seat": session.seat.code,
        "centre": session.seat.centre.code,
        "state": session.state,
        "started_at": session.started_at,
    }


class HotlineSeatSignInApi(APIView):
    @extend_schema(
        request=SeatSignInInputSerializer,
        responses=SessionOutputSerializer,
        summary="坐席员签入坐席",
        operation_id="hotline_seat_sign_in",
    )
    def post(self, request: Request) -> Response:
        data = SeatSignInInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        user = _user(request)
        seat = (
            Seat.objects.filter(
                centre__in=centre_list_for_user(user=user, roles=OPERATOR_ROLES),
                centre__code=data.validated_data["centre"],
                code=data.validated_data["seat"],
            )
            .select_related("centre")
            .first()
        )
        if seat is None:
            raise NotFoundError("未找到该坐席。")
        return Response(_session_out(seat_sign_in(actor=user, seat=seat)))


class AgentStateInputSerializer(serializers.Serializer[dict[str, Any]]):
    state = serializers.ChoiceField(choices=[AgentState.AVAILABLE, AgentState.BUSY, AgentState.BREAK])
    reason = serializers.CharField(max_length=200, required=False, allow_blank=True, default="")


class HotlineAgentStateApi(APIView):
    @extend_schema(
        request=AgentStateInputSerializer,
        responses=SessionOutputSerializer,
        summary="设置坐席状态（空闲、忙碌、小休）",
        operation_id="hotline_agent_state_set",
    )
    def post(self, request: Request) -> Response:
        data = AgentStateInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        session = agent_state_set(actor=_user(request), **data.validated_data)
        return Response(_session_out(session))


class CallOutputSerializer(serializers.ModelSerializer[Call]):
    centre = serializers.CharField(source="centre.code")
    caller_number = serializers.SerializerMethodField(help_text="脱敏显示（M3）")
    seat = serializers.CharField(source="seat.code", default="")
    case_reference = serializers.CharField(source="case.reference", default="")
    # Declared so the schema does not depend on the database's integer range (SQLite vs PostgreSQL).
    notes_revision = serializers.IntegerField(read_only=True)

    class Meta:
        model = Call
        fields = (
            "call_ref",
            "centre",
            "caller_number",
            "state",
            "offered_at",
            "answered_at",
            "ended_at",
            "seat",
            "out_of_hours",
            "rating",
            "ivr_choices",
            "language",
            "transfers",
            "recording_url",
            "contact_type",
            "category",
            "notes",
            "notes_revision",
            "disposition",
            "case_reference",
            "wrapped_up_at",
        )

    def get_caller_number(self, obj: Call) -> str:
        return phone_mask(obj.caller_number) if obj.caller_number else ""


class HotlineCallDetailApi(APIView):
    @extend_schema(responses=CallOutputSerializer, summary="来电详情", operation_id="hotline_call_get")
    def get(self, request: Request, call_ref: str) -> Response:
        return Response(CallOutputSerializer(call_get_for_user(user=_user(request), call_ref=call_ref)).data)


class NotesInputSerializer(serializers.Serializer[dict[str, Any]]):
    notes = serializers.CharField(max_length=20000, allow_blank=True, trim_whitespace=False)


class HotlineCallNotesApi(APIView):
    @extend_schema(
        request=NotesInputSerializer,
        responses=CallOutputSerializer,
        summary="自动保存通话记录",
        operation_id="hotline_call_notes_save",
    )
    def post(self, request: Request, call_ref: str) -> Response:
        data = NotesInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        call = call_notes_save(actor=_user(request), call_ref=call_ref, notes=data.validated_data["notes"])
        return Response(CallOutputSerializer(call).data)


class WrapUpInputSerializer(serializers.Serializer[dict[str, Any]]):
    contact_type = serializers.ChoiceField(choices=ContactType.choices)
    outcome = serializers.ChoiceField(choices=list(OUTCOMES))
    title = serializers.CharField(max_length=200)
    category = serializers.CharField(max_length=20, required=False, allow_blank=True, default="")
    caller_name = serializers.CharField(max_length=50, required=False, allow_blank=True, default="")
    id_number = serializers.CharField(max_length=18, required=False, allow_blank=True, default="")
    groups = serializers.ListField(child=serializers.CharField(max_length=30), required=False, default=list)
    region_code = serializers.CharField(max_length=12, required=False, allow_blank=True, default="")
    urgent = serializers.BooleanField(required=False, default=False)
    answer = serializers.CharField(max_length=5000, required=False, allow_blank=True, default="")
    site_id = serializers.IntegerField(required=False, allow_null=True, default=None)
    institution_id = serializers.IntegerField(required=False, allow_null=True, default=None)
    practitioner_id = serializers.IntegerField(required=False, allow_null=True, default=None)
    callback_reason = serializers.CharField(max_length=2000, required=False, allow_blank=True, default="")
    callback_start = serializers.DateTimeField(required=False, allow_null=True, default=None)
    callback_end = serializers.DateTimeField(required=False, allow_null=True, default=None)
    transfer_to = serializers.CharField(max_length=100, required=False, allow_blank=True, default="")
    # A12: the case's language; omitted, the call's (from the IVR language menu). Refused unless offered.
    language = serializers.ChoiceField(choices=Language.choices, required=False)


class HotlineCallWrapUpApi(APIView):
    @extend_schema(
        request=WrapUpInputSerializer,
        responses=CallOutputSerializer,
        summary="来电登记：分类并答复、转办、转回拨或转接（生成工单）",
        operation_id="hotline_call_wrap_up",
    )
    def post(self, request: Request, call_ref: str) -> Response:
        data = WrapUpInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        values = dict(data.validated_data)
        values["groups"] = tuple(values["groups"])
        call = call_wrap_up(actor=_user(request), call_ref=call_ref, wrap=WrapUp(**values))
        return Response(CallOutputSerializer(call).data)


class CallbackOutputSerializer(serializers.ModelSerializer[Callback]):
    centre = serializers.CharField(source="centre.code")
    phone = serializers.SerializerMethodField(
        help_text="可拨打的号码，脱敏显示；认领该任务的坐席可见完整号码（M3，认领时审计）。"
        "已登记安全联系的申请人为其安全电话，不可电话联系时为空（M14）"
    )
    contact_restricted = serializers.SerializerMethodField(
        help_text="申请人已登记安全联系（M14）：勿拨打登记电话，只按 phone 或安全联系方式联系"
    )
    call_ref = serializers.CharField(source="call.call_ref", default="")
    case_reference = serializers.CharField(source="case.reference", default="")
    claimed_by = serializers.CharField(source="claimed_by.username", default="")
    attempts = serializers.IntegerField(read_only=True)  # database-independent schema, as above

    class Meta:
        model = Callback
        fields = (
            "id",
            "centre",
            "kind",
            "call_ref",
            "case_reference",
            "phone",
            "contact_restricted",
            "reason",
            "window_start",
            "window_end",
            "priority",
            "status",
            "claimed_by",
            "attempts",
            "first_attempt_at",
            "completed_at",
        )

    def get_phone(self, obj: Callback) -> str:
        return callback_phone_shown(callback=obj, viewer=self.context.get("user"))

    def get_contact_restricted(self, obj: Callback) -> bool:
        return callback_contact(callback=obj).restricted


def _viewer(request: Request) -> dict[str, Any]:
    return {"user": _user(request)}


class HotlineCallbackListApi(APIView):
    @extend_schema(
        responses=inline_serializer(
            "CallbackQueue",
            {
                "due_now": CallbackOutputSerializer(many=True),
                "upcoming": CallbackOutputSerializer(many=True),
            },
        ),
        summary="回拨队列：当前应回拨和未来 7 个工作日",
        operation_id="hotline_callback_list",
    )
    def get(self, request: Request) -> Response:
        queue = callback_queue_for_user(user=_user(request))
        upcoming = [c for day in queue.upcoming for c in day.items]
        return Response(
            {
                "due_now": CallbackOutputSerializer(queue.due_now, many=True, context=_viewer(request)).data,
                "upcoming": CallbackOutputSerializer(upcoming, many=True, context=_viewer(request)).data,
            }
        )


class HotlineCallbackClaimApi(APIView):
    @extend_schema(
        request=None,
        responses=CallbackOutputSerializer,
        summary="认领回拨任务（同一任务只能被一名坐席认领）",
        operation_id="hotline_callback_claim",
    )
    def post(self, request: Request, callback_id: int) -> Response:
        return Response(
            CallbackOutputSerializer(
                callback_claim(actor=_user(request), callback_id=callback_id), context=_viewer(request)
            ).data
        )


class AttemptInputSerializer(serializers.Serializer[dict[str, Any]]):
    outcome = serializers.ChoiceField(choices=AttemptOutcome.choices)
    note = serializers.CharField(max_length=2000, required=False, allow_blank=True, default="")
    next_window_start = serializers.DateTimeField(required=False, allow_null=True, default=None)


class HotlineCallbackAttemptApi(APIView):
    @extend_schema(
        request=AttemptInputSerializer,
        responses=CallbackOutputSerializer,
        summary="记录一次回拨结果（最多三次）",
        operation_id="hotline_callback_attempt",
    )
    def post(self, request: Request, callback_id: int) -> Response:
        data = AttemptInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        callback = callback_attempt_record(
            actor=_user(request), callback_id=callback_id, **data.validated_data
        )
        return Response(CallbackOutputSerializer(callback, context=_viewer(request)).data)


class ServiceLevelQuerySerializer(serializers.Serializer[dict[str, Any]]):
    start = serializers.DateTimeField(required=False)
    end = serializers.DateTimeField(required=False)
    group_by = serializers.ChoiceField(choices=list(GROUPINGS), required=False, default="hour")


class FiguresSerializer(serializers.Serializer[dict[str, Any]]):
    offered = serializers.IntegerField()
    answered = serializers.IntegerField()
    answered_within_15s = serializers.IntegerField()
    abandoned = serializers.IntegerField()
    waiting = serializers.IntegerField()
    answer_rate = serializers.FloatField(allow_null=True)
    within_15s_rate = serializers.FloatField(allow_null=True)
    average_handling_seconds = serializers.FloatField(allow_null=True)
    rated = serializers.IntegerField()
    satisfied = serializers.IntegerField()
    dissatisfied = serializers.IntegerField()
    rating_rate = serializers.FloatField(allow_null=True)
    satisfaction = serializers.FloatField(allow_null=True)
    qa_sampled = serializers.IntegerField()
    qa_rate = serializers.FloatField(allow_null=True)
    out_of_hours = serializers.IntegerField()


class HotlineServiceLevelsApi(APIView):
    @extend_schema(
        parameters=[ServiceLevelQuerySerializer],
        responses=inline_serializer(
            "HotlineServiceLevels",
            {
                "start": serializers.DateTimeField(),
                "end": serializers.DateTimeField(),
                "group_by": serializers.CharField(),
                "total": FiguresSerializer(),
                "groups": inline_serializer(
                    "HotlineServiceLevelGroup",
                    {
                        "key": serializers.CharField(),
                        "label": serializers.CharField(),
                        "figures": FiguresSerializer(),
                    },
                    many=True,
                ),
                "callbacks": serializers.DictField(),
                "peak_hour": serializers.CharField(allow_null=True),
            },
        ),
        summary="热线服务水平：按中心、坐席或小时统计（默认今天）",
        operation_id="hotline_service_levels",
    )
    def get(self, request: Request) -> Response:
        query = ServiceLevelQuerySerializer(data=request.query_params)
        query.is_valid(raise_exception=True)
        start, end = _period(query.validated_data.get("start"), query.validated_data.get("end"))
        report = service_levels_for_user(
            user=_user(request), start=start, end=end, group_by=query.validated_data["group_by"]
        )
        return Response(
            {
                "start": report.start,
                "end": report.end,
                "group_by": report.group_by,
                "total": report.total.as_dict(),
                "groups": [
                    {"key": g.key, "label": g.label, "figures": g.figures.as_dict()} for g in report.groups
                ],
                "callbacks": report.callbacks.__dict__,
                "peak_hour": report.peak_hour,
            }
        )


def _period(start: datetime | None, end: datetime | None) -> tuple[datetime, datetime]:
    if start is None:
        start = clock.to_local(clock.now()).replace(hour=0, minute=0, second=0, microsecond=0)
    end = end or start + timedelta(days=1)
    if end <= start or end - start > timedelta(days=366):
        raise DomainError("统计区间无效：结束须晚于开始，且不超过一年。")
    return start, end
