"""Call-centre events: the envelope contract and the fold of a call's events into its state. Pure Python.

Events may arrive late, twice or out of order. Folding therefore never applies an event to the previous state: it
recomputes the whole call from every stored event, sorted by (occurred_at, natural order of the type, event id).
The same set of events always gives the same call, whatever order they were received in.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from enum import StrEnum
from typing import Any, Final
from urllib.parse import urlparse


class EventType(StrEnum):
    IVR_CHOICE = "ivr_choice"
    QUEUED = "queued"
    RINGING = "ringing"
    ANSWERED = "answered"
    TRANSFERRED = "transferred"
    ABANDONED = "abandoned"
    ENDED = "ended"
    MESSAGE_LEFT = "message_left"
    RECORDING_AVAILABLE = "recording_available"
    RATING = "rating"


# Ties at the same second are broken in the order a call lives through.
TYPE_ORDER: Final = {t: i for i, t in enumerate(EventType)}
# Events that prove a call was offered to the centre: the call "appears" with the first of them. Events of other
# types that arrive first are kept and folded in when it appears (reconciliation).
OFFER_TYPES: Final = frozenset(
    {EventType.QUEUED, EventType.RINGING, EventType.ANSWERED, EventType.ABANDONED, EventType.MESSAGE_LEFT}
)
# Post-call IVR rating keys (B4). Satisfaction counts the first two (满意 + 基本满意).
RATING_KEYS: Final = {"1": "satisfied", "2": "fairly_satisfied", "3": "dissatisfied"}
SATISFIED_LEVELS: Final = frozenset({"satisfied", "fairly_satisfied"})
ENDED_BY: Final = frozenset({"caller", "agent", "system"})
MAX_FUTURE_SKEW: Final = timedelta(minutes=5)

_ID = re.compile(r"^[A-Za-z0-9._:\-]{1,100}$")
_CODE = re.compile(r"^[A-Za-z0-9._\-]{1,30}$")
_PHONE = re.compile(r"^\+?[0-9\-]{3,20}$")


class EnvelopeError(ValueError):
    """A malformed event; the message is Chinese and names the field."""


@dataclass(frozen=True)
class Envelope:
    event_id: str
    type: EventType
    call_id: str
    centre: str
    occurred_at: datetime
    data: dict[str, Any]


def _text(
    data: Mapping[str, Any], key: str, *, required: bool, pattern: re.Pattern[str] | None = None
) -> str:
    value = data.get(key)
    if value is None or value == "":
        if required:
            raise EnvelopeError(f"缺少字段 data.{key}。")
        return ""
    if not isinstance(value, str | int) or isinstance(value, bool):
        raise EnvelopeError(f"字段 data.{key} 必须是字符串。")
    text = str(value).strip()
    if pattern is not None and not pattern.match(text):
        raise EnvelopeError(f"字段 data.{key} 格式不正确：{text[:40]}")
    return text[:200]


def _url(data: Mapping[str, Any], key: str, *, required: bool) -> str:
    text = _text(data, key, required=required)
    if text:
        parsed = urlparse(text)
        if parsed.scheme not in ("http", "https") or not parsed.netloc or len(text) > 500:
            raise EnvelopeError(f"字段 data.{key} 必须是 http(s) 地址。")
    return text


def _clean_data(kind: EventType, raw: Mapping[str, Any]) -> dict[str, Any]:  # noqa: C901  # one branch per type
    data: dict[str, Any] = {}
    caller = _text(raw, "caller", required=False, pattern=_PHONE)
    if caller:
        data["caller"] = caller
    if kind in (EventType.RINGING, EventType.ANSWERED):
        data["seat"] = _text(raw, "seat", required=kind is EventType.ANSWERED, pattern=_CODE)
    elif kind is EventType.TRANSFERRED:
        data["to"] = _text(raw, "to", required=True)
        data["to_seat"] = _text(raw, "to_seat", required=False, pattern=_CODE)
    elif kind is EventType.ENDED:
        by = _text(raw, "by", required=False)
        if by and by not in ENDED_BY:
            raise EnvelopeError("字段 data.by 只能是 caller、agent 或 system。")
        data["by"] = by
    elif kind in (EventType.RECORDING_AVAILABLE, EventType.MESSAGE_LEFT):
        data["url"] = _url(raw, "url", required=kind is EventType.RECORDING_AVAILABLE)
    elif kind is EventType.IVR_CHOICE:
        data["menu"] = _text(raw, "menu", required=True)
        data["key"] = _text(raw, "key", required=True, pattern=re.compile(r"^[0-9*#]{1,4}$"))
    elif kind is EventType.RATING:
        key = _text(raw, "key", required=True)
        if key not in RATING_KEYS:
            raise EnvelopeError(f"评价按键 {key} 无效，应为 {'、'.join(RATING_KEYS)} 之一。")
        data["key"] = key
    return data


def envelope_parse(payload: Any, *, now: datetime) -> Envelope:  # noqa: C901  # one check per line, in order
    """Validate one decoded JSON body. Raises EnvelopeError with a Chinese message."""
    if not isinstance(payload, dict):
        raise EnvelopeError("报文必须是 JSON 对象。")
    for key in ("event_id", "type", "call_id", "centre", "occurred_at"):
        if not isinstance(payload.get(key), str) or not payload[key].strip():
            raise EnvelopeError(f"缺少字段 {key}，或它不是字符串。")
    if not _ID.match(payload["event_id"]) or not _ID.match(payload["call_id"]):
        raise EnvelopeError("event_id 和 call_id 只能包含字母、数字和 . _ : -，最长 100 个字符。")
    if not _CODE.match(payload["centre"]):
        raise EnvelopeError("centre 格式不正确。")
    try:
        kind = EventType(payload["type"])
    except ValueError as exc:
        raise EnvelopeError(f"未知的事件类型：{payload['type'][:40]}。") from exc
    try:
        occurred_at = datetime.fromisoformat(payload["occurred_at"])
    except ValueError as exc:
        raise EnvelopeError("occurred_at 必须是 ISO 8601 时间。") from exc
    if occurred_at.tzinfo is None:
        raise EnvelopeError("occurred_at 必须带时区（例如 +08:00）。")
    if occurred_at > now + MAX_FUTURE_SKEW:
        raise EnvelopeError("occurred_at 晚于服务器当前时间。")
    raw_data = payload.get("data", {})
    if not isinstance(raw_data, dict):
        raise EnvelopeError("data 必须是 JSON 对象。")
    return Envelope(
        event_id=payload["event_id"],
        type=kind,
        call_id=payload["call_id"],
        centre=payload["centre"],
        occurred_at=occurred_at,
        data=_clean_data(kind, raw_data),
    )


@dataclass(frozen=True)
class RawEvent:
    event_id: str
    type: str
    occurred_at: datetime
    data: Mapping[str, Any]


@dataclass
class Folded:
    state: str
    offered_at: datetime
    caller: str = ""
    ringing_at: datetime | None = None
    ringing_seat: str = ""
    answered_at: datetime | None = None
    answer_seat: str = ""
    current_seat: str = ""
    ended_at: datetime | None = None
    ended_by: str = ""
    abandoned_at: datetime | None = None
    transfers: list[dict[str, str]] = field(default_factory=list)
    ivr_choices: list[dict[str, str]] = field(default_factory=list)
    recording_url: str = ""
    message_url: str = ""
    message_left: bool = False
    rating_key: str = ""
    rating: str = ""
    rated_at: datetime | None = None
    event_count: int = 0


def _sorted(events: Iterable[RawEvent]) -> list[RawEvent]:
    return sorted(events, key=lambda e: (e.occurred_at, TYPE_ORDER.get(EventType(e.type), 99), e.event_id))


def _apply(folded: Folded, event: RawEvent) -> None:  # noqa: C901  # one branch per event type
    kind = EventType(event.type)
    at = event.occurred_at
    folded.caller = folded.caller or str(event.data.get("caller", ""))
    if kind is EventType.RINGING:
        folded.ringing_at = folded.ringing_at or at
        folded.ringing_seat = str(event.data.get("seat", "")) or folded.ringing_seat
    elif kind is EventType.ANSWERED:
        if folded.answered_at is None:
            folded.answered_at = at
            folded.answer_seat = str(event.data["seat"])
        folded.current_seat = str(event.data["seat"])
    elif kind is EventType.TRANSFERRED:
        folded.transfers.append({"to": str(event.data["to"]), "at": at.isoformat()})
        if event.data.get("to_seat"):
            folded.current_seat = str(event.data["to_seat"])
    elif kind is EventType.ABANDONED:
        folded.abandoned_at = folded.abandoned_at or at
    elif kind is EventType.ENDED:
        folded.ended_at = at
        folded.ended_by = str(event.data.get("by", ""))
    elif kind is EventType.MESSAGE_LEFT:
        folded.message_left = True
        folded.message_url = str(event.data.get("url", "")) or folded.message_url
    elif kind is EventType.RECORDING_AVAILABLE:
        folded.recording_url = str(event.data["url"])
    elif kind is EventType.IVR_CHOICE:
        folded.ivr_choices.append(
            {"menu": str(event.data["menu"]), "key": str(event.data["key"]), "at": at.isoformat()}
        )
    elif kind is EventType.RATING:
        folded.rating_key = str(event.data["key"])
        folded.rating = RATING_KEYS[folded.rating_key]
        folded.rated_at = at


def _state(folded: Folded) -> str:
    if folded.answered_at is not None:
        return "ended" if folded.ended_at is not None else "talking"
    if folded.abandoned_at is not None or folded.ended_at is not None or folded.message_left:
        return "abandoned"
    return "ringing" if folded.ringing_at is not None else "queued"


def call_fold(events: Iterable[RawEvent]) -> Folded | None:
    """The call these events describe, or None while no offer event (queued, ringing, …) has arrived."""
    ordered = _sorted(events)
    offers = [e.occurred_at for e in ordered if EventType(e.type) in OFFER_TYPES]
    if not offers:
        return None
    folded = Folded(state="queued", offered_at=min(offers), event_count=len(ordered))
    for event in ordered:
        _apply(folded, event)
    if folded.answered_at is None and folded.abandoned_at is None and folded.ended_at is not None:
        folded.abandoned_at = folded.ended_at  # the caller hung up while waiting
    if folded.answered_at is not None:
        folded.abandoned_at = None  # an answer wins over a late or spurious abandon
    folded.state = _state(folded)
    return folded
