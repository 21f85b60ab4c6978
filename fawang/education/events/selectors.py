"""Reading 普法 events (P3): the public calendar, and the staff's own jurisdiction."""

from __future__ import annotations

from datetime import datetime

from django.db.models import Q, QuerySet

from fawang.accounts.models import User
from fawang.core.audit import audit_record
from fawang.core.errors import NotFoundError
from fawang.core.models import AuditAction
from fawang.education.access import education_staff_require
from fawang.education.models import EducationEvent
from fawang.regions.models import Region


def education_event_list_upcoming(*, now: datetime, region: Region | None = None) -> QuerySet[EducationEvent]:
    """Events not yet over, soonest first, optionally in a region subtree (the public calendar)."""
    events = EducationEvent.objects.filter(ends_at__gte=now).select_related("region", "site")
    if region is not None:
        events = events.filter(region__code__startswith=region.prefix)
    return events.order_by("starts_at", "id")


def education_event_get_public(*, event_id: int) -> EducationEvent:
    found = EducationEvent.objects.filter(pk=event_id).select_related("region", "site").first()
    if found is None:
        raise NotFoundError("未找到该普法活动。")
    return found


def _staff_q(user: User) -> Q:
    q = Q(pk__in=[])
    for prefix in education_staff_require(user=user):
        q |= Q(region__code__startswith=prefix)
    return q


def education_event_list_for_staff(*, user: User) -> QuerySet[EducationEvent]:
    return (
        EducationEvent.objects.filter(_staff_q(user))
        .select_related("region")
        .prefetch_related("attendance")
        .order_by("-starts_at", "-id")
    )


def education_event_get_for_staff(
    *, user: User, event_id: int, show_attendees: bool = False
) -> EducationEvent:
    """An event in the editor's jurisdiction; anything else is "not found" (STYLE §3).

    `show_attendees`: the caller will show the list of names (personal data), so the read is audited (M6).
    """
    found = (
        EducationEvent.objects.filter(_staff_q(user), pk=event_id)
        .select_related("region")
        .prefetch_related("attendance", "attendees")
        .first()
    )
    if found is None:
        raise NotFoundError("未找到该普法活动，或不在您的管辖范围内。")
    if show_attendees and found.attendees.all():
        audit_record(
            actor=user,
            action=AuditAction.VIEW,
            object_type="education.EducationEvent",
            object_id=found.pk,
            summary="attendees",
        )
    return found
