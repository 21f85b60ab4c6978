"""Notarisation: the writes (STYLE §2). Booking is concurrency-safe; the matter moves through case_transition."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, datetime

from django.db import IntegrityError, transaction
from django.db.models import F

from fawang.accounts.models import User
from fawang.accounts.roles import INTAKE_ROLES, Role
from fawang.accounts.selectors import user_roles
from fawang.cases.models import Case
from fawang.cases.selectors import case_get_for_user, case_roles_for_user
from fawang.cases.services import case_create, case_transition
from fawang.cases.states import Channel, ServiceType, Status
from fawang.cases.workflow import FRONT, Action
from fawang.core import clock
from fawang.core.audit import audit_record
from fawang.core.errors import ConflictError, DomainError, NotFoundError, PermissionDeniedError
from fawang.core.models import AuditAction
from fawang.directory.models import Institution, InstitutionKind, Practitioner, PractitionerKind
from fawang.notary.catalogue import RefusalGround, materials_for, matter_type
from fawang.notary.models import (
    AcceptanceCheck,
    BookingStatus,
    CertificateCounter,
    LegalNotice,
    MaterialState,
    NotaryBooking,
    NotaryCertificate,
    NotaryMaterial,
    NotaryMatter,
    NotaryRefusal,
    NotaryReview,
    NotarySlot,
    ReviewApplicant,
    ReviewCheck,
    ReviewOutcome,
    SignMethod,
)
from fawang.notary.selectors import legal_aid_granted_for_person
from fawang.people.models import Person

NOTARY_ROLES = FRONT | {Role.NOTARY}
REVIEW_WINDOW_YEARS, REVIEW_OUTER_YEARS = 1, 20  # 程序规则 Art.61-63 (E7)
PAUSE_LABELS = {"verification": "核实有关情况", "force_majeure": "不可抗力"}


def _years_after(day: date, years: int) -> date:
    try:
        return day.replace(year=day.year + years)
    except ValueError:  # 29 February
        return day.replace(year=day.year + years, day=28)


# --- booking (the public booking service) ---------------------------------------------------------------------


@transaction.atomic
def notary_slot_create(
    *,
    actor: User,
    office: Institution,
    starts_at: datetime,
    ends_at: datetime,
    capacity: int,
    notary: Practitioner | None = None,
) -> NotarySlot:
    if not user_roles(user=actor) & {Role.NOTARY, Role.ADMIN}:
        raise PermissionDeniedError("只有公证处工作人员可以设置预约时段。")
    if office.kind != InstitutionKind.NOTARY_OFFICE or (
        notary is not None and notary.institution_id != office.pk
    ):
        raise DomainError("请选择公证处及其公证员。")
    if capacity < 1 or ends_at <= starts_at:
        raise DomainError("时段须有结束时间和至少1个名额。")
    try:
        with transaction.atomic():
            slot = NotarySlot.objects.create(
                office=office, notary=notary, starts_at=starts_at, ends_at=ends_at, capacity=capacity
            )
    except IntegrityError as exc:
        raise ConflictError("该时段已存在。") from exc
    audit_record(actor=actor, action=AuditAction.CREATE, object_type="notary.NotarySlot", object_id=slot.pk)
    return slot


def _may_book_for(actor: User, person: Person) -> None:
    from fawang.kiosk.selectors import kiosk_account_is_active

    roles = user_roles(user=actor)
    if roles & (INTAKE_ROLES | {Role.NOTARY}):
        return
    if not roles and kiosk_account_is_active(user=actor):
        return  # G10: a registered kiosk applies for the person at its screen (fawang.kiosk.services)
    if Role.CITIZEN in roles and person.user_id == actor.pk:
        return
    raise PermissionDeniedError("只能为本人预约；代他人预约请到窗口或拨打12348。")


@transaction.atomic
def notary_booking_create(
    *, actor: User, slot_id: int, person: Person, matter_code: str, note: str = ""
) -> NotaryBooking:
    """Book a place in a slot. The conditional UPDATE makes the capacity hold under concurrency: two bookings
    for the last place both run `booked = booked + 1 WHERE booked < capacity`; only one row count is 1."""
    _may_book_for(actor, person)
    matter_type(matter_code)
    slot = NotarySlot.objects.filter(pk=slot_id).first()
    if slot is None:
        raise NotFoundError("未找到该预约时段。")
    if slot.starts_at <= clock.now():
        raise DomainError("该时段已过，请选择其他时段。")
    if NotaryBooking.objects.filter(slot=slot, person=person, status=BookingStatus.BOOKED).exists():
        raise ConflictError("您已预约该时段。")
    if not NotarySlot.objects.filter(pk=slot.pk, booked__lt=F("capacity")).update(booked=F("booked") + 1):
        raise ConflictError("该时段已约满，请选择其他时段。")
    try:
        with transaction.atomic():
            booking = NotaryBooking.objects.create(
                slot=slot, person=person, matter_code=matter_code, note=note[:200], booked_by=actor
            )
    except IntegrityError as exc:
        raise ConflictError("您已预约该时段。") from exc
    audit_record(
        actor=actor, action=AuditAction.CREATE, object_type="notary.NotaryBooking", object_id=booking.pk
    )
    return booking


@transaction.atomic
def notary_booking_cancel(*, actor: User, booking_id: int) -> NotaryBooking:
    booking = NotaryBooking.objects.select_related("person").filter(pk=booking_id).first()
    if booking is None:
        raise NotFoundError()
    _may_book_for(actor, booking.person)
    if not NotaryBooking.objects.filter(pk=booking.pk, status=BookingStatus.BOOKED).update(
        status=BookingStatus.CANCELLED
    ):
        raise ConflictError("该预约已取消或已办理。")
    NotarySlot.objects.filter(pk=booking.slot_id, booked__gt=0).update(booked=F("booked") - 1)
    booking.refresh_from_db()
    audit_record(
        actor=actor,
        action=AuditAction.UPDATE,
        object_type="notary.NotaryBooking",
        object_id=booking.pk,
        summary="cancel",
    )
    return booking


# --- application (E1-E3, C16) ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class ApplicationInput:
    matter_code: str
    purpose: str
    documents: str
    signed_by: str
    is_proxy: bool = False
    agent_name: str = ""
    agent_relationship: str = ""
    agent_authority: str = ""
    proofs_count: int = 0
    witnesses: str = ""
    other_notes: str = ""
    channel: str = Channel.WINDOW
    language: str = ""  # A12: the intake language; "" is 普通话
    booking_id: int | None = None
    extra: dict[str, str] = field(default_factory=dict)


def _validate_application(office: Institution, data: ApplicationInput) -> None:
    kind = matter_type(data.matter_code)
    if data.is_proxy and kind.in_person:
        raise DomainError(f"“{kind.label}”应当由本人办理，不能委托他人代为申请（公证法第26条）。")
    if office.kind != InstitutionKind.NOTARY_OFFICE:
        raise DomainError("请选择公证处。")
    if data.is_proxy and not (
        data.agent_name.strip() and data.agent_relationship.strip() and data.agent_authority.strip()
    ):
        raise DomainError("委托他人代办的，须登记代理人、与当事人的关系和代理权限（A17）。")
    if not data.purpose.strip() or not data.documents.strip() or data.signed_by not in SignMethod.values:
        raise DomainError(
            "公证申请表须载明用途、申请公证的文书，并由申请人签名、盖章或按指印（程序规则第17条）。"
        )


def _booking_for(
    actor: User, booking_id: int | None, office: Institution, applicant: Person
) -> NotaryBooking | None:
    if booking_id is None:
        return None
    booking = NotaryBooking.objects.select_related("slot", "slot__notary").filter(pk=booking_id).first()
    if booking is None or booking.slot.office_id != office.pk or booking.person_id != applicant.pk:
        raise DomainError("预约与本次申请的公证处或申请人不一致。")
    if not NotaryBooking.objects.filter(pk=booking.pk, status=BookingStatus.BOOKED).update(
        status=BookingStatus.ATTENDED
    ):
        raise ConflictError("该预约已取消或已办理。")
    return booking


@transaction.atomic
def notary_application_create(
    *,
    actor: User,
    office: Institution,
    applicant: Person,
    data: ApplicationInput,
    idempotency_key: str | None = None,
) -> NotaryMatter:
    """Register an application (E1) with its checklist (E2); in-person matters refuse proxies (E3, A17); the fee
    is waived when legal aid was granted (C16)."""
    _may_book_for(actor, applicant)
    _validate_application(office, data)
    if idempotency_key:
        existing = NotaryMatter.objects.filter(case__idempotency_key=idempotency_key).first()
        if existing is not None:
            return existing
    booking = _booking_for(actor, data.booking_id, office, applicant)
    kind = matter_type(data.matter_code)
    notary = booking.slot.notary if booking is not None else None
    roles = user_roles(user=actor)
    case = case_create(
        actor=actor,
        service_type=ServiceType.NOTARY,
        channel=data.channel,
        language=data.language,
        title=f"{kind.label}：{data.purpose.strip()}"[:200],
        region=office.region,
        requester=applicant,
        requester_user=actor if roles == frozenset({Role.CITIZEN}) else None,
        handler_institution=office,
        handler_practitioner=notary,
        idempotency_key=idempotency_key,
    )
    waived = legal_aid_granted_for_person(person=applicant)
    matter = NotaryMatter.objects.create(
        case=case,
        office=office,
        matter_code=kind.code,
        purpose=data.purpose.strip(),
        is_proxy=data.is_proxy,
        agent_name=data.agent_name.strip(),
        agent_relationship=data.agent_relationship.strip(),
        agent_authority=data.agent_authority.strip(),
        documents=data.documents.strip(),
        proofs_count=data.proofs_count,
        witnesses=data.witnesses.strip(),
        other_notes=data.other_notes.strip(),
        applied_on=clock.local_today(),
        signed_by=data.signed_by,
        booking=booking,
        fee_waived=waived,
        fee_waiver_basis="申请人已获法律援助，依法减免公证费（法律援助法第53条、公证法第34条）"
        if waived
        else "",
    )
    for item in materials_for(kind.code, proxy=data.is_proxy):
        NotaryMaterial.objects.create(
            matter=matter, item_code=item.code, label=item.label, article_item=item.article_item
        )
    return matter


# --- handling (E4, E5, E9, E10) ---------------------------------------------------------------------------------


def _load(*, actor: User, reference: str) -> NotaryMatter:
    case = case_get_for_user(user=actor, reference=reference, for_write=True, audit=False)
    if not case_roles_for_user(user=actor, case=case) & NOTARY_ROLES:
        raise PermissionDeniedError("只有公证员或受理窗口工作人员可以办理公证事项。")
    matter = NotaryMatter.objects.select_related("case", "office").filter(case=case).first()
    if matter is None:
        raise NotFoundError("该工单不是公证事项。")
    return matter


def _note(actor: User, matter: NotaryMatter, text: str) -> None:
    case_transition(reference=matter.case.reference, action=Action.NOTE, actor=actor, reason=text)


@transaction.atomic
def notary_material_update(
    *, actor: User, reference: str, item_code: str, state: str, promise_signed: bool = False, note: str = ""
) -> NotaryMaterial:
    """Tick a checklist item; items (4)-(5) may be met by a data-sharing lookup plus a written promise (E2)."""
    matter = _load(actor=actor, reference=reference)
    row = matter.materials.filter(item_code=item_code).first()
    if row is None or state not in MaterialState.values:
        raise DomainError("未找到该材料或状态不正确。")
    if state == MaterialState.SHARED_LOOKUP and (row.article_item not in (4, 5) or not promise_signed):
        raise DomainError(
            "只有证明材料和其他有关材料可以通过政府部门信息共享核查代替，且须申请人书面承诺其真实性（程序规则第18条）。"
        )
    row.state, row.promise_signed, row.note = state, promise_signed, note[:200]
    row.save(update_fields=["state", "promise_signed", "note", "updated_at"])
    _note(actor, matter, f"材料“{row.label}”：{row.get_state_display()}")
    return row


@transaction.atomic
def notary_accept(
    *,
    actor: User,
    reference: str,
    has_interest: bool,
    no_dispute: bool,
    within_scope: bool,
    within_area: bool,
    note: str = "",
) -> Case:
    """Record the acceptance check (E10); accept when it passes (the 15-WD clock starts, E5), otherwise refuse
    to accept with the failed conditions as the reason."""
    matter = _load(actor=actor, reference=reference)
    if matter.case.status not in (Status.NEW, Status.DISPATCHED):
        raise DomainError("该公证申请已处理过受理审查。")
    check, _ = AcceptanceCheck.objects.update_or_create(
        matter=matter,
        defaults={
            "has_interest": has_interest,
            "no_dispute": no_dispute,
            "within_scope": within_scope,
            "within_area": within_area,
            "note": note,
            "checked_by": actor,
        },
    )
    if check.passed:
        return case_transition(reference=reference, action=Action.ACCEPT, actor=actor, reason=note)
    failed = [
        str(AcceptanceCheck._meta.get_field(name).verbose_name)  # type: ignore[union-attr]  # concrete fields
        for name in ("has_interest", "no_dispute", "within_scope", "within_area")
        if not getattr(check, name)
    ]
    reason = (
        "不符合受理条件：" + "、".join(f"不满足“{str(v)}”" for v in failed) + (f"。{note}" if note else "。")
    )
    return case_transition(reference=reference, action=Action.REJECT, actor=actor, reason=reason)


@transaction.atomic
def notary_notice_record(*, actor: User, reference: str, content: str, acknowledged_by: str) -> LegalNotice:
    """Record the notice of legal meaning and consequences given after acceptance (公证法 Art.27; E4)."""
    matter = _load(actor=actor, reference=reference)
    if matter.case.status not in (
        Status.ACCEPTED,
        Status.ASSIGNED,
        Status.IN_PROGRESS,
        Status.AWAITING_MATERIALS,
    ):
        raise DomainError("受理公证申请后方可告知法律意义和后果（公证法第27条）。")
    if not content.strip() or acknowledged_by not in SignMethod.values:
        raise DomainError("请填写告知内容，并记录当事人签名、盖章或按指印确认。")
    notice, _ = LegalNotice.objects.update_or_create(
        matter=matter,
        defaults={
            "content": content.strip(),
            "acknowledged_by": acknowledged_by,
            "given_at": clock.now(),
            "given_by": actor,
        },
    )
    _note(
        actor,
        matter,
        "已告知申请公证事项的法律意义和可能产生的法律后果，告知内容已记录存档（公证法第27条）。",
    )
    return notice


@transaction.atomic
def notary_pause(*, actor: User, reference: str, kind: str, reason: str) -> Case:
    """Stop the clock for verification or force majeure, with a reason (公证法 Art.30; E5, T5)."""
    label = PAUSE_LABELS.get(kind)
    if label is None or not reason.strip():
        raise DomainError("暂停计时须选择原因（核实有关情况或不可抗力）并写明情况。")
    _load(actor=actor, reference=reference)
    return case_transition(
        reference=reference,
        action="pause_clock",
        actor=actor,
        reason=f"{label}：{reason.strip()}",
        payload={"pause_kind": kind},
    )


@transaction.atomic
def notary_resume(*, actor: User, reference: str, note: str = "") -> Case:
    _load(actor=actor, reference=reference)
    return case_transition(reference=reference, action="resume_clock", actor=actor, reason=note or "恢复计时")


@transaction.atomic
def notary_review_check(
    *,
    actor: User,
    reference: str,
    identity_capacity_rights: bool,
    documents_complete: bool,
    proofs_true_lawful: bool,
    matter_true_lawful: bool,
    note: str = "",
) -> ReviewCheck:
    """The four checks of 公证法 Art.28 (E9)."""
    matter = _load(actor=actor, reference=reference)
    if matter.case.status != Status.IN_PROGRESS:
        raise DomainError("办理中的公证事项方可审查。")
    check, _ = ReviewCheck.objects.update_or_create(
        matter=matter,
        defaults={
            "identity_capacity_rights": identity_capacity_rights,
            "documents_complete": documents_complete,
            "proofs_true_lawful": proofs_true_lawful,
            "matter_true_lawful": matter_true_lawful,
            "note": note,
            "checked_by": actor,
        },
    )
    _note(
        actor,
        matter,
        f"公证审查（公证法第28条）：{'四项均符合' if check.passed else '存在不符合项'}。{note}".strip(),
    )
    return check


def _issue_blockers(matter: NotaryMatter) -> list[str]:
    problems = []
    if not hasattr(matter, "notice"):
        problems.append("未记录法律意义和后果告知（公证法第27条）")
    check = getattr(matter, "review_check", None) if hasattr(matter, "review_check") else None
    if check is None or not check.passed:
        problems.append("公证法第28条四项审查未全部通过")
    if matter.materials.filter(state=MaterialState.MISSING).exists():
        problems.append("尚有材料未提交")
    return problems


def _next_number(office: Institution, year: int) -> str:
    counter, _ = CertificateCounter.objects.select_for_update().get_or_create(office=office, year=year)
    CertificateCounter.objects.filter(pk=counter.pk).update(value=F("value") + 1)
    counter.refresh_from_db()
    return f"（{year}）{office.name}证字第{counter.value:05d}号"


@transaction.atomic
def notary_certificate_issue(*, actor: User, reference: str, statement: str) -> NotaryCertificate:
    """Issue the certificate (公证法 Art.30; E5). Impossible for a refused matter, before the notice, the four
    checks and the materials (E4, E9)."""
    matter = _load(actor=actor, reference=reference)
    if hasattr(matter, "refusal") or matter.case.status == Status.REFUSED:
        raise DomainError("该公证事项已决定不予办理，不能出具公证书（公证法第31条）。")
    if matter.case.status != Status.IN_PROGRESS:
        raise DomainError(f"工单当前状态为“{matter.case.get_status_display()}”，不能出具公证书。")
    if problems := _issue_blockers(matter):
        raise DomainError("不能出具公证书：" + "；".join(problems) + "。")
    notary = Practitioner.objects.filter(
        user=actor, kind=PractitionerKind.NOTARY, institution=matter.office
    ).first()
    if notary is None:
        raise PermissionDeniedError("公证书须由本公证处的承办公证员出具。")
    if not statement.strip():
        raise DomainError("请填写公证证词。")
    now = clock.now()
    certificate = NotaryCertificate.objects.create(
        matter=matter,
        number=_next_number(matter.office, clock.to_local(now).year),
        statement=statement.strip(),
        notary=notary,
        issued_at=now,
        issued_by=actor,
    )
    case_transition(
        reference=reference, action=Action.RESOLVE, actor=actor, reason=f"出具公证书 {certificate.number}"
    )
    return certificate


@transaction.atomic
def notary_refuse(*, actor: User, reference: str, ground: str, explanation: str) -> NotaryRefusal:
    """Refuse with one of the nine grounds of 公证法 Art.31 (E6)."""
    matter = _load(actor=actor, reference=reference)
    grounds = dict(RefusalGround.CHOICES)
    if ground not in grounds or not explanation.strip():
        raise DomainError("不予办理公证须选择公证法第31条所列情形之一并写明理由。")
    if hasattr(matter, "certificate"):
        raise DomainError("已出具公证书，应通过复查程序处理。")
    refusal = NotaryRefusal.objects.create(
        matter=matter, ground=ground, explanation=explanation.strip(), decided_by=actor
    )
    case_transition(
        reference=reference,
        action=Action.REFUSE,
        actor=actor,
        reason=f"不予办理公证（公证法第31条第{ground}项：{grounds[ground]}）。{refusal.explanation}",
    )
    return refusal


# --- review (复查, E7) -------------------------------------------------------------------------------------------


def _review_in_time(certificate: NotaryCertificate, kind: str, received_on: date, applied_on: date) -> None:
    if applied_on > _years_after(received_on, REVIEW_WINDOW_YEARS):
        who = (
            "当事人应当自收到公证书之日起"
            if kind == ReviewApplicant.PARTY
            else "利害关系人应当自知道或者应当知道之日起"
        )
        raise DomainError(f"{who}一年内提出复查申请，已超过期限（程序规则第61条）。")
    if applied_on > _years_after(clock.to_local(certificate.issued_at).date(), REVIEW_OUTER_YEARS):
        raise DomainError("自公证书出具之日起已超过二十年，不能申请复查（程序规则第61条）。")


@transaction.atomic
def notary_review_apply(
    *,
    actor: User,
    reference: str,
    applicant_kind: str,
    applicant_name: str,
    received_on: date,
    applied_on: date,
    grounds: str,
) -> NotaryReview:
    matter = _load(actor=actor, reference=reference)
    certificate = NotaryCertificate.objects.filter(matter=matter).first()
    if certificate is None:
        raise DomainError("该事项没有出具公证书，无需复查。")
    if applicant_kind not in ReviewApplicant.values or not applicant_name.strip() or not grounds.strip():
        raise DomainError("复查须书面申请，写明申请人及理由（程序规则第61条）。")
    _review_in_time(certificate, applicant_kind, received_on, applied_on)
    review = NotaryReview.objects.create(
        matter=matter,
        applicant_kind=applicant_kind,
        applicant_name=applicant_name.strip(),
        received_on=received_on,
        applied_on=applied_on,
        grounds=grounds.strip(),
        recorded_by=actor,
    )
    case_transition(
        reference=reference,
        action="review_apply",
        actor=actor,
        reason=f"{review.get_applicant_kind_display()}{review.applicant_name}申请复查：{review.grounds}",
        payload={"review_id": review.pk},
    )
    return review


@transaction.atomic
def notary_review_decide(
    *, actor: User, reference: str, review_id: int, outcome: str, note: str
) -> NotaryReview:
    """Keep, correct, supplement or revoke (E7). A revocation takes effect now and waits in the national report
    queue (E10, fawang.notary.national_report); a correction or supplement joins it once executed."""
    matter = _load(actor=actor, reference=reference)
    review = matter.reviews.filter(pk=review_id, decided_at=None).first()
    if review is None or outcome not in ReviewOutcome.values or not note.strip():
        raise DomainError("请选择复查决定（维持、更正、补正或撤销）并写明理由。")
    now = clock.now()
    review.outcome, review.decision_note, review.decided_at = outcome, note.strip(), now
    if outcome == ReviewOutcome.REVOKE:
        NotaryCertificate.objects.filter(matter=matter).update(revoked_at=now)
    review.save(update_fields=["outcome", "decision_note", "decided_at", "updated_at"])
    case_transition(
        reference=reference,
        action="review_decide",
        actor=actor,
        reason=f"复查决定：{review.get_outcome_display()}。{review.decision_note}",
        payload={"review_id": review.pk},
    )
    return review


@transaction.atomic
def notary_review_execute(*, actor: User, reference: str, review_id: int, note: str = "") -> NotaryReview:
    matter = _load(actor=actor, reference=reference)
    review = matter.reviews.filter(pk=review_id, executed_at=None).exclude(outcome="").first()
    if review is None or review.outcome == ReviewOutcome.KEEP:
        raise DomainError("没有需要执行的复查决定。")
    review.executed_at = clock.now()
    review.save(update_fields=["executed_at", "updated_at"])
    case_transition(
        reference=reference,
        action="review_execute",
        actor=actor,
        reason=note or f"已执行复查决定：{review.get_outcome_display()}",
        payload={"review_id": review.pk},
    )
    return review


def notary_matter_codes() -> Sequence[str]:
    from fawang.notary.catalogue import MATTER_TYPES

    return [m.code for m in MATTER_TYPES]
