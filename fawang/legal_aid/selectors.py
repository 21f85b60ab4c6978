"""Reading legal-aid records, always through the scoped case selectors (STYLE §3)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta

from django.db.models import Max, Prefetch, Q, QuerySet

from fawang.accounts.models import User
from fawang.accounts.roles import Role
from fawang.accounts.selectors import grant_list_for_user
from fawang.cases.models import Case, CaseDeadline, ClockState
from fawang.cases.selectors import case_get_for_user, case_list_for_user
from fawang.cases.states import TERMINAL_STATUSES, ServiceType, Status
from fawang.core import clock
from fawang.core.errors import NotFoundError
from fawang.legal_aid.models import (
    AidPolicy,
    Decision,
    Document,
    EligibilitySnapshot,
    LegalAidApplication,
    Objection,
    Recusal,
)
from fawang.people.models import Person
from fawang.regions.models import Region, RegionLevel

AID_CLOCKS = (
    "legal_aid.review",
    "legal_aid.assign",
    "legal_aid.notice_assign",
    "legal_aid.forward_detained",
    "legal_aid.objection_decide",
)


def latest_snapshot(*, application: LegalAidApplication) -> EligibilitySnapshot | None:
    return EligibilitySnapshot.objects.filter(application=application).order_by("-id").first()


def aid_policy_for(*, region: Region, on: date) -> AidPolicy | None:
    """The most specific policy in force for the region's subtree on the day (C11 window, C13, C23)."""
    codes = [region.code[:n].ljust(12, "0") for n in (2, 4, 6, 9, 12)]
    return (
        AidPolicy.objects.filter(region__code__in=codes, effective_from__lte=on)
        .order_by("-region__level", "-effective_from")
        .first()
    )


POLICY_READERS = frozenset({Role.ADMIN, Role.AID_REVIEWER, Role.SUPERVISOR})


def _prefixes(user: User, roles: frozenset[Role]) -> list[str]:
    return [g.region_prefix for g in grant_list_for_user(user=user) if g.role in roles and g.region_prefix]


def admin_region_prefixes(*, user: User) -> list[str]:
    """The region subtrees where this user administers local legal-aid figures."""
    return _prefixes(user, frozenset({Role.ADMIN}))


def aid_policy_list_for_user(*, user: User) -> QuerySet[AidPolicy]:
    """Local legal-aid figures (C11, C13, C21, C23) set for places in, or above, the user's jurisdiction: a county
    also sees the province's figures it inherits."""
    q = Q(pk__in=[])
    for prefix in _prefixes(user, POLICY_READERS):
        ancestors = [prefix[:n].ljust(12, "0") for n in (2, 4, 6, 9, 12) if n <= len(prefix)]
        q |= Q(region__code__startswith=prefix) | Q(region__code__in=ancestors)
    return (
        AidPolicy.objects.filter(q)
        .select_related("region", "created_by")
        .order_by("region__code", "-effective_from")
    )


def aid_policy_regions_for_user(*, user: User) -> QuerySet[Region]:
    """Places down to county level (where legal-aid agencies sit, Art.12) an administrator may configure."""
    q = Q(pk__in=[])
    for prefix in admin_region_prefixes(user=user):
        q |= Q(code__startswith=prefix)
    return Region.objects.filter(q, level__lte=RegionLevel.COUNTY).order_by("code")


def aid_case_list_for_user(*, user: User) -> QuerySet[Case]:
    return case_list_for_user(user=user).filter(service_type=ServiceType.LEGAL_AID)


def aid_review_queue_for_user(*, user: User) -> QuerySet[Case]:
    """The reviewer's queue (C5, C9): open legal-aid cases with their running aid clocks, due first."""
    running = CaseDeadline.objects.filter(
        state__in=[ClockState.RUNNING, ClockState.PAUSED], rule_code__in=AID_CLOCKS
    )
    return (
        aid_case_list_for_user(user=user)
        .exclude(status__in=[*TERMINAL_STATUSES, Status.CLOSED])
        .select_related("region", "requester", "handler_practitioner", "legal_aid_application")
        .prefetch_related(Prefetch("deadlines", queryset=running.order_by("due_at"), to_attr="aid_clocks"))
        .order_by("-priority", "due_at", "submitted_at")
    )


def aid_assigned_list_for_user(*, user: User) -> QuerySet[Case]:
    """The aid lawyer's page: cases assigned to this user, with the date of the last progress note (C23)."""
    return (
        aid_case_list_for_user(user=user)
        .filter(handler_practitioner__user=user)
        .exclude(status__in=list(TERMINAL_STATUSES))
        .select_related("region", "requester", "legal_aid_application")
        .annotate(
            last_progress=Max(
                "legal_aid_application__progress_notes__at",
                filter=Q(legal_aid_application__progress_notes__reported_to_recipient=True),
            ),
            assigned_since=Max(
                "legal_aid_application__assignments__assigned_at",
                filter=Q(legal_aid_application__assignments__ended_at__isnull=True),
            ),
        )
        .order_by("due_at", "submitted_at")
    )


def progress_overdue(
    *, case: Case, last_progress: datetime | None, assigned_since: datetime | None = None
) -> bool:
    """C23: no report to the recipient within the configured interval since the last one (or since the current
    assignment). Notes not told to the recipient do not count. No national figure: off unless configured."""
    if case.status not in (Status.ASSIGNED, Status.IN_PROGRESS):
        return False
    policy = aid_policy_for(region=case.region, on=clock.local_today())
    if policy is None or policy.progress_interval_days is None:
        return False
    since = last_progress or assigned_since or case.updated_at
    return clock.now() - since > timedelta(days=policy.progress_interval_days)


@dataclass(frozen=True)
class ProgressStatus:
    last_reported: datetime | None
    interval_days: int | None
    overdue: bool


def progress_status(*, application: LegalAidApplication) -> ProgressStatus:
    """C23 for one application (the review page): last report to the recipient and the overdue flag."""
    case = application.case
    last = application.progress_notes.filter(reported_to_recipient=True).aggregate(m=Max("at"))["m"]
    since = application.assignments.filter(ended_at__isnull=True).aggregate(m=Max("assigned_at"))["m"]
    policy = aid_policy_for(region=case.region, on=clock.local_today())
    interval = policy.progress_interval_days if policy is not None else None
    return ProgressStatus(
        last, interval, progress_overdue(case=case, last_progress=last, assigned_since=since)
    )


def application_get_for_user(*, user: User, reference: str, for_write: bool = False) -> LegalAidApplication:
    case = case_get_for_user(user=user, reference=reference, for_write=for_write)
    if case.service_type != ServiceType.LEGAL_AID:
        raise NotFoundError("该工单不是法律援助事项。")
    app = (
        LegalAidApplication.objects.select_related("case", "case__region", "case__requester")
        .filter(case=case)
        .first()
    )
    if app is None:
        raise NotFoundError("该法律援助工单尚未登记申请信息。")
    app.case = case
    return app


def document_list(*, application: LegalAidApplication) -> QuerySet[Document]:
    return Document.objects.filter(case_id=application.case_id).order_by("issued_at", "id")


def document_get_for_user(*, user: User, reference: str, pk: int) -> Document:
    case = case_get_for_user(user=user, reference=reference)
    document = Document.objects.filter(case=case, pk=pk).select_related("case").first()
    if document is None:
        raise NotFoundError("未找到该文书。")
    return document


def decision_latest(*, application: LegalAidApplication, kinds: list[str]) -> Decision | None:
    return (
        Decision.objects.filter(application=application, kind__in=kinds)
        .order_by("-decided_at", "-id")
        .first()
    )


def legal_aid_granted_for_person(*, person: Person) -> bool:
    """C16, Art.53: the person is receiving legal aid now: granted (or provided ahead of review, C8, or on a
    court's notice, C9) and not yet finished, terminated or refused. Notary and appraisal modules read this to
    waive or reduce their fees.
    """
    return LegalAidApplication.objects.filter(
        case__requester=person, case__status__in=[Status.GRANTED, Status.ASSIGNED, Status.IN_PROGRESS]
    ).exists()


@dataclass(frozen=True)
class ApplicantRequests:
    """What the applicant may ask online about a legal-aid 工单 (C11 objection, C21 recusal), and what was asked."""

    can_object: bool
    can_request_recusal: bool
    objections: list[Objection]
    recusals: list[Recusal]


def aid_applicant_requests(*, case: Case) -> ApplicantRequests | None:
    """For the applicant's own case page (the caller has the case through the scoped selector); None for other
    service types or a case without an application."""
    if case.service_type != ServiceType.LEGAL_AID:
        return None
    app = LegalAidApplication.objects.filter(case=case).first()
    if app is None:
        return None
    from fawang.legal_aid.guards import objectionable  # the guards read this module

    recusals = list(app.recusals.order_by("requested_at", "id"))
    assigned = (
        case.status in (Status.ASSIGNED, Status.IN_PROGRESS)
        and app.assignments.filter(ended_at__isnull=True).exists()
    )
    return ApplicantRequests(
        can_object=case.status in (Status.REFUSED, Status.RESOLVED) and objectionable(case, {}) is None,
        can_request_recusal=assigned and all(r.outcome for r in recusals),
        objections=list(app.objections.order_by("filed_at", "id")),
        recusals=recusals,
    )
