"""Writes of the knowledge base: FAQ items (J8) and the hand-off of a smart consultation to a human (J5)."""

from __future__ import annotations

import json
from datetime import date
from typing import Any

from django.db import transaction

from fawang.accounts.models import User
from fawang.accounts.roles import INTAKE_ROLES
from fawang.accounts.selectors import user_is_staff_member, user_roles
from fawang.cases.models import Case
from fawang.cases.services import case_create
from fawang.cases.states import Channel, ServiceType
from fawang.core import clock
from fawang.core.audit import audit_record
from fawang.core.errors import DomainError, PermissionDeniedError
from fawang.core.models import AuditAction
from fawang.knowledge.engine import CATEGORIES
from fawang.knowledge.models import CitationState, ConsultationRequest, FaqItem
from fawang.knowledge.selectors import faq_can_edit
from fawang.people.models import Person
from fawang.regions.models import Region
from fawang.statutes.services import CitationStatus, citation_check

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
    """Citizens ask for themselves online; front-desk staff may ask on someone's behalf from any desk."""
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
) -> ConsultationRequest:
    """Turn a smart consultation into a consultation 工单 for a human answer, keeping the question and exactly
    what the assistant showed (J5). Repeating the same idempotency key returns the first request."""
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
        )
        request, _created = ConsultationRequest.objects.get_or_create(
            case=case,
            defaults={"question": question, "category": category, "shown": payload, "created_by": actor},
        )
    return request
