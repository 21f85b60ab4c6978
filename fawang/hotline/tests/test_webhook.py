"""The signed webhook through real HTTP: signature, staleness, idempotency, ordering, reconciliation, logging."""

from __future__ import annotations

import json
from datetime import datetime, time, timedelta
from typing import Any

import pytest
from django.test import Client

from fawang.core import clock
from fawang.hotline.hours import LOCAL_TZ
from fawang.hotline.models import (
    Call,
    Callback,
    CallEvent,
    HotlineCentre,
    OpeningHours,
    RejectedDelivery,
)
from fawang.hotline.signing import SIGNATURE_HEADER, TIMESTAMP_HEADER
from fawang.hotline.tests.conftest import PostEvent, event, signed_post

pytestmark = pytest.mark.django_db


def _counts() -> tuple[int, int, int]:
    return CallEvent.objects.count(), Call.objects.count(), RejectedDelivery.objects.count()


def test_accepts_a_signed_event_and_folds_the_call(centre: HotlineCentre, post_event: PostEvent) -> None:
    at = clock.now() - timedelta(minutes=2)
    response = post_event("C1", "queued", at, caller="13800001111")
    assert response.status_code == 202
    assert response.json() == {
        "status": "accepted",
        "event_id": "C1-queued",
        "call_state": "queued",
        "service_mode": "open",
    }
    call = Call.objects.get(call_ref="C1")
    assert (call.centre, call.caller_number, call.offered_at, call.state) == (
        centre,
        "13800001111",
        at,
        "queued",
    )
    assert _counts() == (1, 1, 0)


@pytest.mark.parametrize(
    ("_case", "headers", "status", "reason"),
    [
        ("unsigned", {}, 401, "unsigned"),
        ("signature only", {SIGNATURE_HEADER: "sha256=00"}, 401, "unsigned"),
        (
            "bad signature",
            {TIMESTAMP_HEADER: "NOW", SIGNATURE_HEADER: "sha256=" + "0" * 64},
            401,
            "bad_signature",
        ),
    ],
)
def test_refuses_unsigned_and_wrongly_signed(
    centre: HotlineCentre, _case: str, headers: dict[str, str], status: int, reason: str
) -> None:
    headers = {k: (str(int(clock.now().timestamp())) if v == "NOW" else v) for k, v in headers.items()}
    body = json.dumps(event("C1", "queued", clock.now())).encode()
    response = Client().post(
        "/api/v1/hotline/events", data=body, content_type="application/json", headers=headers
    )
    assert response.status_code == status
    assert response.json()["reason"] == reason
    assert _counts() == (0, 0, 1)
    rejected = RejectedDelivery.objects.get()
    assert (rejected.reason, rejected.body) == (reason, body.decode())


def test_refuses_a_stale_delivery_and_a_replay_after_the_window(centre: HotlineCentre) -> None:
    payload = event("C1", "queued", clock.now() - timedelta(minutes=20))
    response = signed_post(Client(), payload, now=clock.now().timestamp() - 301)
    assert response.status_code == 401
    assert response.json()["reason"] == "stale"
    assert "超过允许的 300 秒" in response.json()["detail"]
    assert _counts() == (0, 0, 1)


def test_wrong_secret_is_refused(centre: HotlineCentre) -> None:
    response = signed_post(Client(), event("C1", "queued", clock.now()), secret="not-the-secret")
    assert response.status_code == 401
    assert _counts() == (0, 0, 1)


@pytest.mark.parametrize(
    ("_case", "body", "detail"),
    [
        ("not json", b"{oops", "UTF-8 编码的 JSON"),
        ("not utf-8", b"\xff\xfe", "UTF-8 编码的 JSON"),
        ("missing fields", b'{"event_id": "x"}', "缺少字段"),
        (
            "unknown centre",
            json.dumps(event("C1", "queued", datetime(2026, 1, 1, tzinfo=LOCAL_TZ), centre="NOPE")).encode(),
            "未知的热线中心编码",
        ),
    ],
)
def test_refuses_malformed_bodies_and_logs_them(
    centre: HotlineCentre, _case: str, body: bytes, detail: str
) -> None:
    response = signed_post(Client(), body)
    assert response.status_code == 400
    assert detail in response.json()["detail"]
    assert _counts() == (0, 0, 1)
    assert RejectedDelivery.objects.get().reason == "malformed"


def test_refuses_when_no_secret_is_configured(centre: HotlineCentre, settings: Any) -> None:
    settings.HOTLINE_WEBHOOK_SECRET = ""
    response = signed_post(Client(), event("C1", "queued", clock.now()))
    assert response.status_code == 503
    assert _counts() == (0, 0, 1)


def test_refuses_oversized_bodies(centre: HotlineCentre) -> None:
    payload = event("C1", "queued", clock.now())
    payload["padding"] = "x" * 70_000
    assert signed_post(Client(), payload).status_code == 413
    assert _counts() == (0, 0, 1)


def test_a_duplicate_changes_nothing_and_a_conflicting_reuse_is_refused(
    centre: HotlineCentre, post_event: PostEvent
) -> None:
    at = clock.now() - timedelta(minutes=1)
    assert post_event("C1", "queued", at, caller="13800001111").status_code == 202
    before = Call.objects.values().get(call_ref="C1")
    again = post_event("C1", "queued", at, caller="13800001111")
    assert again.status_code == 200
    assert again.json() == {"status": "duplicate", "event_id": "C1-queued"}
    assert Call.objects.values().get(call_ref="C1") == before
    assert _counts() == (1, 1, 0)
    conflicting = post_event("C1", "queued", at, caller="13900009999")  # same id, different content
    assert conflicting.status_code == 409
    assert _counts() == (1, 1, 1)
    assert Call.objects.get(call_ref="C1").caller_number == "13800001111"


def _lifecycle(start: datetime) -> list[tuple[str, datetime, dict[str, Any]]]:
    s = timedelta(seconds=1)
    return [
        ("ivr_choice", start - 6 * s, {"menu": "main", "key": "2", "caller": "13800002222"}),
        ("queued", start, {"caller": "13800002222"}),
        ("ringing", start + 3 * s, {"seat": "S01", "caller": "13800002222"}),
        ("answered", start + 8 * s, {"seat": "S01"}),
        ("ended", start + 188 * s, {"by": "caller"}),
        ("recording_available", start + 200 * s, {"url": "https://rec.example.invalid/c.mp3"}),
        ("rating", start + 195 * s, {"key": "1"}),
    ]


FOLDED = (
    "state",
    "offered_at",
    "ringing_at",
    "answered_at",
    "ended_at",
    "abandoned_at",
    "caller_number",
    "seat_id",
    "rating",
    "rated_at",
    "recording_url",
    "ivr_choices",
    "event_count",
    "out_of_hours",
)


def test_out_of_order_delivery_gives_the_same_call(centre: HotlineCentre, post_event: PostEvent) -> None:
    start = clock.now() - timedelta(hours=1)
    for kind, at, data in _lifecycle(start):
        post_event("IN-ORDER", kind, at, **data)
    for kind, at, data in reversed(_lifecycle(start)):
        post_event("REVERSED", kind, at, **data)
    in_order = Call.objects.filter(call_ref="IN-ORDER").values(*FOLDED).get()
    reversed_ = Call.objects.filter(call_ref="REVERSED").values(*FOLDED).get()
    assert in_order == reversed_
    assert (in_order["state"], in_order["rating"], in_order["event_count"]) == ("ended", "satisfied", 7)
    assert (in_order["answered_at"] - in_order["offered_at"]).total_seconds() == 8


def test_events_for_an_unknown_call_are_kept_and_reconciled(
    centre: HotlineCentre, post_event: PostEvent
) -> None:
    start = clock.now() - timedelta(hours=1)
    lifecycle = _lifecycle(start)
    late_first = [e for e in lifecycle if e[0] in ("ended", "rating", "recording_available")]
    for kind, at, data in late_first:
        response = post_event("C9", kind, at, **data)
        assert response.status_code == 202
        assert response.json()["call_state"] == "pending"
    assert (CallEvent.objects.filter(call_ref="C9").count(), Call.objects.count()) == (3, 0)
    for kind, at, data in lifecycle:
        if (kind, at, data) not in late_first:
            post_event("C9", kind, at, **data)
    call = Call.objects.get(call_ref="C9")
    assert (call.state, call.rating, call.event_count, call.ended_at) == (
        "ended",
        "satisfied",
        7,
        start + timedelta(seconds=188),
    )


def test_out_of_hours_message_becomes_a_reply_task_due_in_3_working_days(
    centre: HotlineCentre, post_event: PostEvent
) -> None:
    # Staffed Monday to Friday 08:00-20:00 only; a Saturday-night call goes to the message mode (B2, B5).
    for weekday in range(5):
        OpeningHours.objects.create(centre=centre, weekday=weekday, opens=time(8), closes=time(20))
    saturday_night = datetime(2026, 11, 21, 22, 30, tzinfo=LOCAL_TZ)  # Saturday
    with_time = post_event("M1", "queued", saturday_night, caller="13800003333")
    assert with_time.json()["service_mode"] == "message"
    post_event(
        "M1", "message_left", saturday_night + timedelta(seconds=40), url="https://rec.example.invalid/m.mp3"
    )
    post_event("M1", "ended", saturday_night + timedelta(seconds=45))
    call = Call.objects.get(call_ref="M1")
    assert (call.out_of_hours, call.state, call.message_url) == (
        True,
        "abandoned",
        "https://rec.example.invalid/m.mp3",
    )
    task = Callback.objects.get(call=call)
    assert (task.kind, task.phone, task.status) == ("message", "13800003333", "open")
    # 3 working days after Saturday 2026-11-21: Mon 23, Tue 24, Wed 25 → ends at 24:00 on the 25th (T2).
    assert task.window_end == datetime(2026, 11, 26, 0, 0, tzinfo=LOCAL_TZ)
    post_event(
        "M1", "message_left", saturday_night + timedelta(seconds=40), url="https://rec.example.invalid/m.mp3"
    )
    assert Callback.objects.count() == 1


def test_a_dissatisfied_rating_books_one_follow_up(centre: HotlineCentre, post_event: PostEvent) -> None:
    start = clock.now() - timedelta(hours=1)
    for kind, at, data in _lifecycle(start):
        if kind == "rating":
            data = {"key": "3"}
        post_event("D1", kind, at, **data)
    call = Call.objects.get(call_ref="D1")
    assert call.rating == "dissatisfied"
    task = Callback.objects.get()
    assert (task.kind, task.call, task.phone) == ("dissatisfied", call, "13800002222")
    post_event(
        "D1",
        "recording_available",
        start + timedelta(seconds=300),
        url="https://rec.example.invalid/x.mp3",
        event_id="x",
    )
    assert Callback.objects.count() == 1
