"""REST endpoints for notarisation (STYLE §9): matter types, open slots, booking, application, status."""

from __future__ import annotations

from typing import Any

from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import serializers
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from fawang.accounts.models import User
from fawang.accounts.roles import Role
from fawang.accounts.selectors import user_roles
from fawang.cases.states import Channel
from fawang.core import clock
from fawang.core.errors import DomainError, PermissionDeniedError
from fawang.directory.models import Institution, InstitutionKind
from fawang.notary import services
from fawang.notary.catalogue import MATTER_TYPES, matter_type
from fawang.notary.models import NotaryBooking, NotaryMatter, SignMethod
from fawang.notary.selectors import notary_matter_get_for_user, notary_slot_list_available
from fawang.people.models import Person
from fawang.people.services import person_register


def _user(request: Request) -> User:
    if not isinstance(request.user, User):
        raise PermissionDeniedError("请先登录。")
    return request.user


def _office(office_id: int) -> Institution:
    office = Institution.objects.filter(pk=office_id, kind=InstitutionKind.NOTARY_OFFICE).first()
    if office is None:
        raise DomainError("未找到该公证处。")
    return office


def _person(user: User, data: dict[str, Any]) -> Person:
    """Citizens act for themselves (their linked person); staff register the named applicant."""
    if user_roles(user=user) == frozenset({Role.CITIZEN}):
        person = Person.objects.filter(user=user).first()
        if person is None:
            raise DomainError("请先完成实名登记。")
        return person
    if not data.get("applicant_name"):
        raise DomainError("请填写申请人姓名。")
    return person_register(
        actor=user,
        name=data["applicant_name"],
        id_number=data.get("applicant_id_number", ""),
        phone=data.get("applicant_phone", ""),
    )


class MaterialOutputSerializer(serializers.Serializer[Any]):
    code = serializers.CharField()
    label = serializers.CharField()  # type: ignore[assignment]  # a field named "label", as in the catalogue
    article_item = serializers.IntegerField()
    substitutable = serializers.BooleanField()


class MatterTypeOutputSerializer(serializers.Serializer[Any]):
    code = serializers.CharField()
    label = serializers.CharField()  # type: ignore[assignment]  # a field named "label", as in the catalogue
    in_person = serializers.BooleanField()
    real_estate = serializers.BooleanField()
    materials = MaterialOutputSerializer(many=True)


class SlotOutputSerializer(serializers.Serializer[Any]):
    id = serializers.IntegerField()
    office_id = serializers.IntegerField()
    office_name = serializers.CharField()
    notary_name = serializers.CharField()
    starts_at = serializers.DateTimeField()
    ends_at = serializers.DateTimeField()
    remaining = serializers.IntegerField()


class BookingInputSerializer(serializers.Serializer[dict[str, Any]]):
    slot_id = serializers.IntegerField()
    matter_code = serializers.ChoiceField(choices=[(m.code, m.label) for m in MATTER_TYPES])
    note = serializers.CharField(max_length=200, required=False, allow_blank=True, default="")
    applicant_name = serializers.CharField(max_length=50, required=False, default="")
    applicant_id_number = serializers.CharField(max_length=18, required=False, allow_blank=True, default="")
    applicant_phone = serializers.CharField(max_length=20, required=False, allow_blank=True, default="")


class BookingOutputSerializer(serializers.ModelSerializer[NotaryBooking]):
    starts_at = serializers.DateTimeField(source="slot.starts_at")
    office_name = serializers.CharField(source="slot.office.name")

    class Meta:
        model = NotaryBooking
        fields = ("id", "slot", "matter_code", "status", "starts_at", "office_name")


class ApplicationInputSerializer(BookingInputSerializer):
    slot_id = serializers.IntegerField(required=False)  # optional here
    office_id = serializers.IntegerField()
    booking_id = serializers.IntegerField(required=False, allow_null=True, default=None)
    purpose = serializers.CharField(max_length=200)
    documents = serializers.CharField(max_length=5000)
    signed_by = serializers.ChoiceField(choices=SignMethod.choices)
    is_proxy = serializers.BooleanField(required=False, default=False)
    agent_name = serializers.CharField(max_length=50, required=False, allow_blank=True, default="")
    agent_relationship = serializers.CharField(max_length=50, required=False, allow_blank=True, default="")
    agent_authority = serializers.CharField(max_length=200, required=False, allow_blank=True, default="")
    proofs_count = serializers.IntegerField(required=False, default=0, min_value=0)
    witnesses = serializers.CharField(max_length=300, required=False, allow_blank=True, default="")
    other_notes = serializers.CharField(max_length=5000, required=False, allow_blank=True, default="")
    channel = serializers.ChoiceField(choices=Channel.choices, default=Channel.WEB)


class MatterOutputSerializer(serializers.Serializer[NotaryMatter]):
    reference = serializers.CharField(source="case.reference")
    status = serializers.CharField(source="case.status")
    status_label = serializers.CharField(source="case.get_status_display")
    matter_code = serializers.CharField()
    office = serializers.CharField(source="office.name")
    due_at = serializers.DateTimeField(source="case.due_at")
    fee_waived = serializers.BooleanField()
    fee_waiver_basis = serializers.CharField()
    certificate_number = serializers.SerializerMethodField()
    refusal_ground = serializers.SerializerMethodField()

    def get_certificate_number(self, obj: NotaryMatter) -> str | None:
        return obj.certificate.number if hasattr(obj, "certificate") else None

    def get_refusal_ground(self, obj: NotaryMatter) -> str | None:
        return obj.refusal.get_ground_display() if hasattr(obj, "refusal") else None


class MatterTypeListApi(APIView):
    @extend_schema(
        responses=MatterTypeOutputSerializer(many=True),
        summary="公证事项及材料清单",
        operation_id="notary_matter_types",
    )
    def get(self, request: Request) -> Response:
        rows = [
            {
                "code": m.code,
                "label": m.label,
                "in_person": m.in_person,
                "real_estate": m.real_estate,
                "materials": [
                    {
                        "code": i.code,
                        "label": i.label,
                        "article_item": i.article_item,
                        "substitutable": i.substitutable,
                    }
                    for i in m.materials
                ],
            }
            for m in MATTER_TYPES
        ]
        return Response(MatterTypeOutputSerializer(rows, many=True).data)


class SlotListApi(APIView):
    @extend_schema(
        responses=SlotOutputSerializer(many=True),
        parameters=[
            OpenApiParameter("office_id", int, required=False),
            OpenApiParameter("days", int, required=False),
        ],
        summary="可预约的公证时段",
        operation_id="notary_slots",
    )
    def get(self, request: Request) -> Response:
        from datetime import timedelta

        params = SlotQuerySerializer(data=request.query_params)
        params.is_valid(raise_exception=True)
        days = params.validated_data.get("days") or 14
        office_id = params.validated_data.get("office_id")
        office = _office(office_id) if office_id else None
        now = clock.now()
        slots = notary_slot_list_available(date_from=now, date_to=now + timedelta(days=days), office=office)
        return Response(SlotOutputSerializer([s.__dict__ for s in slots], many=True).data)


class SlotQuerySerializer(serializers.Serializer[Any]):
    """Query parameters, validated so that nonsense gets a 400 rather than a crash."""

    days = serializers.IntegerField(required=False, min_value=1, max_value=60)
    office_id = serializers.IntegerField(required=False, min_value=1)


class BookingCreateApi(APIView):
    @extend_schema(
        request=BookingInputSerializer,
        responses={201: BookingOutputSerializer},
        summary="预约公证",
        operation_id="notary_booking_create",
    )
    def post(self, request: Request) -> Response:
        user = _user(request)
        data = BookingInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        values = data.validated_data
        booking = services.notary_booking_create(
            actor=user,
            slot_id=values["slot_id"],
            person=_person(user, values),
            matter_code=values["matter_code"],
            note=values["note"],
        )
        return Response(BookingOutputSerializer(booking).data, status=201)


class ApplicationCreateApi(APIView):
    @extend_schema(
        request=ApplicationInputSerializer,
        responses={201: MatterOutputSerializer},
        summary="申请办理公证",
        operation_id="notary_application_create",
    )
    def post(self, request: Request) -> Response:
        user = _user(request)
        data = ApplicationInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        v = data.validated_data
        matter_type(v["matter_code"])
        matter = services.notary_application_create(
            actor=user,
            office=_office(v["office_id"]),
            applicant=_person(user, v),
            data=services.ApplicationInput(
                matter_code=v["matter_code"],
                purpose=v["purpose"],
                documents=v["documents"],
                signed_by=v["signed_by"],
                is_proxy=v["is_proxy"],
                agent_name=v["agent_name"],
                agent_relationship=v["agent_relationship"],
                agent_authority=v["agent_authority"],
                proofs_count=v["proofs_count"],
                witnesses=v["witnesses"],
                other_notes=v["other_notes"],
                channel=v["channel"],
                booking_id=v["booking_id"],
            ),
            idempotency_key=request.headers.get("Idempotency-Key") or None,
        )
        return Response(MatterOutputSerializer(matter).data, status=201)


class MatterDetailApi(APIView):
    @extend_schema(responses=MatterOutputSerializer, summary="公证事项办理情况", operation_id="notary_get")
    def get(self, request: Request, reference: str) -> Response:
        return Response(
            MatterOutputSerializer(notary_matter_get_for_user(user=_user(request), reference=reference)).data
        )
