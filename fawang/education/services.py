"""Writing 普法 content: drafts are reviewed by someone else before publication (P5)."""

from __future__ import annotations

from collections.abc import Sequence

from django.db import transaction

from fawang.accounts.models import User
from fawang.accounts.roles import Role
from fawang.accounts.selectors import user_roles
from fawang.core import clock
from fawang.core.audit import audit_record
from fawang.core.errors import DomainError, PermissionDeniedError
from fawang.core.models import AuditAction
from fawang.education.models import ArticleStatus, Audience, LessonArticle, Topic

EDITORS = frozenset({Role.ADMIN, Role.SUPERVISOR, Role.VILLAGE_ADVISER, Role.AID_REVIEWER})
REVIEWERS = frozenset({Role.ADMIN, Role.AID_REVIEWER})


def require_role(actor: User, roles: frozenset[Role], what: str) -> None:
    """Refuse, in Chinese, an actor who holds none of `roles` (shared by the course and event services)."""
    if not user_roles(user=actor) & roles:
        raise PermissionDeniedError(f"您的角色不能{what}。")


@transaction.atomic
def lesson_article_create(
    *, actor: User, title: str, summary: str, body: str, topic: Topic, audiences: Sequence[str] = ()
) -> LessonArticle:
    require_role(actor, EDITORS, "编写普法内容")
    if not title.strip() or not body.strip():
        raise DomainError("标题和正文不能为空。")
    unknown = [a for a in audiences if a not in Audience.values]
    if unknown:
        raise DomainError(f"未知的适用人群：{'、'.join(unknown)}。")
    article = LessonArticle.objects.create(
        title=title.strip(),
        summary=summary.strip()[:300],
        body=body,
        topic=topic,
        audiences=list(audiences),
        author=actor,
    )
    audit_record(
        actor=actor, action=AuditAction.CREATE, object_type="education.LessonArticle", object_id=article.pk
    )
    return article


@transaction.atomic
def lesson_article_submit(*, actor: User, article: LessonArticle) -> LessonArticle:
    if article.status != ArticleStatus.DRAFT:
        raise DomainError("只有草稿可以提交审核。")
    require_role(actor, EDITORS, "提交普法内容")
    LessonArticle.objects.filter(pk=article.pk).update(status=ArticleStatus.REVIEW)
    article.refresh_from_db()
    return article


@transaction.atomic
def lesson_article_publish(*, actor: User, article: LessonArticle) -> LessonArticle:
    """A legal review by someone other than the author publishes the article (P5)."""
    require_role(actor, REVIEWERS, "审核发布普法内容")
    if article.status != ArticleStatus.REVIEW:
        raise DomainError("只有审核中的内容可以发布。")
    if article.author_id == actor.pk:
        raise DomainError("作者不能审核自己的文章。")
    updated = LessonArticle.objects.filter(pk=article.pk, status=ArticleStatus.REVIEW).update(
        status=ArticleStatus.PUBLISHED, published_at=clock.now(), reviewed_by=actor
    )
    if not updated:
        raise DomainError("该文章状态已变化，请刷新后重试。")
    audit_record(
        actor=actor,
        action=AuditAction.UPDATE,
        object_type="education.LessonArticle",
        object_id=article.pk,
        summary="publish",
    )
    article.refresh_from_db()
    return article
