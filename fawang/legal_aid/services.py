"""Writing legal-aid records (法律援助法 2021). Each service is atomic, names its actor, moves the 工单 only
through `case_transition`, and issues the documents the step requires (STYLE §2, §4; docs/legal-aid.md).
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Sequence
from dataclasses import asdict, dataclass, replace
from datetime import date
from decimal import Decimal
from typing import Any

from django.core.files.uploadedfile import UploadedFile
from django.db import transaction

from fawang.accounts.models import User
from fawang.accounts.roles import Role
from fawang.accounts.services import system_actor
from fawang.cases.models import Attachment, Case
from fawang.cases.selectors import case_roles_for_user
from fawang.cases.services import case_create, case_transition
from fawang.cases.states import Channel, ServiceType, Status
from fawang.cases.workflow import Action
from fawang.cases.workflow import legal_aid as flow
from fawang.core import clock
from fawang.core.audit import audit_record
from fawang.core.errors import DomainError, PermissionDeniedError
from fawang.core.models import AuditAction
from fawang.directory.models import Practitioner
from fawang.directory.selectors import practitioner_practice_check
from fawang.eligibility.engine import UNKNOWN, ApplicantGroup, Facts, Ground, Matter
from fawang.eligibility.selectors import eligibility_evaluate
from fawang.eligibility.services import standards_ensure_seeded
from fawang.legal_aid.codes import (
    DEEMED_WITHDRAWN,
    GROUND_LABELS,
    GROUP_LABELS,
    MATTER_LABELS,
    OBJECTION_RIGHTS,
    PROVISIONAL_GROUNDS,
    RECONSIDERATION_RIGHTS,
    REFUSAL_GROUNDS,
    TERMINATION_GROUNDS,
    IntakeKind,
    NotifierKind,
    VerificationMode,
)
from fawang.legal_aid.competence import Proceeding
from fawang.legal_aid.documents import applicant_name, document_issue
from fawang.legal_aid.models import (
    AidPolicy,
    AllocationHold,
    AllocationMethod,
    Assignment,
    Closing,
    CopyKind,
    Decision,
    DecisionKind,
    Document,
    DocumentKind,
    EligibilitySnapshot,
    Feedback,
    FeedbackKind,
    LegalAidApplication,
    Material,
    MissingItemsNotice,
    Objection,
    ObjectionOutcome,
    QualityCheck,
    QualityGrade,
    QualityMethod,
)
from fawang.legal_aid.roster_selectors import allocation_pool
from fawang.legal_aid.roster_services import AllocationRecord, allocation_record
from fawang.notifications.services import notification_send, notification_text_for
from fawang.people.models import Person
from fawang.people.selectors import person_find_by_id_number
from fawang.regions.models import Region
from fawang.regions.selectors import region_path_name

OFFICE = frozenset({Role.AID_REVIEWER, Role.ADMIN})
INTAKE = frozenset({Role.WINDOW_CLERK, Role.HOTLINE_OPERATOR}) | OFFICE
QUALITY = frozenset({Role.AID_REVIEWER, Role.SUPERVISOR, Role.QUALITY_INSPECTOR, Role.ADMIN})
MAX_FILE = 20 * 1024 * 1024


@dataclass(frozen=True, kw_only=True)
class AidDetails:
    """What the application form records (C19, A17, C4, C8, C9, C10, C21). ``None`` = not answered (X4)."""

    matter: str = ""
    facts_and_reasons: str = ""
    economic_situation: str = ""
    household: str = ""
    monthly_income_per_capita: Decimal | None = None
    household_size: int | None = None
    has_large_assets: bool | None = None
    hardship_expense: bool | None = None
    grounds: Sequence[str] = ()
    applicant_groups: Sequence[str] = ()
    verification_mode: str = ""
    detained: bool = False
    custody_place: str = ""
    capital_case: bool = False
    opposing_party_name: str = ""
    opposing_party_id_number: str = ""
    limitation_deadline: date | None = None
    urgent_preservation: bool = False
    proxy_name: str = ""
    proxy_relationship: str = ""
    proxy_authority: str = ""
    notifier_kind: str = ""
    notifier_name: str = ""
    notice_number: str = ""
    agency_region: str = ""
    proceeding: str = ""  # C20, Art.38
    body_region_code: str = ""
    events_region_code: str = ""
    judicial_assistance_decision: bool = False  # C22

    def validate(self) -> None:
        if self.matter and self.matter not in Matter.__members__.values():
            raise DomainError(f"未知的申请事项代码：{self.matter}。")
        bad = [g for g in self.grounds if g not in Ground.__members__.values()]
        bad += [g for g in self.applicant_groups if g not in ApplicantGroup.__members__.values()]
        if bad:
            raise DomainError(f"未知的情形代码：{'、'.join(bad)}。")
        if self.verification_mode and self.verification_mode not in VerificationMode.values:
            raise DomainError("经济困难核查方式只能是信息共享查询或个人诚信承诺（法律援助法第四十一条）。")
        if self.notifier_kind and self.notifier_kind not in NotifierKind.values:
            raise DomainError("通知机关只能是人民法院、人民检察院或公安机关。")
        if self.monthly_income_per_capita is not None and self.monthly_income_per_capita < 0:
            raise DomainError("家庭人均月收入不能为负数。")
        if self.household_size is not None and self.household_size < 1:
            raise DomainError("家庭人口数至少为1。")
        if self.proceeding and self.proceeding not in Proceeding.__members__.values():
            raise DomainError("请选择诉讼事项或非诉讼事项（法律援助法第三十八条）。")
        if self.proxy_name.strip() and not (self.proxy_relationship.strip() and self.proxy_authority.strip()):
            raise DomainError("代为申请的，须写明与申请人的关系和代理权限依据（法律援助法第四十条，A17）。")


_APPLIED_FIELDS = tuple(
    name
    for name in AidDetails.__dataclass_fields__
    if name not in ("opposing_party_id_number", "agency_region", "body_region_code", "events_region_code")
)


def _roles(user: User, case: Case) -> frozenset[Role]:
    return case_roles_for_user(user=user, case=case)


def _require(user: User, case: Case, allowed: frozenset[Role], what: str) -> None:
    if not _roles(user, case) & allowed:
        raise PermissionDeniedError(f"您无权{what}。")


def _audit(actor: User, app: LegalAidApplication, summary: str) -> None:
    audit_record(
        actor=actor,
        action=AuditAction.UPDATE,
        object_type="legal_aid.LegalAidApplication",
        object_id=app.case.reference,
        summary=summary[:500],
    )


# --- eligibility (X4) ---------------------------------------------------------------------------------------


def application_facts(app: LegalAidApplication) -> dict[str, Any]:
    """The application in the batch schema of docs/eligibility.md (money in yuan, null = unknown)."""
    income = app.monthly_income_per_capita
    return {
        "date": clock.to_local(app.case.submitted_at).date().isoformat(),
        "agency_region": app.agency_region or None,
        "matter": app.matter or None,
        "criminal_notice": app.is_notice,
        "grounds": sorted(app.grounds),
        "applicant_groups": sorted(app.applicant_groups),
        "monthly_income_per_capita": None if income is None else f"{Decimal(income):.2f}",
        "household_size": app.household_size,
        "has_large_assets": app.has_large_assets,
        "hardship_expense": app.hardship_expense,
        # C22: outside the batch schema; present only when claimed so older snapshots keep their digest (X4).
        **({"judicial_assistance_decision": True} if app.judicial_assistance_decision else {}),
    }


def _engine_facts(data: dict[str, Any]) -> Facts:
    from fawang.eligibility.engine.jsonl import parse_facts

    return replace(
        parse_facts(data), judicial_assistance_decision=data.get("judicial_assistance_decision") is True
    )


@transaction.atomic
def aid_eligibility_assess(*, application: LegalAidApplication, actor: User) -> EligibilitySnapshot:
    """Run the engine on the stored facts; write a snapshot when the facts or the applied standard changed."""
    standards_ensure_seeded(actor=system_actor())
    data = application_facts(application)
    result, revision = eligibility_evaluate(facts=_engine_facts(data))
    digest = hashlib.sha256(json.dumps(data, sort_keys=True, ensure_ascii=False).encode()).hexdigest()
    last = EligibilitySnapshot.objects.filter(application=application).order_by("-id").first()
    if (
        last is not None
        and last.facts_digest == digest
        and last.rule_version == (result.rule_version or "")
        and last.rule_revision == revision
    ):
        return last
    return EligibilitySnapshot.objects.create(
        application=application,
        facts=data,
        facts_digest=digest,
        verdict=result.verdict.value,
        means_test=result.means_test.value,
        result={
            "verdict": result.verdict.value,
            "means_test": result.means_test.value,
            "reasons": list(result.reasons),
            "legal_basis": list(result.legal_basis),
            "missing": [{"field": m.field, "label": m.label} for m in result.missing],
            "calculation": dict(result.calculation),
            "advisory": "资格审查结果供审查人员参考，决定由法律援助机构作出（个人信息保护法第二十四条，J9）。",
        },
        rule_version=result.rule_version or "",
        rule_revision=revision,
        actor=actor,
    )


# --- application ----------------------------------------------------------------------------------------------


def _opposing(details: AidDetails) -> Person | None:
    if not details.opposing_party_id_number.strip():
        return None
    return person_find_by_id_number(id_number=details.opposing_party_id_number)


def _region_by_code(code: str, label: str) -> Region | None:
    if not code.strip():
        return None
    region = Region.objects.filter(code=code.strip()).first()
    if region is None:
        raise DomainError(f"未找到{label}（区划代码 {code.strip()}）。")
    return region


def _apply(app: LegalAidApplication, details: AidDetails) -> None:
    values = asdict(details)
    for name in _APPLIED_FIELDS:
        value = values[name]
        setattr(app, name, list(value) if name in ("grounds", "applicant_groups") else value)
    app.opposing_party = _opposing(details)
    app.body_region = _region_by_code(details.body_region_code, "办案机关或争议处理机关所在地")
    app.events_region = _region_by_code(details.events_region_code, "事由发生地")
    if details.agency_region.strip():
        app.agency_region = details.agency_region.strip()


@transaction.atomic
def aid_application_register(
    *, actor: User, case: Case, details: AidDetails, intake_kind: str = IntakeKind.APPLICATION
) -> LegalAidApplication:
    """Attach the application to a legal-aid 工单 (from any channel), assess it and start C9 clocks."""
    if case.service_type != ServiceType.LEGAL_AID:
        raise DomainError("只有法律援助工单可以登记法律援助申请。")
    if LegalAidApplication.objects.filter(case=case).exists():
        raise DomainError("该工单已登记法律援助申请。")
    details.validate()
    if intake_kind == IntakeKind.NOTICE and not (details.notifier_kind and details.notifier_name.strip()):
        raise DomainError(
            "通知指派须写明通知机关（人民法院、人民检察院或公安机关）及名称（法律援助法第三十六条）。"
        )
    app = LegalAidApplication(
        case=case, intake_kind=intake_kind, agency_region=region_path_name(region=case.region)
    )
    _apply(app, details)
    app.save()
    aid_eligibility_assess(application=app, actor=actor)
    audit_record(
        actor=actor,
        action=AuditAction.CREATE,
        object_type="legal_aid.LegalAidApplication",
        object_id=case.reference,
    )
    if details.detained and intake_kind == IntakeKind.APPLICATION and case.status == Status.NEW:
        case_transition(
            reference=case.reference,
            action=flow.CUSTODY_REGISTER,
            actor=actor,
            reason=f"在押人员申请（{details.custody_place or '羁押场所未填'}），应在24小时内转交（法律援助法第三十九条）。",
        )
    return app


@transaction.atomic
def aid_application_submit(
    *,
    actor: User,
    region: Region,
    requester: Person,
    title: str,
    details: AidDetails,
    channel: str = Channel.WINDOW,
    requester_user: User | None = None,
    intake_kind: str = IntakeKind.APPLICATION,
    idempotency_key: str | None = None,
    confidential: bool = False,
    language: str = "",
) -> LegalAidApplication:
    """Create the 工单 and the application in one step (API, legal-aid page, notices). Idempotent on the key.
    `language` is the intake language (A12; "" is 普通话)."""
    details.validate()
    case = case_create(
        actor=actor,
        service_type=ServiceType.LEGAL_AID,
        channel=channel,
        title=title,
        description=details.facts_and_reasons,
        region=region,
        requester=requester,
        requester_user=requester_user,
        urgent=details.urgent_preservation or intake_kind == IntakeKind.NOTICE,
        confidential=confidential,
        idempotency_key=idempotency_key,
        language=language,
    )
    existing = LegalAidApplication.objects.filter(case=case).first()
    if existing is not None:  # the same idempotency key again: the first application
        return existing
    app = aid_application_register(actor=actor, case=case, details=details, intake_kind=intake_kind)
    if intake_kind == IntakeKind.NOTICE:
        aid_accept(actor=actor, application=app)
    return app


@transaction.atomic
def aid_application_update(
    *, actor: User, application: LegalAidApplication, details: AidDetails
) -> EligibilitySnapshot:
    """Correct or complete the facts; a new eligibility snapshot is written when they changed (X4)."""
    case = application.case
    _require(actor, case, INTAKE, "修改申请信息")
    if case.status in (Status.CLOSED, Status.REJECTED, Status.WITHDRAWN):
        raise DomainError(f"工单已{case.get_status_display()}，不能修改申请信息。")
    details.validate()
    _apply(application, details)
    application.save()
    _audit(actor, application, "更新申请信息")
    return aid_eligibility_assess(application=application, actor=actor)


# --- materials (C6, C7) -----------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Item:
    name: str
    quantity: int = 1
    copy_kind: str = CopyKind.COPY


@transaction.atomic
def aid_materials_receive(
    *, actor: User, application: LegalAidApplication, items: Sequence[Item], received_on: date | None = None
) -> Document:
    """Record received items and issue the receipt listing each item's name, quantity and date (C7)."""
    case = application.case
    _require(actor, case, INTAKE, "接收申请材料")
    clean = [item for item in items if item.name.strip()]
    if not clean:
        raise DomainError("请至少登记一项材料。")
    if any(item.quantity < 1 for item in clean):
        raise DomainError("材料份数至少为1。")
    if any(item.copy_kind not in CopyKind.values for item in clean):
        raise DomainError("材料形式只能是原件、复印件或电子件。")
    day = received_on or clock.local_today()
    rows = [
        Material.objects.create(
            application=application,
            name=item.name.strip()[:100],
            quantity=item.quantity,
            copy_kind=item.copy_kind,
            received_on=day,
            received_by=actor,
        )
        for item in clean
    ]
    _audit(actor, application, f"接收材料 {len(rows)} 项")
    return document_issue(
        case=case,
        kind=DocumentKind.MATERIALS_RECEIPT,
        actor=actor,
        fields=[("申请人", applicant_name(case)), ("申请事项", case.title)],
        paragraphs=[f"本机构已收到您提交的下列法律援助申请材料，共{len(rows)}项："],
        items=[
            (f"{r.name}（{r.get_copy_kind_display()}）", r.quantity, r.received_on.isoformat()) for r in rows
        ],
        basis="法律援助申请材料接收凭证（2012年《办理法律援助案件程序规定》第十二条，C7）",
    )


@transaction.atomic
def aid_accept(*, actor: User, application: LegalAidApplication) -> Document:
    """受理 (start the 7-day review, C5) or, for a court/procuratorate/police notice, accept for assignment (C9)."""
    case = application.case
    notice = application.is_notice
    case_transition(
        reference=case.reference,
        action=flow.NOTICE_ACCEPT if notice else Action.ACCEPT,
        actor=actor,
        reason="受理办案机关通知" if notice else "受理法律援助申请",
        expected_status=Status.NEW,
    )
    Decision.objects.create(
        application=application,
        kind=DecisionKind.ACCEPT,
        citation="法律援助法第三十六条" if notice else "法律援助法第四十三条",
        reasons="收到通知，三日内指派律师" if notice else "收到申请，七日内审查决定",
        decided_by=actor,
        decided_at=clock.now(),
    )
    paragraphs = (
        [
            f"本机构已于{clock.local_today().isoformat()}收到{application.notifier_name}的通知（{application.notice_number or '无文号'}），"
            "将在三日内指派律师并通知办案机关。"
        ]
        if notice
        else [
            f"本机构已于{clock.local_today().isoformat()}受理您的法律援助申请，将自受理之日起七日内作出是否给予法律援助的决定。"
            "需要补充材料的，本机构将一次性告知；补充材料期间不计入审查期限。"
        ]
    )
    return document_issue(
        case=case,
        kind=DocumentKind.ACCEPTANCE_NOTICE,
        actor=actor,
        fields=[("申请人", applicant_name(case)), ("申请事项", case.title)],
        paragraphs=paragraphs,
        basis="法律援助法第三十六条" if notice else "法律援助法第四十三条",
    )


@transaction.atomic
def aid_request_materials(
    *, actor: User, application: LegalAidApplication, items: Sequence[str], reply_by: date
) -> Document:
    """一次性告知 (C6): one notice listing every missing item; the review clock pauses until they arrive."""
    case = application.case
    names = [name.strip() for name in items if name.strip()]
    if reply_by <= clock.local_today():
        raise DomainError("补充材料期限应晚于今天。")
    case_transition(
        reference=case.reference,
        action=Action.REQUEST_MATERIALS,
        actor=actor,
        reason="一次性告知补充材料：" + "、".join(names),
        payload={"missing_items": names},
        expected_status=Status.UNDER_REVIEW,
    )
    MissingItemsNotice.objects.create(
        application=application, items=names, reply_by=reply_by, issued_by=actor
    )
    return document_issue(
        case=case,
        kind=DocumentKind.MISSING_ITEMS_NOTICE,
        actor=actor,
        fields=[
            ("申请人", applicant_name(case)),
            ("申请事项", case.title),
            ("补充期限", reply_by.isoformat()),
        ],
        paragraphs=[
            "经审查，您的法律援助申请材料不齐全，现一次性告知需要补充的全部材料如下。",
            "补充材料期间不计入审查期限。逾期未补充或者未作出说明的，视为撤回申请（法律援助法第四十三条）。",
        ],
        items=[(name, "", reply_by.isoformat()) for name in names],
        item_headings=("需补充的材料", "", "补充期限"),
        basis="法律援助法第四十三条",
    )


@transaction.atomic
def aid_supplement(
    *, actor: User, application: LegalAidApplication, items: Sequence[Item] = ()
) -> Document | None:
    """The applicant supplied the missing items: the review clock resumes (C6, T5)."""
    case = application.case
    case_transition(
        reference=case.reference,
        action=Action.SUPPLEMENT,
        actor=actor,
        reason="申请人已补充材料",
        expected_status=Status.AWAITING_MATERIALS,
    )
    MissingItemsNotice.objects.filter(application=application).update(answered_at=clock.now())
    receipt = aid_materials_receive(actor=actor, application=application, items=items) if items else None
    aid_eligibility_assess(application=application, actor=actor)
    return receipt


@transaction.atomic
def aid_deem_withdrawn(*, actor: User, application: LegalAidApplication) -> Decision:
    case = application.case
    case_transition(
        reference=case.reference,
        action=Action.DEEM_WITHDRAWN,
        actor=actor,
        reason=DEEMED_WITHDRAWN.label,
        expected_status=Status.AWAITING_MATERIALS,
    )
    return Decision.objects.create(
        application=application,
        kind=DecisionKind.WITHDRAWN,
        ground=DEEMED_WITHDRAWN.code,
        citation=DEEMED_WITHDRAWN.citation,
        reasons=DEEMED_WITHDRAWN.text,
        decided_by=actor,
        decided_at=clock.now(),
    )


# --- decisions (C4, C5, C11, C12) -----------------------------------------------------------------------------


def _basis_text(snapshot: EligibilitySnapshot) -> str:
    basis = snapshot.result.get("legal_basis") or []
    return "、".join(str(b) for b in basis) or "法律援助法第四十三条"


def _decide(
    app: LegalAidApplication,
    *,
    kind: DecisionKind,
    actor: User,
    reasons: str,
    ground: str = "",
    citation: str = "",
    snapshot: EligibilitySnapshot | None = None,
) -> Decision:
    return Decision.objects.create(
        application=app,
        kind=kind,
        ground=ground,
        citation=citation,
        reasons=reasons,
        verification_mode=app.verification_mode,
        snapshot=snapshot,
        decided_by=actor,
        decided_at=clock.now(),
    )


def _grant_document(
    app: LegalAidApplication, actor: User, decision: Decision, snapshot: EligibilitySnapshot
) -> Document:
    case = app.case
    mode = VerificationMode(app.verification_mode).label if app.verification_mode else "免予核查"
    return document_issue(
        case=case,
        kind=DocumentKind.GRANT_DECISION,
        actor=actor,
        fields=[
            ("申请人", applicant_name(case)),
            ("申请事项", MATTER_LABELS.get(app.matter, case.title)),
            ("经济困难核查方式", mode),
        ],
        paragraphs=[
            "经审查，你（单位）的申请符合法律援助条件，本机构决定给予法律援助，并将自本决定作出之日起三日内指派法律援助人员。",
            f"理由：{decision.reasons}",
            *[str(r) for r in snapshot.result.get("reasons") or []],
            *_mutual_recognition(snapshot),
        ],
        basis=f"{decision.citation}；法律援助法第四十三条",
    )


def _mutual_recognition(snapshot: EligibilitySnapshot) -> list[str]:
    """C22, the other way round: where the standard says so, this grant proves hardship for 司法救助."""
    source = (snapshot.result.get("calculation") or {}).get("judicial_assistance_mutual")
    if not source or snapshot.means_test != "passed":
        return []
    return [f"按{source}，本决定可作为申请司法救助时经济困难的证明。"]


@transaction.atomic
def aid_grant(
    *, actor: User, application: LegalAidApplication, reasons: str, verification_mode: str = ""
) -> Decision:
    """给予法律援助 (C5) with the verification mode (C4) and the eligibility snapshot it relied on (X4)."""
    if verification_mode:
        if verification_mode not in VerificationMode.values:
            raise DomainError("经济困难核查方式只能是信息共享查询或个人诚信承诺（法律援助法第四十一条）。")
        application.verification_mode = verification_mode
        application.save(update_fields=["verification_mode", "updated_at"])
    snapshot = aid_eligibility_assess(application=application, actor=actor)
    reasons = reasons.strip() or "符合法律援助条件"
    case_transition(
        reference=application.case.reference,
        action=Action.GRANT,
        actor=actor,
        reason=reasons,
        payload={"verification_mode": application.verification_mode} if application.verification_mode else {},
        expected_status=Status.UNDER_REVIEW,
    )
    decision = _decide(
        application,
        kind=DecisionKind.GRANT,
        actor=actor,
        reasons=reasons,
        citation=_basis_text(snapshot),
        snapshot=snapshot,
    )
    _grant_document(application, actor, decision, snapshot)
    return decision


@transaction.atomic
def aid_refuse(*, actor: User, application: LegalAidApplication, ground: str, reasons: str) -> Decision:
    """不予法律援助 (C5): in writing, with the statutory ground, reasons and the right to object (C11)."""
    statutory = REFUSAL_GROUNDS.get(ground)
    if statutory is None:
        raise DomainError("请选择不予法律援助的法定事由。")
    if not reasons.strip():
        raise DomainError("不予法律援助须写明具体理由（法律援助法第四十三条）。")
    snapshot = aid_eligibility_assess(application=application, actor=actor)
    case = application.case
    case_transition(
        reference=case.reference,
        action=Action.REFUSE,
        actor=actor,
        reason=f"{statutory.label}：{reasons.strip()}",
        payload={"ground": ground},
        expected_status=Status.UNDER_REVIEW,
    )
    decision = _decide(
        application,
        kind=DecisionKind.REFUSE,
        actor=actor,
        reasons=reasons.strip(),
        ground=ground,
        citation=statutory.citation,
        snapshot=snapshot,
    )
    document_issue(
        case=case,
        kind=DocumentKind.REFUSAL_DECISION,
        actor=actor,
        fields=[
            ("申请人", applicant_name(case)),
            ("申请事项", MATTER_LABELS.get(application.matter, case.title)),
        ],
        paragraphs=[
            f"经审查，你（单位）的申请{statutory.text}，本机构决定不予法律援助。",
            f"理由：{decision.reasons}",
        ],
        basis=f"{statutory.citation}；法律援助法第四十三条",
        rights=[OBJECTION_RIGHTS],
    )
    return decision


def _practitioner(pk: int) -> Practitioner:
    practitioner = Practitioner.objects.select_related("institution").filter(pk=pk).first()
    if practitioner is None:
        raise DomainError("未找到指定的法律援助人员。")
    return practitioner


def _assignable(pk: int) -> Practitioner:
    """A practitioner who may take the matter today: not revoked, suspended or off duty (O3)."""
    practitioner = _practitioner(pk)
    practitioner_practice_check(practitioner=practitioner, action="指派承办法律援助")
    return practitioner


def _start_assignment(
    app: LegalAidApplication,
    practitioner: Practitioner,
    actor: User,
    *,
    provisional: bool,
    record: AllocationRecord,
    reason: str = "",
) -> Document:
    now = clock.now()
    Assignment.objects.filter(application=app, ended_at__isnull=True).update(
        ended_at=now, end_reason=reason or "更换"
    )
    Assignment.objects.create(
        application=app,
        practitioner=practitioner,
        provisional=provisional,
        assigned_by=actor,
        assigned_at=now,
        method=record.method,
        override_reason=record.override_reason,
        pool=record.pool,
    )
    AllocationHold.objects.filter(application=app).delete()
    case = app.case
    return document_issue(
        case=case,
        kind=DocumentKind.ASSIGNMENT_NOTICE,
        actor=actor,
        fields=[
            ("受援人", applicant_name(case)),
            ("法律援助人员", f"{practitioner.name}（{practitioner.get_kind_display()}）"),
            ("所属机构", practitioner.institution.name),
        ],
        paragraphs=[
            ("本机构决定先行提供法律援助，" if provisional else "")
            + f"现指派{practitioner.institution.name}{practitioner.name}为受援人提供法律援助。"
            + (f"通知机关：{app.notifier_name}。" if app.is_notice else "")
        ],
        basis="法律援助法第四十四条"
        if provisional
        else ("法律援助法第三十六条" if app.is_notice else "法律援助法第四十三条"),
    )


@transaction.atomic
def aid_assign(
    *,
    actor: User,
    application: LegalAidApplication,
    practitioner_id: int,
    method: str = "",
    override_reason: str = "",
) -> Assignment:
    """Assign within 3 days of a grant or notice (C5, C9); C10 and C21 are checked by the lifecycle guards, and how
    the practitioner was chosen is recorded (X3)."""
    practitioner = _assignable(practitioner_id)
    record = allocation_record(
        application=application, practitioner=practitioner, method=method, override_reason=override_reason
    )
    case_transition(
        reference=application.case.reference,
        action=Action.ASSIGN,
        actor=actor,
        reason=f"指派{practitioner.name}",
        payload={"practitioner_id": practitioner.pk},
    )
    _start_assignment(application, practitioner, actor, provisional=False, record=record)
    return Assignment.objects.get(application=application, ended_at__isnull=True)


@transaction.atomic
def aid_provisional(
    *,
    actor: User,
    application: LegalAidApplication,
    practitioner_id: int,
    reasons: str,
    method: str = "",
    override_reason: str = "",
) -> Assignment:
    """先行提供法律援助 (C8, Art.44); the review clock keeps running as the task to complete the paperwork."""
    practitioner = _assignable(practitioner_id)
    record = allocation_record(
        application=application, practitioner=practitioner, method=method, override_reason=override_reason
    )
    ground = PROVISIONAL_GROUNDS["preservation" if application.urgent_preservation else "limitation"]
    case_transition(
        reference=application.case.reference,
        action=flow.PROVISIONAL_AID,
        actor=actor,
        reason=f"{ground.label}：{reasons.strip()}",
        payload={"practitioner_id": practitioner.pk},
        expected_status=Status.UNDER_REVIEW,
    )
    application.provisional_at = clock.now()
    application.save(update_fields=["provisional_at", "updated_at"])
    _decide(
        application,
        kind=DecisionKind.PROVISIONAL,
        actor=actor,
        reasons=reasons.strip(),
        ground=ground.code,
        citation=ground.citation,
    )
    _start_assignment(application, practitioner, actor, provisional=True, record=record)
    return Assignment.objects.get(application=application, ended_at__isnull=True)


@transaction.atomic
def aid_confirm_provisional(
    *, actor: User, application: LegalAidApplication, reasons: str, verification_mode: str = ""
) -> Decision:
    """Complete the paperwork after provisional aid: the grant decision, which stops the review clock."""
    if verification_mode:
        application.verification_mode = verification_mode
        application.save(update_fields=["verification_mode", "updated_at"])
    snapshot = aid_eligibility_assess(application=application, actor=actor)
    reasons = reasons.strip() or "补办手续，符合法律援助条件"
    case_transition(
        reference=application.case.reference,
        action=flow.CONFIRM_PROVISIONAL,
        actor=actor,
        reason=reasons,
        payload={"verification_mode": application.verification_mode} if application.verification_mode else {},
    )
    decision = _decide(
        application,
        kind=DecisionKind.GRANT,
        actor=actor,
        reasons=reasons,
        citation=_basis_text(snapshot),
        snapshot=snapshot,
    )
    _grant_document(application, actor, decision, snapshot)
    return decision


@transaction.atomic
def aid_reassign(
    *,
    actor: User,
    application: LegalAidApplication,
    practitioner_id: int,
    reason: str,
    method: str = "",
    override_reason: str = "",
) -> Assignment:
    """更换法律援助人员 (C14, Art.55), with C10 and C21 checked again and the choice recorded (X3)."""
    practitioner = _assignable(practitioner_id)
    record = allocation_record(
        application=application, practitioner=practitioner, method=method, override_reason=override_reason
    )
    case_transition(
        reference=application.case.reference,
        action=flow.REASSIGN,
        actor=actor,
        reason=reason,
        payload={"practitioner_id": practitioner.pk},
    )
    _start_assignment(application, practitioner, actor, provisional=False, record=record, reason=reason)
    return Assignment.objects.get(application=application, ended_at__isnull=True)


@transaction.atomic
def aid_terminate(*, actor: User, application: LegalAidApplication, ground: str, reasons: str) -> Decision:
    """终止法律援助 on one of the eight grounds of Art.48 (C12), objectionable under C11."""
    statutory = TERMINATION_GROUNDS.get(ground)
    if statutory is None:
        raise DomainError("终止法律援助须选择法律援助法第四十八条规定的情形之一（C12）。")
    case = application.case
    case_transition(
        reference=case.reference,
        action=flow.TERMINATE,
        actor=actor,
        reason=f"{statutory.label}：{reasons.strip()}",
        payload={"ground": ground},
    )
    Assignment.objects.filter(application=application, ended_at__isnull=True).update(
        ended_at=clock.now(), end_reason="终止法律援助"
    )
    decision = _decide(
        application,
        kind=DecisionKind.TERMINATE,
        actor=actor,
        reasons=reasons.strip(),
        ground=ground,
        citation=statutory.citation,
    )
    document_issue(
        case=case,
        kind=DocumentKind.TERMINATION_DECISION,
        actor=actor,
        fields=[
            ("受援人", applicant_name(case)),
            ("申请事项", MATTER_LABELS.get(application.matter, case.title)),
        ],
        paragraphs=[f"因{statutory.text}，本机构决定终止法律援助。", f"理由：{decision.reasons}"],
        basis=statutory.citation,
        rights=[OBJECTION_RIGHTS],
    )
    return decision


@transaction.atomic
def aid_objection_file(*, actor: User, application: LegalAidApplication, reasons: str) -> Objection:
    """提出异议 (C11): to the justice bureau that set up the agency; decided within 5 days."""
    case_transition(reference=application.case.reference, action=flow.OBJECT, actor=actor, reason=reasons)
    decision = (
        Decision.objects.filter(
            application=application, kind__in=[DecisionKind.REFUSE, DecisionKind.TERMINATE]
        )
        .order_by("-decided_at", "-id")
        .first()
    )
    if decision is None:
        raise DomainError("没有可提出异议的决定。")
    return Objection.objects.create(
        application=application,
        decision=decision,
        reasons=reasons.strip(),
        filed_by=actor,
        filed_at=clock.now(),
    )


@transaction.atomic
def aid_objection_decide(
    *, actor: User, application: LegalAidApplication, outcome: str, reasons: str
) -> Objection:
    """维持 or 责令改正 (C11, Art.49), with the notice of reconsideration or suit rights when upheld."""
    objection = Objection.objects.select_for_update().filter(application=application, outcome="").first()
    if objection is None:
        raise DomainError("没有待审查的异议。")
    if outcome not in ObjectionOutcome.values:
        raise DomainError("审查结果只能是维持原决定或责令改正。")
    case = application.case
    if outcome == ObjectionOutcome.UPHOLD:
        action = flow.OBJECTION_UPHOLD
    elif objection.decision.kind == DecisionKind.REFUSE:
        action = flow.OBJECTION_CORRECT_REFUSAL
    else:
        action = flow.OBJECTION_CORRECT_TERMINATION
    case_transition(reference=case.reference, action=action, actor=actor, reason=reasons)
    objection.outcome = outcome
    objection.outcome_reasons = reasons.strip()
    objection.decided_by = actor
    objection.decided_at = clock.now()
    objection.save(update_fields=["outcome", "outcome_reasons", "decided_by", "decided_at", "updated_at"])
    if action == flow.OBJECTION_CORRECT_TERMINATION and case.handler_practitioner_id is not None:
        practitioner = _practitioner(case.handler_practitioner_id)
        reinstated = AllocationRecord(
            AllocationMethod.COURSE_CORRECTION,
            "异议审查责令改正，恢复原承办人员",
            allocation_pool(application),
        )
        _start_assignment(
            application, practitioner, actor, provisional=False, record=reinstated, reason="恢复法律援助"
        )
    upheld = outcome == ObjectionOutcome.UPHOLD
    document_issue(
        case=case,
        kind=DocumentKind.OBJECTION_DECISION,
        actor=actor,
        fields=[
            ("异议人", applicant_name(case)),
            ("原决定", f"{objection.decision.get_kind_display()}（{objection.decision.citation}）"),
            ("审查结果", ObjectionOutcome(outcome).label),
        ],
        paragraphs=[f"异议理由：{objection.reasons}", f"审查意见：{objection.outcome_reasons}"],
        basis="法律援助法第四十九条",
        rights=[RECONSIDERATION_RIGHTS] if upheld else ["法律援助机构应当按照本决定改正。"],
        issuer=f"{case.region.name}司法行政部门" if case.region.level >= 3 else None,
    )
    return objection


# --- the aid lawyer's work (C13, C23) ---------------------------------------------------------------------------


@transaction.atomic
def aid_progress_note_add(
    *, actor: User, application: LegalAidApplication, content: str, reported_to_recipient: bool = True
) -> None:
    """进展告知 (C23, Art.46): recorded on the case timeline too."""
    case = application.case
    _require(actor, case, frozenset({Role.AID_LAWYER}) | OFFICE, "记录办理进展")
    if not content.strip():
        raise DomainError("请填写办理进展。")
    case_transition(
        reference=case.reference,
        action=Action.NOTE,
        actor=actor,
        reason=content.strip(),
        payload={"kind": "progress"},
    )
    from fawang.legal_aid.models import ProgressNote

    ProgressNote.objects.create(
        application=application,
        author=actor,
        at=clock.now(),
        content=content.strip(),
        reported_to_recipient=reported_to_recipient,
    )


@transaction.atomic
def aid_start(*, actor: User, application: LegalAidApplication) -> None:
    case_transition(
        reference=application.case.reference,
        action=Action.START,
        actor=actor,
        expected_status=Status.ASSIGNED,
    )


@transaction.atomic
def aid_closing_submit(
    *,
    actor: User,
    application: LegalAidApplication,
    report: str,
    result: str,
    matter_ended_on: date,
    files: Sequence[UploadedFile[Any]],
) -> Closing:
    """结案 (C13, Art.50): document copies plus the handling report, then the case is resolved."""
    case = application.case
    _require(actor, case, frozenset({Role.AID_LAWYER}) | OFFICE, "提交结案材料")
    if not report.strip() or not result.strip():
        raise DomainError("请填写办理情况报告和案件结果。")
    if not files:
        raise DomainError("请上传法律文书副本或复印件（法律援助法第五十条）。")
    if matter_ended_on > clock.local_today():
        raise DomainError("办理结束日期不能晚于今天。")
    if any((f.size or 0) > MAX_FILE for f in files):
        raise DomainError("单个文件不能超过20MB。")
    if hasattr(application, "closing"):
        raise DomainError("结案材料已提交。")
    if case.status == Status.ASSIGNED:
        aid_start(actor=actor, application=application)
    closing = Closing.objects.create(
        application=application,
        report=report.strip(),
        result=result.strip()[:200],
        matter_ended_on=matter_ended_on,
        submitted_by=actor,
        submitted_at=clock.now(),
    )
    for upload in files:
        attachment = Attachment.objects.create(
            case=case,
            file=upload,
            name=(upload.name or "文书")[:200],
            content_type=(upload.content_type or "application/octet-stream")[:100],
            size=upload.size or 0,
            uploaded_by=actor,
        )
        closing.documents.add(attachment)
    case_transition(
        reference=case.reference, action=Action.RESOLVE, actor=actor, reason=f"结案：{result.strip()}"
    )
    return closing


@transaction.atomic
def aid_archive(*, actor: User, application: LegalAidApplication) -> None:
    """归档 after the reviewer checked the closing file (I3)."""
    case_transition(
        reference=application.case.reference,
        action=Action.CLOSE,
        actor=actor,
        reason="结案材料审查完毕，归档",
        expected_status=Status.RESOLVED,
    )


# --- recipients and quality (C14, K8) ---------------------------------------------------------------------------


@transaction.atomic
def aid_feedback_submit(
    *, actor: User, application: LegalAidApplication, kind: str, content: str
) -> Feedback:
    """The recipient (or staff on their behalf) gives feedback, complains or asks for a new lawyer (C14)."""
    case = application.case
    if not _roles(actor, case) & (INTAKE | {Role.CITIZEN}):
        raise PermissionDeniedError("您无权提交该反馈。")
    if kind not in FeedbackKind.values:
        raise DomainError("未知的反馈类型。")
    if not content.strip():
        raise DomainError("请填写内容。")
    feedback = Feedback.objects.create(
        application=application,
        kind=kind,
        content=content.strip(),
        submitted_by=actor,
        submitted_at=clock.now(),
    )
    _audit(actor, application, f"受援人反馈：{FeedbackKind(kind).label}")
    return feedback


@transaction.atomic
def aid_feedback_handle(*, actor: User, feedback: Feedback, outcome: str) -> Feedback:
    """Record the outcome and send it to the complainant (Art.56)."""
    application = feedback.application
    _require(actor, application.case, OFFICE | {Role.SUPERVISOR}, "处理反馈")
    if feedback.handled_at is not None:
        raise DomainError("该反馈已处理。")
    if not outcome.strip():
        raise DomainError("请填写处理结果。")
    feedback.outcome = outcome.strip()
    feedback.handled_by = actor
    feedback.handled_at = clock.now()
    feedback.save(update_fields=["outcome", "handled_by", "handled_at", "updated_at"])
    recipients = [u for u in (application.case.requester_user, feedback.submitted_by) if u is not None]
    notification_send(
        recipients=list({u.pk: u for u in recipients}.values()),
        case=application.case,
        kind="legal_aid_feedback",
        message=notification_text_for(  # M14: a flagged aided person is told only that there is a message
            person=application.case.requester,
            message=f"您对法律援助事项（{application.case.reference}）的{feedback.get_kind_display()}已处理：{feedback.outcome}",
        ),
        key=f"legal_aid_feedback:{feedback.pk}",
    )
    _audit(actor, application, "处理受援人反馈")
    return feedback


@transaction.atomic
def aid_quality_check_record(
    *, actor: User, application: LegalAidApplication, method: str, grade: str, findings: str
) -> QualityCheck:
    """K8, Art.59: hearing observation, file inspection, judicial opinion or recipient callback."""
    _require(actor, application.case, QUALITY, "记录质量检查")
    if method not in QualityMethod.values or grade not in QualityGrade.values:
        raise DomainError("请选择检查方式和评定结果。")
    if not findings.strip():
        raise DomainError("请填写检查意见。")
    check = QualityCheck.objects.create(
        application=application,
        method=method,
        grade=grade,
        findings=findings.strip(),
        checked_by=actor,
        checked_at=clock.now(),
    )
    _audit(actor, application, f"质量检查：{QualityMethod(method).label}")
    return check


@transaction.atomic
def aid_policy_set(
    *,
    actor: User,
    region: Region,
    effective_from: date,
    source: str,
    objection_window_days: int | None = None,
    closing_filing_days: int | None = None,
    progress_interval_days: int | None = None,
    recusal_working_days: int | None = None,
) -> AidPolicy:
    """Local figures without a national value (C11 window, C13, C21 recusal, C23), with their source."""
    from fawang.accounts.selectors import user_roles
    from fawang.legal_aid.selectors import admin_region_prefixes

    if Role.ADMIN not in user_roles(user=actor):
        raise PermissionDeniedError("只有系统管理员可以设置法律援助地方配置。")
    if not any(region.code.startswith(p) for p in admin_region_prefixes(user=actor)):
        raise PermissionDeniedError("只能设置本辖区的法律援助地方配置。")
    if not source.strip():
        raise DomainError("请写明依据（地方性法规或规范性文件）。")
    policy, _ = AidPolicy.objects.update_or_create(
        region=region,
        effective_from=effective_from,
        defaults={
            "objection_window_days": objection_window_days,
            "closing_filing_days": closing_filing_days,
            "progress_interval_days": progress_interval_days,
            "recusal_working_days": recusal_working_days,
            "source": source.strip(),
            "created_by": actor,
        },
    )
    audit_record(
        actor=actor, action=AuditAction.UPDATE, object_type="legal_aid.AidPolicy", object_id=policy.pk
    )
    return policy


def labels_for(application: LegalAidApplication) -> dict[str, list[str]]:
    return {
        "grounds": [GROUND_LABELS.get(g, g) for g in application.grounds],
        "groups": [GROUP_LABELS.get(g, g) for g in application.applicant_groups],
    }


UNKNOWN_FACT = UNKNOWN
