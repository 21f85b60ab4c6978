"""Reading mediation files, scoped like the cases they belong to (STYLE §3)."""

from __future__ import annotations

from dataclasses import dataclass

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
from fawang.people.selectors import person_contact_route

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


# M14 (法律援助法 Art.32): printed instead of a flagged party's address and number for service.
WITHHELD_ADDRESS = "（地址不予载明：当事人已申请安全联系，送达请联系承办人员）"
WITHHELD_PHONE = "（电话不予载明：当事人已申请安全联系，请联系承办人员）"
# The judicial-confirmation pack lines party_contact_items makes.
CONTACT_ITEMS = frozenset({"送达地址", "联系电话"})


@dataclass(frozen=True)
class PartyServiceContact:
    address: str
    phone: str


def party_service_contact(*, party: MediationParty, missing: str) -> PartyServiceContact:
    """The address for service (送达) and the phone a mediation document may print for one party (M14).

    Every party gets a copy of these documents and the other side may be the person a flagged party hides from,
    so for a flagged party neither the registered details nor the safe number are printed: service and calls go
    through the staff handling the file, who see the safe route on their page."""
    route = person_contact_route(person=party.person)
    if route.restricted:
        return PartyServiceContact(address=WITHHELD_ADDRESS, phone=WITHHELD_PHONE)
    return PartyServiceContact(
        address=party.address or party.person.address or missing, phone=route.phone or missing
    )


def party_contact_items(*, party: MediationParty) -> list[dict[str, str]]:
    """A party's 送达地址 and 联系电话 lines of the judicial-confirmation pack (D8), safe-contact aware (M14)."""
    contact = party_service_contact(party=party, missing="待补充")
    name = party.person.name
    return [
        {"item": "送达地址", "detail": f"{name}：{contact.address}"},
        {"item": "联系电话", "detail": f"{name}：{contact.phone}"},
    ]


def party_service_contact_items(mediation: MediationCase) -> list[dict[str, str]]:
    items = []
    for party in mediation.parties.select_related("person").order_by("side", "id"):
        items += party_contact_items(party=party)
    return items
