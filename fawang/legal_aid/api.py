"""REST endpoints for legal aid (/api/v1/legal-aid/...): thin views over the same services as the workbench."""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.http import HttpResponse
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import serializers
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from fawang.accounts.models import User
from fawang.accounts.roles import INTAKE_ROLES, Role
from fawang.accounts.selectors import user_roles
from fawang.accounts.services import system_actor
from fawang.cases.states import Channel
from fawang.core.errors import DomainError, PermissionDeniedError
from fawang.core.pdf import document_pdf
from fawang.eligibility.engine import InputError
from fawang.eligibility.engine.jsonl import parse_facts
from fawang.eligibility.selectors import eligibility_evaluate
from fawang.eligibility.services import standards_ensure_seeded
from fawang.legal_aid.codes import GROUND_CHOICES, GROUP_CHOICES, MATTER_CHOICES, VerificationMode
from fawang.legal_aid.models import Document, LegalAidApplication
from fawang.legal_aid.selectors import (
    application_get_for_user,
    document_get_for_user,
    document_list,
    latest_snapshot,
)
from fawang.legal_aid.services import AidDetails, aid_application_submit
from fawang.people.services import person_register
from fawang.regions.selectors import region_get

IDEMPOTENCY_HEADER = OpenApiParameter(
    "Idempotency-Key",
    str,
    OpenApiParameter.HEADER,
    required=False,
    description="重复提交时返回同一申请（N2）",
)


def _user(request: Request) -> User:
    if not isinstance(request.user, User):
        raise PermissionDeniedError("请先登录。")
    return request.user


class ApplicationCreateInputSerializer(serializers.Serializer[dict[str, Any]]):
    name = serializers.CharField(max_length=50)
    id_number = serializers.CharField(max_length=18, required=False, allow_blank=True, default="")
    phone = serializers.CharField(max_length=20, required=False, allow_blank=True, default="")
    region_code = serializers.CharField(max_length=12)
    title = serializers.CharField(max_length=200)
    channel = serializers.ChoiceField(choices=Channel.choices, required=False, default=Channel.WEB)
    matter = serializers.ChoiceField(choices=MATTER_CHOICES, required=False, allow_blank=True, default="")
    facts_and_reasons = serializers.CharField(max_length=20000, required=False, allow_blank=True, default="")
    economic_situation = serializers.CharField(max_length=5000, required=False, allow_blank=True, default="")
    household = serializers.CharField(max_length=5000, required=False, allow_blank=True, default="")
    monthly_income_per_capita = serializers.DecimalField(
        max_digits=12, decimal_places=2, min_value=0, required=False, allow_null=True, default=None
    )
    household_size = serializers.IntegerField(min_value=1, required=False, allow_null=True, default=None)
    has_large_assets = serializers.BooleanField(required=False, allow_null=True, default=None)
    hardship_expense = serializers.BooleanField(required=False, allow_null=True, default=None)
    grounds = serializers.ListField(
        child=serializers.ChoiceField(choices=GROUND_CHOICES), required=False, default=list
    )
    applicant_groups = serializers.ListField(
        child=serializers.ChoiceField(choices=GROUP_CHOICES), required=False, default=list
    )
    verification_mode = serializers.ChoiceField(
        choices=VerificationMode.choices, required=False, allow_blank=True, default=""
    )
    detained = serializers.BooleanField(required=False, default=False)
    custody_place = serializers.CharField(max_length=100, required=False, allow_blank=True, default="")
    limitation_deadline = serializers.DateField(required=False, allow_null=True, default=None)
    urgent_preservation = serializers.BooleanField(required=False, default=False)
    proxy_name = serializers.CharField(max_length=50, required=False, allow_blank=True, default="")
    proxy_relationship = serializers.CharField(max_length=50, required=False, allow_blank=True, default="")
    proxy_authority = serializers.CharField(max_length=200, required=False, allow_blank=True, default="")


class SnapshotOutputSerializer(serializers.Serializer[dict[str, Any]]):
    verdict = serializers.CharField()
    means_test = serializers.CharField()
    reasons = serializers.ListField(child=serializers.CharField())
    legal_basis = serializers.ListField(child=serializers.CharField())
    missing = serializers.ListField(child=serializers.DictField())
    rule_version = serializers.CharField(allow_blank=True)
    advisory = serializers.CharField()


class ApplicationOutputSerializer(serializers.Serializer[LegalAidApplication]):
    reference = serializers.CharField(source="case.reference")
    status = serializers.CharField(source="case.status")
    status_label = serializers.CharField(source="case.get_status_display")
    intake_kind = serializers.CharField()
    matter = serializers.CharField()
    due_at = serializers.DateTimeField(source="case.due_at", allow_null=True)
    next_actor_role = serializers.CharField(source="case.next_actor_role")
    outcome = serializers.CharField(source="case.outcome")
    eligibility = serializers.SerializerMethodField()

    def get_eligibility(self, app: LegalAidApplication) -> dict[str, Any] | None:
        snapshot = latest_snapshot(application=app)
        if snapshot is None:
            return None
        return {**snapshot.result, "rule_version": snapshot.rule_version}


class CheckInputSerializer(serializers.Serializer[dict[str, Any]]):
    date = serializers.DateField()
    agency_region = serializers.CharField(max_length=100, required=False, allow_null=True, default=None)
    matter = serializers.ChoiceField(choices=MATTER_CHOICES, required=False, allow_null=True, default=None)
    criminal_notice = serializers.BooleanField(required=False, default=False)
    grounds = serializers.ListField(
        child=serializers.ChoiceField(choices=GROUND_CHOICES), required=False, default=list
    )
    applicant_groups = serializers.ListField(
        child=serializers.ChoiceField(choices=GROUP_CHOICES), required=False, default=list
    )
    monthly_income_per_capita = serializers.DecimalField(
        max_digits=12, decimal_places=2, min_value=0, required=False, allow_null=True, default=None
    )
    household_size = serializers.IntegerField(min_value=1, required=False, allow_null=True, default=None)
    has_large_assets = serializers.BooleanField(required=False, allow_null=True, default=None)
    hardship_expense = serializers.BooleanField(required=False, allow_null=True, default=None)


class LegalAidDocumentOutputSerializer(serializers.ModelSerializer[Document]):
    kind_label = serializers.CharField(source="get_kind_display")
    pdf_url = serializers.SerializerMethodField()

    class Meta:
        model = Document
        fields = ("id", "kind", "kind_label", "number", "issued_at", "pdf_url")

    def get_pdf_url(self, doc: Document) -> str:
        return f"/api/v1/legal-aid/applications/{doc.case.reference}/documents/{doc.pk}/pdf/"


def _details(values: dict[str, Any]) -> AidDetails:
    kwargs: dict[str, Any] = {k: tuple(x) if isinstance(x, list) else x for k, x in values.items()}
    return AidDetails(**kwargs)


class ApplicationCreateApi(APIView):
    @extend_schema(
        request=ApplicationCreateInputSerializer,
        responses={201: ApplicationOutputSerializer},
        parameters=[IDEMPOTENCY_HEADER],
        summary="提交法律援助申请（任一渠道）",
        operation_id="legal_aid_create",
    )
    def post(self, request: Request) -> Response:
        user = _user(request)
        roles = user_roles(user=user)
        if not roles & (INTAKE_ROLES | {Role.CITIZEN}):
            raise PermissionDeniedError("您的角色不能提交法律援助申请。")
        data = ApplicationCreateInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        v = dict(data.validated_data)
        citizen = not roles & INTAKE_ROLES
        with transaction.atomic():
            person = person_register(
                actor=user, name=v.pop("name"), id_number=v.pop("id_number"), phone=v.pop("phone")
            )
            region = region_get(code=v.pop("region_code"))
            title = v.pop("title")
            channel = v.pop("channel")
            if citizen and channel not in (Channel.WEB, Channel.APP):
                raise DomainError("网上申请的渠道只能是网站或移动端。")
            app = aid_application_submit(
                actor=user,
                region=region,
                requester=person,
                requester_user=user if citizen else None,
                title=title,
                channel=channel,
                details=_details(v),
                idempotency_key=request.headers.get("Idempotency-Key") or None,
            )
        return Response(ApplicationOutputSerializer(app).data, status=201)


class EligibilityCheckApi(APIView):
    @extend_schema(
        request=CheckInputSerializer,
        responses=SnapshotOutputSerializer,
        summary="法律援助资格预审（仅供参考，不是决定）",
        operation_id="legal_aid_check",
    )
    def post(self, request: Request) -> Response:
        _user(request)
        data = CheckInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        v = dict(data.validated_data)
        v["date"] = v["date"].isoformat()
        income = v.get("monthly_income_per_capita")
        v["monthly_income_per_capita"] = None if income is None else str(income)
        try:
            facts = parse_facts(v)
        except InputError as exc:
            raise DomainError(str(exc)) from exc
        standards_ensure_seeded(actor=system_actor())  # a fresh database: load the shipped standards once
        result, _ = eligibility_evaluate(facts=facts)
        return Response(
            {
                "verdict": result.verdict.value,
                "means_test": result.means_test.value,
                "reasons": list(result.reasons),
                "legal_basis": list(result.legal_basis),
                "missing": [{"field": m.field, "label": m.label} for m in result.missing],
                "rule_version": result.rule_version or "",
                "advisory": "本结果仅供参考，是否给予法律援助由法律援助机构审查决定；您可以要求人工审查（J6、J9）。",
            }
        )


class ApplicationStatusApi(APIView):
    @extend_schema(
        responses=ApplicationOutputSerializer, summary="法律援助申请办理进度", operation_id="legal_aid_status"
    )
    def get(self, request: Request, reference: str) -> Response:
        app = application_get_for_user(user=_user(request), reference=reference)
        return Response(ApplicationOutputSerializer(app).data)


class DocumentListApi(APIView):
    @extend_schema(
        responses=LegalAidDocumentOutputSerializer(many=True),
        summary="法律援助文书列表",
        operation_id="legal_aid_documents",
    )
    def get(self, request: Request, reference: str) -> Response:
        app = application_get_for_user(user=_user(request), reference=reference)
        docs = document_list(application=app).select_related("case")
        return Response(LegalAidDocumentOutputSerializer(docs, many=True).data)


class DocumentPdfApi(APIView):
    @extend_schema(
        responses={(200, "application/pdf"): OpenApiTypes.BINARY},
        summary="下载法律援助文书（PDF）",
        operation_id="legal_aid_document_pdf",
    )
    def get(self, request: Request, reference: str, pk: int) -> HttpResponse:
        doc = document_get_for_user(user=_user(request), reference=reference, pk=pk)
        response = HttpResponse(document_pdf(doc.content), content_type="application/pdf")
        response["Content-Disposition"] = f'inline; filename="{doc.number}.pdf"'
        return response
