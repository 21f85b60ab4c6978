"""Recording practitioners' sanctions on their public credit record (O3; 山东条例 Art.45).

Supervisors of the region of the practitioner's institution, and administrators, record a sanction from its decision
(行政处罚决定书 or the association's 处分决定书) and, when review or appeal quashes it, mark it quashed. Rows are never
deleted or edited otherwise: the record of what was published stays. The rules are in `directory/credit.py`.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from django.db import transaction
from django.db.models import Q

from fawang.accounts.models import User
from fawang.core import clock
from fawang.core.audit import audit_record
from fawang.core.errors import DomainError, NotFoundError, PermissionDeniedError
from fawang.core.models import AuditAction
from fawang.directory.credit import SanctionFact, sanction_problem
from fawang.directory.models import Practitioner, PractitionerSanction, SanctionKind
from fawang.directory.selectors import PractitionerCredit, practitioner_credit_map
from fawang.supervision.selectors import supervision_prefixes, supervision_region_check

SEARCH_LIMIT = 50


@dataclass(frozen=True)
class SanctionInput:
    kind: str
    authority: str
    decision_number: str
    decided_on: date
    summary: str
    suspended_until: date | None = None


def practitioner_for_supervisor(*, user: User, practitioner_id: int) -> Practitioner:
    practitioner = (
        Practitioner.objects.select_related("institution__region").filter(pk=practitioner_id).first()
    )
    if practitioner is None:
        raise NotFoundError("未找到该法律服务人员。")
    supervision_region_check(user=user, region=practitioner.institution.region)
    return practitioner


def practitioner_search_for_supervisor(*, user: User, query: str) -> list[Practitioner]:
    """Practitioners of institutions in the user's jurisdiction, by name, licence number or institution."""
    prefixes = supervision_prefixes(user=user)
    if not prefixes:
        raise PermissionDeniedError("您没有督办监测权限。")
    text = query.strip()
    if not text:
        return []
    within = Q()
    for prefix in prefixes:
        within |= Q(institution__region__code__startswith=prefix)
    return list(
        Practitioner.objects.filter(within)
        .filter(
            Q(name__icontains=text) | Q(licence_number__icontains=text) | Q(institution__name__icontains=text)
        )
        .select_related("institution")
        .order_by("name", "pk")[:SEARCH_LIMIT]
    )


def practitioner_credit_for_supervisor(
    *, user: User, practitioner_id: int
) -> tuple[Practitioner, PractitionerCredit, list[PractitionerSanction]]:
    """The practitioner, the public view of their record, and every sanction ever recorded (quashed included)."""
    practitioner = practitioner_for_supervisor(user=user, practitioner_id=practitioner_id)
    credit = practitioner_credit_map(practitioners=[practitioner])[practitioner.pk]
    history = list(practitioner.sanctions.select_related("recorded_by").order_by("-decided_on", "-pk"))
    return practitioner, credit, history


def _required(value: str, label: str, limit: int) -> str:
    text = value.strip()
    if not text:
        raise DomainError(f"请填写{label}。")
    if len(text) > limit:
        raise DomainError(f"{label}最多{limit}个字。")
    return text


@transaction.atomic
def practitioner_sanction_record(
    *, actor: User, practitioner_id: int, sanction: SanctionInput
) -> PractitionerSanction:
    """Put a sanction on the record (O3). Refused in Chinese, writing nothing, when the decision is incomplete, dated
    in the future, a suspension without a valid end, or already recorded under the same 文号."""
    practitioner = practitioner_for_supervisor(user=actor, practitioner_id=practitioner_id)
    if sanction.kind not in SanctionKind.values:
        raise DomainError("请选择处罚（处分）种类。")
    fact = SanctionFact(
        kind=sanction.kind, decided_on=sanction.decided_on, suspended_until=sanction.suspended_until
    )
    problem = sanction_problem(fact, today=clock.local_today())
    if problem:
        raise DomainError(problem)
    number = _required(sanction.decision_number, "决定书文号", 100)
    if practitioner.sanctions.filter(decision_number=number).exists():
        raise DomainError(f"文号为“{number}”的决定已经登记过。")
    row = PractitionerSanction.objects.create(
        practitioner=practitioner,
        kind=sanction.kind,
        authority=_required(sanction.authority, "决定机关", 100),
        decision_number=number,
        decided_on=sanction.decided_on,
        suspended_until=sanction.suspended_until,
        summary=_required(sanction.summary, "主要违法违规事实", 300),
        recorded_by=actor,
    )
    audit_record(
        actor=actor,
        action=AuditAction.CREATE,
        object_type="directory.PractitionerSanction",
        object_id=row.pk,
        summary=f"{practitioner.name} {row.get_kind_display()} {number}",
    )
    return row


@transaction.atomic
def practitioner_sanction_quash(
    *, actor: User, sanction_id: int, quashed_on: date, reason: str
) -> PractitionerSanction:
    """Mark a sanction quashed on administrative review or appeal (O3): it leaves the public record and no longer
    stops practice; the row stays."""
    row = (
        PractitionerSanction.objects.select_for_update()
        .select_related("practitioner__institution__region")
        .filter(pk=sanction_id)
        .first()
    )
    if row is None:
        raise NotFoundError("未找到该处罚（处分）记录。")
    supervision_region_check(user=actor, region=row.practitioner.institution.region)
    if row.quashed_on is not None:
        raise DomainError("该处罚（处分）已经撤销。")
    if quashed_on < row.decided_on or quashed_on > clock.local_today():
        raise DomainError("撤销日期应在决定日期和今天之间。")
    row.quashed_on = quashed_on
    row.quash_reason = _required(reason, "撤销理由（如复议决定书、判决书文号）", 300)
    row.save(update_fields=["quashed_on", "quash_reason", "updated_at"])
    audit_record(
        actor=actor,
        action=AuditAction.UPDATE,
        object_type="directory.PractitionerSanction",
        object_id=row.pk,
        summary=f"撤销 {row.decision_number}",
    )
    return row
