"""The outbox hooks (K11; ADR 0096): the only exchange code the domain services call.

`cases.services` calls `exchange_enqueue_case_event` beside every CaseEvent it writes, and `evaluation.services`
calls `exchange_enqueue_rating` beside every rating. Each runs inside the caller's transaction, so a message exists
exactly when the event it reports was committed (a rolled-back transition leaves none). With no target configured
both return after two settings reads, before any query. They never send anything: delivery is a job
(`exchange_deliver_due`), queued here on commit.
"""

from __future__ import annotations

from typing import Any

from django.db import transaction

from fawang.cases.models import Case, CaseDeadline, CaseEvent, ClockState
from fawang.core import clock
from fawang.evaluation.models import Rating
from fawang.exchange.config import Target, exchange_configured, exchange_targets
from fawang.exchange.mapping import (
    case_accepted_record,
    case_concluded_record,
    case_event_kind,
    envelope,
    rating_record,
)
from fawang.exchange.models import ExchangeMessage, Kind
from fawang.regions.models import Region


def _targets_for(kind: Kind, service_type: str) -> list[Target]:
    return [t for t in exchange_targets() if t.takes(kind=kind, service_type=service_type)]


def _deadline_met(case: Case) -> bool | None:
    """Met when every statutory clock that stopped was on time; None when the case had none (T1)."""
    states = set(
        CaseDeadline.objects.filter(case=case, state__in=[ClockState.MET, ClockState.BREACHED]).values_list(
            "state", flat=True
        )
    )
    return (ClockState.BREACHED not in states) if states else None


def _message(
    target: Target, *, kind: Kind, key: str, case: Case, region: Region, record: dict[str, Any]
) -> ExchangeMessage:
    return ExchangeMessage(
        target=target.code,
        kind=kind,
        case=case,
        region=region,
        idempotency_key=key,
        payload=envelope(kind=kind, idempotency_key=key, sender=target.sender, record=record),
        next_attempt_at=clock.now(),
    )


def _save(messages: list[ExchangeMessage]) -> int:
    ExchangeMessage.objects.bulk_create(messages)
    exchange_push_on_commit()
    return len(messages)


def _push() -> None:
    from fawang.exchange.tasks import exchange_push  # the worker's job, which imports the delivery service

    exchange_push.enqueue()


def exchange_push_on_commit() -> None:
    """Wake the worker once the messages are committed; a failure to queue loses nothing (cron sends them)."""
    transaction.on_commit(_push, robust=True)


def exchange_enqueue_case_event(*, case: Case, event: CaseEvent) -> int:
    """Queue the 办件受理 / 办结 records a case step produces, one per target that takes them; returns the count."""
    if not exchange_configured():
        return 0
    kind = case_event_kind(from_status=event.from_status, to_status=event.to_status)
    targets = _targets_for(kind, case.service_type) if kind is not None else []
    if kind is None or not targets:
        return 0
    met = _deadline_met(case) if kind is Kind.CASE_CONCLUDED else None
    key = f"{case.reference}:{kind.value}:{event.pk}"
    messages = []
    for target in targets:
        record = (
            case_concluded_record(
                case=case, event=event, deadline_met=met, include_name=target.include_masked_name
            )
            if kind is Kind.CASE_CONCLUDED
            else case_accepted_record(case=case, event=event, include_name=target.include_masked_name)
        )
        messages.append(_message(target, kind=kind, key=key, case=case, region=case.region, record=record))
    return _save(messages)


def exchange_enqueue_rating(*, rating: Rating) -> int:
    """Queue the 好差评 record of a new rating, one per target that takes ratings; returns the count."""
    if not exchange_configured():
        return 0
    targets = _targets_for(Kind.RATING, rating.service_type)
    if not targets:
        return 0
    key = f"{rating.case.reference}:{Kind.RATING.value}:{rating.pk}"
    messages = []
    for target in targets:
        record = rating_record(rating=rating, include_name=target.include_masked_name)
        message = _message(
            target, kind=Kind.RATING, key=key, case=rating.case, region=rating.region, record=record
        )
        message.rating = rating
        messages.append(message)
    return _save(messages)
