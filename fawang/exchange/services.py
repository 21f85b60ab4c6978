"""Delivering the outbox and re-sending dead messages (K11; ADR 0096; docs/exchange.md "运维").

`exchange_deliver_due` is deliberately not one transaction: holding a transaction (and on SQLite the write lock)
across network calls would stall every writer for as long as an upstream is slow. Instead it claims a batch in a
short transaction, posts each message with no transaction open, and records each result in its own short one,
only while the claim is still its own.

Several workers: on PostgreSQL the claim selects due rows `FOR UPDATE SKIP LOCKED`, so concurrent workers take
different rows without waiting. On SQLite `select_for_update` does nothing, but every transaction there starts
`BEGIN IMMEDIATE` (settings), so claims are serialised and the second worker sees the first one's claim. Either
way the claiming UPDATE repeats the "still due" condition, and a claim is a lease: a worker that dies mid-batch
leaves its rows due again once the lease ends, and they are resent with the same idempotency key.
"""

from __future__ import annotations

import random
import uuid
from collections import Counter
from dataclasses import dataclass
from datetime import datetime, timedelta

from django.db import transaction

from fawang.accounts.models import User
from fawang.core import clock
from fawang.core.audit import audit_record
from fawang.core.errors import ConflictError
from fawang.core.models import AuditAction
from fawang.exchange.config import Target, exchange_secret, exchange_targets
from fawang.exchange.delivery import Outcome, body_encode, post_signed, retry_delay
from fawang.exchange.models import DUE_STATUSES, PROBLEM_STATUSES, ExchangeMessage, MessageStatus
from fawang.exchange.outbox import exchange_push_on_commit
from fawang.exchange.selectors import exchange_message_get_for_user

LEASE_MARGIN = timedelta(seconds=60)
_system_random = random.SystemRandom()


def _jitter() -> float:
    """A fraction in [0, 1) for the backoff's random half; tests replace it."""
    return _system_random.random()


@dataclass(frozen=True)
class PushReport:
    attempted: int = 0
    delivered: int = 0
    retrying: int = 0
    dead: int = 0


def _claim(
    *, codes: list[str], limit: int, now: datetime, lease: timedelta
) -> tuple[str, list[ExchangeMessage]]:
    token = uuid.uuid4().hex
    with transaction.atomic():
        due = ExchangeMessage.objects.filter(
            status__in=DUE_STATUSES, next_attempt_at__lte=now, target__in=codes
        )
        ids = list(
            due.order_by("next_attempt_at", "id")
            .select_for_update(skip_locked=True)
            .values_list("id", flat=True)[:limit]
        )
        if not ids:
            return token, []
        due.filter(pk__in=ids).update(claim_token=token, next_attempt_at=now + lease, updated_at=now)
    # By primary key: claim_token is not indexed (the table is mostly delivered rows).
    return token, list(ExchangeMessage.objects.filter(pk__in=ids, claim_token=token).order_by("id"))


def _attempt(message: ExchangeMessage, target: Target) -> Outcome:
    secret = exchange_secret(target)
    if not secret:
        return Outcome(False, True, None, f"共享密钥环境变量 {target.secret_env} 未设置")
    return post_signed(
        url=target.url,
        body=body_encode(message.payload),
        secret=secret,
        idempotency_key=message.idempotency_key,
        timeout=target.timeout_seconds,
        now=clock.now().timestamp(),
    )


def _record(message: ExchangeMessage, *, token: str, target: Target, outcome: Outcome, actor: User) -> str:
    now = clock.now()
    attempts = message.attempts + 1
    next_at: datetime | None = None
    if outcome.delivered:
        status = MessageStatus.DELIVERED
    elif outcome.retryable and attempts < target.max_attempts:
        status = MessageStatus.FAILED
        next_at = now + retry_delay(attempts=attempts, fraction=_jitter())
    else:
        status = MessageStatus.DEAD
    with transaction.atomic():
        recorded = ExchangeMessage.objects.filter(pk=message.pk, claim_token=token).update(
            status=status,
            attempts=attempts,
            next_attempt_at=next_at,
            delivered_at=now if outcome.delivered else None,
            last_status_code=outcome.status_code,
            last_error=outcome.error[:500],
            claim_token="",
            updated_at=now,
        )
        if recorded and status == MessageStatus.DEAD:
            audit_record(
                actor=actor,
                action=AuditAction.UPDATE,
                object_type="exchange.ExchangeMessage",
                object_id=message.pk,
                summary=f"dead {message.target} {message.idempotency_key} after {attempts}: {outcome.error}",
            )
    return status if recorded else "lost_claim"


def exchange_deliver_due(*, actor: User, target: str | None = None, limit: int = 100) -> PushReport:
    """Send up to `limit` due messages (of one target, or of every configured one) and record each result."""
    targets = {t.code: t for t in exchange_targets() if target is None or t.code == target}
    if not targets or limit < 1:
        return PushReport()
    lease = timedelta(seconds=limit * max(t.timeout_seconds for t in targets.values())) + LEASE_MARGIN
    token, claimed = _claim(codes=sorted(targets), limit=limit, now=clock.now(), lease=lease)
    counts: Counter[str] = Counter()
    for message in claimed:
        target_ = targets[message.target]
        counts[
            _record(message, token=token, target=target_, outcome=_attempt(message, target_), actor=actor)
        ] += 1
    return PushReport(
        attempted=len(claimed),
        delivered=counts[MessageStatus.DELIVERED],
        retrying=counts[MessageStatus.FAILED],
        dead=counts[MessageStatus.DEAD],
    )


@transaction.atomic
def exchange_message_retry(*, actor: User, message_id: int) -> ExchangeMessage:
    """重新发送: put a failing or dead message back in the queue with a fresh attempt budget, now (audited)."""
    message = exchange_message_get_for_user(user=actor, message_id=message_id, for_write=True)
    if message.status not in PROBLEM_STATUSES:
        raise ConflictError("该消息已送达或正在等待发送，无需重新发送。")
    now = clock.now()
    moved = ExchangeMessage.objects.filter(pk=message.pk, status=message.status).update(
        status=MessageStatus.PENDING, attempts=0, next_attempt_at=now, claim_token="", updated_at=now
    )
    if not moved:
        raise ConflictError("该消息的状态刚刚发生变化，请刷新后再试。")
    audit_record(
        actor=actor,
        action=AuditAction.UPDATE,
        object_type="exchange.ExchangeMessage",
        object_id=message.pk,
        summary=f"retry {message.target} {message.idempotency_key} (was {message.status}, "
        f"{message.attempts} attempts: {message.last_error})",
    )
    exchange_push_on_commit()
    message.refresh_from_db()
    return message
