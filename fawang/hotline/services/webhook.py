"""Receiving call-centre events (issue 5 item 1): verify, store raw, then fold the call from all its events.

`webhook_receive` is the whole contract; the API view only hands it the raw request. Every refusal is stored as a
`RejectedDelivery` (in its own transaction, so it survives the refusal) and logged.
"""

from __future__ import annotations

import hashlib
import json
import logging
from dataclasses import dataclass, field
from typing import Any

from django.conf import settings
from django.db import IntegrityError, transaction

from fawang.accounts.services import system_actor
from fawang.cases.languages import intake_languages
from fawang.core import clock
from fawang.hotline.fold import Envelope, EnvelopeError, EventType, RawEvent, call_fold, envelope_parse
from fawang.hotline.hours import hours_open_at
from fawang.hotline.languages import ivr_language
from fawang.hotline.models import (
    Call,
    CallEvent,
    CallState,
    HotlineCentre,
    RejectedDelivery,
    RejectionReason,
    Seat,
    SeatSession,
)
from fawang.hotline.selectors import hours_spans
from fawang.hotline.signing import signature_verify

logger = logging.getLogger("fawang.hotline.webhook")

MAX_BODY_BYTES = 64 * 1024
_STATUS = {
    RejectionReason.NOT_CONFIGURED: 503,
    RejectionReason.TOO_LARGE: 413,
    RejectionReason.UNSIGNED: 401,
    RejectionReason.BAD_SIGNATURE: 401,
    RejectionReason.STALE: 401,
    RejectionReason.MALFORMED: 400,
    RejectionReason.CONFLICT: 409,
}


@dataclass(frozen=True)
class WebhookResult:
    status_code: int
    body: dict[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class Delivery:
    body: bytes
    timestamp: str | None
    signature: str | None
    remote_addr: str | None


def _reject(reason: RejectionReason, message: str, delivery: Delivery, event_id: str = "") -> WebhookResult:
    body, timestamp, signature, remote_addr = (
        delivery.body,
        delivery.timestamp,
        delivery.signature,
        delivery.remote_addr,
    )
    with transaction.atomic():
        RejectedDelivery.objects.create(
            received_at=clock.now(),
            reason=reason,
            message=message[:300],
            event_id=event_id[:100],
            timestamp_header=(timestamp or "")[:40],
            signature_header=(signature or "")[:200],
            remote_addr=remote_addr or None,
            body=body[:4000].decode("utf-8", "replace"),
            body_sha256=hashlib.sha256(body).hexdigest(),
        )
    logger.warning("hotline webhook rejected: %s (%s) from %s", reason.value, message, remote_addr)
    return WebhookResult(_STATUS[reason], {"status": "rejected", "reason": reason.value, "detail": message})


def webhook_receive(
    *, body: bytes, timestamp: str | None, signature: str | None, remote_addr: str | None
) -> WebhookResult:
    """Verify one delivery and store its event. Duplicates (same id, same body) change nothing (200)."""
    context = Delivery(body, timestamp, signature, remote_addr)
    secret: str = settings.HOTLINE_WEBHOOK_SECRET
    if not secret:
        return _reject(
            RejectionReason.NOT_CONFIGURED, "服务器未配置 HOTLINE_WEBHOOK_SECRET，拒绝接收。", context
        )
    if len(body) > MAX_BODY_BYTES:
        return _reject(RejectionReason.TOO_LARGE, f"报文超过 {MAX_BODY_BYTES} 字节。", context)
    now = clock.now()
    verdict = signature_verify(
        secret=secret, timestamp=timestamp, signature=signature, body=body, now=now.timestamp()
    )
    if not verdict.ok:
        return _reject(RejectionReason(verdict.reason), verdict.message, context)
    try:
        envelope = envelope_parse(json.loads(body.decode("utf-8")), now=now)
    except (UnicodeDecodeError, json.JSONDecodeError):
        return _reject(RejectionReason.MALFORMED, "报文不是 UTF-8 编码的 JSON。", context)
    except EnvelopeError as exc:
        return _reject(RejectionReason.MALFORMED, str(exc), context)
    centre = HotlineCentre.objects.filter(code=envelope.centre).first()
    if centre is None:
        return _reject(
            RejectionReason.MALFORMED,
            f"未知的热线中心编码：{envelope.centre}。",
            context,
            event_id=envelope.event_id,
        )
    digest = hashlib.sha256(body).hexdigest()
    stored = _store(envelope, digest)
    if stored == "conflict":
        return _reject(
            RejectionReason.CONFLICT,
            f"事件 {envelope.event_id} 已以不同内容接收过，拒绝覆盖。",
            context,
            event_id=envelope.event_id,
        )
    if stored == "duplicate":
        return WebhookResult(200, {"status": "duplicate", "event_id": envelope.event_id})
    call = call_refold(call_ref=envelope.call_id, centre=centre)
    result: dict[str, Any] = {"status": "accepted", "event_id": envelope.event_id}
    result["call_state"] = call.state if call is not None else "pending"
    if envelope.type in (EventType.QUEUED, EventType.RINGING):
        result.update(_service_mode(centre, envelope.occurred_at))
    return WebhookResult(202, result)


def _service_mode(centre: HotlineCentre, at: Any) -> dict[str, str]:
    """B2: out of hours the CTI plays the automatic answer; in "message" mode it also takes a message (B5)."""
    if hours_open_at(hours_spans(centre=centre), at):
        return {"service_mode": "open"}
    mode = {"service_mode": centre.out_of_hours_mode}
    if centre.out_of_hours_prompt:
        mode["prompt"] = centre.out_of_hours_prompt
    return mode


def _store(envelope: Envelope, digest: str) -> str:
    existing = CallEvent.objects.filter(event_id=envelope.event_id).only("body_sha256").first()
    if existing is not None:
        return "duplicate" if existing.body_sha256 == digest else "conflict"
    try:
        with transaction.atomic():
            CallEvent.objects.create(
                event_id=envelope.event_id,
                call_ref=envelope.call_id,
                centre_code=envelope.centre,
                type=envelope.type.value,
                occurred_at=envelope.occurred_at,
                received_at=clock.now(),
                data=envelope.data,
                body_sha256=digest,
            )
    except IntegrityError:  # the same event arrived concurrently
        again = CallEvent.objects.filter(event_id=envelope.event_id).only("body_sha256").first()
        return "duplicate" if again is not None and again.body_sha256 == digest else "conflict"
    return "stored"


def _raw_events(call_ref: str) -> list[RawEvent]:
    return [
        RawEvent(e.event_id, e.type, e.occurred_at, e.data)
        for e in CallEvent.objects.filter(call_ref=call_ref).only("event_id", "type", "occurred_at", "data")
    ]


def _lock_or_create(call_ref: str, centre: HotlineCentre, offered_at: Any) -> Call:
    call = Call.objects.select_for_update().filter(call_ref=call_ref).first()
    if call is not None:
        return call
    try:
        with transaction.atomic():
            return Call.objects.create(
                call_ref=call_ref, centre=centre, state=CallState.QUEUED, offered_at=offered_at
            )
    except IntegrityError:
        return Call.objects.select_for_update().get(call_ref=call_ref)


def _seat(centre: HotlineCentre, code: str) -> Seat | None:
    if not code:
        return None
    seat, _ = Seat.objects.get_or_create(centre=centre, code=code)  # a seat the CTI uses exists here too
    return seat


def _agent_at(seat: Seat | None, at: Any) -> Any:
    if seat is None or at is None:
        return None
    session = (
        SeatSession.objects.filter(seat=seat, started_at__lte=at)
        .exclude(ended_at__lte=at)
        .order_by("-started_at")
        .first()
    ) or SeatSession.objects.filter(seat=seat, ended_at__isnull=True).first()  # a late event for a live seat
    return session.agent if session is not None else None


@transaction.atomic
def call_refold(*, call_ref: str, centre: HotlineCentre) -> Call | None:
    """Recompute the call from every stored event. Returns None while the call has not appeared yet."""
    first = call_fold(_raw_events(call_ref))
    if first is None:
        return None  # kept: reconciled when an offer event for this call arrives
    call = _lock_or_create(call_ref, centre, first.offered_at)
    first_fold = call.event_count == 0
    folded = call_fold(_raw_events(call_ref))  # re-read under the lock: nothing committed meanwhile is missed
    assert folded is not None  # noqa: S101  # events are append-only, so the offer is still there
    previous_rating = call.rating
    judge_hours = first_fold or folded.offered_at != call.offered_at
    call.state = folded.state
    call.offered_at = folded.offered_at
    call.caller_number = folded.caller or call.caller_number
    call.ringing_at = folded.ringing_at
    call.answered_at = folded.answered_at
    call.ended_at = folded.ended_at
    call.abandoned_at = folded.abandoned_at
    call.ringing_seat = _seat(call.centre, folded.ringing_seat)
    call.seat = _seat(call.centre, folded.answer_seat)
    call.current_seat = _seat(call.centre, folded.current_seat) or call.seat
    call.agent = _agent_at(call.seat, folded.answered_at)
    call.ended_by = folded.ended_by
    call.transfers = folded.transfers
    call.ivr_choices = folded.ivr_choices
    call.language = ivr_language(  # A12: the key pressed in the centre's language menu
        choices=folded.ivr_choices,
        menu=call.centre.ivr_language_menu,
        keys=call.centre.ivr_languages,
        offered=intake_languages(),
    )
    call.recording_url = folded.recording_url
    call.message_url = folded.message_url
    call.rating_key = folded.rating_key
    call.rating = folded.rating
    call.rated_at = folded.rated_at
    if judge_hours:
        # Judged against the hours in force when the call arrives (or when an earlier event moves its offer):
        # a later change of the published hours (B2) does not rewrite past calls and their figures.
        call.out_of_hours = not hours_open_at(hours_spans(centre=call.centre), folded.offered_at)
    call.event_count = folded.event_count
    call.save()
    _follow_ups(call, folded.message_left, previous_rating)
    return call


def _follow_ups(call: Call, message_left: bool, previous_rating: str) -> None:
    from fawang.hotline.services.callbacks import callback_auto_create

    if message_left and call.out_of_hours:
        callback_auto_create(call=call, kind="message")
    if call.rating == "dissatisfied":
        callback_auto_create(call=call, kind="dissatisfied")
    if call.rating and call.rating != previous_rating:
        from fawang.hotline.services.calls import call_rating_forward

        call_rating_forward(call=call, actor=system_actor())
