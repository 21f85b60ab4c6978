"""On-site 普法 events (P3): a calendar entry, then the attendance recorded after it, which feeds the indicators."""

from __future__ import annotations

from typing import ClassVar

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from fawang.core.models import BaseModel
from fawang.education.models.lessons import Audience


class VenueKind(models.TextChoices):
    SITE = "site", _("公共法律服务场所")
    SCHOOL = "school", _("学校")
    ENTERPRISE = "enterprise", _("企业")
    VILLAGE = "village", _("村（社区）")
    OTHER = "other", _("其他场所")


class EducationEvent(BaseModel):
    """A 普法 event (普法活动) at a place on a date. It is held once its attendance is recorded (P3)."""

    title = models.CharField("活动名称", max_length=120)
    description = models.TextField("活动内容", blank=True)
    venue_kind = models.CharField("场所类型", max_length=12, choices=VenueKind.choices)
    place = models.CharField("活动地点", max_length=200)
    region = models.ForeignKey(
        "regions.Region", verbose_name="所在区划", on_delete=models.PROTECT, related_name="+"
    )
    site = models.ForeignKey(
        "directory.Site",
        verbose_name="公共法律服务场所",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    starts_at = models.DateTimeField("开始时间", db_index=True)
    ends_at = models.DateTimeField("结束时间")
    audience = models.CharField("面向人群", max_length=20, choices=Audience.choices, default=Audience.GENERAL)
    organiser = models.CharField("主办单位", max_length=100)
    capacity = models.PositiveIntegerField("可容纳人数", null=True, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    attendance_recorded_at = models.DateTimeField("到场人数登记时间", null=True, blank=True)

    class Meta:
        verbose_name = "普法活动"
        verbose_name_plural = "普法活动"
        ordering = ("starts_at", "id")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(ends_at__gt=models.F("starts_at")), name="education_event_ends_after_start"
            )
        ]

    def __str__(self) -> str:
        return self.title


class EventAttendance(models.Model):
    """How many of one audience group attended (P3). Recording again replaces the counts."""

    event = models.ForeignKey(EducationEvent, on_delete=models.CASCADE, related_name="attendance")
    audience = models.CharField("人群", max_length=20, choices=Audience.choices)
    count = models.PositiveIntegerField("人数")

    class Meta:
        verbose_name = "活动到场人数"
        verbose_name_plural = "活动到场人数"
        ordering = ("event", "audience")
        constraints = [
            models.UniqueConstraint(fields=("event", "audience"), name="education_attendance_once_per_group")
        ]

    def __str__(self) -> str:
        return f"{self.event_id}:{self.audience}={self.count}"


class EventAttendee(models.Model):
    """An optional list of named attendees (personal data: shown to staff of the event's region only)."""

    event = models.ForeignKey(EducationEvent, on_delete=models.CASCADE, related_name="attendees")
    name = models.CharField("姓名", max_length=50)
    unit = models.CharField("单位或村（社区）", max_length=100, blank=True)

    class PII:
        fields: ClassVar[tuple[str, ...]] = ("name",)
        sensitive: ClassVar[tuple[str, ...]] = ()

    class Meta:
        verbose_name = "活动参加人"
        verbose_name_plural = "活动参加人"
        ordering = ("event", "id")

    def __str__(self) -> str:
        return self.name
