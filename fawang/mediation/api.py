"""REST endpoints for mediation (STYLE §9): thin views over the same services as the workbench."""

from __future__ import annotations

from typing import Any

from drf_spectacular.utils import extend_schema
from rest_framework import serializers
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from fawang.accounts.models import User
from fawang.cases.states import Channel
from fawang.core.errors import DomainError, PermissionDeniedError
from fawang.directory.models import Institution, InstitutionKind, Practitioner
from fawang.mediation import services
from fawang.mediation.models import MediationCase, Origin, PersonalStatusMatter, Side
from fawang.mediation.selectors import mediation_get_for_user


def _user(request: Request) -> User:
    if not isinstance(request.user, User):
        raise PermissionDeniedError("请先登录。")
    return request.user


class PartyInputSerializer(serializers.Serializer[dict[str, Any]]):
    name = serializers.CharField(max_length=50)
    side = serializers.ChoiceField(choices=Side.choices)
    id_number = serializers.CharField(max_length=18, required=False, allow_blank=True, default="")
    phone = serializers.CharField(max_length=20, required=False, allow_blank=True, default="")
    address = serializers.CharField(max_length=200, required=False, allow_blank=True, default="")
    representative = serializers.BooleanField(required=False, default=False)


class MediationCreateInputSerializer(serializers.Serializer[dict[str, Any]]):
    committee_id = serializers.IntegerField()
    origin = serializers.ChoiceField(choices=Origin.choices, default=Origin.APPLICATION)
    channel = serializers.ChoiceField(choices=Channel.choices, default=Channel.WEB)
    title = serializers.CharField(max_length=200)
    facts = serializers.CharField(max_length=20000)
    issues = serializers.CharField(max_length=5000, required=False, allow_blank=True, default="")
    parties = PartyInputSerializer(many=True)
    mediator_id = serializers.IntegerField(required=False, allow_null=True, default=None)
    major_or_complex = serializers.BooleanField(required=False, default=False)
    status_matter = serializers.ChoiceField(
        choices=PersonalStatusMatter.choices, default=PersonalStatusMatter.NONE
    )


class PartyOutputSerializer(serializers.Serializer[Any]):
    id = serializers.IntegerField()
    name = serializers.CharField(source="person.name")
    side = serializers.CharField()
    consent = serializers.CharField()
    representative = serializers.BooleanField()


class MediationOutputSerializer(serializers.Serializer[MediationCase]):
    reference = serializers.CharField(source="case.reference")
    status = serializers.CharField(source="case.status")
    status_label = serializers.CharField(source="case.get_status_display")
    committee = serializers.CharField(source="committee.name")
    mediator = serializers.CharField(source="case.handler_practitioner.name", default=None)
    origin = serializers.CharField()
    due_at = serializers.DateTimeField(source="case.due_at")
    escalation_flag = serializers.BooleanField()
    agreement_effective_at = serializers.SerializerMethodField()
    parties = PartyOutputSerializer(many=True, source="parties.all")
    fee = serializers.SerializerMethodField()

    def get_agreement_effective_at(self, obj: MediationCase) -> str | None:
        agreement = getattr(obj, "agreement", None) if hasattr(obj, "agreement") else None
        return agreement.effective_at.isoformat() if agreement and agreement.effective_at else None

    def get_fee(self, obj: MediationCase) -> str:
        return str(services.FREE_OF_CHARGE)


class MediationCreateApi(APIView):
    @extend_schema(
        request=MediationCreateInputSerializer,
        responses={201: MediationOutputSerializer},
        summary="登记人民调解申请（当事人申请或主动调解）",
        operation_id="mediation_application_create",
    )
    def post(self, request: Request) -> Response:
        data = MediationCreateInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        values = data.validated_data
        committee = Institution.objects.filter(
            pk=values["committee_id"], kind=InstitutionKind.MEDIATION_COMMITTEE
        ).first()
        if committee is None:
            raise DomainError("未找到该人民调解委员会。")
        mediator = (
            Practitioner.objects.filter(pk=values["mediator_id"]).first() if values["mediator_id"] else None
        )
        mediation = services.mediation_application_create(
            actor=_user(request),
            committee=committee,
            origin=values["origin"],
            channel=values["channel"],
            title=values["title"],
            facts=values["facts"],
            issues=values["issues"],
            parties=[services.PartyInput(**p) for p in values["parties"]],
            chosen_mediator=mediator,
            major_or_complex=values["major_or_complex"],
            status_matter=values["status_matter"],
            idempotency_key=request.headers.get("Idempotency-Key") or None,
        )
        return Response(MediationOutputSerializer(mediation).data, status=201)


class MediationDetailApi(APIView):
    @extend_schema(
        responses=MediationOutputSerializer, summary="人民调解案件办理情况", operation_id="mediation_get"
    )
    def get(self, request: Request, reference: str) -> Response:
        mediation = mediation_get_for_user(user=_user(request), reference=reference)
        return Response(MediationOutputSerializer(mediation).data)
