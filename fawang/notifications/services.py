"""Sending notifications: idempotent on a natural key so a job that runs twice notifies once."""

from __future__ import annotations

from collections.abc import Iterable

from fawang.accounts.models import User
from fawang.cases.models import Case
from fawang.notifications.models import Notification


def notification_send(
    *, recipients: Iterable[User], case: Case | None, kind: str, message: str, key: str
) -> int:
    created = 0
    for user in recipients:
        _, was_created = Notification.objects.get_or_create(
            dedupe_key=f"{key}:{user.pk}",
            defaults={"recipient": user, "case": case, "kind": kind, "message": message[:500]},
        )
        created += int(was_created)
    return created


def notification_mark_read(*, user: User, case: Case) -> int:
    """The user opened the case: their unread notifications about it are read (portal, issue 4 §4)."""
    from fawang.core import clock

    return Notification.objects.filter(recipient=user, case=case, read_at__isnull=True).update(
        read_at=clock.now()
    )
