"""Realistic details for demo cases (fawang.demo calls these): the records a real mediation, notary matter or
appraisal carries, created at the time the demo clock says, so the guarded steps of the lifecycles pass.

* ``<app>_demo_details(case)`` right after the demo creates the 工单;
* ``practitioner_demo_prepare(case, action, payload)`` before each demo transition: it records what the step
  needs (an agreement before resolving, a certificate before issue, two appraisers before assignment) and returns
  the payload to use (a practitioner of the right institution).
"""

from __future__ import annotations

from typing import Any

from fawang.cases.models import Case
from fawang.cases.states import ServiceType
from fawang.core import clock
from fawang.directory.models import Institution, InstitutionKind, Practitioner, PractitionerKind
from fawang.mediation.models import (
    AgreementKind,
    AgreementSignature,
    Consent,
    MediationAgreement,
    MediationCase,
    MediationParty,
    Origin,
    Side,
    SignatureMethod,
)
from fawang.people.models import Person

RESPONDENTS = ("刘某", "黄某", "周某", "吴某", "徐某", "孙某", "马某", "朱某")


STAFF_KIND = {
    InstitutionKind.MEDIATION_COMMITTEE: PractitionerKind.MEDIATOR,
    InstitutionKind.NOTARY_OFFICE: PractitionerKind.NOTARY,
    InstitutionKind.APPRAISAL_INSTITUTION: PractitionerKind.APPRAISER,
}


def institution_near(case: Case, kind: str) -> Institution | None:
    """The staffed institution of a kind closest to the case: same township, else same county, else any."""
    rows = Institution.objects.filter(
        kind=kind, practitioners__kind=STAFF_KIND[InstitutionKind(kind)], practitioners__active=True
    ).distinct()
    for prefix in (case.region.code[:9], case.region.code[:6], ""):
        found = rows.filter(region__code__startswith=prefix).order_by("pk").first()
        if found is not None:
            return found
    return None


def practitioner_of(institution: Institution, kind: str, seed: int) -> Practitioner | None:
    staff = list(Practitioner.objects.filter(institution=institution, kind=kind, active=True).order_by("pk"))
    return staff[seed % len(staff)] if staff else None


def _demo_actor(case: Case, practitioner: Practitioner | None) -> Any:
    if practitioner is not None and practitioner.user is not None:
        return practitioner.user
    return case.events.order_by("id").first().actor  # type: ignore[union-attr]  # every case has its create event


def mediation_demo_details(case: Case) -> MediationCase | None:
    committee = institution_near(case, InstitutionKind.MEDIATION_COMMITTEE)
    if committee is None or case.requester is None:
        return None
    mediation, created = MediationCase.objects.get_or_create(
        case=case,
        defaults={
            "committee": committee,
            "origin": Origin.APPLICATION,
            "facts": case.description or case.title,
            "issues": case.title,
        },
    )
    if created:
        now = clock.now()
        other = Person.objects.create(name=RESPONDENTS[case.pk % len(RESPONDENTS)], region=case.region)
        for person, side in ((case.requester, Side.APPLICANT), (other, Side.RESPONDENT)):
            MediationParty.objects.create(
                mediation=mediation, person=person, side=side, consent=Consent.CONSENTED, consent_at=now
            )
    return mediation


def _mediation_prepare(case: Case, action: str, payload: dict[str, Any]) -> dict[str, Any]:
    mediation = mediation_demo_details(case)
    if mediation is None:
        return payload
    if action == "assign":
        mediator = practitioner_of(mediation.committee, PractitionerKind.MEDIATOR, case.pk)
        return {**payload, "practitioner_id": mediator.pk} if mediator else payload
    if action == "resolve" and not hasattr(mediation, "agreement"):
        now = clock.now()
        written = case.pk % 2 == 0
        mediator = case.handler_practitioner or practitioner_of(
            mediation.committee, PractitionerKind.MEDIATOR, case.pk
        )
        if mediator is None:
            return payload
        agreement = MediationAgreement.objects.create(
            mediation=mediation,
            number=f"调协〔{clock.local_today().year}〕{case.reference}",
            kind=AgreementKind.WRITTEN if written else AgreementKind.ORAL,
            facts=mediation.facts,
            issues=mediation.issues,
            responsibilities="双方各自承担相应责任。",
            terms="被申请人于协议生效后十日内向申请人支付人民币三千元，双方就此纠纷再无争议。"
            if written
            else "双方当场握手言和，被申请人当场赔礼道歉。",
            performance_manner="银行转账" if written else "当场履行",
            performance_due=clock.local_today(),
            immediate_performance=not written,
            mediator=mediator,
            drafted_by=_demo_actor(case, mediator),
            mediator_signed_at=now,
            sealed_at=now if written else None,
            effective_at=now,
        )
        if written:
            for party in mediation.parties.all():
                AgreementSignature.objects.create(
                    agreement=agreement, party=party, method=SignatureMethod.SIGN, signed_at=now
                )
    return payload


def practitioner_demo_details(case: Case) -> None:
    """Dispatch to the service's demo details (mediation, notary, appraisal); other services need none."""
    if case.service_type == ServiceType.MEDIATION:
        mediation_demo_details(case)
    elif case.service_type == ServiceType.NOTARY:
        from fawang.notary.demo import notary_demo_details

        notary_demo_details(case)
    elif case.service_type == ServiceType.APPRAISAL:
        from fawang.appraisal.demo import appraisal_demo_details

        appraisal_demo_details(case)


def practitioner_demo_prepare(case: Case, action: str, payload: dict[str, Any]) -> dict[str, Any]:
    if case.service_type == ServiceType.MEDIATION:
        return _mediation_prepare(case, action, payload)
    if case.service_type == ServiceType.NOTARY:
        from fawang.notary.demo import notary_demo_prepare

        return notary_demo_prepare(case, action, payload)
    if case.service_type == ServiceType.APPRAISAL:
        from fawang.appraisal.demo import appraisal_demo_prepare

        return appraisal_demo_prepare(case, action, payload)
    return payload
