"""Pure parts: signatures (table), the envelope contract (table), and the fold's order independence."""

from __future__ import annotations

import itertools
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest

from fawang.hotline.fold import EnvelopeError, RawEvent, call_fold, envelope_parse
from fawang.hotline.signing import TOLERANCE_SECONDS, signature_compute, signature_verify

NOW = 1_800_000_000.0
BODY = b'{"event_id":"e1"}'


def _sig(ts: str, body: bytes = BODY, secret: str = "k") -> str:  # noqa: S107  # a test key
    return signature_compute(secret=secret, timestamp=ts, body=body)


@pytest.mark.parametrize(
    ("_case", "timestamp", "signature", "reason"),
    [
        ("valid", str(int(NOW)), _sig(str(int(NOW))), ""),
        ("no timestamp", None, _sig(str(int(NOW))), "unsigned"),
        ("no signature", str(int(NOW)), None, "unsigned"),
        ("timestamp not a number", "yesterday", _sig("yesterday"), "unsigned"),
        (
            "too old",
            str(int(NOW) - TOLERANCE_SECONDS - 1),
            _sig(str(int(NOW) - TOLERANCE_SECONDS - 1)),
            "stale",
        ),
        (
            "too far ahead",
            str(int(NOW) + TOLERANCE_SECONDS + 1),
            _sig(str(int(NOW) + TOLERANCE_SECONDS + 1)),
            "stale",
        ),
        ("edge of tolerance", str(int(NOW) - TOLERANCE_SECONDS), _sig(str(int(NOW) - TOLERANCE_SECONDS)), ""),
        ("wrong secret", str(int(NOW)), _sig(str(int(NOW)), secret="other"), "bad_signature"),
        ("re-dated replay", str(int(NOW)), _sig(str(int(NOW) - 10)), "bad_signature"),
        ("body changed", str(int(NOW)), _sig(str(int(NOW)), body=b"{}"), "bad_signature"),
        ("no scheme", str(int(NOW)), _sig(str(int(NOW)))[7:], "bad_signature"),
    ],
)
def test_signature_verify(_case: str, timestamp: str | None, signature: str | None, reason: str) -> None:
    verdict = signature_verify(secret="k", timestamp=timestamp, signature=signature, body=BODY, now=NOW)
    assert verdict.ok is (reason == "")
    assert verdict.reason == reason


T0 = datetime(2026, 11, 25, 9, 0, tzinfo=UTC)


def _payload(**overrides: Any) -> dict[str, Any]:
    base: dict[str, Any] = {
        "event_id": "e1",
        "type": "answered",
        "call_id": "c1",
        "centre": "DJ",
        "occurred_at": T0.isoformat(),
        "data": {"seat": "S01"},
    }
    base.update(overrides)
    return base


@pytest.mark.parametrize(
    ("_case", "payload", "message"),
    [
        ("not an object", [], "JSON 对象"),
        ("missing event id", _payload(event_id=None), "event_id"),
        ("bad id characters", _payload(event_id="a b"), "只能包含"),
        ("unknown type", _payload(type="exploded"), "未知的事件类型"),
        ("naive time", _payload(occurred_at="2026-11-25T09:00:00"), "时区"),
        ("not a time", _payload(occurred_at="昨天"), "ISO 8601"),
        ("in the future", _payload(occurred_at=(T0 + timedelta(hours=1)).isoformat()), "晚于"),
        ("answered without seat", _payload(data={}), "data.seat"),
        ("data not an object", _payload(data=[1]), "data 必须"),
        ("rating key 9", _payload(type="rating", data={"key": "9"}), "评价按键"),
        (
            "recording not http",
            _payload(type="recording_available", data={"url": "file:///etc/passwd"}),
            "http",
        ),
        ("ended by whom", _payload(type="ended", data={"by": "cat"}), "data.by"),
        ("caller not a number", _payload(type="queued", data={"caller": "<script>"}), "data.caller"),
    ],
)
def test_envelope_refuses_malformed(_case: str, payload: Any, message: str) -> None:
    with pytest.raises(EnvelopeError, match=message):
        envelope_parse(payload, now=T0)


def _call_events() -> list[RawEvent]:
    s = timedelta(seconds=1)
    return [
        RawEvent("e0", "ivr_choice", T0 - 5 * s, {"menu": "main", "key": "1", "caller": "13800000001"}),
        RawEvent("e1", "queued", T0, {"caller": "13800000001"}),
        RawEvent("e2", "ringing", T0 + 4 * s, {"seat": "S01"}),
        RawEvent("e3", "answered", T0 + 9 * s, {"seat": "S01"}),
        RawEvent("e4", "transferred", T0 + 60 * s, {"to": "S02", "to_seat": "S02"}),
        RawEvent("e5", "ended", T0 + 200 * s, {"by": "caller"}),
        RawEvent("e6", "recording_available", T0 + 230 * s, {"url": "https://r.example/1.mp3"}),
        RawEvent("e7", "rating", T0 + 220 * s, {"key": "3"}),
    ]


def test_fold_is_the_same_in_every_delivery_order() -> None:
    events = _call_events()
    expected = call_fold(events)
    assert expected is not None
    assert (expected.state, expected.offered_at, expected.answered_at) == (
        "ended",
        T0,
        T0 + timedelta(seconds=9),
    )
    assert (expected.answer_seat, expected.current_seat, expected.rating) == ("S01", "S02", "dissatisfied")
    assert expected.caller == "13800000001"
    assert expected.ivr_choices == [
        {"menu": "main", "key": "1", "at": (T0 - timedelta(seconds=5)).isoformat()}
    ]
    for order in itertools.islice(itertools.permutations(events), 0, 40320, 97):
        assert call_fold(order) == expected


@pytest.mark.parametrize(
    ("_case", "types", "state"),
    [
        ("queued only", ["queued"], "queued"),
        ("ringing", ["queued", "ringing"], "ringing"),
        ("hung up while waiting (ended, no answer)", ["queued", "ended"], "abandoned"),
        ("abandoned", ["queued", "abandoned"], "abandoned"),
        ("answered, still talking", ["queued", "answered"], "talking"),
        ("late abandon after an answer is ignored", ["queued", "answered", "abandoned"], "talking"),
        ("out-of-hours message", ["queued", "message_left"], "abandoned"),
    ],
)
def test_fold_states(_case: str, types: list[str], state: str) -> None:
    data = {"answered": {"seat": "S01"}, "message_left": {"url": ""}}
    events = [RawEvent(f"e{i}", t, T0 + timedelta(seconds=i), data.get(t, {})) for i, t in enumerate(types)]
    folded = call_fold(events)
    assert folded is not None
    assert folded.state == state


def test_events_before_the_call_appears_fold_to_nothing() -> None:
    assert call_fold([RawEvent("e5", "ended", T0, {}), RawEvent("e7", "rating", T0, {"key": "1"})]) is None
