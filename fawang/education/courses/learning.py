"""A citizen learning a course (P2): enrol, mark each lesson 学完本节, take the quiz, complete.

Progress is recorded only by the explicit "学完本节" action, never by page views. Completion = every lesson done
and, when the course has a quiz, one passed attempt; it is stamped once.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from django.db import transaction

from fawang.accounts.models import User
from fawang.core import clock
from fawang.core.errors import DomainError, PermissionDeniedError
from fawang.education.courses.scoring import QuestionKey, quiz_score
from fawang.education.models import (
    ArticleStatus,
    Course,
    CourseLesson,
    Enrolment,
    LessonProgress,
    QuestionKind,
    QuizAttempt,
    QuizQuestion,
)


def _learner(actor: User) -> None:
    if not actor.is_authenticated:
        raise PermissionDeniedError("请先登录再学习课程。")


def _enrolment(actor: User, course: Course) -> Enrolment:
    found = Enrolment.objects.filter(course=course, user=actor).first()
    if found is None:
        raise DomainError("请先报名参加本课程。")
    return found


def _completion_update(enrolment: Enrolment) -> None:
    lessons = CourseLesson.objects.filter(course_id=enrolment.course_id).count()
    done = LessonProgress.objects.filter(enrolment=enrolment).count()
    has_quiz = QuizQuestion.objects.filter(course_id=enrolment.course_id).exists()
    passed = QuizAttempt.objects.filter(enrolment=enrolment, passed=True).exists()
    if done >= lessons and (passed or not has_quiz):
        Enrolment.objects.filter(pk=enrolment.pk, completed_at__isnull=True).update(completed_at=clock.now())


@transaction.atomic
def course_enrol(*, actor: User, course: Course) -> Enrolment:
    """Sign up for a published course; enrolling twice returns the first enrolment."""
    _learner(actor)
    if course.status != ArticleStatus.PUBLISHED:
        raise DomainError("该课程尚未发布。")
    enrolment, _ = Enrolment.objects.get_or_create(course=course, user=actor)
    return enrolment


@transaction.atomic
def course_lesson_complete(*, actor: User, course: Course, article_id: int) -> LessonProgress:
    """The learner's explicit 学完本节 on one lesson of the course; repeating it changes nothing."""
    _learner(actor)
    enrolment = _enrolment(actor, course)
    if not CourseLesson.objects.filter(course=course, article_id=article_id).exists():
        raise DomainError("本课程没有这一节。")
    progress, _ = LessonProgress.objects.get_or_create(
        enrolment=enrolment, article_id=article_id, defaults={"completed_at": clock.now()}
    )
    _completion_update(enrolment)
    return progress


def _parse_answers(
    questions: Sequence[QuizQuestion], answers: Mapping[int, Sequence[int]]
) -> dict[int, frozenset[int]]:
    known = {q.pk for q in questions}
    if any(qid not in known for qid in answers):
        raise DomainError("作答中有不属于本测验的题目。")
    chosen: dict[int, frozenset[int]] = {}
    for number, question in enumerate(questions, start=1):
        picked = frozenset(answers.get(question.pk, ()))
        if not picked:
            raise DomainError(f"第{number}题还没有作答。")
        if any(not 0 <= i < len(question.options) for i in picked):
            raise DomainError(f"第{number}题的选项无效。")
        if question.kind == QuestionKind.SINGLE and len(picked) != 1:
            raise DomainError(f"第{number}题是单选题，只能选一个答案。")
        chosen[question.pk] = picked
    return chosen


@transaction.atomic
def quiz_attempt_submit(*, actor: User, course: Course, answers: Mapping[int, Sequence[int]]) -> QuizAttempt:
    """Record one attempt at the course's quiz, scored by `quiz_score` (P2). Attempts are never changed."""
    _learner(actor)
    enrolment = _enrolment(actor, course)
    questions = list(QuizQuestion.objects.filter(course=course).order_by("position"))
    if not questions:
        raise DomainError("本课程没有测验。")
    lessons = CourseLesson.objects.filter(course=course).count()
    if LessonProgress.objects.filter(enrolment=enrolment).count() < lessons:
        raise DomainError("请先学完全部课程内容，再参加测验。")
    chosen = _parse_answers(questions, answers)
    result = quiz_score(
        questions=[QuestionKey(q.pk, frozenset(q.correct)) for q in questions],
        answers=chosen,
        pass_mark=course.pass_mark,
    )
    attempt = QuizAttempt.objects.create(
        enrolment=enrolment,
        answers={str(k): sorted(v) for k, v in chosen.items()},
        correct_count=result.correct_count,
        total=result.total,
        score=result.score,
        passed=result.passed,
        submitted_at=clock.now(),
    )
    _completion_update(enrolment)
    return attempt
