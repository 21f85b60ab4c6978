"""Writes of the knowledge base: FAQ items (J8), the hand-off of a smart consultation to a human (J5) and the
written consultation opinion drafted from its record (法律咨询意见书, J7)."""

from __future__ import annotations

import json
from datetime import date, datetime
from typing import Any

from django.db import IntegrityError, transaction

from fawang.accounts.models import User
from fawang.accounts.roles import INTAKE_ROLES, Role
from fawang.accounts.selectors import user_is_staff_member, user_roles
from fawang.cases.models import Case
from fawang.cases.selectors import case_get_for_user, case_roles_for_user
from fawang.cases.services import case_create
from fawang.cases.states import Channel, ServiceType
from fawang.cases.workflow import STAFF_ACTORS
from fawang.core import clock
from fawang.core.audit import audit_record
from fawang.core.errors import ConflictError, DomainError, NotFoundError, PermissionDeniedError
from fawang.core.models import AuditAction
from fawang.directory.models import Practitioner
from fawang.knowledge.engine import CATEGORIES
from fawang.knowledge.models import (
    CitationState,
    ConsultationOpinion,
    ConsultationOpinionEvent,
    ConsultationRequest,
    FaqItem,
    OpinionStatus,
)
from fawang.knowledge.opinions import (
    EDITABLE,
    OPINION_TRANSITIONS,
    OpinionAction,
    OpinionActor,
    OpinionTransition,
)
from fawang.knowledge.opinions import NOTICE as OPINION_NOTICE
from fawang.knowledge.selectors import (
    consultation_answer_latest,
    consultation_request_for_case,
    faq_can_edit,
    opinion_approval_refusal,
    opinion_is_staff,
    opinion_person_name,
)
from fawang.notifications.services import notification_send, notification_text_for
from fawang.people.models import Person
from fawang.regions.models import Region
from fawang.statutes.services import CitationStatus, citation_check
from fawang.triage.engine import ServiceCode
from fawang.triage.services import triage_record_attach

MAX_QUESTION_CHARS = 2000
MAX_SHOWN_BYTES = 64 * 1024
CITIZEN_CHANNELS = frozenset({Channel.WEB, Channel.APP})
STAFF_CHANNELS = frozenset({Channel.HOTLINE, Channel.WINDOW, Channel.VISIT, Channel.WEB})


# --- FAQ (J8) -----------------------------------------------------------------------------------------------


def _citations_of(answer: str) -> tuple[str, list[dict[str, Any]]]:
    results = citation_check(text=answer)
    rows = [
        {
            "raw": r.raw,
            "law_title": r.law_title,
            "article_label": r.article_label,
            "status": r.status,
            "status_label": r.status_label,
            "url": r.url,
        }
        for r in results
    ]
    if not rows:
        return CitationState.NONE, rows
    flagged = any(r.status != CitationStatus.OK for r in results)
    return (CitationState.FLAGGED if flagged else CitationState.OK), rows


def _faq_validate(
    *, question: str, answer: str, category: str, effective_from: date, effective_to: date | None
) -> None:
    if not question.strip():
        raise DomainError("请填写问题。")
    if len(question) > 300:
        raise DomainError("问题最多 300 字。")
    if not answer.strip():
        raise DomainError("请填写解答。")
    if category not in CATEGORIES:
        raise DomainError(f"未知的纠纷类别：{category}。")
    if effective_to is not None and effective_to < effective_from:
        raise DomainError("失效日期不能早于生效日期。")


def _require_editor(actor: User) -> None:
    if not faq_can_edit(user=actor):
        raise PermissionDeniedError("只有系统管理员和法律援助审查员可以编辑常见问题。")


@transaction.atomic
def faq_create(
    *,
    actor: User,
    question: str,
    answer: str,
    category: str,
    owner: User,
    review_due: date,
    effective_from: date,
    effective_to: date | None = None,
    keywords: str = "",
) -> FaqItem:
    """Add a curated Q&A. Its citations are checked now; unknown or repealed ones flag the item (J8)."""
    _require_editor(actor)
    _faq_validate(
        question=question,
        answer=answer,
        category=category,
        effective_from=effective_from,
        effective_to=effective_to,
    )
    state, rows = _citations_of(answer)
    item = FaqItem.objects.create(
        question=question.strip(),
        answer=answer.strip(),
        keywords=keywords.strip()[:300],
        category=category,
        owner=owner,
        review_due=review_due,
        effective_from=effective_from,
        effective_to=effective_to,
        citation_state=state,
        citations=rows,
        citations_checked_at=clock.now(),
        updated_by=actor,
    )
    audit_record(
        actor=actor,
        action=AuditAction.CREATE,
        object_type="knowledge.FaqItem",
        object_id=item.pk,
        summary=item.question,
    )
    return item


@transaction.atomic
def faq_update(
    *,
    actor: User,
    faq: FaqItem,
    question: str,
    answer: str,
    category: str,
    owner: User,
    review_due: date,
    effective_from: date,
    effective_to: date | None = None,
    keywords: str = "",
) -> FaqItem:
    _require_editor(actor)
    _faq_validate(
        question=question,
        answer=answer,
        category=category,
        effective_from=effective_from,
        effective_to=effective_to,
    )
    state, rows = _citations_of(answer)
    faq.question = question.strip()
    faq.answer = answer.strip()
    faq.keywords = keywords.strip()[:300]
    faq.category = category
    faq.owner = owner
    faq.review_due = review_due
    faq.effective_from = effective_from
    faq.effective_to = effective_to
    faq.citation_state = state
    faq.citations = rows
    faq.citations_checked_at = clock.now()
    faq.updated_by = actor
    faq.save()
    audit_record(
        actor=actor,
        action=AuditAction.UPDATE,
        object_type="knowledge.FaqItem",
        object_id=faq.pk,
        summary=faq.question,
    )
    return faq


@transaction.atomic
def faq_archive(*, actor: User, faq: FaqItem, archived: bool = True) -> FaqItem:
    """Withdraw an item from answers (or bring it back). Items are archived, never deleted (STYLE §16)."""
    _require_editor(actor)
    if faq.archived == archived:
        return faq
    faq.archived = archived
    faq.updated_by = actor
    faq.save(update_fields=["archived", "updated_by", "updated_at"])
    audit_record(
        actor=actor,
        action=AuditAction.UPDATE,
        object_type="knowledge.FaqItem",
        object_id=faq.pk,
        summary="停用" if archived else "恢复",
    )
    return faq


def faq_citations_recheck(*, actor: User) -> int:
    """Re-check every item's citations against the current corpus (after a statute import). Returns the number
    of items whose state changed. Content is not touched, so `updated_at` is not bumped."""
    changed = 0
    for item in FaqItem.objects.order_by("pk"):
        state, rows = _citations_of(item.answer)
        if state != item.citation_state or rows != item.citations:
            FaqItem.objects.filter(pk=item.pk).update(
                citation_state=state, citations=rows, citations_checked_at=clock.now()
            )
            changed += 1
    if changed:
        audit_record(
            actor=actor,
            action=AuditAction.UPDATE,
            object_type="knowledge.FaqItem",
            summary=f"引用复核：{changed} 条状态变化",
        )
    return changed


# --- smart consultation → a 工单 for a human answer (J5) ------------------------------------------------------


def _check_requester(
    *, actor: User, channel: str, requester: Person | None, requester_user: User | None
) -> User | None:
    """Citizens ask for themselves online; front-desk staff may ask on someone's behalf from any desk; a registered
    kiosk asks for the person at its screen, who has no account (G10)."""
    if channel == Channel.KIOSK:
        from fawang.kiosk.selectors import kiosk_account_is_active

        if not kiosk_account_is_active(user=actor):
            raise PermissionDeniedError("只有已登记并启用的自助终端可以通过自助终端渠道提交。")
        return None
    if user_is_staff_member(user=actor):
        if not user_roles(user=actor) & INTAKE_ROLES:
            raise PermissionDeniedError("您的岗位不能代为提交咨询工单。")
        if channel not in STAFF_CHANNELS:
            raise DomainError(f"不支持的受理渠道：{channel}。")
        return requester_user
    if channel not in CITIZEN_CHANNELS:
        raise DomainError(f"不支持的受理渠道：{channel}。")
    if requester_user is not None and requester_user.pk != actor.pk:
        raise PermissionDeniedError("只能为本人提交咨询。")
    if requester is not None and requester.user_id not in (None, actor.pk):
        raise PermissionDeniedError("只能为本人提交咨询。")
    return actor


def _clean_shown(shown: object) -> dict[str, Any]:
    if not isinstance(shown, dict):
        raise DomainError("展示内容格式不正确。")
    try:
        encoded = json.dumps(shown, ensure_ascii=False)
    except (TypeError, ValueError) as exc:
        raise DomainError("展示内容格式不正确。") from exc
    if len(encoded.encode("utf-8")) > MAX_SHOWN_BYTES:
        raise DomainError("展示内容过大。")
    cleaned: dict[str, Any] = json.loads(encoded)
    return cleaned


def consultation_request_human(
    *,
    actor: User,
    question: str,
    shown: dict[str, Any],
    region: Region,
    channel: str,
    requester: Person | None = None,
    requester_user: User | None = None,
    idempotency_key: str | None = None,
    language: str = "",
    triage: str = "",
) -> ConsultationRequest:
    """Turn a smart consultation into a consultation 工单 for a human answer, keeping the question and exactly
    what the assistant showed (J5), in the asker's `language` (A12). Repeating the same idempotency key returns
    the first request.

    `triage` is the service guide's `<tree_id>:<version>:<path>` when the asker came from /guide/ (X5): recorded
    on the case if it names a real end node recommending consultation, else logged and ignored."""
    question = question.strip() if isinstance(question, str) else ""
    if not question:
        raise DomainError("请填写咨询问题。")
    if len(question) > MAX_QUESTION_CHARS:
        raise DomainError(f"咨询问题过长，请控制在 {MAX_QUESTION_CHARS} 字以内。")
    if not actor.is_authenticated:
        raise PermissionDeniedError("请先登录。")
    requester_user = _check_requester(
        actor=actor, channel=channel, requester=requester, requester_user=requester_user
    )
    payload = _clean_shown(shown)
    category = str(payload.get("category", ""))
    if category not in CATEGORIES:
        category = ""
    with transaction.atomic():
        case: Case = case_create(
            actor=actor,
            service_type=ServiceType.CONSULTATION,
            channel=channel,
            title=f"智能咨询转人工：{question[:60]}",
            description=question,
            region=region,
            requester=requester,
            requester_user=requester_user,
            category=category,
            idempotency_key=idempotency_key,
            language=language,
        )
        request, _created = ConsultationRequest.objects.get_or_create(
            case=case,
            defaults={"question": question, "category": category, "shown": payload, "created_by": actor},
        )
        triage_record_attach(actor=actor, case=case, ref=triage, service=ServiceCode.CONSULTATION)
    return request


# --- written consultation opinions (法律咨询意见书, J7) ----------------------------------------------------------

MAX_OPINION_CHARS = 20_000
OPINION_OBJECT = "knowledge.ConsultationOpinion"
_OPINION_FIELDS = ("question", "facts", "answer", "advice")


def _opinion_citations(*texts: str) -> list[dict[str, Any]]:
    """The articles cited in the answer and the advice, resolved and checked by the citation service (J8)."""
    _state, rows = _citations_of("\n".join(t for t in texts if t))
    return rows


def _opinion_flagged(citations: list[dict[str, Any]]) -> list[dict[str, Any]]:
    return [c for c in citations if c.get("status") != CitationStatus.OK]


def _opinion_event(
    opinion: ConsultationOpinion,
    *,
    actor: User,
    action: str,
    from_status: str,
    reason: str = "",
    context: dict[str, Any] | None = None,
) -> None:
    ConsultationOpinionEvent.objects.create(
        opinion=opinion,
        at=clock.now(),
        actor=actor,
        action=action,
        from_status=from_status,
        to_status=opinion.status,
        reason=reason,
        context=context or {},
    )


def _opinion_locked(*, actor: User, opinion_id: int) -> tuple[ConsultationOpinion, frozenset[Role]]:
    """Lock the row and load the case; 404 when the actor may not know the opinion exists."""
    opinion = (
        ConsultationOpinion.objects.select_for_update(of=("self",))
        .select_related("case__region", "case__requester", "case__handler_practitioner")
        .filter(pk=opinion_id)
        .first()
    )
    if opinion is None:
        raise NotFoundError()
    roles = case_roles_for_user(user=actor, case=opinion.case)
    if not roles:
        raise NotFoundError()
    if not opinion_is_staff(roles) and opinion.status != OpinionStatus.RELEASED:
        raise NotFoundError()
    return opinion, roles


def _require_handler(roles: frozenset[Role], doing: str) -> None:
    if not roles & STAFF_ACTORS:
        raise PermissionDeniedError(f"只有承办该工单的工作人员可以{doing}法律咨询意见书。")


def _opinion_clean(*, question: str, facts: str, answer: str, advice: str) -> dict[str, str]:
    values = {"question": question, "facts": facts, "answer": answer, "advice": advice}
    cleaned = {k: (v if isinstance(v, str) else "").strip() for k, v in values.items()}
    if not cleaned["question"]:
        raise DomainError("请填写咨询问题。")
    if not cleaned["answer"]:
        raise DomainError("请填写答复意见。")
    for key, label in (
        ("question", "咨询问题"),
        ("facts", "事实"),
        ("answer", "答复意见"),
        ("advice", "建议"),
    ):
        if len(cleaned[key]) > MAX_OPINION_CHARS:
            raise DomainError(f"{label}过长，请控制在 {MAX_OPINION_CHARS} 字以内。")
    return cleaned


def _institution_name(opinion: ConsultationOpinion) -> str:
    practitioner = (
        Practitioner.objects.filter(user_id=opinion.answerer_id).select_related("institution").first()
    )
    if practitioner is not None:
        return practitioner.institution.name
    case = opinion.case
    unit = case.handler_institution or case.handler_site
    return unit.name if unit is not None else f"{case.region.name}公共法律服务机构"


def _opinion_snapshot(opinion: ConsultationOpinion, approver: User, at: datetime) -> dict[str, Any]:
    """The approved text, frozen: what is released and what the PDF prints (it never reads the live fields)."""
    practitioner = Practitioner.objects.filter(user=approver).first()
    return {
        "title": "法律咨询意见书",
        "number": opinion.number,
        "version": opinion.version,
        "reference": opinion.case.reference,
        "institution": _institution_name(opinion),
        "question": opinion.question,
        "facts": opinion.facts,
        "answer": opinion.answer,
        "advice": opinion.advice,
        "notice": opinion.notice,
        "citations": opinion.citations,
        "answerer": opinion_person_name(opinion.answerer),
        "approver": practitioner.name if practitioner is not None else str(approver),
        "approver_licence": practitioner.licence_number if practitioner is not None else "",
        "approved_at": at.isoformat(),
    }


@transaction.atomic
def consultation_opinion_draft(*, actor: User, reference: str) -> ConsultationOpinion:
    """Draft the next version of the opinion from the record (J7): the question, the facts as stated, the answer
    recorded on the case and the statute articles it cites. A redraft keeps the advice of the last release."""
    case = case_get_for_user(user=actor, reference=reference, for_write=True, audit=False)
    roles = case_roles_for_user(user=actor, case=case)
    _require_handler(roles, "起草")
    if case.service_type != ServiceType.CONSULTATION:
        raise DomainError("只有法律咨询工单可以制作法律咨询意见书。")
    answered = consultation_answer_latest(case=case)
    if answered is None or not answered.reason.strip():
        raise DomainError("该咨询尚未答复：请先在“办理”中填写答复，再起草意见书。")
    versions = list(ConsultationOpinion.objects.filter(case=case).order_by("-version"))
    open_one = next((o for o in versions if o.status != OpinionStatus.RELEASED), None)
    if open_one is not None:
        raise DomainError(f"该工单已有未发布的意见书（第{open_one.version}版），请在该稿上修改。")
    version = versions[0].version + 1 if versions else 1
    request = consultation_request_for_case(case_id=case.pk)
    question = request.question if request is not None else case.title
    facts = "" if case.description.strip() == question.strip() else case.description
    advice = str(versions[0].snapshot.get("advice", "")) if versions else ""
    opinion = ConsultationOpinion(
        case=case,
        version=version,
        number=f"{case.reference}-YJ{version}",
        status=OpinionStatus.DRAFT,
        question=question,
        facts=facts,
        answer=answered.reason.strip(),
        advice=advice,
        notice=OPINION_NOTICE,
        citations=_opinion_citations(answered.reason, advice),
        answerer=answered.actor,
        drafted_by=actor,
        updated_by=actor,
    )
    try:
        with transaction.atomic():  # a concurrent draft of the same case loses on the one-open constraint
            opinion.save()
    except IntegrityError as exc:
        raise ConflictError("该工单的意见书刚被他人起草，请刷新后修改。") from exc
    _opinion_event(
        opinion, actor=actor, action=OpinionAction.DRAFT, from_status="", context={"version": version}
    )
    audit_record(actor=actor, action=AuditAction.CREATE, object_type=OPINION_OBJECT, object_id=opinion.number)
    return opinion


@transaction.atomic
def consultation_opinion_edit(
    *, actor: User, opinion_id: int, question: str, facts: str, answer: str, advice: str
) -> ConsultationOpinion:
    """Change the text of a draft (or of a returned one) and re-check its citations; no change, no event."""
    opinion, roles = _opinion_locked(actor=actor, opinion_id=opinion_id)
    _require_handler(roles, "修改")
    if opinion.status not in EDITABLE:
        raise DomainError(
            f"意见书{opinion.get_status_display()}，不能再修改；如需更正，请在发布后起草新版本。"
        )
    cleaned = _opinion_clean(question=question, facts=facts, answer=answer, advice=advice)
    changed = [name for name in _OPINION_FIELDS if getattr(opinion, name) != cleaned[name]]
    if not changed:
        return opinion
    for name in changed:
        setattr(opinion, name, cleaned[name])
    opinion.citations = _opinion_citations(opinion.answer, opinion.advice)
    opinion.updated_by = actor
    if not ConsultationOpinion.objects.filter(pk=opinion.pk, status=opinion.status).exists():
        raise ConflictError("意见书状态刚被他人改变，请刷新后重试。")
    opinion.save(update_fields=[*changed, "citations", "updated_by", "updated_at"])
    _opinion_event(
        opinion,
        actor=actor,
        action=OpinionAction.EDIT,
        from_status=opinion.status,
        context={"fields": changed},
    )
    audit_record(
        actor=actor,
        action=AuditAction.UPDATE,
        object_type=OPINION_OBJECT,
        object_id=opinion.number,
        summary="、".join(changed),
    )
    return opinion


def _check_actor(
    transition: OpinionTransition, *, actor: User, opinion: ConsultationOpinion, roles: frozenset[Role]
) -> None:
    if transition.actor is OpinionActor.HANDLER:
        _require_handler(roles, str(transition.label))
        return
    refusal = opinion_approval_refusal(user=actor, opinion=opinion, roles=roles)
    if refusal:
        raise PermissionDeniedError(refusal)


def _approve(opinion: ConsultationOpinion, actor: User, confirm_flagged: bool) -> list[str]:
    """Re-check the citations against today's corpus; flagged ones need the approver's explicit confirmation."""
    opinion.citations = _opinion_citations(opinion.answer, opinion.advice)
    flagged = _opinion_flagged(opinion.citations)
    if flagged and not confirm_flagged:
        listed = "；".join(f"{c['raw']}（{c['status_label']}）" for c in flagged)
        raise DomainError(f"以下引用需复核：{listed}。请修改，或核对后勾选“已核对引用”再审批。")
    now = clock.now()
    opinion.approved_by = actor
    opinion.approved_at = now
    opinion.snapshot = _opinion_snapshot(opinion, actor, now)
    return ["citations", "approved_by", "approved_at", "snapshot"]


def _notify_release(opinion: ConsultationOpinion) -> None:
    case = opinion.case
    user = case.requester_user or (case.requester.user if case.requester is not None else None)
    if user is None:
        return
    notification_send(
        recipients=[user],
        case=case,
        kind="progress",
        message=notification_text_for(  # M14
            person=case.requester,
            message=f"您的事项 {case.reference} 的法律咨询意见书（第{opinion.version}版）已发布，请到“我的事项”查看。",
        ),
        key=f"opinion:{opinion.number}",
    )


@transaction.atomic
def consultation_opinion_transition(
    *, actor: User, opinion_id: int, action: str, reason: str = "", confirm_flagged: bool = False
) -> ConsultationOpinion:
    """Run one step of the table in opinions.py: lock, check state and actor, write one event, update (J7)."""
    opinion, roles = _opinion_locked(actor=actor, opinion_id=opinion_id)
    transition = OPINION_TRANSITIONS.get(action)  # type: ignore[call-overload]  # a str key of a StrEnum table
    if transition is None:
        raise DomainError(f"意见书没有“{action}”这一步骤。")
    if opinion.status not in transition.sources:
        raise DomainError(f"意见书当前为“{opinion.get_status_display()}”，不能{transition.label}。")
    _check_actor(transition, actor=actor, opinion=opinion, roles=roles)
    reason = reason.strip() if isinstance(reason, str) else ""
    if transition.needs_reason and not reason:
        raise DomainError(f"“{transition.label}”须写明理由。")
    fields: list[str] = []
    if transition.action is OpinionAction.SUBMIT:
        opinion.citations = _opinion_citations(opinion.answer, opinion.advice)
        fields.append("citations")
    elif transition.action is OpinionAction.APPROVE:
        fields += _approve(opinion, actor, confirm_flagged)
    elif transition.action is OpinionAction.RELEASE:
        opinion.released_at = clock.now()
        fields.append("released_at")
    from_status = opinion.status
    opinion.status = transition.target
    # The conditional update keeps two reviewers from both moving the opinion (SQLite has no row locks).
    if not ConsultationOpinion.objects.filter(pk=opinion.pk, status=from_status).update(
        status=opinion.status
    ):
        raise ConflictError("意见书状态刚被他人改变，请刷新后重试。")
    opinion.save(update_fields=[*fields, "updated_at"])
    context = {"flagged": len(_opinion_flagged(opinion.citations))}
    _opinion_event(
        opinion,
        actor=actor,
        action=transition.action,
        from_status=from_status,
        reason=reason,
        context=context,
    )
    audit_record(
        actor=actor,
        action=AuditAction.TRANSITION,
        object_type=OPINION_OBJECT,
        object_id=opinion.number,
        summary=f"{from_status}->{opinion.status} ({transition.action})",
    )
    if transition.action is OpinionAction.RELEASE:
        _notify_release(opinion)
    return opinion


def consultation_opinion_submit(*, actor: User, opinion_id: int) -> ConsultationOpinion:
    return consultation_opinion_transition(actor=actor, opinion_id=opinion_id, action=OpinionAction.SUBMIT)


def consultation_opinion_approve(
    *, actor: User, opinion_id: int, confirm_flagged: bool = False
) -> ConsultationOpinion:
    return consultation_opinion_transition(
        actor=actor, opinion_id=opinion_id, action=OpinionAction.APPROVE, confirm_flagged=confirm_flagged
    )


def consultation_opinion_return(*, actor: User, opinion_id: int, reason: str) -> ConsultationOpinion:
    return consultation_opinion_transition(
        actor=actor, opinion_id=opinion_id, action=OpinionAction.RETURN, reason=reason
    )


def consultation_opinion_release(*, actor: User, opinion_id: int) -> ConsultationOpinion:
    return consultation_opinion_transition(actor=actor, opinion_id=opinion_id, action=OpinionAction.RELEASE)
