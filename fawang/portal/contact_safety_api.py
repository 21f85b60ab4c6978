"""The citizen's safe-contact setting in the public API (M14; 法律援助法 Art.32): the same service as
`/me/contact-safety/`, for the mobile app. Responses are never cached; the safe number comes back masked."""

from __future__ import annotations

from typing import Any

from django.utils.cache import add_never_cache_headers
from drf_spectacular.utils import extend_schema
from rest_framework import serializers
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from fawang.core.errors import NotFoundError
from fawang.people.idcard import phone_mask
from fawang.people.models import ContactChannel, Person
from fawang.people.selectors import person_list_for_user
from fawang.people.services import ContactSafety, person_contact_safety_set
from fawang.portal.api import _user


class ContactSafetyInput(serializers.Serializer[Any]):
    channel = serializers.ChoiceField(choices=ContactChannel.choices, help_text="工作人员应如何联系您")
    safe_phone = serializers.CharField(max_length=20, required=False, default="", allow_blank=True)
    safe_contact_name = serializers.CharField(max_length=50, required=False, default="", allow_blank=True)
    note = serializers.CharField(max_length=2000, required=False, default="", allow_blank=True)


class ContactSafetyOutput(serializers.Serializer[Any]):
    channel = serializers.CharField()
    channel_label = serializers.CharField()
    safe_phone_masked = serializers.CharField(help_text="安全电话（脱敏）；未设置时为空")
    safe_contact_name = serializers.CharField()


def _person(request: Request) -> Person:
    person = person_list_for_user(user_id=_user(request).pk).first()
    if person is None:
        raise NotFoundError("您还没有登记个人信息：请先完成实名登记或提交一次申请。")
    return person


def _output(person: Person) -> Response:
    data = {
        "channel": person.contact_channel,
        "channel_label": ContactChannel(person.contact_channel).label,
        "safe_phone_masked": phone_mask(person.safe_phone) if person.safe_phone else "",
        "safe_contact_name": person.safe_contact_name,
    }
    response = Response(ContactSafetyOutput(data).data)
    add_never_cache_headers(response)
    return response


class MyContactSafetyApi(APIView):
    @extend_schema(
        responses=ContactSafetyOutput, summary="我的安全联系方式", operation_id="portal_contact_safety_get"
    )
    def get(self, request: Request) -> Response:
        return _output(_person(request))

    @extend_schema(
        request=ContactSafetyInput,
        responses=ContactSafetyOutput,
        summary="设置安全联系方式（不便按登记电话、地址联系时）",
        operation_id="portal_contact_safety_set",
    )
    def put(self, request: Request) -> Response:
        person = _person(request)
        data = ContactSafetyInput(data=request.data)
        data.is_valid(raise_exception=True)
        person = person_contact_safety_set(
            actor=_user(request), person=person, safety=ContactSafety(**data.validated_data)
        )
        return _output(person)
