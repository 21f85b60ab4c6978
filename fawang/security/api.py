"""Security REST endpoints (thin): reveal one requester field, a citizen's own data, data requests, audit search."""

from __future__ import annotations

from typing import Any

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema
from rest_framework import serializers
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from fawang.accounts.models import User
from fawang.core.errors import PermissionDeniedError
from fawang.core.models import AuditAction, AuditEntry
from fawang.security.audit_search import AuditQuery, audit_search_for_user
from fawang.security.models import DataRequest, DataRequestKind
from fawang.security.privacy import (
    REVEALABLE_FIELDS,
    data_request_submit,
    my_data_collect,
    person_field_reveal,
)
from fawang.security.reauth import reauth_api_check


def _user(request: Request) -> User:
    if not isinstance(request.user, User):  # login is enforced before this point
        raise PermissionDeniedError("请先登录。")
    return request.user


class RevealInputSerializer(serializers.Serializer[dict[str, Any]]):
    reference = serializers.CharField(max_length=20)
    field = serializers.ChoiceField(choices=list(REVEALABLE_FIELDS.items()))
    purpose = serializers.CharField(max_length=200, required=False, allow_blank=True, default="")
    password = serializers.CharField(max_length=128, required=False, allow_blank=True, default="")
    otp = serializers.CharField(max_length=8, required=False, allow_blank=True, default="")


class RevealOutputSerializer(serializers.Serializer[dict[str, Any]]):
    reference = serializers.CharField()
    field = serializers.CharField()
    value = serializers.CharField()


class RevealApi(APIView):
    @extend_schema(
        request=RevealInputSerializer,
        responses=RevealOutputSerializer,
        summary="查看申请人完整信息（须重新验证身份，记入审计）",
        operation_id="security_reveal",
    )
    def post(self, request: Request) -> Response:
        data = RevealInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        values = data.validated_data
        reauth_api_check(request=request, password=values["password"], otp=values["otp"])
        value = person_field_reveal(
            actor=_user(request),
            reference=values["reference"],
            field=values["field"],
            purpose=values["purpose"],
        )
        return Response({"reference": values["reference"], "field": values["field"], "value": value})


class MyDataApi(APIView):
    @extend_schema(
        responses={200: OpenApiTypes.OBJECT},
        summary="下载本人个人信息（JSON，记入审计）",
        operation_id="security_my_data",
    )
    def get(self, request: Request) -> Response:
        return Response(my_data_collect(user=_user(request)))


class DataRequestInputSerializer(serializers.Serializer[dict[str, Any]]):
    kind = serializers.ChoiceField(choices=DataRequestKind.choices)
    details = serializers.CharField(max_length=2000, required=False, allow_blank=True, default="")


class DataRequestOutputSerializer(serializers.ModelSerializer[DataRequest]):
    class Meta:
        model = DataRequest
        fields = ("id", "kind", "status", "details", "submitted_at", "due_on", "decision")


class DataRequestCreateApi(APIView):
    @extend_schema(
        request=DataRequestInputSerializer,
        responses={201: DataRequestOutputSerializer},
        summary="提出个人信息查阅、更正或删除请求",
        operation_id="security_data_request_create",
    )
    def post(self, request: Request) -> Response:
        data = DataRequestInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        created = data_request_submit(actor=_user(request), **data.validated_data)
        return Response(DataRequestOutputSerializer(created).data, status=201)


class AuditQuerySerializer(serializers.Serializer[dict[str, Any]]):
    actor = serializers.CharField(max_length=150, required=False, allow_blank=True, default="")
    action = serializers.ChoiceField(
        choices=AuditAction.choices, required=False, allow_blank=True, default=""
    )
    object_type = serializers.CharField(max_length=60, required=False, allow_blank=True, default="")
    object_id = serializers.CharField(max_length=64, required=False, allow_blank=True, default="")
    date_from = serializers.DateField(required=False, allow_null=True, default=None)
    date_to = serializers.DateField(required=False, allow_null=True, default=None)
    limit = serializers.IntegerField(required=False, min_value=1, max_value=500, default=100)


class AuditEntryOutputSerializer(serializers.ModelSerializer[AuditEntry]):
    class Meta:
        model = AuditEntry
        fields = ("id", "at", "actor_label", "action", "object_type", "object_id", "summary", "ip_address")


class AuditSearchApi(APIView):
    @extend_schema(
        parameters=[AuditQuerySerializer],
        responses=AuditEntryOutputSerializer(many=True),
        summary="查询审计日志（督办管理员限本辖区，系统管理员全部）",
        operation_id="security_audit_search",
    )
    def get(self, request: Request) -> Response:
        data = AuditQuerySerializer(data=request.query_params)
        data.is_valid(raise_exception=True)
        values = dict(data.validated_data)
        limit = values.pop("limit")
        entries = audit_search_for_user(user=_user(request), query=AuditQuery(**values))[:limit]
        return Response(AuditEntryOutputSerializer(entries, many=True).data)
