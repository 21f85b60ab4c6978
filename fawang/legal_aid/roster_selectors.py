"""Reads of the legal-aid roster (O8) and the inputs of the allocation engine (X3), scoped to the user's counties.

Roster rows hold no personal data of citizens: names and firms of practitioners are public in the directory, so
reads are not audited; every write is (roster_services).
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from functools import cache

from django.conf import settings
from django.db.models import Count, Q, QuerySet
from django.utils.translation import gettext as _

from fawang.accounts.models import User
from fawang.accounts.roles import Role
from fawang.accounts.selectors import grant_list_for_user
from fawang.cases.models import Case
from fawang.cases.working_calendar import working_calendar
from fawang.core import clock
from fawang.directory.models import Practitioner, PractitionerKind
from fawang.directory.selectors import practitioner_credit_map
from fawang.legal_aid.allocation import Candidate, OfficeHours, Share, out_of_hours, shares
from fawang.legal_aid.guards import (
    AID_PERSONNEL,
    CAPITAL_MIN_YEARS,
    other_side_firm,
    years_of_practice_reached,
)
from fawang.legal_aid.models import (
    AllocationHold,
    AllocationMethod,
    AllocationPool,
    Assignment,
    DutyShift,
    LegalAidApplication,
    RecusalOutcome,
    RosterAbsence,
    RosterEntry,
)
from fawang.regions.models import Region, RegionLevel

ROSTER_EDITORS = frozenset({Role.AID_REVIEWER, Role.ADMIN})
ROSTER_READERS = ROSTER_EDITORS | {Role.SUPERVISOR}


def roster_counties_for_user(*, user: User, roles: frozenset[Role] = ROSTER_READERS) -> QuerySet[Region]:
    """The counties (where legal-aid agencies sit, Art.12) whose roster this user may read, or edit with
    ``roles=ROSTER_EDITORS``."""
    q = Q(pk__in=[])
    for grant in grant_list_for_user(user=user):
        if grant.role in roles and grant.region_prefix:
            q |= Q(code__startswith=grant.region_prefix)  # a grant covers its own subtree only
    return Region.objects.filter(q, level=RegionLevel.COUNTY).order_by("code")


def county_code(case: Case) -> str:
    return case.region.code[:6]


def allocation_pool(application: LegalAidApplication) -> AllocationPool:
    """Criminal matters (noticed defences and defence applications) are a pool of their own: only lawyers take
    them (Art.25, 26), so sharing one pool with civil matters would skew both."""
    criminal = application.is_notice or application.matter == "criminal_defence"
    return AllocationPool.CRIMINAL if criminal else AllocationPool.CIVIL


@cache
def office_hours() -> OfficeHours:
    return OfficeHours.parse(settings.FAWANG_AID_OFFICE_HOURS)


def is_out_of_hours(moment: datetime) -> bool:
    local = clock.to_local(moment)
    return out_of_hours(
        local, working_day=working_calendar().is_working_day(local.date()), hours=office_hours()
    )


def allocation_counts(
    *, county: str, pool: str, since: datetime, exclude_application: int | None
) -> Counter[int]:
    """Matters allocated per practitioner in the pool since ``since``, course corrections left out (X3), plus the
    live holds of other applications (the pre-allocations of concurrent suggestions)."""
    now = clock.now()
    counts: Counter[int] = Counter()
    assigned = (
        Assignment.objects.filter(
            pool=pool, assigned_at__gte=since, application__case__region__code__startswith=county
        )
        .exclude(method=AllocationMethod.COURSE_CORRECTION)
        .values("practitioner_id")
        .annotate(n=Count("id"))
    )
    for row in assigned:
        counts[row["practitioner_id"]] += row["n"]
    holds = AllocationHold.objects.filter(county_code=county, pool=pool, expires_at__gt=now)
    if exclude_application is not None:
        holds = holds.exclude(application_id=exclude_application)
    counts.update(h.practitioner_id for h in holds)
    return counts


def window_start() -> datetime:
    return clock.now() - timedelta(days=settings.FAWANG_AID_ALLOCATION_WINDOW_DAYS)


@dataclass
class AllocationSituation:
    """Who may take this application now, their weights and counts, and who was left out and why."""

    pool: AllocationPool
    out_of_hours: bool
    rota_applied: bool
    candidates: list[Candidate]
    practitioners: dict[int, Practitioner]
    excluded: list[tuple[Practitioner, str]] = field(default_factory=list)


def _unsuitable(
    entry: RosterEntry,
    *,
    pool: AllocationPool,
    application: LegalAidApplication,
    today: date,
    absent: set[int],
    barred: dict[int, str],
    other_firm: int | None,
    can_practise: bool,
) -> str:
    """Why a rostered practitioner cannot take this application (empty when they can): the same rules the lifecycle
    guards enforce at assignment (C10, C21, O3), checked here without a query per practitioner."""
    p = entry.practitioner
    if not p.active or not can_practise:
        return _("不在岗或执业受限")
    if p.kind not in AID_PERSONNEL:
        return _("非法律援助人员")
    if not (entry.criminal if pool == AllocationPool.CRIMINAL else entry.civil):
        return _("不承办%(pool)s案件") % {"pool": pool.label}
    if pool == AllocationPool.CRIMINAL and p.kind != PractitionerKind.LAWYER:
        return _("刑事案件只能指派律师")
    if application.capital_case and not years_of_practice_reached(p.practice_start, today, CAPITAL_MIN_YEARS):
        return _("执业不足三年")
    if p.pk in absent:
        return _("暂停分配期间")
    if p.pk in barred:
        return barred[p.pk]
    if other_firm is not None and p.institution_id == other_firm:
        return _("与对方受援人的承办人员同属一所")
    return ""


def allocation_situation(
    *, application: LegalAidApplication, at: datetime | None = None
) -> AllocationSituation:
    """The allocation engine's input for one application (X3): the county roster filtered for suitability and
    availability, restricted to the duty rota outside office hours when one is set for the day."""
    at = at or clock.now()
    today = clock.to_local(at).date()
    case = application.case
    county = county_code(case)
    pool = allocation_pool(application)
    entries = list(
        RosterEntry.objects.filter(
            region__code__startswith=county, region__level=RegionLevel.COUNTY, active=True
        )
        .select_related("practitioner__institution")
        .order_by("practitioner__name", "pk")
    )
    absent = set(
        RosterAbsence.objects.filter(
            practitioner__in=[e.practitioner_id for e in entries], starts_on__lte=today, ends_on__gte=today
        ).values_list("practitioner_id", flat=True)
    )
    barred = {
        pk: _("已准予回避")
        for pk in application.recusals.filter(outcome=RecusalOutcome.GRANTED).values_list(
            "practitioner_id", flat=True
        )
    }
    if case.handler_practitioner_id is not None:
        barred[case.handler_practitioner_id] = _("现承办人员")
    other = other_side_firm(case, application)
    credit = practitioner_credit_map(practitioners=[e.practitioner for e in entries])
    situation = AllocationSituation(
        pool=pool, out_of_hours=is_out_of_hours(at), rota_applied=False, candidates=[], practitioners={}
    )
    suitable: list[RosterEntry] = []
    for entry in entries:
        why = _unsuitable(
            entry,
            pool=pool,
            application=application,
            today=today,
            absent=absent,
            barred=barred,
            other_firm=other[0] if other else None,
            can_practise=credit[entry.practitioner_id].status.can_practise,
        )
        if why:
            situation.excluded.append((entry.practitioner, why))
        else:
            suitable.append(entry)
    if situation.out_of_hours:
        on_duty = set(
            DutyShift.objects.filter(region__code__startswith=county, on_date=today).values_list(
                "practitioner_id", flat=True
            )
        )
        if on_duty:
            situation.rota_applied = True
            situation.excluded += [
                (e.practitioner, _("今日非值班")) for e in suitable if e.practitioner_id not in on_duty
            ]
            suitable = [e for e in suitable if e.practitioner_id in on_duty]
    counts = allocation_counts(
        county=county, pool=pool, since=window_start(), exclude_application=application.pk
    )
    situation.candidates = [
        Candidate(e.practitioner_id, e.weight, counts[e.practitioner_id]) for e in suitable
    ]
    situation.practitioners = {e.practitioner_id: e.practitioner for e in suitable}
    return situation


def live_hold(*, application: LegalAidApplication) -> AllocationHold | None:
    return AllocationHold.objects.filter(application=application, expires_at__gt=clock.now()).first()


@dataclass(frozen=True)
class FairnessRow:
    entry: RosterEntry
    share: Share | None  # None when the entry takes no matters of the pool
    by_method: dict[str, int]


def roster_fairness(*, county: Region, pool: AllocationPool) -> list[FairnessRow]:
    """Each rostered practitioner's allocations in the window against their weighted share (X3 fairness statistics;
    course corrections are shown but not counted)."""
    entries = list(
        RosterEntry.objects.filter(region=county)
        .select_related("practitioner__institution")
        .order_by("-active", "pk")
    )
    code = county.code[:6]
    counts = allocation_counts(county=code, pool=pool, since=window_start(), exclude_application=None)
    takes = [e for e in entries if e.active and (e.criminal if pool == AllocationPool.CRIMINAL else e.civil)]
    by_pk = {
        s.practitioner_id: s
        for s in shares([Candidate(e.practitioner_id, e.weight, counts[e.practitioner_id]) for e in takes])
    }
    methods: dict[int, dict[str, int]] = {}
    for row in (
        Assignment.objects.filter(
            pool=pool, assigned_at__gte=window_start(), application__case__region__code__startswith=code
        )
        .values("practitioner_id", "method")
        .annotate(n=Count("id"))
    ):
        methods.setdefault(row["practitioner_id"], {})[row["method"]] = row["n"]
    return [FairnessRow(e, by_pk.get(e.practitioner_id), methods.get(e.practitioner_id, {})) for e in entries]


def roster_entries(*, county: Region) -> QuerySet[RosterEntry]:
    return RosterEntry.objects.filter(region=county).select_related("practitioner__institution")


def roster_absences(*, county: Region) -> QuerySet[RosterAbsence]:
    """Current and future absences of the county's rostered practitioners."""
    return (
        RosterAbsence.objects.filter(
            practitioner__aid_roster_entries__region=county, ends_on__gte=clock.local_today()
        )
        .select_related("practitioner")
        .distinct()
        .order_by("starts_on", "pk")
    )


def duty_shifts(*, county: Region, days: int = 31) -> QuerySet[DutyShift]:
    today = clock.local_today()
    return (
        DutyShift.objects.filter(region=county, on_date__gte=today, on_date__lte=today + timedelta(days=days))
        .select_related("practitioner")
        .order_by("on_date", "practitioner__name")
    )


def roster_addable_practitioners(*, county: Region) -> QuerySet[Practitioner]:
    """Lawyers, grassroots legal workers and aid-centre staff of the county (Art.12, 16) who may join its roster."""
    return (
        Practitioner.objects.filter(
            institution__region__code__startswith=county.code[:6], kind__in=list(AID_PERSONNEL), active=True
        )
        .select_related("institution")
        .order_by("name")
    )
