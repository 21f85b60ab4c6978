"""The competent agency (C20, 法律援助法第三十八条): the proposal shown at intake and review, and the transfer.

The proposal itself is the pure function in competence.py; this module looks up the agencies of the proposed
counties and moves an application to one of them. A transfer is a `dispatch` step of the 工单 (one event in the
case log, the handler becomes the receiving agency and, where it has a centre, the jurisdiction follows), plus a
`Transfer` row; the receiving agency's hardship standard then applies (REQUIREMENTS section 3), so the
eligibility is assessed again.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.db import transaction

from fawang.accounts.models import User
from fawang.cases.services import case_transition
from fawang.cases.workflow import Action
from fawang.core import clock
from fawang.core.errors import DomainError
from fawang.directory.models import Institution, InstitutionKind, Site, SiteKind
from fawang.legal_aid.competence import (
    ARTICLE,
    Candidate,
    CompetenceFacts,
    Proposal,
    propose_competent_agency,
)
from fawang.legal_aid.documents import agency_name, applicant_name, document_issue
from fawang.legal_aid.models import DocumentKind, LegalAidApplication, Transfer
from fawang.legal_aid.services import aid_eligibility_assess
from fawang.regions.selectors import region_path_name


@dataclass(frozen=True)
class CandidateAgencies:
    candidate: Candidate
    place: str  # the county's name, for display
    agencies: tuple[Institution, ...]


@dataclass(frozen=True)
class Competence:
    proposal: Proposal
    candidates: tuple[CandidateAgencies, ...]
    current: Institution | None

    @property
    def transfer_targets(self) -> list[Institution]:
        current = self.current.pk if self.current is not None else None
        return [a for c in self.candidates for a in c.agencies if a.pk != current]


def _agencies(county_code: str) -> tuple[Institution, ...]:
    """Agencies in the county (its townships included); for a city- or province-level place, that level's own."""
    rows = Institution.objects.filter(kind=InstitutionKind.LEGAL_AID_CENTRE).select_related("region")
    if county_code[4:6] != "00":
        rows = rows.filter(region__code__startswith=county_code[:6])
    else:
        rows = rows.filter(region__code=county_code)
    return tuple(rows.order_by("region__code", "name"))


def current_agency(application: LegalAidApplication) -> Institution | None:
    case = application.case
    handler = case.handler_institution
    if handler is not None and handler.kind == InstitutionKind.LEGAL_AID_CENTRE:
        return handler
    return (
        Institution.objects.filter(
            kind=InstitutionKind.LEGAL_AID_CENTRE, region__code__startswith=case.region.code[:6]
        )
        .select_related("region")
        .order_by("region__code")
        .first()
    )


def aid_competence(*, application: LegalAidApplication) -> Competence:
    """The Art.38 proposal for this application and the agencies of the proposed places (C20)."""
    current = current_agency(application)
    here = current.region.code if current is not None else application.case.region.code
    proposal = propose_competent_agency(
        CompetenceFacts(
            proceeding=application.proceeding,
            notice=application.is_notice,
            body_region=application.body_region.code if application.body_region else "",
            events_region=application.events_region.code if application.events_region else "",
            agency_region=here,
        )
    )
    from fawang.regions.models import Region

    names = {r.code: r.name for r in Region.objects.filter(code__in=proposal.county_codes)}
    candidates = tuple(
        CandidateAgencies(c, names.get(c.county_code, c.county_code), _agencies(c.county_code))
        for c in proposal.candidates
    )
    return Competence(proposal, candidates, current)


@transaction.atomic
def aid_transfer(
    *, actor: User, application: LegalAidApplication, institution_id: int, reason: str
) -> Transfer:
    """Move the application to another legal-aid agency (Art.38), logged on the 工单 and as a `Transfer` row."""
    case = application.case
    if not reason.strip():
        raise DomainError("请填写移送理由（如：不属于本机构受理，依法律援助法第三十八条移送）。")
    target = (
        Institution.objects.filter(pk=institution_id, kind=InstitutionKind.LEGAL_AID_CENTRE)
        .select_related("region")
        .first()
    )
    if target is None:
        raise DomainError("请选择接收申请的法律援助机构。")
    competence = aid_competence(application=application)
    current = competence.current
    if current is not None and current.pk == target.pk:
        raise DomainError("不能移送给本机构。")
    matched = [c for c in competence.candidates if target in c.agencies]
    basis = (
        f"{ARTICLE}（{matched[0].candidate.basis}）"
        if matched
        else f"{ARTICLE}（移送机构认定；系统建议：{'、'.join(c.place for c in competence.candidates) or '无'}）"
    )
    from_region = case.region
    sender = current.name if current is not None else agency_name(case)  # before the handler changes
    payload: dict[str, object] = {"institution_id": target.pk, "transfer_basis": basis}
    site = Site.objects.filter(region=target.region, kind=SiteKind.CENTRE).first()
    if site is not None:
        payload["site_id"] = site.pk  # the jurisdiction follows the receiving agency
    case_transition(
        reference=case.reference,
        action=Action.DISPATCH,
        actor=actor,
        reason=f"移送{target.name}：{reason.strip()}",
        payload=payload,
    )
    transfer = Transfer.objects.create(
        application=application,
        from_institution=current,
        to_institution=target,
        from_region=from_region,
        basis=basis[:200],
        reason=reason.strip(),
        transferred_by=actor,
        transferred_at=clock.now(),
    )
    _transfer_letter(actor=actor, application=application, sender=sender, transfer=transfer)
    # The accepting agency's standard applies (法律援助条例 Art.13(2) default): assess again under it.
    application.agency_region = region_path_name(region=target.region)
    application.save(update_fields=["agency_region", "updated_at"])
    aid_eligibility_assess(application=application, actor=actor)
    return transfer


def _transfer_letter(
    *, actor: User, application: LegalAidApplication, sender: str, transfer: Transfer
) -> None:
    """C20: the letter that goes with the file to the receiving agency; the applicant sees it among the case's
    documents, so they know where their application now is and whom to ask."""
    case = application.case
    target = transfer.to_institution
    contact = "；".join(x for x in (target.address, target.phone) if x)
    document_issue(
        case=case,
        kind=DocumentKind.TRANSFER_LETTER,
        actor=actor,
        issuer=sender,
        fields=[
            ("接收机构", target.name),
            ("申请人", applicant_name(case)),
            ("申请事项", case.title),
            ("移送依据", transfer.basis),
            ("移送理由", transfer.reason),
        ],
        paragraphs=[
            f"{target.name}：",
            f"申请人{applicant_name(case)}的法律援助申请（工单 {case.reference}），经审查应由贵机构受理。"
            "依照《中华人民共和国法律援助法》第三十八条，现将申请及已收材料移送贵机构，请依法审查并告知申请人。",
            *([f"接收机构联系方式：{contact}。"] if contact else []),
        ],
        basis="《中华人民共和国法律援助法》第三十八条",
    )
