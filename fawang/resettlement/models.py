"""Resettlement assistance for released persons (安置帮扶; 监狱法 Art.37; R1-R2).

These records reveal a criminal history (个人信息保护法 Art.28; M2), so they are kept apart from the unified
工单: they never appear in general search or the general case queue. Only named roles open them (ADR 0034):
a county administrator of the region, and township 司法所 staff (a window-clerk grant in that township) who also
hold an explicit ResettlementAccessGrant for the township. Published figures are aggregate only.
"""

from __future__ import annotations

from typing import ClassVar

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from fawang.core.models import BaseModel


class ResettlementAccessGrant(BaseModel):
    """A named permission to open resettlement records of one township, given by the county (R2)."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="resettlement_grants"
    )
    township = models.ForeignKey(
        "regions.Region", verbose_name="乡镇（街道）", on_delete=models.PROTECT, related_name="+"
    )
    granted_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    revoked_at = models.DateTimeField("撤销时间", null=True, blank=True)

    class Meta:
        verbose_name = "安置帮扶查阅授权"
        verbose_name_plural = "安置帮扶查阅授权"
        constraints = [
            models.UniqueConstraint(
                fields=("user", "township"),
                condition=models.Q(revoked_at__isnull=True),
                name="one_live_resettlement_grant",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.user_id}@{self.township_id}"


class Need(models.TextChoices):
    HOUSING = "housing", _("住房")
    WORK = "work", _("就业")
    RELIEF = "relief", _("社会救助")
    MEDICAL = "medical", _("医疗")
    DOCUMENTS = "documents", _("户籍、身份证件")
    FAMILY = "family", _("家庭关系")
    SKILLS = "skills", _("技能培训")


class RecordStatus(models.TextChoices):
    OPEN = "open", _("帮扶中")
    CLOSED = "closed", _("已结束帮扶")


class ResettlementRecord(BaseModel):
    person = models.ForeignKey(
        "people.Person", verbose_name="帮扶对象", on_delete=models.PROTECT, related_name="+"
    )
    township = models.ForeignKey(
        "regions.Region", verbose_name="衔接乡镇", on_delete=models.PROTECT, related_name="+"
    )
    released_on = models.DateField("刑满释放日期")
    released_from = models.CharField("释放单位", max_length=100)
    handed_over_on = models.DateField("衔接日期")
    needs = models.JSONField("帮扶需求", default=list)
    unable_to_work_without_support = models.BooleanField("丧失劳动能力又无其他收入来源", default=False)
    relief_linked = models.BooleanField("已衔接当地救助", default=False)  # R1
    relief_note = models.CharField("救助衔接情况", max_length=200, blank=True)
    plan = models.TextField("帮扶计划")
    status = models.CharField("状态", max_length=10, choices=RecordStatus.choices, default=RecordStatus.OPEN)
    closed_on = models.DateField("结束日期", null=True, blank=True)
    opened_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")

    class PII:
        fields: ClassVar[tuple[str, ...]] = ("released_from", "plan", "relief_note")
        sensitive: ClassVar[tuple[str, ...]] = (
            "released_on",
            "released_from",
            "needs",
        )  # criminal history (M2)

    class Meta:
        verbose_name = "安置帮扶档案"
        verbose_name_plural = "安置帮扶档案"
        ordering = ("-handed_over_on", "-id")

    def __str__(self) -> str:
        return f"安置帮扶 {self.pk}"


class MeasureKind(models.TextChoices):
    HOUSING = "housing", _("落实住房")
    EMPLOYMENT = "employment", _("就业安置、推荐工作")
    RELIEF = "relief", _("申请救助、低保")
    TRAINING = "training", _("技能培训")
    DOCUMENTS = "documents", _("办理户籍、证件")
    COUNSELLING = "counselling", _("教育帮扶、心理疏导")
    OTHER = "other", _("其他")


class ResettlementMeasure(BaseModel):
    record = models.ForeignKey(ResettlementRecord, on_delete=models.PROTECT, related_name="measures")
    kind = models.CharField("措施", max_length=20, choices=MeasureKind.choices)
    description = models.TextField("内容")
    taken_on = models.DateField("日期")
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")

    class Meta:
        verbose_name = "帮扶措施"
        verbose_name_plural = "帮扶措施"
        ordering = ("taken_on", "id")

    def __str__(self) -> str:
        return self.get_kind_display()


class VisitMethod(models.TextChoices):
    HOME = "home", _("上门走访")
    OFFICE = "office", _("到所约谈")
    PHONE = "phone", _("电话回访")


class ResettlementVisit(BaseModel):
    record = models.ForeignKey(ResettlementRecord, on_delete=models.PROTECT, related_name="visits")
    visited_on = models.DateField("回访日期")
    method = models.CharField("方式", max_length=10, choices=VisitMethod.choices)
    notes = models.TextField("回访情况")
    next_visit_on = models.DateField("下次回访", null=True, blank=True)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")

    class Meta:
        verbose_name = "帮扶回访"
        verbose_name_plural = "帮扶回访"
        ordering = ("visited_on", "id")

    def __str__(self) -> str:
        return f"{self.visited_on}"
