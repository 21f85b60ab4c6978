"""Sending notifications: idempotent on a natural key so a job that runs twice notifies once."""

from __future__ import annotations

from collections.abc import Iterable

from fawang.accounts.models import User
from fawang.cases.models import Case
from fawang.notifications.models import Notification
from fawang.people.models import Person
from fawang.people.selectors import person_contact_route

# M14: what a person under a safe-contact flag is told; no title, no kind of matter, no outcome.
FLAGGED_MESSAGE = "您有一条新消息，请登录后查看。"


def notification_text_for(*, person: Person | None, message: str) -> str:
    """The text a notification to this citizen may carry (M14; 法律援助法 Art.32): someone else may read a flagged
    person's screen, so they are told only that there is a message. Every notification to a requester or party
    goes through here; notifications to staff do not."""
    return FLAGGED_MESSAGE if person_contact_route(person=person).restricted else message


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
