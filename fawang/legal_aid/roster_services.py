"""Writes of the legal-aid roster (O8) and the allocation suggestion with its pre-allocation hold (X3).

Each service checks the actor's county, is atomic and audited; bad input raises a DomainError in Chinese and
changes nothing.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import date, timedelta

from django.conf import settings
from django.db import transaction

from fawang.accounts.models import User
from fawang.cases.selectors import case_roles_for_user
from fawang.core import clock
from fawang.core.audit import audit_record
from fawang.core.errors import DomainError, PermissionDeniedError
from fawang.core.models import AuditAction
from fawang.directory.models import Practitioner
from fawang.legal_aid.allocation import MAX_WEIGHT, Share, shares, suggest
from fawang.legal_aid.models import (
    AllocationHold,
    AllocationMethod,
    AllocationPool,
    DutyShift,
    LegalAidApplication,
    RosterAbsence,
    RosterEntry,
)
from fawang.legal_aid.roster_selectors import (
    ROSTER_EDITORS,
    AllocationSituation,
    allocation_pool,
    allocation_situation,
    county_code,
    live_hold,
    roster_addable_practitioners,
    roster_counties_for_user,
)
from fawang.regions.models import Region

MAX_ABSENCE_DAYS = 366


def _editable_county(actor: User, county: Region) -> None:
    if not roster_counties_for_user(user=actor, roles=ROSTER_EDITORS).filter(pk=county.pk).exists():
        raise PermissionDeniedError("您无权维护该县（区）的法律援助人员名册。")


def _county_practitioner(county: Region, practitioner_id: int) -> Practitioner:
    practitioner = roster_addable_practitioners(county=county).filter(pk=practitioner_id).first()
    if practitioner is None:
        raise DomainError("只能将本县（区）在岗的律师、基层法律服务工作者或法律援助机构工作人员列入名册。")
    return practitioner


@transaction.atomic
def roster_entry_set(
    *,
    actor: User,
    county: Region,
    practitioner_id: int,
    weight: int,
    criminal: bool,
    civil: bool,
    active: bool = True,
    note: str = "",
) -> RosterEntry:
    """Put a practitioner on the county roster or change their entry (O8): weight 1–10, the kinds of aid taken."""
    _editable_county(actor, county)
    practitioner = _county_practitioner(county, practitioner_id)
    if not 1 <= weight <= MAX_WEIGHT:
        raise DomainError(f"分配权重应为 1 至 {MAX_WEIGHT} 的整数。")
    if not (criminal or civil):
        raise DomainError("请至少选择承办刑事案件或民事、行政案件中的一类。")
    entry, created = RosterEntry.objects.update_or_create(
        region=county,
        practitioner=practitioner,
        defaults={
            "weight": weight,
            "criminal": criminal,
            "civil": civil,
            "active": active,
            "note": note.strip()[:200],
            "updated_by": actor,
        },
    )
    audit_record(
        actor=actor,
        action=AuditAction.CREATE if created else AuditAction.UPDATE,
        object_type="legal_aid.RosterEntry",
        object_id=entry.pk,
        summary=f"{county.name} {practitioner.name} 权重{weight}{'' if active else ' 停止分配'}",
    )
    return entry


def _rostered(county: Region, practitioner_id: int) -> Practitioner:
    entry = RosterEntry.objects.filter(region=county, practitioner_id=practitioner_id).select_related(
        "practitioner"
    )
    found = entry.first()
    if found is None:
        raise DomainError("该人员不在本县（区）的法律援助人员名册中。")
    return found.practitioner


@transaction.atomic
def roster_absence_add(
    *, actor: User, county: Region, practitioner_id: int, starts_on: date, ends_on: date, reason: str
) -> RosterAbsence:
    """O8 availability: no new matters for the practitioner from ``starts_on`` to ``ends_on`` inclusive."""
    _editable_county(actor, county)
    practitioner = _rostered(county, practitioner_id)
    if ends_on < starts_on:
        raise DomainError("结束日期不能早于开始日期。")
    if (ends_on - starts_on).days >= MAX_ABSENCE_DAYS:
        raise DomainError("暂停分配期间最长一年；长期不承办的，请在名册中停止分配。")
    if ends_on < clock.local_today():
        raise DomainError("暂停分配期间已经结束，无需登记。")
    reason = reason.strip()
    if not reason:
        raise DomainError("请填写暂停分配的原因。")
    absence = RosterAbsence.objects.create(
        practitioner=practitioner,
        starts_on=starts_on,
        ends_on=ends_on,
        reason=reason[:100],
        recorded_by=actor,
    )
    audit_record(
        actor=actor,
        action=AuditAction.CREATE,
        object_type="legal_aid.RosterAbsence",
        object_id=absence.pk,
        summary=f"{practitioner.name} {starts_on}至{ends_on}",
    )
    return absence


@transaction.atomic
def duty_shift_add(*, actor: User, county: Region, practitioner_id: int, on_date: date) -> DutyShift:
    """X3: put a rostered practitioner on the county's out-of-hours rota for a day."""
    _editable_county(actor, county)
    practitioner = _rostered(county, practitioner_id)
    if on_date < clock.local_today():
        raise DomainError("不能为已经过去的日期排班。")
    if DutyShift.objects.filter(region=county, practitioner=practitioner, on_date=on_date).exists():
        raise DomainError(f"{practitioner.name}在{on_date.isoformat()}已经排班。")
    shift = DutyShift.objects.create(
        region=county, practitioner=practitioner, on_date=on_date, recorded_by=actor
    )
    audit_record(
        actor=actor,
        action=AuditAction.CREATE,
        object_type="legal_aid.DutyShift",
        object_id=shift.pk,
        summary=f"{county.name} {practitioner.name} {on_date}",
    )
    return shift


@transaction.atomic
def duty_shift_remove(*, actor: User, county: Region, shift_id: int) -> None:
    _editable_county(actor, county)
    shift = DutyShift.objects.filter(region=county, pk=shift_id).select_related("practitioner").first()
    if shift is None:
        raise DomainError("未找到该值班安排。")
    audit_record(
        actor=actor,
        action=AuditAction.UPDATE,
        object_type="legal_aid.DutyShift",
        object_id=shift.pk,
        summary=f"取消值班 {shift.practitioner.name} {shift.on_date}",
    )
    shift.delete()


@dataclass(frozen=True)
class AllocationSuggestion:
    practitioner: Practitioner | None
    situation: AllocationSituation
    shares: list[Share]


@transaction.atomic
def aid_allocation_suggest(
    *, actor: User, application: LegalAidApplication, rng: random.Random | None = None
) -> AllocationSuggestion:
    """Suggest the rostered practitioner furthest below their weighted share (X3) and hold the suggestion for this
    application, so that a concurrent suggestion for another application counts it. The county's roster rows are
    locked first: on PostgreSQL two reviewers asking at once are served one after the other."""
    if not case_roles_for_user(user=actor, case=application.case) & ROSTER_EDITORS:
        raise PermissionDeniedError("您无权为该申请指派法律援助人员。")
    county = county_code(application.case)
    list(RosterEntry.objects.select_for_update().filter(region__code__startswith=county).values_list("pk"))
    situation = allocation_situation(application=application)
    chosen = suggest(situation.candidates, rng=rng or random.SystemRandom())
    AllocationHold.objects.filter(application=application).delete()
    if chosen is not None:
        AllocationHold.objects.create(
            application=application,
            practitioner_id=chosen,
            county_code=county,
            pool=situation.pool,
            expires_at=clock.now() + timedelta(minutes=settings.FAWANG_AID_ALLOCATION_HOLD_MINUTES),
            held_by=actor,
        )
    return AllocationSuggestion(
        situation.practitioners.get(chosen or 0), situation, shares(situation.candidates)
    )


@dataclass(frozen=True)
class AllocationRecord:
    method: AllocationMethod
    override_reason: str
    pool: AllocationPool


def allocation_record(
    *, application: LegalAidApplication, practitioner: Practitioner, method: str, override_reason: str
) -> AllocationRecord:
    """How this assignment was made (X3). Taking the live suggestion is "suggested"; anything else is manual (or
    the course correction / second opinion the reviewer names), and needs a reason when a suggestion was set aside
    or the kind is not plain manual."""
    pool = allocation_pool(application)
    hold = live_hold(application=application)
    reason = override_reason.strip()
    if (
        hold is not None
        and hold.practitioner_id == practitioner.pk
        and method in ("", AllocationMethod.SUGGESTED)
    ):
        return AllocationRecord(AllocationMethod.SUGGESTED, "", pool)
    if method == AllocationMethod.SUGGESTED:
        raise DomainError(
            "所选人员不是系统当前建议的人员（建议可能已过期），请重新获取建议或选择其他指派方式。"
        )
    if method and method not in AllocationMethod.values:
        raise DomainError("未知的指派方式。")
    kind = AllocationMethod(method) if method else AllocationMethod.MANUAL
    if not reason and (hold is not None or kind != AllocationMethod.MANUAL):
        raise DomainError("未按系统建议指派，或属纠正性指派、第二意见的，请填写理由。")
    return AllocationRecord(kind, reason[:200], pool)
