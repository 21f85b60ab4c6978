"""Judicial appraisal: the writes (STYLE §2; 司法鉴定程序通则 2016, F1-F9)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

from django.conf import settings
from django.db import transaction

from fawang.accounts.models import User
from fawang.accounts.roles import INTAKE_ROLES, Role
from fawang.accounts.selectors import user_roles
from fawang.appraisal.models import (
    AppraisalCommission,
    AppraisalExtension,
    AppraisalMaterial,
    AppraisalOpinion,
    AppraisalRefusal,
    AppraiserAssignment,
    ClientKind,
    CommissionAgreement,
    HandoverDirection,
    MaterialHandover,
    MaterialKind,
    OpinionSignature,
    RecusalDecision,
    RecusalSource,
    RefusalReason,
)
from fawang.cases.models import Case
from fawang.cases.selectors import case_get_for_user, case_roles_for_user
from fawang.cases.services import case_create, case_deadline_extend, case_transition
from fawang.cases.states import Channel, ServiceType, Status
from fawang.cases.workflow import FRONT, Action
from fawang.core import clock
from fawang.core.audit import audit_record
from fawang.core.errors import ConflictError, DomainError, NotFoundError, PermissionDeniedError
from fawang.core.models import AuditAction
from fawang.directory.models import Institution, InstitutionKind, Practitioner, PractitionerKind
from fawang.notary.selectors import legal_aid_granted_for_person
from fawang.people.models import Person

APPRAISAL_ROLES = FRONT | {Role.APPRAISER}


def direct_commission_enabled() -> bool:
    """通则 Art.11 (F7): citizens get the directory and guidance; direct commission only where the province allows.
    Set FAWANG_APPRAISAL_DIRECT_COMMISSION = True in the deployment's settings to enable it."""
    return bool(getattr(settings, "FAWANG_APPRAISAL_DIRECT_COMMISSION", False))


@dataclass(frozen=True)
class CommissionInput:
    client_kind: str
    client_name: str
    client_handler: str
    client_phone: str
    matter: str
    purpose: str
    requirements: str
    background: str
    is_reappraisal: bool = False
    channel: str = Channel.REFERRAL
    language: str = ""  # A12: the intake language; "" is 普通话


def _own_practitioner(actor: User, institution: Institution) -> Practitioner | None:
    return Practitioner.objects.filter(
        user=actor, kind=PractitionerKind.APPRAISER, institution=institution, active=True
    ).first()


def _team_member(institution: Institution, practitioner: Practitioner | None) -> Practitioner | None:
    if practitioner is None:
        return None
    if practitioner.kind != PractitionerKind.APPRAISER or practitioner.institution_id != institution.pk:
        raise DomainError("只能选择本鉴定机构的司法鉴定人。")
    return practitioner


@transaction.atomic
def appraisal_commission_create(
    *,
    actor: User,
    institution: Institution,
    data: CommissionInput,
    receiving_appraiser: Practitioner | None = None,
    requester: Person | None = None,
    idempotency_key: str | None = None,
) -> AppraisalCommission:
    """Register a commission received from a case-handling authority (F7); the 7-WD acceptance clock starts (F1)."""
    roles = user_roles(user=actor)
    if not roles & (INTAKE_ROLES | {Role.APPRAISER, Role.CITIZEN}):
        raise PermissionDeniedError("您的角色不能登记鉴定委托。")
    if data.client_kind not in ClientKind.values:
        raise DomainError("请选择委托人类别。")
    if data.client_kind == ClientKind.CITIZEN and not direct_commission_enabled():
        raise DomainError(
            "司法鉴定一般由办案机关委托（通则第11条）；本省未开放个人直接委托，请查询鉴定机构名录并咨询办案机关。"
        )
    if (
        Role.CITIZEN in roles
        and not roles & (INTAKE_ROLES | {Role.APPRAISER})
        and data.client_kind != ClientKind.CITIZEN
    ):
        raise PermissionDeniedError("个人只能以本人名义委托。")
    if institution.kind != InstitutionKind.APPRAISAL_INSTITUTION:
        raise DomainError("请选择司法鉴定机构。")
    required = (
        data.client_name,
        data.client_handler,
        data.client_phone,
        data.matter,
        data.purpose,
        data.requirements,
    )
    if not all(v.strip() for v in required):
        raise DomainError("委托须写明委托人、承办人及联系方式、鉴定事项、用途和要求。")
    if idempotency_key:
        existing = AppraisalCommission.objects.filter(case__idempotency_key=idempotency_key).first()
        if existing is not None:
            return existing
    handler = _own_practitioner(actor, institution) or _team_member(institution, receiving_appraiser)
    now = clock.now()
    case = case_create(
        actor=actor,
        service_type=ServiceType.APPRAISAL,
        channel=data.channel,
        language=data.language,
        title=f"{data.client_name}委托：{data.matter}"[:200],
        description=data.background,
        region=institution.region,
        requester=requester,
        handler_institution=institution,
        handler_practitioner=handler,
        idempotency_key=idempotency_key,
    )
    return AppraisalCommission.objects.create(
        case=case,
        institution=institution,
        client_kind=data.client_kind,
        client_name=data.client_name.strip(),
        client_handler=data.client_handler.strip(),
        client_phone=data.client_phone.strip(),
        matter=data.matter.strip(),
        purpose=data.purpose.strip(),
        requirements=data.requirements.strip(),
        background=data.background.strip(),
        is_reappraisal=data.is_reappraisal,
        received_at=now,
    )


def _load(*, actor: User, reference: str) -> AppraisalCommission:
    case = case_get_for_user(user=actor, reference=reference, for_write=True, audit=False)
    if not case_roles_for_user(user=actor, case=case) & APPRAISAL_ROLES:
        raise PermissionDeniedError("只有司法鉴定人或受理窗口工作人员可以办理鉴定委托。")
    commission = AppraisalCommission.objects.select_related("case", "institution").filter(case=case).first()
    if commission is None:
        raise NotFoundError("该工单不是司法鉴定委托。")
    return commission


def _load_as_team_member(*, actor: User, reference: str) -> tuple[AppraisalCommission, Practitioner]:
    """Appraisers on the matter act on it even when another is the first appraiser of record (F5)."""
    commission = (
        AppraisalCommission.objects.select_related("case", "institution")
        .filter(case__reference=reference)
        .first()
    )
    practitioner = Practitioner.objects.filter(user=actor, kind=PractitionerKind.APPRAISER).first()
    if (
        commission is None
        or practitioner is None
        or not commission.appraisers.filter(practitioner=practitioner, recused=False).exists()
    ):
        raise NotFoundError()
    return commission, practitioner


def _note(actor: User, commission: AppraisalCommission, text: str) -> None:
    case_transition(reference=commission.case.reference, action=Action.NOTE, actor=actor, reason=text)


def _receipt_number(commission: AppraisalCommission) -> str:
    return f"{commission.case.reference}-J{commission.handovers.count() + 1:02d}"


# --- materials (F2) ---------------------------------------------------------------------------------------------


@transaction.atomic
def appraisal_material_log(
    *,
    actor: User,
    reference: str,
    name: str,
    kind: str,
    quantity: str,
    condition: str,
    storage: str,
    handed_by: str,
    received_at: datetime | None = None,
) -> MaterialHandover:
    """Log a material received from the client with its receipt (通则 Art.12; F2)."""
    commission = _load(actor=actor, reference=reference)
    if kind not in MaterialKind.values or not all(
        v.strip() for v in (name, quantity, condition, storage, handed_by)
    ):
        raise DomainError("鉴定材料须登记名称、类别、数量、性状、保管方式和移交人（通则第12条）。")
    at = received_at or clock.now()
    material = AppraisalMaterial.objects.create(
        commission=commission,
        name=name.strip(),
        kind=kind,
        quantity=quantity.strip(),
        condition=condition.strip(),
        storage=storage.strip(),
        received_at=at,
    )
    receipt = MaterialHandover.objects.create(
        commission=commission,
        receipt_number=_receipt_number(commission),
        direction=HandoverDirection.RECEIVED,
        material_ids=[material.pk],
        handed_by=handed_by.strip(),
        received_by=str(actor),
        at=at,
        recorded_by=actor,
    )
    _note(actor, commission, f"接收鉴定材料：{material}（交接单 {receipt.receipt_number}）")
    return receipt


@transaction.atomic
def appraisal_handover_record(
    *,
    actor: User,
    reference: str,
    direction: str,
    material_ids: Sequence[int],
    handed_by: str,
    received_by: str,
) -> MaterialHandover:
    commission = _load(actor=actor, reference=reference)
    ids = set(commission.materials.filter(pk__in=material_ids, returned_at=None).values_list("pk", flat=True))
    if direction not in HandoverDirection.values or not ids or ids != set(material_ids):
        raise DomainError("请选择本委托尚未退还的鉴定材料和交接类型。")
    if not handed_by.strip() or not received_by.strip():
        raise DomainError("交接须写明移交人和接收人。")
    now = clock.now()
    receipt = MaterialHandover.objects.create(
        commission=commission,
        receipt_number=_receipt_number(commission),
        direction=direction,
        material_ids=sorted(ids),
        handed_by=handed_by.strip(),
        received_by=received_by.strip(),
        at=now,
        recorded_by=actor,
    )
    if direction == HandoverDirection.RETURNED:
        commission.materials.filter(pk__in=ids).update(returned_at=now)
    _note(
        actor, commission, f"材料交接（{receipt.get_direction_display()}）：交接单 {receipt.receipt_number}"
    )
    return receipt


# --- acceptance (F1, F3, F4, F8) --------------------------------------------------------------------------------


@dataclass(frozen=True)
class AgreementInput:
    parties: str
    matter_terms: str
    background: str
    materials: str
    fees: str
    risks: str
    recusal: str
    delivery: str
    rights_duties: str
    client_signatory: str
    no_hint_confirmed: bool
    time_limit_wd: int = 30


@transaction.atomic
def appraisal_accept(*, actor: User, reference: str, agreement: AgreementInput) -> CommissionAgreement:
    """Accept within 7 working days by signing the commission agreement with its nine items (F1, F4); the client
    confirms it has not hinted at a conclusion (F8). The 30-WD completion clock starts (F6)."""
    commission = _load(actor=actor, reference=reference)
    if commission.case.status not in (Status.NEW, Status.DISPATCHED):
        raise DomainError("该委托已作出受理决定。")
    if not agreement.client_signatory.strip():
        raise DomainError("请填写委托人签署人。")
    if not 1 <= agreement.time_limit_wd <= 30:
        raise DomainError("约定时限不得超过30个工作日；复杂疑难的可经批准延长（通则第28条）。")
    commission.no_hint_confirmed = agreement.no_hint_confirmed
    commission.save(update_fields=["no_hint_confirmed", "updated_at"])
    waived = commission.case.requester is not None and legal_aid_granted_for_person(
        person=commission.case.requester
    )
    row, _ = CommissionAgreement.objects.update_or_create(
        commission=commission,
        defaults={
            "parties": agreement.parties,
            "matter_terms": agreement.matter_terms,
            "background": agreement.background,
            "materials": agreement.materials,
            "fees": agreement.fees,
            "fee_waived": waived,
            "risks": agreement.risks,
            "recusal": agreement.recusal,
            "delivery": agreement.delivery,
            "rights_duties": agreement.rights_duties,
            "time_limit_wd": agreement.time_limit_wd,
            "client_signatory": agreement.client_signatory.strip(),
            "signed_at": clock.now(),
        },
    )
    if missing := row.missing_items():
        raise DomainError("委托书缺少：" + "、".join(missing) + "（通则第16条，F4）。")
    case_transition(
        reference=reference, action=Action.ACCEPT, actor=actor, reason="签订司法鉴定委托书，决定受理"
    )
    return row


@transaction.atomic
def appraisal_refuse(*, actor: User, reference: str, reason: str, explanation: str) -> AppraisalRefusal:
    """Not accepted: a listed reason of 通则 Art.15, in writing, with the materials returned (F1, F3)."""
    commission = _load(actor=actor, reference=reference)
    if reason not in RefusalReason.values or not explanation.strip():
        raise DomainError("不予受理须选择通则第15条所列理由并写明说明。")
    now = clock.now()
    refusal = AppraisalRefusal.objects.create(
        commission=commission,
        reason=reason,
        explanation=explanation.strip(),
        materials_returned_at=now,
        decided_by=actor,
    )
    open_ids = list(commission.materials.filter(returned_at=None).values_list("pk", flat=True))
    if open_ids:
        MaterialHandover.objects.create(
            commission=commission,
            receipt_number=_receipt_number(commission),
            direction=HandoverDirection.RETURNED,
            material_ids=open_ids,
            handed_by=str(actor),
            received_by=commission.client_handler,
            at=now,
            recorded_by=actor,
        )
        commission.materials.filter(pk__in=open_ids).update(returned_at=now)
    case_transition(
        reference=reference,
        action=Action.REJECT,
        actor=actor,
        reason=f"不予受理（通则第15条）：{refusal.get_reason_display()}。{refusal.explanation}",
    )
    return refusal


# --- appraisers and recusal (F5, F8) ----------------------------------------------------------------------------


@transaction.atomic
def appraisal_appraiser_add(
    *, actor: User, reference: str, practitioner: Practitioner, conflict_declared: str = ""
) -> AppraiserAssignment:
    commission = _load(actor=actor, reference=reference)
    _team_member(commission.institution, practitioner)
    if not practitioner.active:
        raise DomainError("该鉴定人已不在岗。")
    if commission.appraisers.filter(practitioner=practitioner).exists():
        raise ConflictError("该鉴定人已在本事项中。")
    row = AppraiserAssignment.objects.create(
        commission=commission, practitioner=practitioner, conflict_declared=conflict_declared.strip()
    )
    _note(
        actor,
        commission,
        f"确定鉴定人：{practitioner.name}"
        + (f"（申报：{row.conflict_declared}，待作回避决定）" if row.conflict_declared else ""),
    )
    if row.conflict_declared:
        # A declared conflict keeps the appraiser off the matter until the institution decides (通则 Art.21).
        row.recused = True
        row.save(update_fields=["recused", "updated_at"])
    return row


@transaction.atomic
def appraisal_recusal_decide(
    *,
    actor: User,
    reference: str,
    assignment_id: int,
    source: str,
    grounds: str,
    recused: bool,
    note: str = "",
) -> RecusalDecision:
    """The institution decides on recusal, on the appraiser's or the client's request (通则 Art.20-21; F8)."""
    commission = _load(actor=actor, reference=reference)
    assignment = commission.appraisers.select_related("practitioner").filter(pk=assignment_id).first()
    if assignment is None or source not in RecusalSource.values or not grounds.strip():
        raise DomainError("请选择鉴定人、提出方并写明回避理由。")
    decision = RecusalDecision.objects.create(
        assignment=assignment,
        source=source,
        grounds=grounds.strip(),
        recused=recused,
        note=note.strip(),
        decided_at=clock.now(),
        decided_by=actor,
    )
    assignment.recused = recused
    assignment.save(update_fields=["recused", "updated_at"])
    outcome = "决定回避" if recused else "决定不予回避"
    tail = (
        "；委托人对决定有异议的，可以撤销鉴定委托（通则第21条）"
        if source == RecusalSource.CLIENT and not recused
        else ""
    )
    _note(
        actor,
        commission,
        f"{assignment.practitioner.name}：{outcome}（{decision.get_source_display()}：{decision.grounds}）{tail}",
    )
    return decision


# --- clock (F6) and opinion (F9) --------------------------------------------------------------------------------


@transaction.atomic
def appraisal_extend(
    *, actor: User, reference: str, reason: str, approved_by: str, client_told_how: str
) -> Case:
    """One extension of at most 30 working days, approved by the head, the client told (通则 Art.28; F6)."""
    commission = _load(actor=actor, reference=reference)
    if AppraisalExtension.objects.filter(commission=commission).exists():
        raise DomainError("鉴定时限只能延长一次，延长期限不得超过30个工作日（通则第28条）。")
    if not reason.strip() or not approved_by.strip() or not client_told_how.strip():
        raise DomainError("延长须写明理由、批准的机构负责人，并告知委托人（通则第28条）。")
    AppraisalExtension.objects.create(
        commission=commission,
        reason=reason.strip(),
        approved_by=approved_by.strip(),
        client_told_at=clock.now(),
        client_told_how=client_told_how.strip(),
        recorded_by=actor,
    )
    return case_deadline_extend(
        reference=reference,
        rule_code="appraisal.complete",
        actor=actor,
        reason=f"经{approved_by.strip()}批准延长30个工作日：{reason.strip()}；已{client_told_how.strip()}告知委托人",
    )


@transaction.atomic
def appraisal_opinion_draft(*, actor: User, reference: str, basis: str, conclusion: str) -> AppraisalOpinion:
    commission, _ = _load_as_team_member(actor=actor, reference=reference)
    if commission.case.status != Status.IN_PROGRESS:
        raise DomainError("鉴定进行中方可制作意见书。")
    if AppraisalOpinion.objects.filter(commission=commission).exists():
        raise DomainError("意见书已制作。")
    if not basis.strip() or not conclusion.strip():
        raise DomainError("意见书须载明检验过程、分析说明和鉴定意见（通则第36条）。")
    opinion = AppraisalOpinion.objects.create(
        commission=commission,
        number=f"{commission.institution.name}司鉴〔{clock.local_today().year}〕{commission.case.reference}",
        basis=basis.strip(),
        conclusion=conclusion.strip(),
        drafted_at=clock.now(),
        drafted_by=actor,
    )
    _note(actor, commission, f"制作司法鉴定意见书 {opinion.number}")
    return opinion


@transaction.atomic
def appraisal_opinion_sign(*, actor: User, reference: str, dissent: str = "") -> OpinionSignature:
    """Each appraiser signs; a different view is recorded in the opinion (通则 Art.37; F9)."""
    commission, practitioner = _load_as_team_member(actor=actor, reference=reference)
    opinion = AppraisalOpinion.objects.filter(commission=commission).first()
    if opinion is None or commission.case.status != Status.IN_PROGRESS:
        raise DomainError("尚无待签名的意见书。")
    if opinion.signatures.filter(practitioner=practitioner).exists():
        raise ConflictError("您已签名。")
    signature = OpinionSignature.objects.create(
        opinion=opinion, practitioner=practitioner, dissent=dissent.strip(), signed_at=clock.now()
    )
    text = f"{practitioner.name}在意见书上签名" + (
        f"，并注明不同意见：{signature.dissent}" if signature.dissent else ""
    )
    if case_roles_for_user(user=actor, case=commission.case):
        _note(actor, commission, text)  # the first appraiser of record writes to the case log
    audit_record(
        actor=actor,
        action=AuditAction.UPDATE,
        object_type="appraisal.AppraisalOpinion",
        object_id=opinion.pk,
        summary=text,
    )
    return signature


@transaction.atomic
def appraisal_opinion_issue(*, actor: User, reference: str) -> Case:
    commission = _load(actor=actor, reference=reference)
    opinion = AppraisalOpinion.objects.filter(commission=commission).first()
    return case_transition(
        reference=reference,
        action=Action.RESOLVE,
        actor=actor,
        reason=f"出具司法鉴定意见书 {opinion.number}" if opinion else "出具司法鉴定意见书",
    )
