"""Reading courses and learning records (P2): the published catalogue, one's own progress, and a group's records
for its organiser only (personal data: scoped to the organiser and audited, M6)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

from django.db.models import Count, Prefetch, QuerySet

from fawang.accounts.models import User
from fawang.accounts.selectors import user_roles
from fawang.core.audit import audit_record
from fawang.core.errors import NotFoundError, PermissionDeniedError
from fawang.core.models import AuditAction
from fawang.education.models import (
    ArticleStatus,
    Course,
    CourseLesson,
    Enrolment,
    QuizAttempt,
    StudyGroup,
)
from fawang.education.services import EDITORS


def course_list_published() -> QuerySet[Course]:
    return (
        Course.objects.filter(status=ArticleStatus.PUBLISHED)
        .annotate(
            lesson_count=Count("lessons", distinct=True), question_count=Count("questions", distinct=True)
        )
        .order_by("-published_at", "-id")
    )


def course_get_published(*, course_id: int) -> Course:
    found = (
        Course.objects.filter(pk=course_id, status=ArticleStatus.PUBLISHED)
        .prefetch_related(
            Prefetch("lessons", queryset=CourseLesson.objects.select_related("article").order_by("position")),
            "questions",
        )
        .first()
    )
    if found is None:
        raise NotFoundError("未找到该课程。")
    return found


def course_list_for_editor(*, user: User) -> QuerySet[Course]:
    if not user_roles(user=user) & EDITORS:
        raise PermissionDeniedError("您的角色不能管理普法课程。")
    return Course.objects.select_related("author").order_by("-id")


def course_get_for_editor(*, user: User, course_id: int) -> Course:
    found = (
        course_list_for_editor(user=user)
        .prefetch_related(
            Prefetch("lessons", queryset=CourseLesson.objects.select_related("article").order_by("position")),
            "questions",
        )
        .filter(pk=course_id)
        .first()
    )
    if found is None:
        raise NotFoundError("未找到该课程。")
    return found


@dataclass(frozen=True)
class Progress:
    """One learner's record in one course (P2)."""

    course: Course
    enrolled: bool
    done_article_ids: frozenset[int]
    lessons: int
    has_quiz: bool
    best_score: int | None
    passed: bool
    attempts: int
    completed_at: datetime | None

    @property
    def lessons_done(self) -> int:
        return len(self.done_article_ids)


def _progress(course: Course, lessons: int, has_quiz: bool, enrolment: Enrolment | None) -> Progress:
    if enrolment is None:
        return Progress(course, False, frozenset(), lessons, has_quiz, None, False, 0, None)
    attempts: list[QuizAttempt] = list(enrolment.attempts.all())
    return Progress(
        course=course,
        enrolled=True,
        done_article_ids=frozenset(p.article_id for p in enrolment.progress.all()),
        lessons=lessons,
        has_quiz=has_quiz,
        best_score=max((a.score for a in attempts), default=None),
        passed=any(a.passed for a in attempts),
        attempts=len(attempts),
        completed_at=enrolment.completed_at,
    )


def _enrolments() -> QuerySet[Enrolment]:
    return Enrolment.objects.prefetch_related("progress", "attempts")


def course_progress_for_user(*, user: User, course: Course) -> Progress:
    """`course` comes from course_get_published (lessons and questions prefetched)."""
    enrolment = _enrolments().filter(course=course, user=user).first() if user.is_authenticated else None
    return _progress(course, len(course.lessons.all()), bool(course.questions.all()), enrolment)


def progress_list_for_user(*, user: User) -> list[Progress]:
    """The citizen's own learning records, newest enrolment first."""
    rows = (
        _enrolments()
        .filter(user=user)
        .select_related("course")
        .annotate(
            lesson_count=Count("course__lessons", distinct=True),
            question_count=Count("course__questions", distinct=True),
        )
        .order_by("-created_at", "-id")
    )
    return [_progress(e.course, e.lesson_count, e.question_count > 0, e) for e in rows]


def study_group_list_for_user(*, user: User) -> tuple[Sequence[StudyGroup], Sequence[StudyGroup]]:
    """(groups the user organises, groups the user is a member of)."""
    organised = list(StudyGroup.objects.filter(organiser=user).annotate(member_count=Count("members")))
    joined = list(StudyGroup.objects.filter(members__user=user).select_related("organiser"))
    return organised, joined


@dataclass(frozen=True)
class MemberRecord:
    name: str
    joined_at: datetime
    progress: list[Progress]


@dataclass(frozen=True)
class GroupRecords:
    group: StudyGroup
    courses: Sequence[Course]
    members: list[MemberRecord]


def study_group_get_for_organiser(*, user: User, group_id: int) -> StudyGroup:
    """The group, for its organiser only; anyone else gets "not found" (STYLE §3)."""
    found = StudyGroup.objects.filter(pk=group_id, organiser=user).first() if user.is_authenticated else None
    if found is None:
        raise NotFoundError("未找到该学习组。")
    return found


def study_group_records_for_organiser(*, user: User, group_id: int) -> GroupRecords:
    """Members' progress and quiz results in the group's courses, and nothing of their other learning (P2).

    Personal data: only the organiser may read it, and each read writes an audit entry (M6).
    """
    group = study_group_get_for_organiser(user=user, group_id=group_id)
    courses = list(
        Course.objects.filter(pk__in=group.courses.values("course_id"))
        .annotate(
            lesson_count=Count("lessons", distinct=True), question_count=Count("questions", distinct=True)
        )
        .order_by("title", "id")
    )
    members = list(group.members.select_related("user").order_by("joined_at", "id"))
    enrolments = {
        (e.user_id, e.course_id): e
        for e in _enrolments().filter(
            user_id__in=[m.user_id for m in members], course_id__in=[c.pk for c in courses]
        )
    }
    records = [
        MemberRecord(
            name=m.user.display_name or m.user.get_username(),
            joined_at=m.joined_at,
            progress=[
                _progress(c, c.lesson_count, c.question_count > 0, enrolments.get((m.user_id, c.pk)))
                for c in courses
            ],
        )
        for m in members
    ]
    audit_record(
        actor=user,
        action=AuditAction.VIEW,
        object_type="education.StudyGroup",
        object_id=group.pk,
        summary=f"member records ({len(members)})",
    )
    return GroupRecords(group=group, courses=courses, members=records)
