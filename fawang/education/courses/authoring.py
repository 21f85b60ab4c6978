"""Writing courses and quizzes (P2) under the review rule of P5: an editor drafts, someone else publishes."""

from __future__ import annotations

from collections.abc import Sequence

from django.db import transaction
from django.db.models import Max

from fawang.accounts.models import User
from fawang.core import clock
from fawang.core.audit import audit_record
from fawang.core.errors import DomainError
from fawang.core.models import AuditAction
from fawang.education.models import (
    ArticleStatus,
    Audience,
    Course,
    CourseLesson,
    LessonArticle,
    QuestionKind,
    QuizQuestion,
)
from fawang.education.services import EDITORS, REVIEWERS, require_role

MAX_OPTIONS = 8


@transaction.atomic
def course_create(
    *, actor: User, title: str, summary: str, audience: str, pass_mark: int, article_ids: Sequence[int]
) -> Course:
    """A draft course: the published lessons in the order given (P2)."""
    require_role(actor, EDITORS, "编写普法课程")
    if not title.strip() or not summary.strip():
        raise DomainError("课程名称和简介不能为空。")
    if audience not in Audience.values:
        raise DomainError(f"未知的适用人群：{audience}。")
    if not 1 <= pass_mark <= 100:
        raise DomainError("及格分应在 1 到 100 之间。")
    if not article_ids:
        raise DomainError("课程至少要有一节课。")
    if len(set(article_ids)) != len(article_ids):
        raise DomainError("同一篇文章不能在课程中出现两次。")
    published = set(
        LessonArticle.objects.filter(pk__in=article_ids, status=ArticleStatus.PUBLISHED).values_list(
            "pk", flat=True
        )
    )
    missing = [str(i) for i in article_ids if i not in published]
    if missing:
        raise DomainError(f"以下编号的文章不存在或尚未发布：{'、'.join(missing)}。")
    course = Course.objects.create(
        title=title.strip(), summary=summary.strip(), audience=audience, pass_mark=pass_mark, author=actor
    )
    CourseLesson.objects.bulk_create(
        [CourseLesson(course=course, article_id=a, position=i) for i, a in enumerate(article_ids, start=1)]
    )
    audit_record(actor=actor, action=AuditAction.CREATE, object_type="education.Course", object_id=course.pk)
    return course


def _check_question(text: str, kind: str, options: Sequence[str], correct: Sequence[int]) -> None:
    if not text.strip():
        raise DomainError("题目不能为空。")
    if kind not in QuestionKind.values:
        raise DomainError(f"未知的题型：{kind}。")
    if not 2 <= len(options) <= MAX_OPTIONS or any(not o.strip() for o in options):
        raise DomainError(f"每题需要 2 到 {MAX_OPTIONS} 个非空选项。")
    if not correct or len(set(correct)) != len(correct) or any(not 0 <= c < len(options) for c in correct):
        raise DomainError("正确答案必须是已有选项的序号。")
    if kind == QuestionKind.SINGLE and len(correct) != 1:
        raise DomainError("单选题只能有一个正确答案。")


@transaction.atomic
def quiz_question_add(
    *, actor: User, course: Course, text: str, kind: str, options: Sequence[str], correct: Sequence[int]
) -> QuizQuestion:
    """Add a question to a draft course's quiz; `correct` holds 0-based option indexes."""
    require_role(actor, EDITORS, "编写普法课程")
    if course.status != ArticleStatus.DRAFT:
        raise DomainError("只有草稿状态的课程可以修改测验。")
    _check_question(text, kind, options, correct)
    position = (QuizQuestion.objects.filter(course=course).aggregate(n=Max("position"))["n"] or 0) + 1
    question = QuizQuestion.objects.create(
        course=course,
        position=position,
        text=text.strip(),
        kind=kind,
        options=[o.strip() for o in options],
        correct=sorted(correct),
    )
    audit_record(
        actor=actor,
        action=AuditAction.UPDATE,
        object_type="education.Course",
        object_id=course.pk,
        summary="question",
    )
    return question


@transaction.atomic
def course_submit(*, actor: User, course: Course) -> Course:
    require_role(actor, EDITORS, "提交普法课程")
    updated = Course.objects.filter(pk=course.pk, status=ArticleStatus.DRAFT).update(
        status=ArticleStatus.REVIEW
    )
    if not updated:
        raise DomainError("只有草稿可以提交审核。")
    course.refresh_from_db()
    return course


@transaction.atomic
def course_publish(*, actor: User, course: Course) -> Course:
    """A legal review by someone other than the author publishes the course and its quiz (P5)."""
    require_role(actor, REVIEWERS, "审核发布普法课程")
    if course.status != ArticleStatus.REVIEW:
        raise DomainError("只有审核中的课程可以发布。")
    if course.author_id == actor.pk:
        raise DomainError("作者不能审核自己的课程。")
    unpublished = CourseLesson.objects.filter(course=course).exclude(article__status=ArticleStatus.PUBLISHED)
    if unpublished.exists():
        raise DomainError("课程中有文章已不在发布状态，请先处理。")
    updated = Course.objects.filter(pk=course.pk, status=ArticleStatus.REVIEW).update(
        status=ArticleStatus.PUBLISHED, published_at=clock.now(), reviewed_by=actor
    )
    if not updated:
        raise DomainError("该课程状态已变化，请刷新后重试。")
    audit_record(
        actor=actor,
        action=AuditAction.UPDATE,
        object_type="education.Course",
        object_id=course.pk,
        summary="publish",
    )
    course.refresh_from_db()
    return course
