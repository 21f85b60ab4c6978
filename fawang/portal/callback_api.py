"""The X2 web callback booking in the public API (the same services as the portal page): free slots, my bookings,
book, cancel."""

from __future__ import annotations

from typing import Any

from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import serializers
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from fawang.core import clock
from fawang.core.errors import NotFoundError
from fawang.hotline.models import Callback, HotlineCentre
from fawang.hotline.selectors import (
    online_booking_list,
    online_centre_by_id,
    online_centre_for,
    online_centre_list,
    online_slot_days,
)
from fawang.hotline.services.online_booking import MAX_REASON, callback_book_online, callback_cancel_online
from fawang.portal.api import _user


class CentreOutput(serializers.Serializer[Any]):
    id = serializers.IntegerField()
    name = serializers.CharField()


class FreeSlotOutput(serializers.Serializer[Any]):
    starts_at = serializers.DateTimeField()
    room = serializers.IntegerField(allow_null=True, help_text="余位；null 表示该时段不限数量")


class FreeSlotsOutput(serializers.Serializer[Any]):
    centres = CentreOutput(many=True)
    centre = CentreOutput(allow_null=True)
    slots = FreeSlotOutput(many=True)


class CallbackBookingInput(serializers.Serializer[Any]):
    centre = serializers.IntegerField()
    starts_at = serializers.DateTimeField()
    reason = serializers.CharField(max_length=MAX_REASON)


class CallbackBookingOutput(serializers.Serializer[Any]):
    id = serializers.IntegerField()
    centre = serializers.CharField()
    window_start = serializers.DateTimeField()
    window_end = serializers.DateTimeField()
    status = serializers.CharField()
    status_display = serializers.CharField()
    attempts = serializers.IntegerField()
    reason = serializers.CharField()


def _centre_data(centre: HotlineCentre) -> dict[str, Any]:
    return {"id": centre.pk, "name": str(centre)}


def _booking_data(callback: Callback) -> dict[str, Any]:
    return {
        "id": callback.pk,
        "centre": str(callback.centre),
        "window_start": callback.window_start,
        "window_end": callback.window_end,
        "status": callback.status,
        "status_display": callback.get_status_display(),
        "attempts": callback.attempts,
        "reason": callback.reason,
    }


def _centre(centres: list[HotlineCentre], centre_id: object) -> HotlineCentre:
    centre = online_centre_by_id(centres=centres, centre_id=centre_id)
    if centre is None:
        raise NotFoundError("未找到该热线中心。")
    return centre


class FreeSlotsApi(APIView):
    @extend_schema(
        parameters=[OpenApiParameter("centre", int, description="热线中心；缺省为用户所在地的中心")],
        responses=FreeSlotsOutput,
        operation_id="portal_callback_slots",
        summary="12348回拨：可预约的时段（两小时后、7天内、人工服务时间内、有余位，X2）",
    )
    def get(self, request: Request) -> Response:
        user = _user(request)
        centres = online_centre_list()
        wanted = request.query_params.get("centre")
        centre = _centre(centres, wanted) if wanted else online_centre_for(user=user, centres=centres)
        days = online_slot_days(centre=centre, now=clock.now()) if centre is not None else []
        data = {
            "centres": [_centre_data(c) for c in centres],
            "centre": _centre_data(centre) if centre is not None else None,
            "slots": [{"starts_at": r.starts_at, "room": r.room} for _, rows in days for r in rows],
        }
        return Response(FreeSlotsOutput(data).data)


class MyCallbacksApi(APIView):
    @extend_schema(
        responses=CallbackBookingOutput(many=True),
        operation_id="portal_callbacks_list",
        summary="我的12348回拨预约",
    )
    def get(self, request: Request) -> Response:
        bookings = online_booking_list(user=_user(request))[:50]
        return Response(CallbackBookingOutput([_booking_data(c) for c in bookings], many=True).data)

    @extend_schema(
        request=CallbackBookingInput,
        responses={201: CallbackBookingOutput},
        operation_id="portal_callback_book",
        summary="预约12348回拨（回拨到账号登记的手机号；同一时间只能有一个待回拨的预约）",
    )
    def post(self, request: Request) -> Response:
        user = _user(request)
        data = CallbackBookingInput(data=request.data)
        data.is_valid(raise_exception=True)
        values = data.validated_data
        centre = _centre(online_centre_list(), values["centre"])
        callback = callback_book_online(
            actor=user, centre=centre, starts_at=values["starts_at"], reason=values["reason"]
        )
        return Response(CallbackBookingOutput(_booking_data(callback)).data, status=201)


class MyCallbackCancelApi(APIView):
    @extend_schema(
        request=None,
        responses=CallbackBookingOutput,
        operation_id="portal_callback_cancel",
        summary="取消回拨预约",
    )
    def post(self, request: Request, callback_id: int) -> Response:
        callback = callback_cancel_online(actor=_user(request), callback_id=callback_id)
        return Response(CallbackBookingOutput(_booking_data(callback)).data)
