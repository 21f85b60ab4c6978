"""Online courses (P2): published lessons in order, an optional quiz, enrolments with progress and attempts.

Courses go through the same draft → legal review → publication as lessons (P5), with the same statuses.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from fawang.core.models import BaseModel
from fawang.education.models.lessons import ArticleStatus, Audience, LessonArticle


class Course(BaseModel):
    title = models.CharField("课程名称", max_length=120)
    summary = models.CharField("课程简介", max_length=300)
    audience = models.CharField("适用人群", max_length=20, choices=Audience.choices, default=Audience.GENERAL)
    status = models.CharField(
        "状态", max_length=10, choices=ArticleStatus.choices, default=ArticleStatus.DRAFT
    )
    pass_mark = models.PositiveSmallIntegerField("测验及格分（百分制）", default=60)
    published_at = models.DateTimeField("发布时间", null=True, blank=True, db_index=True)
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        verbose_name = "普法课程"
        verbose_name_plural = "普法课程"
        ordering = ("-published_at", "-id")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(pass_mark__gte=1, pass_mark__lte=100), name="course_pass_mark_range"
            )
        ]

    def __str__(self) -> str:
        return self.title


class CourseLesson(models.Model):
    course = models.ForeignKey(Course, on_delete=models.CASCADE, related_name="lessons")
    article = models.ForeignKey(LessonArticle, on_delete=models.PROTECT, related_name="+")
    position = models.PositiveSmallIntegerField("顺序")

    class Meta:
        ordering = ("course", "position")
        constraints = [
            models.UniqueConstraint(fields=("course", "article"), name="course_lesson_once"),
            models.UniqueConstraint(fields=("course", "position"), name="course_lesson_position_once"),
        ]

    def __str__(self) -> str:
        return f"{self.course_id}:{self.position}"


class QuestionKind(models.TextChoices):
    SINGLE = "single", _("单选题")
    MULTIPLE = "multiple", _("多选题")


class QuizQuestion(models.Model):
    """One quiz question. `options` is a list of texts; `correct` the 0-based indexes of the right ones."""

    course = models.ForeignKey(Course, on_delete=models.CASCADE, related_name="questions")
    position = models.PositiveSmallIntegerField("顺序")
    text = models.CharField("题目", max_length=300)
    kind = models.CharField("题型", max_length=10, choices=QuestionKind.choices)
    options = models.JSONField("选项")
    correct = models.JSONField("正确答案")

    class Meta:
        ordering = ("course", "position")
        constraints = [
            models.UniqueConstraint(fields=("course", "position"), name="quiz_question_position_once")
        ]

    def __str__(self) -> str:
        return self.text


class Enrolment(BaseModel):
    course = models.ForeignKey(Course, on_delete=models.PROTECT, related_name="enrolments")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    completed_at = models.DateTimeField("完成时间", null=True, blank=True)

    class Meta:
        verbose_name = "课程学习记录"
        verbose_name_plural = "课程学习记录"
        constraints = [models.UniqueConstraint(fields=("course", "user"), name="enrolment_once")]

    def __str__(self) -> str:
        return f"{self.user_id}@{self.course_id}"


class LessonProgress(models.Model):
    """A lesson the learner marked 学完本节 (an explicit action, not a page view)."""

    enrolment = models.ForeignKey(Enrolment, on_delete=models.CASCADE, related_name="progress")
    article = models.ForeignKey(LessonArticle, on_delete=models.PROTECT, related_name="+")
    completed_at = models.DateTimeField("学完时间")

    class Meta:
        constraints = [models.UniqueConstraint(fields=("enrolment", "article"), name="lesson_progress_once")]

    def __str__(self) -> str:
        return f"{self.enrolment_id}:{self.article_id}"


class QuizAttempt(models.Model):
    enrolment = models.ForeignKey(Enrolment, on_delete=models.CASCADE, related_name="attempts")
    answers = models.JSONField("作答")
    correct_count = models.PositiveSmallIntegerField("答对题数")
    total = models.PositiveSmallIntegerField("题数")
    score = models.PositiveSmallIntegerField("得分（百分制）")
    passed = models.BooleanField("是否及格")
    submitted_at = models.DateTimeField("提交时间")

    class Meta:
        ordering = ("enrolment", "submitted_at", "id")

    def __str__(self) -> str:
        return f"{self.enrolment_id}:{self.score}"
