"""Organised study groups (P2): a village, an enterprise or a school class learning together.

The organiser adds the group's courses and shares an invitation code; members join with it and agree that the
organiser sees their progress and quiz results in those courses (personal data: read scoped and audited).
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from fawang.core.models import BaseModel
from fawang.education.models.courses import Course


class GroupKind(models.TextChoices):
    VILLAGE = "village", _("村（社区）")
    ENTERPRISE = "enterprise", _("企业")
    SCHOOL_CLASS = "school_class", _("学校班级")
    OTHER = "other", _("其他单位")


class StudyGroup(BaseModel):
    name = models.CharField("学习组名称", max_length=80)
    kind = models.CharField("类型", max_length=12, choices=GroupKind.choices)
    organiser = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="组织者", on_delete=models.PROTECT, related_name="+"
    )
    invite_code = models.CharField("邀请码", max_length=12, unique=True)

    class Meta:
        verbose_name = "学习组"
        verbose_name_plural = "学习组"
        ordering = ("name", "id")

    def __str__(self) -> str:
        return self.name


class StudyGroupMember(models.Model):
    group = models.ForeignKey(StudyGroup, on_delete=models.CASCADE, related_name="members")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    joined_at = models.DateTimeField("加入时间")

    class Meta:
        ordering = ("group", "joined_at", "id")
        constraints = [models.UniqueConstraint(fields=("group", "user"), name="study_group_member_once")]

    def __str__(self) -> str:
        return f"{self.group_id}:{self.user_id}"


class StudyGroupCourse(models.Model):
    group = models.ForeignKey(StudyGroup, on_delete=models.CASCADE, related_name="courses")
    course = models.ForeignKey(Course, on_delete=models.PROTECT, related_name="+")

    class Meta:
        ordering = ("group", "id")
        constraints = [models.UniqueConstraint(fields=("group", "course"), name="study_group_course_once")]

    def __str__(self) -> str:
        return f"{self.group_id}:{self.course_id}"
