"""Delivery (K11) against a real HTTP server on 127.0.0.1 that verifies the signature: statuses, attempts,
backoff, dead-lettering, idempotency, several workers."""

from __future__ import annotations

import json
import socket
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
import time_machine
from django.core.management import CommandError, call_command

from fawang.accounts.models import User
from fawang.accounts.services import system_actor
from fawang.cases.models import Case
from fawang.cases.services import case_transition
from fawang.conftest import MakeCase
from fawang.core.models import AuditEntry
from fawang.exchange.delivery import body_encode, outcome_for_status, retry_delay
from fawang.exchange.models import ExchangeMessage, MessageStatus
from fawang.exchange.services import PushReport, exchange_deliver_due
from fawang.exchange.tasks import exchange_push
from fawang.exchange.tests.conftest import Configure, Upstream, target

pytestmark = pytest.mark.django_db

T0 = datetime(2026, 11, 26, 1, 0, tzinfo=UTC)


@pytest.fixture
def queued(make_case: MakeCase, personas: dict[str, User]) -> Any:
    """Accept n consultations at T0: one case_accepted message each per configured target."""

    def make(n: int = 1) -> list[Case]:
        with time_machine.travel(T0, tick=False):
            return [
                case_transition(
                    reference=make_case("consultation").reference, action="accept", actor=personas["admin"]
                )
                for _ in range(n)
            ]

    return make


def _push(at: datetime, **kwargs: Any) -> PushReport:
    with time_machine.travel(at, tick=False):
        return exchange_deliver_due(actor=system_actor(), **kwargs)


def _message() -> ExchangeMessage:
    return ExchangeMessage.objects.get()


@pytest.mark.parametrize(
    ("_case", "status", "delivered", "retryable"),
    [
        ("200 OK", 200, True, False),
        ("202 Accepted", 202, True, False),
        ("400: the upstream refuses the record for good", 400, False, False),
        ("401: wrong secret, a human must fix it", 401, False, False),
        ("404: wrong URL", 404, False, False),
        ("302: redirects are not followed", 302, False, False),
        ("408 Request Timeout: transient", 408, False, True),
        ("429 Too Many Requests: transient", 429, False, True),
        ("500: transient", 500, False, True),
        ("503: transient", 503, False, True),
    ],
)
def test_outcome_for_status(_case: str, status: int, delivered: bool, retryable: bool) -> None:
    outcome = outcome_for_status(status)
    assert (outcome.delivered, outcome.retryable, outcome.status_code) == (delivered, retryable, status)


@pytest.mark.parametrize(
    ("_case", "attempts", "fraction", "seconds"),
    [
        ("first retry, no jitter: half of 30 s", 1, 0.0, 15),
        ("first retry, full jitter: 30 s", 1, 1.0, 30),
        ("second retry doubles", 2, 0.0, 30),
        ("fifth: 8 min step", 5, 0.5, 360),
        ("capped at 6 h", 20, 1.0, 6 * 3600),
    ],
)
def test_retry_delay(_case: str, attempts: int, fraction: float, seconds: int) -> None:
    assert retry_delay(attempts=attempts, fraction=fraction) == timedelta(seconds=seconds)


def test_200_delivers_a_signed_idempotent_post(upstream: Upstream, configure: Configure, queued: Any) -> None:
    configure(target("12348_national", upstream.url))
    queued(1)
    assert _push(T0 + timedelta(seconds=1)) == PushReport(attempted=1, delivered=1)
    message = _message()
    assert (message.status, message.attempts, message.last_status_code, message.last_error) == (
        MessageStatus.DELIVERED,
        1,
        200,
        "",
    )
    assert (message.delivered_at, message.next_attempt_at) == (T0 + timedelta(seconds=1), None)
    [received] = upstream.received
    assert received.signature_ok  # verified with fawang.hotline.signing, the inbound webhook's scheme
    assert received.headers["Idempotency-Key"] == message.idempotency_key
    assert received.headers["X-Fawang-Timestamp"] == str(int((T0 + timedelta(seconds=1)).timestamp()))
    assert received.headers["Content-Type"] == "application/json; charset=utf-8"
    assert received.body == body_encode(message.payload)
    assert json.loads(received.body)["record"]["case_reference"] == message.case.reference
    assert _push(T0 + timedelta(hours=1)) == PushReport()  # nothing left to send


def test_500_retries_with_backoff_then_delivers_the_same_bytes_under_the_same_key(
    upstream: Upstream, configure: Configure, queued: Any, no_jitter: None
) -> None:
    configure(target("12348_national", upstream.url))
    queued(1)
    upstream.answer(500, 500)
    assert _push(T0) == PushReport(attempted=1, retrying=1)
    message = _message()
    assert (message.status, message.attempts, message.last_status_code) == (MessageStatus.FAILED, 1, 500)
    assert message.last_error == "HTTP 500 ok"
    assert message.next_attempt_at == T0 + timedelta(seconds=15)
    assert _push(T0 + timedelta(seconds=14)) == PushReport()  # not due yet
    assert _push(T0 + timedelta(seconds=15)) == PushReport(attempted=1, retrying=1)
    assert _message().next_attempt_at == T0 + timedelta(seconds=15 + 30)
    assert _push(T0 + timedelta(seconds=45)) == PushReport(attempted=1, delivered=1)
    assert (_message().status, _message().attempts) == (MessageStatus.DELIVERED, 3)
    assert len(upstream.received) == 3
    assert len({r.headers["Idempotency-Key"] for r in upstream.received}) == 1
    assert len({r.body for r in upstream.received}) == 1


def test_400_is_dead_at_once_with_the_error_recorded_and_audited(
    upstream: Upstream, configure: Configure, queued: Any
) -> None:
    configure(target("12348_national", upstream.url))
    queued(1)
    upstream.answer(400)
    assert _push(T0) == PushReport(attempted=1, dead=1)
    message = _message()
    assert (message.status, message.attempts, message.next_attempt_at) == (MessageStatus.DEAD, 1, None)
    assert message.last_error == "HTTP 400 bad payload: missing record"
    audit = AuditEntry.objects.get(object_type="exchange.ExchangeMessage")
    assert (audit.action, audit.object_id, audit.actor_label) == ("update", str(message.pk), "system")
    assert _push(T0 + timedelta(days=1)) == PushReport()  # a dead message is never picked up again


def test_a_hanging_upstream_times_out_and_is_retried(
    upstream: Upstream, configure: Configure, queued: Any, no_jitter: None
) -> None:
    configure(target("12348_national", upstream.url, timeout_seconds=0.3))
    queued(1)
    upstream.answer("hang")
    assert _push(T0) == PushReport(attempted=1, retrying=1)
    message = _message()
    assert (message.status, message.attempts, message.last_status_code) == (MessageStatus.FAILED, 1, None)
    assert message.last_error.startswith("连接失败：")
    assert "timed out" in message.last_error
    assert message.next_attempt_at == T0 + timedelta(seconds=15)


def test_connection_refused_is_retried(configure: Configure, queued: Any, no_jitter: None) -> None:
    with socket.socket() as probe:  # a port that was free a moment ago: nothing listens on it
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    configure(target("12348_national", f"http://127.0.0.1:{port}/exchange"))
    queued(1)
    assert _push(T0) == PushReport(attempted=1, retrying=1)
    assert _message().last_error.startswith("连接失败：")


def test_retries_stop_at_max_attempts(
    upstream: Upstream, configure: Configure, queued: Any, no_jitter: None
) -> None:
    configure(target("12348_national", upstream.url, max_attempts=3))
    queued(1)
    upstream.answer(503, 503, 503)
    assert _push(T0) == PushReport(attempted=1, retrying=1)
    assert _push(T0 + timedelta(seconds=15)) == PushReport(attempted=1, retrying=1)
    assert _push(T0 + timedelta(seconds=45)) == PushReport(attempted=1, dead=1)
    message = _message()
    assert (message.status, message.attempts, message.last_status_code) == (MessageStatus.DEAD, 3, 503)
    assert len(upstream.received) == 3


def test_a_wrong_secret_is_refused_upstream_and_dead(
    upstream: Upstream, configure: Configure, queued: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    configure(target("12348_national", upstream.url))
    monkeypatch.setenv("TEST_EXCHANGE_12348_NATIONAL_SECRET", "not-the-shared-secret")
    queued(1)
    assert _push(T0) == PushReport(attempted=1, dead=1)
    assert upstream.received[0].signature_ok is False
    assert _message().last_status_code == 401


def test_target_and_limit_select_what_is_sent(upstream: Upstream, configure: Configure, queued: Any) -> None:
    configure(target("12348_national", upstream.url), target("province_gov", upstream.url))
    queued(3)
    assert _push(T0, target="province_gov", limit=2) == PushReport(attempted=2, delivered=2)
    delivered = ExchangeMessage.objects.filter(status=MessageStatus.DELIVERED)
    assert set(delivered.values_list("target", flat=True)) == {"province_gov"}
    assert _push(T0) == PushReport(attempted=4, delivered=4)


def test_a_claimed_batch_is_not_sent_twice_and_a_dead_workers_lease_expires(
    upstream: Upstream, configure: Configure, queued: Any
) -> None:
    """A second worker finds nothing while the first holds its claim; if the first dies, the lease ends and the
    message is resent with the same key (at least once; the upstream drops the duplicate)."""
    from fawang.exchange.services import _claim

    configure(target("12348_national", upstream.url, timeout_seconds=1))
    queued(1)
    token, claimed = _claim(codes=["12348_national"], limit=10, now=T0, lease=timedelta(minutes=5))
    assert len(claimed) == 1
    assert _push(T0 + timedelta(minutes=4)) == PushReport()
    assert _push(T0 + timedelta(minutes=5)) == PushReport(attempted=1, delivered=1)
    assert ExchangeMessage.objects.get().claim_token == ""


def test_messages_of_a_target_no_longer_configured_wait(
    upstream: Upstream, configure: Configure, queued: Any
) -> None:
    configure(target("12348_national", upstream.url), target("province_gov", upstream.url))
    queued(1)
    configure(target("12348_national", upstream.url))
    assert _push(T0) == PushReport(attempted=1, delivered=1)
    assert ExchangeMessage.objects.get(target="province_gov").status == MessageStatus.PENDING


def test_command_and_task(upstream: Upstream, configure: Configure, queued: Any, capsys: Any) -> None:
    configure(target("12348_national", upstream.url), target("province_gov", upstream.url))
    queued(1)
    with time_machine.travel(T0, tick=False):
        call_command("exchange_push", "--target", "province_gov")
        assert capsys.readouterr().out == "上报：尝试 1 条，送达 1 条，待重试 0 条，停止重试 0 条。\n"
        assert exchange_push.enqueue().return_value == 1  # the immediate backend in tests
    with pytest.raises(CommandError, match="未配置上报目标 nowhere"):
        call_command("exchange_push", "--target", "nowhere")
    assert ExchangeMessage.objects.filter(status=MessageStatus.DELIVERED).count() == 2


def test_after_commit_the_task_delivers(
    upstream: Upstream,
    configure: Configure,
    make_case: MakeCase,
    personas: dict[str, User],
    django_capture_on_commit_callbacks: Any,
) -> None:
    configure(target("12348_national", upstream.url))
    case = make_case("consultation")
    with django_capture_on_commit_callbacks(execute=True):
        case_transition(reference=case.reference, action="accept", actor=personas["admin"])
    assert _message().status == MessageStatus.DELIVERED
    assert len(upstream.received) == 1
