"""Reading resettlement records (R2): named roles only, every view audited, aggregates for publication."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass

from django.db.models import QuerySet

from fawang.accounts.models import User
from fawang.core.audit import audit_record
from fawang.core.errors import NotFoundError
from fawang.core.models import AuditAction
from fawang.regions.models import Region
from fawang.resettlement.access import resettlement_scope_q
from fawang.resettlement.models import RecordStatus, ResettlementRecord

SMALL_CELL = 5  # [D] counts below this are published as "<5" so no person can be singled out (R2; ADR 0034)


def resettlement_record_list_for_user(*, user: User) -> QuerySet[ResettlementRecord]:
    return (
        ResettlementRecord.objects.filter(resettlement_scope_q(user=user))
        .select_related("person", "township")
        .order_by("status", "-handed_over_on", "-id")
    )


def resettlement_record_get_for_user(*, user: User, record_id: int) -> ResettlementRecord:
    """404 for anyone outside the named roles, with no trace; each opening by an allowed user is audited (M6)."""
    record = resettlement_record_list_for_user(user=user).filter(pk=record_id).first()
    if record is None:
        raise NotFoundError()
    audit_record(
        actor=user,
        action=AuditAction.VIEW,
        object_type="resettlement.ResettlementRecord",
        object_id=record.pk,
    )
    return record


@dataclass(frozen=True)
class TownshipFigure:
    township: str
    open_records: str  # a count, or "<5"
    closed_records: str


def _published(n: int) -> str:
    return "<5" if 0 < n < SMALL_CELL else str(n)


def resettlement_public_figures(*, region: Region) -> tuple[dict[str, int], list[TownshipFigure]]:
    """Aggregate-only figures (R2): region totals, and per township with small cells suppressed. No names."""
    rows = ResettlementRecord.objects.filter(township__code__startswith=region.prefix).values_list(
        "township__name", "status", "relief_linked"
    )
    totals = {"open": 0, "closed": 0, "relief_linked": 0}
    per_town: Counter[tuple[str, str]] = Counter()
    for town, status, relief in rows:
        totals["open" if status == RecordStatus.OPEN else "closed"] += 1
        totals["relief_linked"] += int(relief)
        per_town[(town, status)] += 1
    towns = sorted({town for town, _ in per_town})
    figures = [
        TownshipFigure(
            town,
            _published(per_town[(town, RecordStatus.OPEN)]),
            _published(per_town[(town, RecordStatus.CLOSED)]),
        )
        for town in towns
    ]
    return totals, figures
