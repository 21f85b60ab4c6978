"""REST endpoints for cases (STYLE §9): thin views over the same selectors and services as the workbench."""

from __future__ import annotations

from typing import Any

from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import serializers
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from fawang.accounts.models import User
from fawang.accounts.roles import INTAKE_ROLES
from fawang.accounts.selectors import user_roles
from fawang.cases.languages import Language
from fawang.cases.models import Case, CaseEvent
from fawang.cases.selectors import case_get_for_user, case_list_for_user
from fawang.cases.services import case_create, case_transition
from fawang.cases.states import INTAKE_SERVICE_CHOICES, Channel
from fawang.cases.workflow import Action
from fawang.core.errors import PermissionDeniedError
from fawang.regions.selectors import region_get


class CaseOutputSerializer(serializers.ModelSerializer[Case]):
    region_code = serializers.CharField(source="region.code")
    service_type_label = serializers.CharField(source="get_service_type_display")
    status_label = serializers.CharField(source="get_status_display")

    class Meta:
        model = Case
        fields = (
            "reference",
            "service_type",
            "service_type_label",
            "channel",
            "language",
            "category",
            "status",
            "status_label",
            "priority",
            "title",
            "region_code",
            "next_actor_role",
            "due_at",
            "due_state",
            "outcome",
            "submitted_at",
            "closed_at",
        )


class CaseEventOutputSerializer(serializers.ModelSerializer[CaseEvent]):
    actor = serializers.CharField(source="actor.__str__")

    class Meta:
        model = CaseEvent
        fields = ("at", "actor", "action", "code", "from_status", "to_status", "reason")


class CaseCreateInputSerializer(serializers.Serializer[dict[str, Any]]):
    service_type = serializers.ChoiceField(choices=INTAKE_SERVICE_CHOICES)
    channel = serializers.ChoiceField(choices=Channel.choices)
    # A12: one of the declared codes; case_create refuses one this deployment does not offer. Omitted: 普通话.
    language = serializers.ChoiceField(choices=Language.choices, required=False)
    title = serializers.CharField(max_length=200)
    description = serializers.CharField(max_length=20000, required=False, allow_blank=True, default="")
    region_code = serializers.CharField(max_length=12)
    category = serializers.CharField(max_length=20, required=False, allow_blank=True, default="")
    urgent = serializers.BooleanField(required=False, default=False)
    confidential = serializers.BooleanField(required=False, default=False)


class TransitionInputSerializer(serializers.Serializer[dict[str, Any]]):
    reason = serializers.CharField(max_length=5000, required=False, allow_blank=True, default="")
    site_id = serializers.IntegerField(required=False)
    institution_id = serializers.IntegerField(required=False)
    practitioner_id = serializers.IntegerField(required=False)
    missing_items = serializers.ListField(child=serializers.CharField(max_length=200), required=False)
    expected_status = serializers.CharField(max_length=20, required=False)


IDEMPOTENCY_HEADER = OpenApiParameter(
    "Idempotency-Key",
    str,
    OpenApiParameter.HEADER,
    required=False,
    description="重复提交时返回同一工单（N2）",
)


def _user(request: Request) -> User:
    if not isinstance(request.user, User):  # login is enforced before this point
        raise PermissionDeniedError("请先登录。")
    return request.user


class CaseListApi(APIView):
    @extend_schema(
        responses=CaseOutputSerializer(many=True), summary="本人权限范围内的工单", operation_id="cases_list"
    )
    def get(self, request: Request) -> Response:
        cases = (
            case_list_for_user(user=_user(request)).select_related("region").order_by("-submitted_at")[:200]
        )
        return Response(CaseOutputSerializer(cases, many=True).data)

    @extend_schema(
        request=CaseCreateInputSerializer,
        responses={201: CaseOutputSerializer},
        parameters=[IDEMPOTENCY_HEADER],
        summary="受理新工单（前台统一受理）",
        operation_id="cases_create",
    )
    def post(self, request: Request) -> Response:
        user = _user(request)
        if not user_roles(user=user) & INTAKE_ROLES:
            raise PermissionDeniedError("您的角色不能受理新工单。")
        data = CaseCreateInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        values = dict(data.validated_data)
        case = case_create(
            actor=user,
            region=region_get(code=values.pop("region_code")),
            idempotency_key=request.headers.get("Idempotency-Key") or None,
            **values,
        )
        return Response(CaseOutputSerializer(case).data, status=201)


class CaseDetailApi(APIView):
    @extend_schema(responses=CaseOutputSerializer, summary="工单详情")
    def get(self, request: Request, reference: str) -> Response:
        return Response(
            CaseOutputSerializer(case_get_for_user(user=_user(request), reference=reference)).data
        )


class CaseEventsApi(APIView):
    @extend_schema(responses=CaseEventOutputSerializer(many=True), summary="工单办理记录")
    def get(self, request: Request, reference: str) -> Response:
        case = case_get_for_user(user=_user(request), reference=reference)
        events = case.events.select_related("actor").order_by("at", "id")
        return Response(CaseEventOutputSerializer(events, many=True).data)


class CaseTransitionApi(APIView):
    @extend_schema(
        request=TransitionInputSerializer,
        responses=CaseOutputSerializer,
        summary="办理工单：执行一个流转步骤",
        operation_id="cases_transition",
        parameters=[OpenApiParameter("action", str, OpenApiParameter.PATH, enum=[a.value for a in Action])],
    )
    def post(self, request: Request, reference: str, action: str) -> Response:
        data = TransitionInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        values = dict(data.validated_data)
        reason = values.pop("reason", "")
        expected = values.pop("expected_status", None)
        case = case_transition(
            reference=reference,
            action=action,
            actor=_user(request),
            reason=reason,
            payload=values,
            expected_status=expected,
        )
        return Response(CaseOutputSerializer(case).data)
