"""Callbacks the public books on the web (X2: "the public books only slots with room"; web and phone requests get
equal retries, so a booked callback is an ordinary task of the centre's queue with the same three attempts).

A signed-in citizen picks a slot of a 12348 centre: more than two hours ahead (the capacity alert's horizon),
within BOOKING_DAYS, inside the centre's staffed hours (B2) and with room. The callback goes to their own registered
number, one open booking at a time; they may cancel it until an agent claims it.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from django.db import transaction

from fawang.accounts.models import User
from fawang.core import clock
from fawang.core.audit import audit_record
from fawang.core.errors import ConflictError, DomainError, NotFoundError
from fawang.core.models import AuditAction
from fawang.hotline.models import Callback, CallbackKind, CallbackStatus, HotlineCentre
from fawang.hotline.selectors import hours_spans, online_booking_open, online_slot_refusal
from fawang.hotline.services.callbacks import (
    callback_mark_cancelled,
    capacity_check_enqueue,
    slot_has_room,
    slot_start,
)
from fawang.people.selectors import person_contact_route, person_list_for_user

MAX_REASON = 500


@transaction.atomic
def callback_book_online(*, actor: User, centre: HotlineCentre, starts_at: datetime, reason: str) -> Callback:
    """Book one slot for a callback to the actor's own number. Refusals change nothing."""
    text = reason.strip()
    if not text:
        raise DomainError("请简要说明想咨询的问题，方便坐席提前准备。")
    if len(text) > MAX_REASON:
        raise DomainError(f"问题说明请不超过 {MAX_REASON} 字。")
    phone = (actor.phone or "").strip()
    route = person_contact_route(person=person_list_for_user(user_id=actor.pk).first())
    if route.restricted:  # M14: the citizen's own safe-contact choice holds for their bookings too
        if not route.phone:
            raise DomainError(
                f"您已设置安全联系（{route.channel_label}），不能预约电话回拨；如需回拨，请先修改“安全联系设置”。"
            )
        phone = route.phone
    if not phone:
        raise DomainError("您的账号没有登记手机号，无法预约回拨。")
    _check_bookable(centre, starts_at)
    # One open booking per person: the user row is the lock, so two tabs cannot both book.
    User.objects.select_for_update().filter(pk=actor.pk).first()
    pending = online_booking_open(user=actor)
    if pending is not None:
        raise ConflictError(
            f"您已预约 {clock.to_local(pending.window_start):%m-%d %H:%M} 的回拨，如需改约请先取消原预约。"
        )
    if not slot_has_room(centre, starts_at):
        raise ConflictError("该时段刚刚约满，请另选时段。")
    callback = Callback.objects.create(
        centre=centre,
        kind=CallbackKind.CALLBACK,
        phone=phone,
        reason=text,
        window_start=starts_at,
        window_end=starts_at + timedelta(minutes=centre.slot_minutes),
        booked_online=True,
        created_by=actor,
    )
    audit_record(
        actor=actor,
        action=AuditAction.CREATE,
        object_type="hotline.Callback",
        object_id=callback.pk,
        summary="booked online",
    )
    transaction.on_commit(lambda: capacity_check_enqueue(centre.pk))
    return callback


def _check_bookable(centre: HotlineCentre, starts_at: datetime) -> None:
    """A slot boundary the public may book (selectors.online_slot_refusal), room apart."""
    if slot_start(centre, starts_at) != starts_at:
        raise DomainError("请从列出的时段中选择。")
    refusal = online_slot_refusal(starts_at=starts_at, now=clock.now(), spans=hours_spans(centre=centre))
    if refusal:
        raise DomainError(refusal)


@transaction.atomic
def callback_cancel_online(*, actor: User, callback_id: int) -> Callback:
    """The citizen withdraws their own booking while no agent has claimed it (a conditional UPDATE)."""
    callback = Callback.objects.filter(pk=callback_id, created_by=actor, booked_online=True).first()
    if callback is None:
        raise NotFoundError("未找到该回拨预约。")
    return callback_mark_cancelled(
        actor=actor,
        callback=callback,
        states=(CallbackStatus.OPEN,),
        refused="坐席已在处理或回拨已结束，无法取消。",
        summary="cancel: by the caller online",
    )
