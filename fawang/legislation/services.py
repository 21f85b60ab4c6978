"""Writes for public comment on drafts (Q1–Q6; STYLE §2, §4). Every service names its actor and is atomic.

`draft_transition` is the only writer of `Draft.status`: it checks the table in `workflow.py`, updates the row
conditionally on the expected status (SQLite ignores row locks) and appends one `DraftEvent`.
A comment from the public portal has `actor=None` only when it is submitted without signing in, which the draft
must allow (Q2); every staff write has a signed-in actor.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, datetime
from typing import Any

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import translation

from fawang.accounts.models import User
from fawang.core import clock
from fawang.core.audit import audit_record
from fawang.core.clock import to_local
from fawang.core.errors import ConflictError, DomainError, NotFoundError, PermissionDeniedError
from fawang.core.models import AuditAction
from fawang.legislation.models import (
    AccessibilityInvitation,
    CollectionMethod,
    Comment,
    CommentAttachment,
    CommentReferenceCounter,
    CommentSource,
    ContactPoint,
    Draft,
    DraftArticle,
    DraftEvent,
    DraftKind,
    DraftStatus,
    Handling,
    Hearing,
    IdentityMode,
    InvitationMethod,
    Phase,
    RepresentativeKind,
)
from fawang.legislation.rules import (
    COMMENT_MAX_ATTACHMENTS,
    COMMENT_MAX_CHARS,
    COMMENT_PERIOD_MIN_DAYS,
    HEARING_NOTICE_MIN_DAYS,
    articles_split,
    comment_period_days,
    hearing_notice_days,
)
from fawang.legislation.selectors import (
    EDITORS,
    contact_point_get_for_user,
    draft_get_for_user,
    draft_get_public,
    legislation_prefixes,
)
from fawang.legislation.workflow import ACTION_LABELS, TRANSITIONS, Action, Facts
from fawang.people.idcard import id_number_parse
from fawang.regions.models import Region
from fawang.security.uploads import UploadedFileLike, UploadInfo, upload_validate

ATTACHMENT_TYPES = frozenset({"pdf", "doc", "docx", "jpg", "jpeg", "png"})


def _require_editor_of(actor: User, region: Region) -> None:
    if not any(region.code.startswith(p) for p in legislation_prefixes(user=actor, roles=EDITORS)):
        raise PermissionDeniedError("您无权在该地区起草或管理征求意见稿。")


def _check_period(opens_on: date, closes_on: date) -> None:
    if closes_on < opens_on:
        raise DomainError("征求意见截止日期不能早于开始日期。")
    days = comment_period_days(opens_on, closes_on)
    if days < COMMENT_PERIOD_MIN_DAYS:
        raise DomainError(
            f"征求意见期限为{days}日，不得少于{COMMENT_PERIOD_MIN_DAYS}日"
            "（《立法法》第四十条、《规章制定程序条例》第十五条）。"
        )


def _clean_draft_fields(
    *, title: str, drafting_body: str, explanation: str, full_text: str, kind: str, identity_mode: str
) -> dict[str, str]:
    values = {
        "title": title.strip(),
        "drafting_body": drafting_body.strip(),
        "explanation": explanation.strip(),
        "full_text": full_text.strip(),
    }
    missing = [
        label
        for key, label in (
            ("title", "标题"),
            ("drafting_body", "起草单位"),
            ("explanation", "起草说明"),
            ("full_text", "全文"),
        )
        if not values[key]
    ]
    if missing:
        raise DomainError(f"请填写{'、'.join(missing)}。")
    if kind not in DraftKind.values:
        raise DomainError("类别只能是规章或行政规范性文件。")
    if identity_mode not in IdentityMode.values:
        raise DomainError("请选择意见人须实名还是可以匿名。")
    return values


def _write_articles(draft: Draft) -> None:
    DraftArticle.objects.filter(draft=draft).delete()
    DraftArticle.objects.bulk_create(
        DraftArticle(draft=draft, position=i, label=a.label, text=a.text)
        for i, a in enumerate(articles_split(draft.full_text), start=1)
    )


def _event(
    draft: Draft,
    *,
    actor: User,
    action: str,
    from_status: str,
    to_status: str,
    reason: str = "",
    context: dict[str, Any] | None = None,
) -> DraftEvent:
    return DraftEvent.objects.create(
        draft=draft,
        at=clock.now(),
        actor=actor,
        action=action,
        from_status=from_status,
        to_status=to_status,
        reason=reason,
        context=context or {},
    )


@transaction.atomic
def draft_create(
    *,
    actor: User,
    region: Region,
    kind: str,
    title: str,
    drafting_body: str,
    explanation: str,
    full_text: str,
    opens_on: date,
    closes_on: date,
    identity_mode: str,
    concerns_accessibility: bool,
) -> Draft:
    """Q1: a draft is written with its explanation, full text (split into articles) and comment period."""
    _require_editor_of(actor, region)
    values = _clean_draft_fields(
        title=title,
        drafting_body=drafting_body,
        explanation=explanation,
        full_text=full_text,
        kind=kind,
        identity_mode=identity_mode,
    )
    _check_period(opens_on, closes_on)
    draft = Draft.objects.create(
        region=region,
        kind=kind,
        opens_on=opens_on,
        closes_on=closes_on,
        identity_mode=identity_mode,
        concerns_accessibility=concerns_accessibility,
        created_by=actor,
        **values,
    )
    _write_articles(draft)
    _event(draft, actor=actor, action="create", from_status="", to_status=DraftStatus.DRAFT)
    audit_record(actor=actor, action=AuditAction.CREATE, object_type="legislation.Draft", object_id=draft.pk)
    return draft


@transaction.atomic
def draft_update(
    *,
    actor: User,
    draft_id: int,
    kind: str,
    title: str,
    drafting_body: str,
    explanation: str,
    full_text: str,
    opens_on: date,
    closes_on: date,
    identity_mode: str,
    concerns_accessibility: bool,
) -> Draft:
    """Edit a draft before publication; a published text is never changed under the commenters (Q1)."""
    draft = draft_get_for_user(user=actor, draft_id=draft_id, for_write=True)
    if draft.status != DraftStatus.DRAFT:
        raise DomainError("已发布的征求意见稿不能修改；如需修改，请撤回后重新起草。")
    values: dict[str, Any] = _clean_draft_fields(
        title=title,
        drafting_body=drafting_body,
        explanation=explanation,
        full_text=full_text,
        kind=kind,
        identity_mode=identity_mode,
    )
    _check_period(opens_on, closes_on)
    values.update(
        kind=kind,
        opens_on=opens_on,
        closes_on=closes_on,
        identity_mode=identity_mode,
        concerns_accessibility=concerns_accessibility,
    )
    changed = [k for k, v in values.items() if getattr(draft, k) != v]
    if not changed:
        raise DomainError("没有任何修改。")
    for key in changed:
        setattr(draft, key, values[key])
    updated = Draft.objects.filter(pk=draft.pk, status=DraftStatus.DRAFT).update(
        **{k: values[k] for k in changed}, updated_at=clock.now()
    )
    if not updated:
        raise ConflictError("该征求意见稿状态已变化，请刷新后重试。")
    if "full_text" in changed:
        _write_articles(draft)
    audit_record(
        actor=actor,
        action=AuditAction.UPDATE,
        object_type="legislation.Draft",
        object_id=draft.pk,
        summary="修改：" + "、".join(changed),
    )
    return draft


def _facts(draft: Draft) -> Facts:
    return Facts(
        article_count=draft.articles.count(),
        invited_kinds=frozenset(draft.invitations.values_list("kind", flat=True)),
        pending_comments=draft.comments.filter(handling=Handling.PENDING).count(),
    )


@transaction.atomic
def draft_transition(*, actor: User, draft_id: int, action: str, reason: str = "") -> Draft:
    """Run one action of the declared table (Q1, Q3): check, conditionally update, append the event."""
    draft = draft_get_for_user(user=actor, draft_id=draft_id, for_write=True)
    try:
        transition = TRANSITIONS[Action(action)]
    except ValueError as exc:
        raise DomainError("未知的操作。") from exc
    with translation.override(settings.LANGUAGE_CODE):  # the audit record and these messages stay in Mandarin
        label = str(ACTION_LABELS[transition.action])
    if draft.status not in transition.sources:
        raise DomainError(f"当前状态为“{draft.get_status_display()}”，不能{label}。")
    if transition.needs_reason and not reason.strip():
        raise DomainError(f"{label}须说明理由。")
    today = clock.local_today()
    problems = [p for p in (guard(draft, _facts(draft), today) for guard in transition.guards) if p]
    if problems:
        raise DomainError(" ".join(problems))
    now = clock.now()
    changes: dict[str, Any] = {"status": transition.target, "updated_at": now}
    if transition.action is Action.PUBLISH:
        changes["published_at"] = now
    if transition.action is Action.PUBLISH_SUMMARY:
        changes["summary_published_at"] = now
    updated = Draft.objects.filter(pk=draft.pk, status=draft.status).update(**changes)
    if not updated:
        raise ConflictError("该征求意见稿状态已变化，请刷新后重试。")
    _event(
        draft,
        actor=actor,
        action=transition.action,
        from_status=draft.status,
        to_status=transition.target,
        reason=reason.strip(),
    )
    audit_record(
        actor=actor,
        action=AuditAction.TRANSITION,
        object_type="legislation.Draft",
        object_id=draft.pk,
        summary=f"{label}：{draft.status} → {transition.target}",
    )
    draft.refresh_from_db()
    return draft


@transaction.atomic
def draft_summary_publish(*, actor: User, draft_id: int, summary_text: str) -> Draft:
    """Q3: publish the summary (counts by handling, per article, by source, and this text) once every comment
    is handled. The text is saved in the same transaction, so a refusal leaves it unchanged."""
    draft = draft_get_for_user(user=actor, draft_id=draft_id, for_write=True)
    Draft.objects.filter(pk=draft.pk).update(summary_text=summary_text.strip())
    return draft_transition(actor=actor, draft_id=draft_id, action=Action.PUBLISH_SUMMARY)


def _reference_next(*, at: datetime) -> str:
    """LF + local date + per-day sequence, as 工单 references (A13): LF20261204-00001."""
    day = to_local(at).strftime("%Y%m%d")
    with transaction.atomic():
        if not CommentReferenceCounter.objects.filter(day=day).update(value=F("value") + 1):
            try:
                with transaction.atomic():
                    CommentReferenceCounter.objects.create(day=day, value=1)
            except IntegrityError:
                CommentReferenceCounter.objects.filter(day=day).update(value=F("value") + 1)
        value = CommentReferenceCounter.objects.values_list("value", flat=True).get(day=day)
    return f"LF{day}-{value:05d}"


def _check_body(body: str) -> str:
    text = body.strip()
    if not text:
        raise DomainError("请填写意见内容。")
    if len(text) > COMMENT_MAX_CHARS:
        raise DomainError(
            f"意见内容不能超过{COMMENT_MAX_CHARS}字（现为{len(text)}字），较长的材料请作为附件上传。"
        )
    return text


def _check_files(files: Sequence[UploadedFileLike]) -> list[UploadInfo]:
    if len(files) > COMMENT_MAX_ATTACHMENTS:
        raise DomainError(f"附件最多{COMMENT_MAX_ATTACHMENTS}个。")
    return [upload_validate(f, allowed=ATTACHMENT_TYPES) for f in files]


def _article(draft: Draft, article_id: int | None) -> DraftArticle | None:
    if article_id is None:
        return None
    article = draft.articles.filter(pk=article_id).first()
    if article is None:
        raise DomainError("所选条文不属于该征求意见稿。")
    return article


def _attach(comment: Comment, files: Sequence[Any], infos: list[UploadInfo]) -> None:
    for file, info in zip(files, infos, strict=True):
        file.seek(0)
        CommentAttachment.objects.create(
            comment=comment,
            file=file,
            original_name=info.name,
            content_type=info.mime,
            size=info.size,
            sha256=info.sha256,
        )


@transaction.atomic
def comment_submit(
    *,
    actor: User | None,
    draft_id: int,
    body: str,
    article_id: int | None = None,
    anonymous: bool = False,
    name: str = "",
    id_number: str = "",
    files: Sequence[Any] = (),
) -> Comment:
    """Q2: a comment from the portal, on the whole draft or one article, during the comment period.

    Real name: a signed-in account; the name given (or the account's), the account's phone and an optional ID
    number are stored encrypted. Anonymous (only where the draft allows it): nothing about the person is kept,
    not even the account."""
    draft = draft_get_public(draft_id=draft_id)
    phase = draft.phase_on(clock.local_today())
    if phase == Phase.UPCOMING:
        raise DomainError(f"征求意见从{draft.opens_on:%Y年%m月%d日}开始，现在还不能提交。")
    if phase != Phase.OPEN:
        raise DomainError(f"征求意见已于{draft.closes_on:%Y年%m月%d日}截止，不能再提交意见。")
    signed_in = actor is not None and actor.is_authenticated
    if anonymous and draft.identity_mode != IdentityMode.ANONYMOUS_ALLOWED:
        raise DomainError("本征求意见稿要求实名提出意见，不能匿名提交。")
    if not anonymous and not signed_in:
        raise PermissionDeniedError(
            "实名提出意见请先登录。"
            if draft.identity_mode == IdentityMode.REAL_NAME
            else "请先登录后实名提交，或选择匿名提交。"
        )
    text = _check_body(body)
    article = _article(draft, article_id)
    person: dict[str, str] = {"name": "", "phone": "", "id_number": ""}
    if not anonymous and actor is not None:
        person["name"] = (name.strip() or actor.display_name).strip()
        if not person["name"]:
            raise DomainError("实名提出意见请填写姓名。")
        if len(person["name"]) > 50:
            raise DomainError("姓名不能超过50字。")
        person["phone"] = actor.phone or ""
        if id_number.strip():
            person["id_number"] = id_number_parse(id_number).value
    infos = _check_files(files)
    now = clock.now()
    comment = Comment.objects.create(
        draft=draft,
        article=article,
        reference=_reference_next(at=now),
        body=text,
        source=CommentSource.ONLINE,
        anonymous=anonymous,
        user=None if anonymous else actor,
        **person,
    )
    _attach(comment, files, infos)
    audit_record(
        actor=None if anonymous else actor,
        action=AuditAction.CREATE,
        object_type="legislation.Comment",
        object_id=comment.reference,
    )
    return comment


@transaction.atomic
def comment_offline_enter(
    *,
    actor: User,
    draft_id: int,
    contact_point_id: int,
    collected_on: date,
    method: str,
    body: str,
    article_id: int | None = None,
    name: str = "",
    phone: str = "",
    files: Sequence[Any] = (),
) -> Comment:
    """Q4: staff at a 基层立法联系点 enter a comment collected offline, tagged with the contact point, the date and
    how it was collected. It may be entered after the period closed, but must have been collected within it."""
    draft = draft_get_for_user(user=actor, draft_id=draft_id)
    contact_point = contact_point_get_for_user(user=actor, contact_point_id=contact_point_id)
    if not contact_point.region.code.startswith(draft.region.prefix):
        raise DomainError(f"“{contact_point.name}”不在该征求意见稿的制定地区内。")
    phase = draft.phase_on(clock.local_today())
    if phase not in (Phase.OPEN, Phase.CLOSED):
        raise DomainError(f"该征求意见稿当前为“{phase.label}”，不能录入意见。")
    if draft.status == DraftStatus.SUMMARY_PUBLISHED:
        raise DomainError("意见采纳情况已公布，不能再录入意见。")
    if method not in CollectionMethod.values:
        raise DomainError("请选择收集方式：座谈会、走访或书面。")
    if not draft.opens_on <= collected_on <= min(draft.closes_on, clock.local_today()):
        raise DomainError(
            f"收集日期须在征求意见期内（{draft.opens_on:%Y年%m月%d日}至{draft.closes_on:%Y年%m月%d日}），且不晚于今天。"
        )
    text = _check_body(body)
    article = _article(draft, article_id)
    if len(name.strip()) > 50 or len(phone.strip()) > 20:
        raise DomainError("姓名或联系电话过长。")
    infos = _check_files(files)
    comment = Comment.objects.create(
        draft=draft,
        article=article,
        reference=_reference_next(at=clock.now()),
        body=text,
        source=CommentSource.CONTACT_POINT,
        contact_point=contact_point,
        collected_on=collected_on,
        collection_method=method,
        anonymous=not name.strip(),
        entered_by=actor,
        name=name.strip(),
        phone=phone.strip(),
    )
    _attach(comment, files, infos)
    audit_record(
        actor=actor,
        action=AuditAction.CREATE,
        object_type="legislation.Comment",
        object_id=comment.reference,
        summary=f"联系点录入：{contact_point.name}",
    )
    return comment


@transaction.atomic
def comment_handle(*, actor: User, comment_id: int, handling: str, reason: str) -> Comment:
    """Q3: after the period closes, record how a comment was handled, with a reason."""
    comment = Comment.objects.filter(pk=comment_id).select_related("draft").first()
    if comment is None:
        raise NotFoundError("未找到该意见，或您无权查看。")
    draft = draft_get_for_user(user=actor, draft_id=comment.draft_id, for_write=True)
    phase = draft.phase_on(clock.local_today())
    if phase != Phase.CLOSED:
        raise DomainError(
            "意见采纳情况已公布，不能再修改处理结果。"
            if phase == Phase.SUMMARY
            else "征求意见期结束后才能处理意见。"
        )
    if handling not in Handling.values or handling == Handling.PENDING:
        raise DomainError("请选择处理结果：采纳、部分采纳、未采纳或不属于征求意见范围。")
    text = reason.strip()
    if not text:
        raise DomainError("请说明处理理由。")
    if len(text) > 1000:
        raise DomainError("处理理由不能超过1000字。")
    if comment.handling == handling and comment.handling_reason == text:
        raise DomainError("处理结果没有变化。")
    updated = Comment.objects.filter(pk=comment.pk, handling=comment.handling).update(
        handling=handling,
        handling_reason=text,
        handled_by=actor,
        handled_at=clock.now(),
        updated_at=clock.now(),
    )
    if not updated:
        raise ConflictError("该意见的处理结果已被他人修改，请刷新后重试。")
    audit_record(
        actor=actor,
        action=AuditAction.UPDATE,
        object_type="legislation.Comment",
        object_id=comment.reference,
        summary=f"处理：{handling}",
    )
    comment.refresh_from_db()
    return comment


@transaction.atomic
def contact_point_register(
    *, actor: User, region: Region, name: str, host: str, address: str = ""
) -> ContactPoint:
    """Q4: register a grassroots legislative contact point in the editor's jurisdiction."""
    _require_editor_of(actor, region)
    if not name.strip() or not host.strip():
        raise DomainError("请填写联系点名称和依托单位。")
    if ContactPoint.objects.filter(region=region, name=name.strip()).exists():
        raise DomainError(f"{region.name}已登记名为“{name.strip()}”的联系点。")
    point = ContactPoint.objects.create(
        region=region, name=name.strip(), host=host.strip(), address=address.strip(), registered_by=actor
    )
    audit_record(
        actor=actor, action=AuditAction.CREATE, object_type="legislation.ContactPoint", object_id=point.pk
    )
    return point


@transaction.atomic
def hearing_announce(*, actor: User, draft_id: int, starts_at: datetime, place: str, subject: str) -> Hearing:
    """Q5 (规章制定程序条例 Art.16): time, place and subject are announced at least 30 days before the hearing."""
    draft = draft_get_for_user(user=actor, draft_id=draft_id, for_write=True)
    if draft.status not in (DraftStatus.DRAFT, DraftStatus.PUBLISHED, DraftStatus.CLOSED):
        raise DomainError(f"该征求意见稿为“{draft.get_status_display()}”，不能再公告听证会。")
    if not place.strip() or not subject.strip():
        raise DomainError("请填写听证会地点和听证事项。")
    days = hearing_notice_days(clock.local_today(), to_local(starts_at).date())
    if days < HEARING_NOTICE_MIN_DAYS:
        raise DomainError(
            f"听证会须在举行{HEARING_NOTICE_MIN_DAYS}日前公布（《规章制定程序条例》第十六条），"
            f"所选时间距今只有{max(days, 0)}日。"
        )
    hearing = Hearing.objects.create(
        draft=draft, starts_at=starts_at, place=place.strip(), subject=subject.strip(), announced_by=actor
    )
    audit_record(
        actor=actor, action=AuditAction.CREATE, object_type="legislation.Hearing", object_id=hearing.pk
    )
    return hearing


@transaction.atomic
def accessibility_invitation_record(
    *, actor: User, draft_id: int, kind: str, organisation: str, invited_on: date, method: str, note: str = ""
) -> AccessibilityInvitation:
    """Q6 (无障碍环境建设法 Art.9): record who of the disabled and elderly people's organisations was invited,
    when and how."""
    draft = draft_get_for_user(user=actor, draft_id=draft_id, for_write=True)
    if not draft.concerns_accessibility:
        raise DomainError("该征求意见稿未标注涉及无障碍环境建设。")
    if draft.status in (DraftStatus.SUMMARY_PUBLISHED, DraftStatus.WITHDRAWN):
        raise DomainError(f"该征求意见稿为“{draft.get_status_display()}”，不能再登记邀请。")
    if kind not in RepresentativeKind.values:
        raise DomainError("请选择残疾人组织或老年人组织。")
    if method not in InvitationMethod.values:
        raise DomainError("请选择邀请方式。")
    if not organisation.strip():
        raise DomainError("请填写受邀组织名称。")
    if invited_on > clock.local_today():
        raise DomainError("邀请日期不能晚于今天。")
    invitation = AccessibilityInvitation.objects.create(
        draft=draft,
        kind=kind,
        organisation=organisation.strip(),
        invited_on=invited_on,
        method=method,
        note=note.strip()[:300],
        recorded_by=actor,
    )
    audit_record(
        actor=actor,
        action=AuditAction.CREATE,
        object_type="legislation.AccessibilityInvitation",
        object_id=invitation.pk,
    )
    return invitation
