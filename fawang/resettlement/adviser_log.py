"""The village legal adviser's service log (一村一法律顾问; O4): writes, reads, and the counts other modules use
for coverage figures (supervision). The model, AdviserServiceLog, lives in fawang.directory."""

from __future__ import annotations

from datetime import date

from django.db import transaction
from django.db.models import Count, Q, QuerySet

from fawang.accounts.models import User
from fawang.core import clock
from fawang.core.audit import audit_record
from fawang.core.errors import DomainError, PermissionDeniedError
from fawang.core.models import AuditAction
from fawang.directory.models import (
    AdviserServiceKind,
    AdviserServiceLog,
    Practitioner,
    VillageAdviserAssignment,
)
from fawang.regions.models import Region


def adviser_villages(*, user: User) -> QuerySet[Region]:
    """The villages this user is currently paired with as legal adviser (O4)."""
    today = clock.local_today()
    return (
        Region.objects.filter(
            adviser_assignments__practitioner__user=user,
            adviser_assignments__valid_from__lte=today,
        )
        .filter(Q(adviser_assignments__valid_to__isnull=True) | Q(adviser_assignments__valid_to__gte=today))
        .distinct()
    )


@transaction.atomic
def adviser_service_log_record(
    *,
    actor: User,
    village: Region,
    kind: str,
    happened_on: date,
    topic: str,
    summary: str = "",
    attendees: int = 0,
) -> AdviserServiceLog:
    """An adviser records a visit, consultation, opinion, lecture or mediation support in a paired village."""
    practitioner = Practitioner.objects.filter(user=actor, active=True).first()
    if practitioner is None or not adviser_villages(user=actor).filter(pk=village.pk).exists():
        raise PermissionDeniedError("只能记录本人担任法律顾问的村（社区）的服务。")
    if kind not in AdviserServiceKind.values or not topic.strip():
        raise DomainError("请选择服务类型并填写主题。")
    if happened_on > clock.local_today():
        raise DomainError("服务日期不能晚于今天。")
    if attendees < 0 or (kind == AdviserServiceKind.LECTURE and attendees == 0):
        raise DomainError("普法讲座请填写参加人数。")
    row = AdviserServiceLog.objects.create(
        practitioner=practitioner,
        village=village,
        kind=kind,
        happened_on=happened_on,
        topic=topic.strip(),
        summary=summary.strip(),
        attendees=attendees,
        recorded_by=actor,
    )
    audit_record(
        actor=actor, action=AuditAction.CREATE, object_type="directory.AdviserServiceLog", object_id=row.pk
    )
    return row


def adviser_service_list_for_user(*, user: User) -> QuerySet[AdviserServiceLog]:
    return AdviserServiceLog.objects.filter(practitioner__user=user).select_related("village")


def adviser_service_counts(*, region: Region, date_from: date, date_to: date) -> dict[str, int]:
    """Services per kind in a region's subtree between two dates (inclusive), with the number of villages served
    and the number of paired villages, for coverage figures (O4; K). Every kind is present, zero when none."""
    rows = AdviserServiceLog.objects.filter(
        village__code__startswith=region.prefix, happened_on__gte=date_from, happened_on__lte=date_to
    )
    counts = {kind: 0 for kind in AdviserServiceKind.values}
    for row in rows.values("kind").annotate(n=Count("id")):
        counts[row["kind"]] = row["n"]
    counts["villages_served"] = rows.values("village").distinct().count()
    counts["villages_paired"] = (
        VillageAdviserAssignment.objects.filter(
            village__code__startswith=region.prefix, valid_from__lte=date_to
        )
        .filter(Q(valid_to__isnull=True) | Q(valid_to__gte=date_from))
        .values("village")
        .distinct()
        .count()
    )
    counts["lecture_attendees"] = sum(
        rows.filter(kind=AdviserServiceKind.LECTURE).values_list("attendees", flat=True)
    )
    return counts
