"""Recording the accessible services of legal service institutions, and the aid centres short of the minimum (L6;
无障碍环境建设法 Art.41, 68; 法律援助法 Art.45).

Supervisors of the region of the institution, and administrators, record what an institution offers to disabled and
elderly people (`institution_accessibility_set`, audited). A legal-aid centre *must* offer the minimum of
`directory/accessibility.py`; one that does not is listed as 待整改 for the bureau, which 无障碍环境建设法 Art.68 makes
responsible for ordering the fix. The declaration records what is true: an aid centre short of the minimum is
recorded as it is, never refused, so the list shows the gap instead of a false declaration hiding it. Quality
inspectors see the lists but do not record.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from django.db import transaction
from django.db.models import Q

from fawang.accounts.models import User
from fawang.accounts.roles import Role
from fawang.accounts.selectors import grant_list_for_user
from fawang.core import clock
from fawang.core.audit import audit_record
from fawang.core.errors import DomainError, NotFoundError, PermissionDeniedError
from fawang.core.models import AuditAction
from fawang.directory.accessibility import Requirement, missing_required, required_services
from fawang.directory.models import AccessibleService, Institution, InstitutionKind
from fawang.regions.models import Region
from fawang.supervision.selectors import supervision_prefixes, supervision_region_check

SEARCH_LIMIT = 50
NOTE_LIMIT = 200
RECORDERS = frozenset({Role.SUPERVISOR, Role.ADMIN})


@dataclass(frozen=True)
class InstitutionAccessibility:
    """An institution as a supervisor sees it: what it offers, what it must offer and lacks, and whether this user
    may record a declaration for it."""

    institution: Institution
    required: tuple[Requirement, ...]
    missing: list[Requirement]
    can_record: bool

    @property
    def falls_short(self) -> bool:
        return bool(self.missing)


def _within(prefixes: Sequence[str]) -> Q:
    within = Q(pk__in=[])
    for prefix in prefixes:
        within |= Q(region__code__startswith=prefix)
    return within


def _can_record(*, user: User, region: Region) -> bool:
    return any(
        g.role in RECORDERS and g.region_prefix and region.code.startswith(g.region_prefix)
        for g in grant_list_for_user(user=user)
    )


def _view(*, user: User, institution: Institution) -> InstitutionAccessibility:
    return InstitutionAccessibility(
        institution=institution,
        required=required_services(institution.kind),
        missing=missing_required(kind=institution.kind, offered=institution.accessible_services),
        can_record=_can_record(user=user, region=institution.region),
    )


def institution_accessibility_for_supervisor(*, user: User, institution_id: int) -> InstitutionAccessibility:
    """One institution in the user's jurisdiction (404 if there is none, 403 outside the jurisdiction, K2)."""
    institution = (
        Institution.objects.select_related("region", "accessibility_recorded_by")
        .filter(pk=institution_id)
        .first()
    )
    if institution is None:
        raise NotFoundError("未找到该法律服务机构。")
    supervision_region_check(user=user, region=institution.region)
    return _view(user=user, institution=institution)


def institution_search_for_supervisor(*, user: User, query: str, kind: str = "") -> list[Institution]:
    """Institutions in the user's jurisdiction by name, optionally of one kind; nothing until either is given."""
    prefixes = supervision_prefixes(user=user)
    if not prefixes:
        raise PermissionDeniedError("您没有督办监测权限。")
    text = query.strip()
    if kind and kind not in InstitutionKind.values:
        raise DomainError("请选择机构类型。")
    if not text and not kind:
        return []
    rows = Institution.objects.filter(_within(prefixes))
    if text:
        rows = rows.filter(name__icontains=text)
    if kind:
        rows = rows.filter(kind=kind)
    return list(rows.select_related("region").order_by("region__code", "kind", "name", "pk")[:SEARCH_LIMIT])


def aid_centre_shortfall_list_for_user(*, user: User) -> list[InstitutionAccessibility]:
    """The legal-aid centres of the user's jurisdiction that lack a required service (待整改), never-recorded ones
    first, then the most missing; one query."""
    prefixes = supervision_prefixes(user=user)
    if not prefixes:
        raise PermissionDeniedError("您没有督办监测权限。")
    centres = (
        Institution.objects.filter(_within(prefixes), kind=InstitutionKind.LEGAL_AID_CENTRE)
        .select_related("region")
        .order_by("region__code", "name", "pk")
    )
    rows = [view for view in (_view(user=user, institution=c) for c in centres) if view.falls_short]
    rows.sort(key=lambda r: (r.institution.accessibility_recorded_at is not None, -len(r.missing)))
    return rows


def _services_clean(services: Sequence[str]) -> list[str]:
    unknown = sorted({code for code in services if code not in AccessibleService.values})
    if unknown:
        raise DomainError(f"无法识别的无障碍服务：{'、'.join(unknown)}。请从列表中选择。")
    chosen = set(services)
    return [code for code in AccessibleService.values if code in chosen]


def _labels(codes: Sequence[str]) -> str:
    labels = dict(AccessibleService.choices)
    return "、".join(str(labels[code]) for code in codes) or "无"


@transaction.atomic
def institution_accessibility_set(
    *, actor: User, institution: Institution, services: Sequence[str], note: str = ""
) -> bool:
    """Record the accessible services an institution offers (L6), replacing the previous declaration.

    Supervisors of the institution's region and administrators only. Refused in Chinese, writing nothing, for an
    unknown service or a note over 200 characters. Returns False, writing nothing, when the declaration is already
    exactly this one; True after saving it and its audit entry."""
    row = Institution.objects.select_for_update().select_related("region").filter(pk=institution.pk).first()
    if row is None:
        raise NotFoundError("未找到该法律服务机构。")
    supervision_region_check(user=actor, region=row.region)
    if not _can_record(user=actor, region=row.region):
        raise PermissionDeniedError("只有本辖区的督办管理员和系统管理员可以登记机构的无障碍服务。")
    codes = _services_clean(services)
    text = note.strip()
    if len(text) > NOTE_LIMIT:
        raise DomainError(f"无障碍服务说明最多{NOTE_LIMIT}个字。")
    unchanged = (
        row.accessibility_recorded_at is not None
        and row.accessible_services == codes
        and row.accessibility_note == text
    )
    if unchanged:
        return False
    before = _labels(row.accessible_services) if row.accessibility_recorded_at else "未登记"
    row.accessible_services = codes
    row.accessibility_note = text
    row.accessibility_recorded_at = clock.now()
    row.accessibility_recorded_by = actor
    row.save(
        update_fields=[
            "accessible_services",
            "accessibility_note",
            "accessibility_recorded_at",
            "accessibility_recorded_by",
            "updated_at",
        ]
    )
    missing = missing_required(kind=row.kind, offered=codes)
    shortfall = f"；缺少法定服务：{'、'.join(r.label for r in missing)}" if missing else ""
    audit_record(
        actor=actor,
        action=AuditAction.UPDATE,
        object_type="directory.Institution",
        object_id=row.pk,
        summary=f"{row.name} 无障碍服务：{_labels(codes)}（原：{before}）{shortfall}",
    )
    return True
