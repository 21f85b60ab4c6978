"""Reading notary data: slots open for booking (the public booking service), matters scoped like their cases,
the fee-waiver check (C16) and the jurisdiction proposal (E8)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from django.db.models import F, QuerySet

from fawang.accounts.models import User
from fawang.cases.models import Case
from fawang.cases.selectors import case_get_for_user, case_list_for_user
from fawang.cases.states import ServiceType, Status
from fawang.core import clock
from fawang.core.errors import NotFoundError
from fawang.directory.models import Institution, InstitutionKind
from fawang.notary.catalogue import matter_type
from fawang.notary.models import NotaryMatter, NotarySlot
from fawang.people.models import Person
from fawang.regions.models import Region

AID_GRANTED_STATUSES = (Status.GRANTED, Status.ASSIGNED, Status.IN_PROGRESS, Status.RESOLVED, Status.CLOSED)


def legal_aid_granted_for_person(*, person: Person) -> bool:
    """Whether legal aid was granted to this person (C16; 法律援助法 Art.53, 公证法 Art.34).

    Uses the legal-aid module's selector when it exists; until then, a granted legal-aid 工单 of the same
    requester stands for the grant. Swap by providing fawang.legal_aid.selectors.legal_aid_granted_for_person.
    """
    try:
        from fawang.legal_aid import selectors as legal_aid_selectors
    except (
        ImportError
    ):  # pragma: no cover - the legal-aid app always exists; its selectors module may not yet
        legal_aid_selectors = None  # type: ignore[assignment]  # fallback below
    provided = getattr(legal_aid_selectors, "legal_aid_granted_for_person", None)
    if provided is not None:
        return bool(provided(person=person))
    return Case.objects.filter(
        service_type=ServiceType.LEGAL_AID, requester=person, status__in=AID_GRANTED_STATUSES
    ).exists()


@dataclass(frozen=True)
class SlotView:
    id: int
    office_id: int
    office_name: str
    notary_name: str
    starts_at: datetime
    ends_at: datetime
    remaining: int


def notary_slot_list_available(
    *, date_from: datetime, date_to: datetime, office: Institution | None = None
) -> list[SlotView]:
    """Future slots with room, for the citizen portal, the hotline and the window (public booking service)."""
    start = max(date_from, clock.now())
    slots = NotarySlot.objects.filter(starts_at__gte=start, starts_at__lt=date_to, booked__lt=F("capacity"))
    if office is not None:
        slots = slots.filter(office=office)
    return [
        SlotView(
            id=s.pk,
            office_id=s.office_id,
            office_name=s.office.name,
            notary_name=s.notary.name if s.notary else "",
            starts_at=s.starts_at,
            ends_at=s.ends_at,
            remaining=s.capacity - s.booked,
        )
        for s in slots.select_related("office", "notary").order_by("starts_at", "pk")
    ]


def notary_matter_list_for_user(*, user: User, include_finished: bool = False) -> QuerySet[NotaryMatter]:
    cases = case_list_for_user(user=user).filter(service_type=ServiceType.NOTARY)
    if not include_finished:
        cases = cases.exclude(status__in=[Status.CLOSED, Status.REFUSED, Status.REJECTED, Status.WITHDRAWN])
    return (
        NotaryMatter.objects.filter(case__in=cases.values("pk"))
        .select_related("case", "office", "case__handler_practitioner", "case__requester")
        .order_by("case__due_at", "case__submitted_at")
    )


def notary_matter_get_for_user(*, user: User, reference: str) -> NotaryMatter:
    case = case_get_for_user(user=user, reference=reference)
    matter = (
        NotaryMatter.objects.select_related("case", "office", "case__requester").filter(case=case).first()
    )
    if matter is None:
        raise NotFoundError("该工单不是公证事项。")
    return matter


def _offices_covering(region: Region | None) -> list[Institution]:
    if region is None:
        return []
    offices = Institution.objects.filter(kind=InstitutionKind.NOTARY_OFFICE).select_related("region")
    return [o for o in offices if region.code.startswith(o.region.prefix)]


def notary_jurisdiction_propose(
    *,
    matter_code: str,
    domicile: Region | None = None,
    residence: Region | None = None,
    act_place: Region | None = None,
    property_place: Region | None = None,
) -> list[Institution]:
    """Offices that may accept (公证法 Art.25; 程序规则 Art.14-16; E8): real estate where it lies, otherwise the
    domicile, habitual residence, or place of the act or fact. The first office to accept handles it."""
    if matter_type(matter_code).real_estate and property_place is not None:
        return _offices_covering(property_place)
    proposed: list[Institution] = []
    for place in (domicile, residence, act_place):
        for office in _offices_covering(place):
            if office not in proposed:
                proposed.append(office)
    return proposed
