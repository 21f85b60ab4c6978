"""Writing on-site 普法 events (P3): staff put them on the calendar and record attendance afterwards."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime

from django.db import transaction

from fawang.accounts.models import User
from fawang.core import clock
from fawang.core.audit import audit_record
from fawang.core.errors import DomainError
from fawang.core.models import AuditAction
from fawang.directory.models import Site
from fawang.education.access import education_region_check
from fawang.education.models import Audience, EducationEvent, EventAttendance, EventAttendee, VenueKind
from fawang.regions.models import Region


@dataclass(frozen=True)
class EventDetails:
    title: str
    venue_kind: str
    place: str
    region: Region
    starts_at: datetime
    ends_at: datetime
    audience: str
    organiser: str
    description: str = ""
    site: Site | None = None
    capacity: int | None = None


def _check(details: EventDetails) -> None:
    if not details.title.strip() or not details.place.strip() or not details.organiser.strip():
        raise DomainError("活动名称、地点和主办单位不能为空。")
    if details.venue_kind not in VenueKind.values:
        raise DomainError(f"未知的场所类型：{details.venue_kind}。")
    if details.audience not in Audience.values:
        raise DomainError(f"未知的面向人群：{details.audience}。")
    if details.ends_at <= details.starts_at:
        raise DomainError("结束时间必须晚于开始时间。")
    if details.capacity is not None and details.capacity < 1:
        raise DomainError("可容纳人数必须大于0。")
    if details.site is not None and not details.site.region.code.startswith(details.region.prefix):
        raise DomainError(f"“{details.site.name}”不在“{details.region.name}”内。")


@transaction.atomic
def education_event_create(*, actor: User, details: EventDetails) -> EducationEvent:
    """Put a 普法 event on the public calendar (P3), in the editor's own jurisdiction."""
    education_region_check(user=actor, region=details.region)
    _check(details)
    event = EducationEvent.objects.create(
        title=details.title.strip(),
        description=details.description.strip(),
        venue_kind=details.venue_kind,
        place=details.place.strip(),
        region=details.region,
        site=details.site,
        starts_at=details.starts_at,
        ends_at=details.ends_at,
        audience=details.audience,
        organiser=details.organiser.strip(),
        capacity=details.capacity,
        created_by=actor,
    )
    audit_record(
        actor=actor, action=AuditAction.CREATE, object_type="education.EducationEvent", object_id=event.pk
    )
    return event


def _attendance_check(
    event: EducationEvent, counts: Mapping[str, int], attendees: Sequence[tuple[str, str]]
) -> int:
    if event.starts_at > clock.now():
        raise DomainError("活动尚未开始，不能登记到场人数。")
    unknown = [a for a in counts if a not in Audience.values]
    if unknown:
        raise DomainError(f"未知的人群：{'、'.join(unknown)}。")
    if any(n < 0 for n in counts.values()):
        raise DomainError("到场人数不能为负数。")
    total = sum(counts.values())
    if total < 1:
        raise DomainError("请至少填写一个人群的到场人数。")
    if any(not name.strip() or len(name.strip()) > 50 for name, _ in attendees):
        raise DomainError("参加人名单中每行需要一个姓名（不超过50个字）。")
    if len(attendees) > total:
        raise DomainError(f"参加人名单有 {len(attendees)} 人，多于登记的到场人数 {total} 人。")
    return total


@transaction.atomic
def education_event_attendance_record(
    *,
    actor: User,
    event: EducationEvent,
    counts: Mapping[str, int],
    attendees: Sequence[tuple[str, str]] = (),
) -> EducationEvent:
    """Record (or correct) who came: a count per audience group, optionally a list of names (P3).

    Recording again replaces the earlier counts and list. The event then counts as held for the indicators.
    """
    education_region_check(user=actor, region=event.region)
    total = _attendance_check(event, counts, attendees)
    EventAttendance.objects.filter(event=event).delete()
    EventAttendance.objects.bulk_create(
        [EventAttendance(event=event, audience=a, count=n) for a, n in sorted(counts.items()) if n > 0]
    )
    EventAttendee.objects.filter(event=event).delete()
    EventAttendee.objects.bulk_create(
        [EventAttendee(event=event, name=name.strip(), unit=unit.strip()[:100]) for name, unit in attendees]
    )
    event.attendance_recorded_at = clock.now()
    event.save(update_fields=["attendance_recorded_at", "updated_at"])
    audit_record(
        actor=actor,
        action=AuditAction.UPDATE,
        object_type="education.EducationEvent",
        object_id=event.pk,
        summary=f"attendance {total}, {len(attendees)} named",
    )
    return event
