"""People's mediation: the writes (STYLE §2). Each records the statutory file (D3) and moves the 工单 through
case_transition, the only code that changes its status and clocks."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from django.db import transaction
from django.utils.translation import gettext_lazy

from fawang.accounts.models import User
from fawang.accounts.roles import INTAKE_ROLES, Role
from fawang.accounts.selectors import user_roles
from fawang.cases.models import Case
from fawang.cases.selectors import case_get_for_user, case_roles_for_user
from fawang.cases.services import case_create, case_deadline_extend, case_transition
from fawang.cases.states import Channel, ServiceType, Status
from fawang.cases.workflow import FRONT, Action
from fawang.core import clock
from fawang.core.audit import audit_record
from fawang.core.errors import DomainError, NotFoundError, PermissionDeniedError
from fawang.core.models import AuditAction
from fawang.directory.models import Institution, InstitutionKind, Practitioner, PractitionerKind
from fawang.mediation.models import (
    AgreementKind,
    AgreementSignature,
    CommitteeMember,
    ConfirmationResult,
    Consent,
    EscalationKind,
    EscalationReport,
    JudicialConfirmation,
    MediationAgreement,
    MediationCase,
    MediationExtension,
    MediationParticipant,
    MediationParty,
    MediationSession,
    MediationTermination,
    Origin,
    ParticipantKind,
    PerformanceFollowUp,
    PerformanceResult,
    PersonalStatusMatter,
    Side,
    SignatureMethod,
    TerminationGround,
)
from fawang.mediation.selectors import party_contact_items
from fawang.people.services import person_register

MAX_REPRESENTATIVES = 5  # 宁波 Art.20 [L] · Config (D12)
CONFIRMATION_WINDOW = timedelta(
    days=30
)  # 人民调解法 Art.33 (D8); the clock itself is mediation.judicial_confirmation_window
MEDIATION_ROLES = FRONT | {Role.MEDIATOR}
FREE_OF_CHARGE = gettext_lazy("人民调解不收取任何费用（人民调解法第4条）。")


@dataclass(frozen=True)
class PartyInput:
    name: str
    side: str
    id_number: str = ""
    phone: str = ""
    address: str = ""
    representative: bool = False


# --- helpers --------------------------------------------------------------------------------------------------


def _load(*, actor: User, reference: str, roles: frozenset[Role] = MEDIATION_ROLES) -> MediationCase:
    case = case_get_for_user(user=actor, reference=reference, for_write=True, audit=False)
    if not case_roles_for_user(user=actor, case=case) & roles:
        raise PermissionDeniedError("只有调解委员会的调解员或受理窗口工作人员可以办理调解事项。")
    mediation = MediationCase.objects.select_related("case", "committee").filter(case=case).first()
    if mediation is None:
        raise NotFoundError("该工单不是人民调解案件。")
    return mediation


def _note(*, actor: User, mediation: MediationCase, text: str) -> None:
    case_transition(reference=mediation.case.reference, action=Action.NOTE, actor=actor, reason=text)


def _require_status(mediation: MediationCase, statuses: Sequence[str], what: str) -> None:
    if mediation.case.status not in statuses:
        raise DomainError(f"工单当前状态为“{mediation.case.get_status_display()}”，不能{what}。")


def _no_refusal(mediation: MediationCase) -> None:
    if mediation.parties.filter(consent=Consent.REFUSED).exists():
        raise DomainError(
            "有当事人明确拒绝调解，不得调解，请终止调解并告知其他救济途径（人民调解法第17条、第26条）。"
        )


def _register_party(
    *, actor: User, mediation: MediationCase, party: PartyInput, consent: str
) -> MediationParty:
    if party.side not in Side.values:
        raise DomainError(f"未知的当事人身份：{party.side}。")
    person = person_register(
        actor=actor, name=party.name, id_number=party.id_number, phone=party.phone, address=party.address
    )
    if mediation.parties.filter(person=person).exists():
        raise DomainError(f"{person.name} 已是本案当事人。")
    if party.representative and (
        mediation.parties.filter(side=party.side, representative=True).count() >= MAX_REPRESENTATIVES
    ):
        raise DomainError(f"同一方当事人推选的代表人不得超过{MAX_REPRESENTATIVES}人（D12）。")
    return MediationParty.objects.create(
        mediation=mediation,
        person=person,
        side=party.side,
        consent=consent,
        consent_at=clock.now() if consent != Consent.PENDING else None,
        representative=party.representative,
        address=party.address,
    )


def _committee_mediator(committee: Institution, mediator: Practitioner | None) -> None:
    if mediator is None:
        return
    if mediator.kind != PractitionerKind.MEDIATOR or mediator.institution_id != committee.pk:
        raise DomainError("当事人选择的调解员须是本调解委员会的人民调解员（人民调解法第19条，D2）。")


# --- registration (D1, D2, D12) -------------------------------------------------------------------------------


@transaction.atomic
def mediation_application_create(
    *,
    actor: User,
    committee: Institution,
    origin: str,
    title: str,
    facts: str,
    parties: Sequence[PartyInput],
    issues: str = "",
    channel: str = Channel.WINDOW,
    chosen_mediator: Practitioner | None = None,
    major_or_complex: bool = False,
    status_matter: str = PersonalStatusMatter.NONE,
    idempotency_key: str | None = None,
    language: str = "",
) -> MediationCase:
    """Register a dispute on application or on the committee's initiative (Art.17; D1). Never a fee (Art.4).
    `language` is the intake language (A12; "" is 普通话; 人民调解法 Art.8 lets parties use their own)."""
    roles = user_roles(user=actor)
    if not roles & (INTAKE_ROLES | {Role.MEDIATOR, Role.CITIZEN}):
        raise PermissionDeniedError("您的角色不能登记调解申请。")
    if origin == Origin.INITIATIVE and not roles & (INTAKE_ROLES | {Role.MEDIATOR}):
        raise PermissionDeniedError("主动调解只能由调解委员会或工作站登记。")
    if committee.kind != InstitutionKind.MEDIATION_COMMITTEE:
        raise DomainError("请选择人民调解委员会。")
    if origin not in Origin.values or status_matter not in PersonalStatusMatter.values:
        raise DomainError("启动方式或事项类别不正确。")
    if not facts.strip():
        raise DomainError("请填写纠纷的主要事实。")
    sides = {p.side for p in parties}
    if len(parties) < 2 or Side.APPLICANT not in sides or len(sides) < 2:
        raise DomainError("请至少登记一名申请方和一名对方当事人。")
    _committee_mediator(committee, chosen_mediator)
    if idempotency_key:
        existing = MediationCase.objects.filter(case__idempotency_key=idempotency_key).first()
        if existing is not None:
            return existing
    applicant_input = next(p for p in parties if p.side == Side.APPLICANT)
    applicant = person_register(
        actor=actor,
        name=applicant_input.name,
        id_number=applicant_input.id_number,
        phone=applicant_input.phone,
        address=applicant_input.address,
    )
    case = case_create(
        actor=actor,
        service_type=ServiceType.MEDIATION,
        channel=channel,
        title=title,
        description=facts,
        region=committee.region,
        requester=applicant,
        requester_user=actor if Role.CITIZEN in roles and not roles & INTAKE_ROLES else None,
        handler_institution=committee,
        handler_practitioner=chosen_mediator,
        idempotency_key=idempotency_key,
        language=language,
    )
    mediation = MediationCase.objects.create(
        case=case,
        committee=committee,
        origin=origin,
        facts=facts.strip(),
        issues=issues.strip(),
        major_or_complex=major_or_complex,
        status_matter=status_matter,
    )
    for party in parties:
        # An applicant consents by applying; on the committee's initiative every party must consent (Art.17).
        applied = origin == Origin.APPLICATION and party.side == Side.APPLICANT
        _register_party(
            actor=actor,
            mediation=mediation,
            party=party,
            consent=Consent.CONSENTED if applied else Consent.PENDING,
        )
    return mediation


@transaction.atomic
def mediation_party_add(*, actor: User, reference: str, party: PartyInput) -> MediationParty:
    mediation = _load(actor=actor, reference=reference)
    _require_status(
        mediation, [Status.NEW, Status.DISPATCHED, Status.ACCEPTED, Status.ASSIGNED], "增加当事人"
    )
    row = _register_party(actor=actor, mediation=mediation, party=party, consent=Consent.PENDING)
    _note(actor=actor, mediation=mediation, text=f"增加当事人：{row}")
    return row


@transaction.atomic
def mediation_party_consent(
    *, actor: User, reference: str, party_id: int, consent: str, note: str = ""
) -> MediationParty:
    """Record whether a party agrees to mediation; a clear refusal blocks it (Art.17; D1)."""
    mediation = _load(actor=actor, reference=reference)
    if consent not in (Consent.CONSENTED, Consent.REFUSED):
        raise DomainError("请选择“同意调解”或“明确拒绝调解”。")
    party = mediation.parties.select_related("person").filter(pk=party_id).first()
    if party is None:
        raise DomainError("未找到该当事人。")
    if party.consent == Consent.REFUSED:
        raise DomainError("该当事人已明确拒绝调解，不得再行调解（人民调解法第17条）。")
    party.consent = consent
    party.consent_at = clock.now()
    party.save(update_fields=["consent", "consent_at", "updated_at"])
    label = Consent(consent).label
    _note(actor=actor, mediation=mediation, text=f"{party.person.name}：{label}。{note}".strip())
    return party


@transaction.atomic
def mediation_participant_invite(
    *, actor: User, reference: str, name: str, kind: str, consenting_party_ids: Sequence[int]
) -> MediationParticipant:
    """Invite relatives, neighbours, experts or organisations, with the parties' consent (Art.20; D2)."""
    mediation = _load(actor=actor, reference=reference)
    if kind not in ParticipantKind.values or not name.strip():
        raise DomainError("请填写受邀人员的姓名（名称）和类别。")
    all_parties = set(mediation.parties.values_list("pk", flat=True))
    if not all_parties <= set(consenting_party_ids):
        raise DomainError("邀请他人参与调解须征得各方当事人同意（人民调解法第20条，D2）。")
    row = MediationParticipant.objects.create(
        mediation=mediation,
        name=name.strip(),
        kind=kind,
        consented_party_ids=sorted(all_parties),
        invited_by=actor,
    )
    _note(
        actor=actor,
        mediation=mediation,
        text=f"经各方当事人同意，邀请{row.get_kind_display()}{row.name}参与调解。",
    )
    return row


# --- the work (D3) --------------------------------------------------------------------------------------------


def _acting_mediator(actor: User, mediation: MediationCase) -> Practitioner:
    practitioner = mediation.case.handler_practitioner
    own = Practitioner.objects.filter(user=actor, kind=PractitionerKind.MEDIATOR).first()
    if own is not None and own.institution_id == mediation.committee_id:
        return own
    if practitioner is None:
        raise DomainError("请先指定调解员（人民调解法第19条）。")
    return practitioner


@transaction.atomic
def mediation_session_record(
    *, actor: User, reference: str, held_at: datetime, place: str, attendees: str, record: str
) -> MediationSession:
    mediation = _load(actor=actor, reference=reference)
    _require_status(mediation, [Status.IN_PROGRESS], "记录调解过程")
    _no_refusal(mediation)
    if not record.strip() or not place.strip():
        raise DomainError("请填写调解地点和调解情况记录。")
    if held_at > clock.now():
        raise DomainError("调解时间不能晚于现在。")
    session = MediationSession.objects.create(
        mediation=mediation,
        held_at=held_at,
        place=place.strip(),
        attendees=attendees.strip(),
        record=record.strip(),
        mediator=_acting_mediator(actor, mediation),
        recorded_by=actor,
    )
    _note(
        actor=actor,
        mediation=mediation,
        text=f"调解记录（{clock.to_local(held_at):%Y-%m-%d %H:%M}，{session.place}）",
    )
    return session


@dataclass(frozen=True)
class AgreementInput:
    kind: str
    facts: str
    issues: str
    responsibilities: str
    terms: str
    performance_manner: str
    performance_due: date
    immediate_performance: bool = False
    written_requested: bool = False


def _written_required(mediation: MediationCase, data: AgreementInput) -> str:
    """When an oral agreement is not enough (Art.28; 宁波 Art.24 [L]; D5)."""
    if data.written_requested:
        return "当事人要求制作调解协议书"
    if not data.immediate_performance:
        return "协议不能即时履行"
    if mediation.major_or_complex:
        return "纠纷重大、复杂"
    return ""


@transaction.atomic
def mediation_agreement_draft(*, actor: User, reference: str, data: AgreementInput) -> MediationAgreement:
    """Draft the agreement with the fields of Art.29 (D4); an oral one is recorded and in effect at once (D5)."""
    mediation = _load(actor=actor, reference=reference)
    _require_status(mediation, [Status.IN_PROGRESS], "制作调解协议")
    _no_refusal(mediation)
    if MediationAgreement.objects.filter(mediation=mediation).exists():
        raise DomainError("本案已有调解协议。")
    required = [data.facts, data.issues, data.responsibilities, data.terms, data.performance_manner]
    if data.kind not in AgreementKind.values or not all(v.strip() for v in required):
        raise DomainError(
            "调解协议须载明纠纷事实、争议事项、各方责任、协议内容及履行方式和期限（人民调解法第29条）。"
        )
    if data.kind == AgreementKind.ORAL and (why := _written_required(mediation, data)):
        raise DomainError(f"{why}，应当制作书面调解协议书（人民调解法第28条；D5）。")
    now = clock.now()
    agreement = MediationAgreement.objects.create(
        mediation=mediation,
        number=f"调协〔{clock.local_today().year}〕{mediation.case.reference}",
        kind=data.kind,
        facts=data.facts.strip(),
        issues=data.issues.strip(),
        responsibilities=data.responsibilities.strip(),
        terms=data.terms.strip(),
        performance_manner=data.performance_manner.strip(),
        performance_due=data.performance_due,
        immediate_performance=data.immediate_performance,
        mediator=_acting_mediator(actor, mediation),
        drafted_by=actor,
        mediator_signed_at=now if data.kind == AgreementKind.ORAL else None,
        effective_at=now if data.kind == AgreementKind.ORAL else None,  # Art.30
    )
    kind = (
        "口头协议（调解员记录，自达成之日起生效）"
        if data.kind == AgreementKind.ORAL
        else "调解协议书（待签署）"
    )
    _note(actor=actor, mediation=mediation, text=f"{kind}：{agreement.number}")
    return agreement


def _written_agreement(mediation: MediationCase) -> MediationAgreement:
    agreement = MediationAgreement.objects.filter(mediation=mediation).first()
    if agreement is None or agreement.kind != AgreementKind.WRITTEN:
        raise DomainError("本案没有待签署的调解协议书。")
    if agreement.effective_at is not None:
        raise DomainError("调解协议书已生效，不能再签署或修改。")
    return agreement


def _maybe_effective(agreement: MediationAgreement) -> None:
    parties = set(agreement.mediation.parties.values_list("pk", flat=True))
    signed = set(agreement.signatures.values_list("party_id", flat=True))
    if parties <= signed and agreement.mediator_signed_at and agreement.sealed_at:
        agreement.effective_at = clock.now()  # Art.29: the day the last of these is done
        agreement.save(update_fields=["effective_at", "updated_at"])


@transaction.atomic
def mediation_agreement_sign(
    *, actor: User, reference: str, party_id: int, method: str
) -> MediationAgreement:
    """A party signs, seals or thumb-prints the agreement (Art.29; D4)."""
    mediation = _load(actor=actor, reference=reference)
    _no_refusal(mediation)
    agreement = _written_agreement(mediation)
    party = mediation.parties.select_related("person").filter(pk=party_id).first()
    if party is None or method not in SignatureMethod.values:
        raise DomainError("请选择当事人和签署方式（签名、盖章或按指印）。")
    if agreement.signatures.filter(party=party).exists():
        raise DomainError(f"{party.person.name} 已签署。")
    AgreementSignature.objects.create(agreement=agreement, party=party, method=method, signed_at=clock.now())
    _maybe_effective(agreement)
    _note(
        actor=actor,
        mediation=mediation,
        text=f"{party.person.name}{SignatureMethod(method).label}调解协议书。",
    )
    return agreement


@transaction.atomic
def mediation_agreement_mediator_sign(*, actor: User, reference: str) -> MediationAgreement:
    mediation = _load(actor=actor, reference=reference, roles=frozenset({Role.MEDIATOR}))
    agreement = _written_agreement(mediation)
    if agreement.mediator.user_id != actor.pk:
        raise PermissionDeniedError("调解协议书须由主持调解的调解员本人签名。")
    agreement.mediator_signed_at = clock.now()
    agreement.save(update_fields=["mediator_signed_at", "updated_at"])
    _maybe_effective(agreement)
    _note(actor=actor, mediation=mediation, text="调解员在调解协议书上签名。")
    return agreement


@transaction.atomic
def mediation_agreement_seal(*, actor: User, reference: str) -> MediationAgreement:
    """The committee seal goes on after the parties and the mediator have signed (Art.29)."""
    mediation = _load(actor=actor, reference=reference)
    agreement = _written_agreement(mediation)
    parties = set(mediation.parties.values_list("pk", flat=True))
    if (
        not parties <= set(agreement.signatures.values_list("party_id", flat=True))
        or not agreement.mediator_signed_at
    ):
        raise DomainError("须各方当事人和调解员签署后，方可加盖人民调解委员会印章。")
    agreement.sealed_at = clock.now()
    agreement.save(update_fields=["sealed_at", "updated_at"])
    _maybe_effective(agreement)
    _note(actor=actor, mediation=mediation, text=f"加盖{mediation.committee.name}印章，调解协议书生效。")
    return agreement


@transaction.atomic
def mediation_conclude(*, actor: User, reference: str, summary: str = "") -> Case:
    """Close the mediation with the agreement in effect; the judicial-confirmation window starts (D8)."""
    mediation = _load(actor=actor, reference=reference)
    agreement = MediationAgreement.objects.filter(mediation=mediation).first()
    text = summary.strip() or (
        f"达成{agreement.get_kind_display()}（{agreement.number}）" if agreement else ""
    )
    return case_transition(
        reference=reference, action=Action.RESOLVE, actor=actor, reason=text or "达成调解协议"
    )


# --- termination and extension (D6), escalation (D7) ------------------------------------------------------------


@transaction.atomic
def mediation_terminate(
    *, actor: User, reference: str, ground: str, explanation: str
) -> MediationTermination:
    """End a mediation that failed, naming the arbitration, administrative and judicial routes (Art.26; D6)."""
    mediation = _load(actor=actor, reference=reference)
    if ground not in TerminationGround.values or not explanation.strip():
        raise DomainError("终止调解须选择终止理由并写明情况（人民调解法第26条）。")
    if MediationTermination.objects.filter(mediation=mediation).exists():
        raise DomainError("本案已终止调解。")
    row = MediationTermination.objects.create(
        mediation=mediation,
        ground=ground,
        explanation=explanation.strip(),
        notified_at=clock.now(),
        decided_by=actor,
    )
    case_transition(
        reference=reference,
        action="terminate",
        actor=actor,
        reason=f"终止调解：{row.get_ground_display()}。已告知当事人可通过仲裁、行政、司法等途径维护权利。",
    )
    return row


@transaction.atomic
def mediation_extend(
    *, actor: User, reference: str, party_ids: Sequence[int], reason: str
) -> MediationExtension:
    """Extend the one-month norm by one more period, only when every party asks (D6)."""
    mediation = _load(actor=actor, reference=reference)
    parties = set(mediation.parties.values_list("pk", flat=True))
    if not parties <= set(party_ids):
        raise DomainError("延长调解期限须经双方（各方）当事人共同申请（D6）。")
    if not reason.strip():
        raise DomainError("请写明延长理由。")
    row = MediationExtension.objects.create(
        mediation=mediation, party_ids=sorted(parties), reason=reason.strip(), recorded_by=actor
    )
    case_transition(
        reference=reference,
        action="extend_period",
        actor=actor,
        reason=row.reason,
        payload={"extension_id": row.pk},
    )
    row.applied = True
    row.save(update_fields=["applied", "updated_at"])
    return row


@transaction.atomic
def mediation_escalation_report(
    *, actor: User, reference: str, kind: str, police_unit: str, summary: str, measures: str = ""
) -> EscalationReport:
    """Flag a dispute that may become a criminal or public-order case and record the report to the police (D7)."""
    mediation = _load(actor=actor, reference=reference)
    if kind not in EscalationKind.values or not police_unit.strip() or not summary.strip():
        raise DomainError("请填写风险类别、报告的公安机关和情况说明（人民调解法第25条）。")
    row = EscalationReport.objects.create(
        mediation=mediation,
        kind=kind,
        police_unit=police_unit.strip(),
        summary=summary.strip(),
        measures=measures.strip(),
        reported_at=clock.now(),
        reported_by=actor,
    )
    mediation.escalation_flag = True
    mediation.save(update_fields=["escalation_flag", "updated_at"])
    _note(
        actor=actor,
        mediation=mediation,
        text=f"{row.get_kind_display()}，已报告{row.police_unit}（人民调解法第25条）。",
    )
    return row


# --- judicial confirmation (D8) and performance (D9) ------------------------------------------------------------


def confirmation_pack(
    mediation: MediationCase, *, property_proofs: str, powers_of_attorney: str
) -> list[dict[str, str]]:
    """The application pack of 最高法 2011 规定 Art.3-5 (D8), itemised from the file."""
    agreement = MediationAgreement.objects.get(mediation=mediation)
    parties = list(mediation.parties.select_related("person"))
    items = [
        {"item": "司法确认申请书", "detail": f"双方当事人共同申请，{len(parties)}名当事人"},
        {"item": "调解协议书", "detail": agreement.number},
    ]
    for party in parties:
        person = party.person
        items.append(
            {
                "item": "身份证明",
                "detail": f"{person.name}（{'已登记身份证号' if person.id_number else '待补充'}）",
            }
        )
        items += party_contact_items(party=party)  # M14: nothing of a flagged party's address or number
    items.append({"item": "财产权利证明", "detail": property_proofs.strip() or "不涉及"})
    items.append({"item": "授权委托书", "detail": powers_of_attorney.strip() or "无委托代理人"})
    return items


@transaction.atomic
def mediation_confirmation_apply(
    *, actor: User, reference: str, court: str, property_proofs: str = "", powers_of_attorney: str = ""
) -> JudicialConfirmation:
    """Record the joint application within 30 days of the agreement taking effect (Art.33; D8)."""
    mediation = _load(actor=actor, reference=reference)
    agreement = MediationAgreement.objects.filter(mediation=mediation, kind=AgreementKind.WRITTEN).first()
    if agreement is None or agreement.effective_at is None:
        raise DomainError("只有已生效的书面调解协议可以申请司法确认（人民调解法第33条）。")
    if mediation.status_matter != PersonalStatusMatter.NONE:
        raise DomainError(
            f"涉及{mediation.get_status_matter_display()}的调解协议，人民法院不予司法确认（D8）。"
        )
    if clock.now() > agreement.effective_at + CONFIRMATION_WINDOW:
        raise DomainError("已超过调解协议生效之日起30日，不能再申请司法确认（人民调解法第33条）。")
    if not court.strip():
        raise DomainError("请填写受理申请的人民法院。")
    if JudicialConfirmation.objects.filter(mediation=mediation).exists():
        raise DomainError("已登记司法确认申请。")
    row = JudicialConfirmation.objects.create(
        mediation=mediation,
        court=court.strip(),
        applied_at=clock.now(),
        recorded_by=actor,
        pack=confirmation_pack(
            mediation, property_proofs=property_proofs, powers_of_attorney=powers_of_attorney
        ),
    )
    case_transition(
        reference=reference, action="confirmation_apply", actor=actor, reason=f"向{row.court}共同申请司法确认"
    )
    return row


def _confirmation(mediation: MediationCase) -> JudicialConfirmation:
    row = JudicialConfirmation.objects.filter(mediation=mediation).first()
    if row is None:
        raise DomainError("尚未登记司法确认申请。")
    return row


@transaction.atomic
def mediation_confirmation_court_reply(
    *, actor: User, reference: str, accepted: bool, note: str = ""
) -> JudicialConfirmation:
    """What the court reports on acceptance (3 days; 最高法 2011 规定 Art.4)."""
    mediation = _load(actor=actor, reference=reference)
    row = _confirmation(mediation)
    if row.court_accepted_at is not None or row.result != ConfirmationResult.PENDING:
        raise DomainError("已登记法院的受理情况。")
    now = clock.now()
    row.court_note = note.strip()
    if accepted:
        row.court_accepted_at = now
        row.save(update_fields=["court_accepted_at", "court_note", "updated_at"])
        case_transition(
            reference=reference, action="confirmation_accepted", actor=actor, reason=f"{row.court}已受理"
        )
        return row
    row.result = ConfirmationResult.NOT_ACCEPTED
    row.ruled_at = now
    row.save(update_fields=["result", "ruled_at", "court_note", "updated_at"])
    case_transition(
        reference=reference,
        action="confirmation_ruled",
        actor=actor,
        reason=f"{row.court}不予受理：{row.court_note or '未说明'}",
    )
    return row


@transaction.atomic
def mediation_confirmation_extend(*, actor: User, reference: str, note: str) -> JudicialConfirmation:
    """The court president approved 10 more days for the ruling (最高法 2011 规定 Art.5)."""
    mediation = _load(actor=actor, reference=reference)
    row = _confirmation(mediation)
    case_deadline_extend(
        reference=reference,
        rule_code="mediation.court_rule",
        actor=actor,
        reason=note or "法院经院长批准延长审查期限10日",
    )
    row.ruling_extended = True
    row.save(update_fields=["ruling_extended", "updated_at"])
    return row


@transaction.atomic
def mediation_confirmation_ruled(
    *, actor: User, reference: str, result: str, note: str = ""
) -> JudicialConfirmation:
    """Record the ruling, including a non-confirmation the court reports back (D8)."""
    mediation = _load(actor=actor, reference=reference)
    row = _confirmation(mediation)
    if result not in (
        ConfirmationResult.CONFIRMED,
        ConfirmationResult.NOT_CONFIRMED,
        ConfirmationResult.WITHDRAWN,
    ):
        raise DomainError("请选择法院裁定结果。")
    if row.court_accepted_at is None or row.ruled_at is not None:
        raise DomainError("法院尚未受理，或已登记裁定结果。")
    row.result = result
    row.ruled_at = clock.now()
    row.court_note = note.strip()
    row.save(update_fields=["result", "ruled_at", "court_note", "updated_at"])
    case_transition(
        reference=reference,
        action="confirmation_ruled",
        actor=actor,
        reason=f"{row.court}：{row.get_result_display()}。{row.court_note}".strip(),
    )
    return row


@transaction.atomic
def mediation_follow_up_record(
    *, actor: User, reference: str, checked_on: date, result: str, note: str
) -> PerformanceFollowUp:
    """Follow up performance of the agreement (Art.31; D9)."""
    mediation = _load(actor=actor, reference=reference)
    agreement = MediationAgreement.objects.filter(mediation=mediation).first()
    if agreement is None or agreement.effective_at is None:
        raise DomainError("只有已生效的调解协议需要回访履行情况。")
    if result not in PerformanceResult.values or not note.strip():
        raise DomainError("请选择履行情况并填写回访记录。")
    if checked_on > clock.local_today():
        raise DomainError("回访日期不能晚于今天。")
    row = PerformanceFollowUp.objects.create(
        mediation=mediation, checked_on=checked_on, result=result, note=note.strip(), recorded_by=actor
    )
    _note(actor=actor, mediation=mediation, text=f"履行回访：{row.get_result_display()}。{row.note}")
    return row


# --- committee registry (D10) ------------------------------------------------------------------------------------

MIN_MEMBERS, MAX_MEMBERS, TERM_YEARS = 3, 9, 3  # 人民调解法 Art.8-9


def committee_registry_problems(*, committee: Institution, on: date, multi_ethnic: bool = False) -> list[str]:
    """The registry checks of Art.8-9 (D10) for a committee on a given day; an empty list means compliant."""
    members = [
        m
        for m in CommitteeMember.objects.filter(committee=committee)
        if m.term_start <= on <= m.term_end and (m.left_on is None or m.left_on > on)
    ]
    return composition_problems(members, multi_ethnic=multi_ethnic)


def composition_problems(members: Sequence[CommitteeMember], *, multi_ethnic: bool = False) -> list[str]:
    """Art.8 checks on the members serving on one day (pure: the register runs it for every committee)."""
    problems = []
    if not MIN_MEMBERS <= len(members) <= MAX_MEMBERS:
        problems.append(f"委员{len(members)}人，应为{MIN_MEMBERS}至{MAX_MEMBERS}人（人民调解法第8条）。")
    if not any(m.gender == "F" for m in members):
        problems.append("委员中应当有妇女成员（人民调解法第8条）。")
    if multi_ethnic and not any(m.ethnic_minority for m in members):
        problems.append("多民族居住的地区应当有人数较少民族的成员（人民调解法第8条）。")
    return problems


@transaction.atomic
def committee_member_add(
    *,
    actor: User,
    committee: Institution,
    name: str,
    gender: str,
    term_start: date,
    term_end: date,
    role: str = "member",
    ethnic_minority: bool = False,
) -> CommitteeMember:
    if not user_roles(user=actor) & {Role.ADMIN, Role.WINDOW_CLERK}:
        raise PermissionDeniedError("只有司法所或县司法局工作人员可以登记调委会委员。")
    if committee.kind != InstitutionKind.MEDIATION_COMMITTEE:
        raise DomainError("请选择人民调解委员会。")
    if gender not in ("M", "F") or not name.strip():
        raise DomainError("请填写委员姓名和性别。")
    if term_end <= term_start or term_end > term_start.replace(year=term_start.year + TERM_YEARS):
        raise DomainError(f"调委会委员每届任期{TERM_YEARS}年（人民调解法第9条）。")
    active = CommitteeMember.objects.filter(
        committee=committee, term_start__lte=term_start, term_end__gte=term_start, left_on__isnull=True
    ).count()
    if active >= MAX_MEMBERS:
        raise DomainError(f"调委会委员最多{MAX_MEMBERS}人（人民调解法第8条）。")
    member = CommitteeMember.objects.create(
        committee=committee,
        name=name.strip(),
        gender=gender,
        role=role,
        term_start=term_start,
        term_end=term_end,
        ethnic_minority=ethnic_minority,
    )
    audit_record(
        actor=actor, action=AuditAction.CREATE, object_type="mediation.CommitteeMember", object_id=member.pk
    )
    return member
