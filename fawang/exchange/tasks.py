"""The delivery job (STYLE §15): thin, safe to run twice or concurrently (the claim decides who sends what)."""

from __future__ import annotations

from django_tasks import task

from fawang.accounts.services import system_actor
from fawang.exchange.services import exchange_deliver_due


@task()
def exchange_push(*, target: str = "", limit: int = 100) -> int:
    """K11: send the due outbox messages; queued after each commit that wrote some. Returns how many arrived."""
    return exchange_deliver_due(actor=system_actor(), target=target or None, limit=limit).delivered
