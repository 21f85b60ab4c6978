"""Hand a finished draft to the module that owns the service: legal aid, mediation, notary, appraisal.

Each submitter only maps the citizen's answers onto the module's own create service; eligibility, jurisdiction,
the in-person rule (E3), booking capacity and the direct-commission switch (F7) are the modules' rules.
"""

from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal
from typing import Any

from fawang.accounts.models import User
from fawang.cases.models import Case
from fawang.cases.states import Channel
from fawang.core import clock
from fawang.core.errors import DomainError
from fawang.directory.models import Institution, InstitutionKind, Practitioner
from fawang.people.models import Person
from fawang.portal.models import ApplicationDraft, ApplicationService
from fawang.regions.models import Region


def _person(actor: User) -> Person:
    person = Person.objects.filter(user=actor).select_related("region").first()
    if person is None or not person.id_number:
        raise DomainError("请先在第一步填写姓名和身份证号码（实名信息）。")
    return person


def _institution(pk: Any, kind: str, what: str) -> Institution:
    row = Institution.objects.filter(pk=int(pk or 0), kind=kind).select_related("region").first()
    if row is None:
        raise DomainError(f"请重新选择{what}。")
    return row


def _legal_aid(actor: User, draft: ApplicationDraft, key: str) -> Case:
    from fawang.legal_aid.services import AidDetails, aid_application_submit

    a = draft.answers
    person = _person(actor)
    region = Region.objects.filter(code=a.get("township") or "").first() or person.region
    if region is None:
        raise DomainError("请在第一步选择您住在哪个乡镇（街道）。")
    income = a.get("monthly_income_per_capita")
    app = aid_application_submit(
        actor=actor,
        region=region,
        requester=person,
        requester_user=actor,
        title=str(a.get("title") or "法律援助申请")[:200],
        channel=Channel.WEB,
        idempotency_key=key,
        language=str(a.get("language") or ""),  # A12: chosen on the identity screen
        details=AidDetails(
            matter=a.get("matter") or "",
            facts_and_reasons=a.get("facts_and_reasons") or "",
            economic_situation=a.get("economic_situation") or "",
            household_size=a.get("household_size"),
            monthly_income_per_capita=Decimal(income) if income not in (None, "") else None,
            has_large_assets={"yes": True, "no": False}.get(str(a.get("has_large_assets"))),
            grounds=tuple(a.get("grounds") or ()),
            applicant_groups=tuple(a.get("applicant_groups") or ()),
            opposing_party_name=a.get("opposing_party_name") or "",
        ),
    )
    return app.case


def _mediation(actor: User, draft: ApplicationDraft, key: str) -> Case:
    from fawang.mediation.models import Origin, Side
    from fawang.mediation.services import PartyInput, mediation_application_create

    a = draft.answers
    person = _person(actor)
    committee = _institution(a.get("committee"), InstitutionKind.MEDIATION_COMMITTEE, "人民调解委员会")
    mediator = (
        Practitioner.objects.filter(pk=int(a.get("mediator") or 0)).first() if a.get("mediator") else None
    )
    mediation = mediation_application_create(
        actor=actor,
        committee=committee,
        origin=Origin.APPLICATION,
        title=str(a.get("title") or "人民调解申请")[:200],
        facts=a.get("facts") or "",
        issues=a.get("issues") or "",
        channel=Channel.WEB,
        chosen_mediator=mediator,
        idempotency_key=key,
        language=str(a.get("language") or ""),
        parties=[
            PartyInput(
                name=person.name,
                side=Side.APPLICANT,
                id_number=person.id_number or "",
                phone=a.get("phone") or person.phone,
                address=a.get("address") or person.address,
            ),
            PartyInput(
                name=a.get("other_name") or "",
                side=Side.RESPONDENT,
                phone=a.get("other_phone") or "",
                address=a.get("other_address") or "",
            ),
        ],
    )
    return mediation.case


def _notary(actor: User, draft: ApplicationDraft, key: str) -> Case:
    from fawang.notary.models import NotaryMatter, NotarySlot, SignMethod
    from fawang.notary.services import ApplicationInput, notary_application_create, notary_booking_create

    existing = NotaryMatter.objects.filter(case__idempotency_key=key).select_related("case").first()
    if existing is not None:
        return existing.case
    a = draft.answers
    person = _person(actor)
    office = _institution(a.get("office"), InstitutionKind.NOTARY_OFFICE, "公证处")
    notes = [a.get("other_notes") or ""]
    if a.get("slot"):
        if not NotarySlot.objects.filter(pk=int(a["slot"]), office=office).exists():
            raise DomainError("预约的时段不属于所选公证处，请重新选择。")
        booking = notary_booking_create(
            actor=actor,
            slot_id=int(a["slot"]),
            person=person,
            matter_code=a.get("matter_code") or "",
            note="网上申请预约",
        )
        start = clock.to_local(booking.slot.starts_at)
        notes.append(f"已网上预约 {start:%Y-%m-%d %H:%M} 到{office.name}办理（预约号 {booking.pk}）。")
    agent = a.get("attend") == "agent"
    matter = notary_application_create(
        actor=actor,
        office=office,
        applicant=person,
        idempotency_key=key,
        data=ApplicationInput(
            matter_code=a.get("matter_code") or "",
            purpose=a.get("purpose") or "",
            documents=a.get("documents") or "",
            signed_by=SignMethod.SIGN,
            is_proxy=agent,
            agent_name=a.get("agent_name") or "" if agent else "",
            agent_relationship=a.get("agent_relationship") or "" if agent else "",
            agent_authority=a.get("agent_authority") or "" if agent else "",
            proofs_count=draft.uploads.count(),
            witnesses=a.get("witnesses") or "",
            other_notes="\n".join(n for n in notes if n),
            channel=Channel.WEB,
            language=str(a.get("language") or ""),
        ),
    )
    return matter.case


def _appraisal(actor: User, draft: ApplicationDraft, key: str) -> Case:
    from fawang.appraisal.models import ClientKind
    from fawang.appraisal.services import CommissionInput, appraisal_commission_create

    a = draft.answers
    person = _person(actor)
    institution = _institution(a.get("institution"), InstitutionKind.APPRAISAL_INSTITUTION, "司法鉴定机构")
    commission = appraisal_commission_create(
        actor=actor,
        institution=institution,
        requester=person,
        idempotency_key=key,
        data=CommissionInput(
            client_kind=ClientKind.CITIZEN,
            client_name=person.name,
            client_handler=person.name,
            client_phone=a.get("phone") or person.phone,
            matter=a.get("matter") or "",
            purpose=a.get("purpose") or "",
            requirements=a.get("requirements") or "",
            background=a.get("background") or "",
            channel=Channel.WEB,
            language=str(a.get("language") or ""),
        ),
    )
    return commission.case


SUBMITTERS: dict[str, Callable[[User, ApplicationDraft, str], Case]] = {
    ApplicationService.LEGAL_AID: _legal_aid,
    ApplicationService.MEDIATION: _mediation,
    ApplicationService.NOTARY: _notary,
    ApplicationService.APPRAISAL: _appraisal,
}


def submit_for(*, actor: User, draft: ApplicationDraft, idempotency_key: str) -> Case:
    return SUBMITTERS[draft.service](actor, draft, idempotency_key)
