"""Reading mediation files, scoped like the cases they belong to (STYLE §3)."""

from __future__ import annotations

from django.db.models import QuerySet

from fawang.accounts.models import User
from fawang.cases.models import Case
from fawang.cases.selectors import case_get_for_user, case_list_for_user
from fawang.cases.states import ServiceType, Status
from fawang.core.audit import audit_record
from fawang.core.errors import NotFoundError
from fawang.core.models import AuditAction
from fawang.directory.models import Institution, InstitutionKind, Practitioner, PractitionerKind
from fawang.mediation.models import MediationCase, MediationParty

ACTIVE = (
    Status.NEW,
    Status.DISPATCHED,
    Status.ACCEPTED,
    Status.ASSIGNED,
    Status.IN_PROGRESS,
    Status.RESOLVED,
)


def mediation_list_for_user(*, user: User, include_finished: bool = False) -> QuerySet[MediationCase]:
    """The mediation files this user may see: a mediator's own cases, a clerk's region (D2, 0.4)."""
    cases = case_list_for_user(user=user).filter(service_type=ServiceType.MEDIATION)
    if not include_finished:
        cases = cases.filter(status__in=ACTIVE)
    return (
        MediationCase.objects.filter(case__in=cases.values("pk"))
        .select_related("case", "committee", "case__handler_practitioner", "agreement", "confirmation")
        .order_by("case__due_at", "case__submitted_at")
    )


def mediation_get_for_user(*, user: User, reference: str) -> MediationCase:
    case = case_get_for_user(user=user, reference=reference)
    mediation = (
        MediationCase.objects.select_related("case", "committee", "case__handler_practitioner")
        .filter(case=case)
        .first()
    )
    if mediation is None:
        raise NotFoundError("该工单不是人民调解案件。")
    return mediation


def committee_list_for_region(*, region_code_prefix: str) -> QuerySet[Institution]:
    return Institution.objects.filter(
        kind=InstitutionKind.MEDIATION_COMMITTEE, region__code__startswith=region_code_prefix
    ).order_by("region__code", "name")


def mediator_list(*, committee: Institution) -> QuerySet[Practitioner]:
    return Practitioner.objects.filter(institution=committee, kind=PractitionerKind.MEDIATOR, active=True)


def mediation_party_get_for_user(*, user: User, reference: str) -> MediationParty:
    """A party's own way into the file for online mediation (D11): the signed-in user is the party's person.
    Anyone else gets 404, so the existence of the file is not leaked; the read is audited (M6)."""
    party = (
        MediationParty.objects.select_related("mediation__case", "mediation__committee", "person")
        .filter(person__user=user, mediation__case__reference=reference)
        .first()
    )
    if party is None:
        raise NotFoundError()
    audit_record(actor=user, action=AuditAction.VIEW, object_type="cases.Case", object_id=reference)
    return party


def mediation_party_exists(*, user: User, case: Case) -> bool:
    """Whether the signed-in user is a party of this mediation, so the portal can offer the online page (D11)."""
    return MediationParty.objects.filter(person__user=user, mediation__case=case).exists()
