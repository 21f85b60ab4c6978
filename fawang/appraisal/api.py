"""REST endpoints for judicial appraisal (STYLE §9): commission intake from case-handling authorities, status."""

from __future__ import annotations

from typing import Any

from drf_spectacular.utils import extend_schema
from rest_framework import serializers
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from fawang.accounts.models import User
from fawang.appraisal import services
from fawang.appraisal.models import AppraisalCommission, ClientKind
from fawang.appraisal.selectors import appraisal_get_for_user
from fawang.core.errors import DomainError, PermissionDeniedError
from fawang.directory.models import Institution, InstitutionKind, Practitioner


def _user(request: Request) -> User:
    if not isinstance(request.user, User):
        raise PermissionDeniedError("请先登录。")
    return request.user


class CommissionInputSerializer(serializers.Serializer[dict[str, Any]]):
    institution_id = serializers.IntegerField()
    client_kind = serializers.ChoiceField(choices=ClientKind.choices)
    client_name = serializers.CharField(max_length=100)
    client_handler = serializers.CharField(max_length=50)
    client_phone = serializers.CharField(max_length=20)
    matter = serializers.CharField(max_length=200)
    purpose = serializers.CharField(max_length=200)
    requirements = serializers.CharField(max_length=5000)
    background = serializers.CharField(max_length=20000, required=False, allow_blank=True, default="")
    is_reappraisal = serializers.BooleanField(required=False, default=False)
    receiving_appraiser_id = serializers.IntegerField(required=False, allow_null=True, default=None)


class CommissionOutputSerializer(serializers.Serializer[AppraisalCommission]):
    reference = serializers.CharField(source="case.reference")
    status = serializers.CharField(source="case.status")
    status_label = serializers.CharField(source="case.get_status_display")
    institution = serializers.CharField(source="institution.name")
    client_name = serializers.CharField()
    matter = serializers.CharField()
    due_at = serializers.DateTimeField(source="case.due_at")
    opinion_number = serializers.SerializerMethodField()

    def get_opinion_number(self, obj: AppraisalCommission) -> str | None:
        return obj.opinion.number if hasattr(obj, "opinion") else None


class CommissionCreateApi(APIView):
    @extend_schema(
        request=CommissionInputSerializer,
        responses={201: CommissionOutputSerializer},
        summary="登记司法鉴定委托（办案机关委托）",
        operation_id="appraisal_commission_create",
    )
    def post(self, request: Request) -> Response:
        data = CommissionInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        v = dict(data.validated_data)
        institution = Institution.objects.filter(
            pk=v.pop("institution_id"), kind=InstitutionKind.APPRAISAL_INSTITUTION
        ).first()
        if institution is None:
            raise DomainError("未找到该司法鉴定机构。")
        receiving_id = v.pop("receiving_appraiser_id")
        receiving = Practitioner.objects.filter(pk=receiving_id).first() if receiving_id else None
        commission = services.appraisal_commission_create(
            actor=_user(request),
            institution=institution,
            data=services.CommissionInput(**v),
            receiving_appraiser=receiving,
            idempotency_key=request.headers.get("Idempotency-Key") or None,
        )
        return Response(CommissionOutputSerializer(commission).data, status=201)


class CommissionDetailApi(APIView):
    @extend_schema(
        responses=CommissionOutputSerializer, summary="司法鉴定委托办理情况", operation_id="appraisal_get"
    )
    def get(self, request: Request, reference: str) -> Response:
        return Response(
            CommissionOutputSerializer(appraisal_get_for_user(user=_user(request), reference=reference)).data
        )
