"""Supervision data: effective-dated parameters, supervision orders (督办), surveys, published figures.

Indicator *definitions* are code (indicators.py, X9); what varies per jurisdiction (targets, the small-cell
threshold, the rectification deadline variant) is a Parameter row, dated and sourced like any Config value.
"""

from __future__ import annotations

from typing import ClassVar

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from fawang.core.models import BaseModel


class Parameter(BaseModel):
    """One Config value (REQUIREMENTS "Config"): a key from parameters.PARAMETERS, for a region subtree or
    nationally (region empty), effective from a date. The nearest region and the latest date win."""

    key = models.CharField("参数", max_length=80)
    region = models.ForeignKey(
        "regions.Region",
        verbose_name="适用辖区",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        help_text="空表示全国默认",
    )
    value = models.JSONField("取值")
    effective_from = models.DateField("生效日期")
    source = models.CharField("依据", max_length=300)
    note = models.CharField("说明", max_length=300, blank=True)

    class Meta:
        verbose_name = "监测参数"
        verbose_name_plural = "监测参数"
        ordering = ("key", "region__code", "-effective_from")
        constraints = [
            models.UniqueConstraint(
                fields=("key", "region", "effective_from"), name="parameter_one_value_per_date"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.key}={self.value}"


class OrderState(models.TextChoices):
    OPEN = "open", _("督办中")
    REPLIED = "replied", _("已报告办理情况")
    CLOSED = "closed", _("已办结")


OPEN_ORDER_STATES = (OrderState.OPEN, OrderState.REPLIED)


class SupervisionOrder(BaseModel):
    """督办 (K3): a due date and an instruction put on a 工单 in the supervisor's jurisdiction."""

    case = models.ForeignKey(
        "cases.Case", verbose_name="工单", on_delete=models.PROTECT, related_name="supervision_orders"
    )
    issued_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="督办人", on_delete=models.PROTECT, related_name="+"
    )
    issued_at = models.DateTimeField("督办时间")
    due_at = models.DateTimeField("督办期限", db_index=True)
    instruction = models.TextField("督办要求")
    state = models.CharField("状态", max_length=10, choices=OrderState.choices, default=OrderState.OPEN)
    reply = models.TextField("办理情况报告", blank=True)
    replied_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="报告人",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    replied_at = models.DateTimeField("报告时间", null=True, blank=True)
    closed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="办结人",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    closed_at = models.DateTimeField("办结时间", null=True, blank=True)
    close_note = models.TextField("办结意见", blank=True)

    class Meta:
        verbose_name = "督办单"
        verbose_name_plural = "督办单"
        ordering = ("due_at",)
        constraints = [
            models.CheckConstraint(
                condition=models.Q(state__in=OrderState.values), name="supervision_order_state_valid"
            ),
            models.UniqueConstraint(
                fields=("case",),
                condition=models.Q(state__in=["open", "replied"]),
                name="one_open_supervision_order_per_case",
            ),
        ]

    def __str__(self) -> str:
        return f"督办 {self.case_id} 至 {self.due_at:%Y-%m-%d}"


class SurveyChannel(models.TextChoices):
    STAFF = "staff", _("工作人员入户/现场录入")
    ONLINE = "online", _("网上自助填写")


class Questionnaire(BaseModel):
    """A survey round (H7, H9): the fixed triad questions (questions.py) asked in a region over a window."""

    title = models.CharField("问卷名称", max_length=200)
    region = models.ForeignKey(
        "regions.Region", verbose_name="调查范围", on_delete=models.PROTECT, related_name="+"
    )
    opens_on = models.DateField("开始日期")
    closes_on = models.DateField("截止日期")
    online = models.BooleanField("开放网上填写", default=False)
    intro = models.TextField("说明", blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="创建人", on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        verbose_name = "满意度调查问卷"
        verbose_name_plural = "满意度调查问卷"
        ordering = ("-opens_on",)
        constraints = [
            models.CheckConstraint(
                condition=models.Q(closes_on__gte=models.F("opens_on")), name="questionnaire_window_valid"
            ),
        ]

    def __str__(self) -> str:
        return self.title


class SurveyResponse(BaseModel):
    """One answered questionnaire. Anonymous: no name, phone or ID is stored (K6, PIPL Art.51)."""

    questionnaire = models.ForeignKey(
        Questionnaire, verbose_name="问卷", on_delete=models.PROTECT, related_name="responses"
    )
    region = models.ForeignKey(
        "regions.Region", verbose_name="受访者所在地", on_delete=models.PROTECT, related_name="+"
    )
    responded_on = models.DateField("调查日期", db_index=True)
    channel = models.CharField("方式", max_length=10, choices=SurveyChannel.choices)
    entered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="录入人",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    aware = models.BooleanField("知晓公共法律服务", null=True)
    first_choice = models.BooleanField("首选公共法律服务", null=True)
    satisfaction = models.PositiveSmallIntegerField("满意程度", null=True)
    comment = models.TextField("意见建议", blank=True)
    idempotency_key = models.CharField("幂等键", max_length=80, null=True, blank=True, unique=True)

    class PII:
        fields: ClassVar[tuple[str, ...]] = ("comment",)
        sensitive: ClassVar[tuple[str, ...]] = ()

    class Meta:
        verbose_name = "调查答卷"
        verbose_name_plural = "调查答卷"
        constraints = [
            models.CheckConstraint(
                condition=models.Q(satisfaction__isnull=True)
                | models.Q(satisfaction__gte=1, satisfaction__lte=5),
                name="survey_satisfaction_range",
            ),
        ]
        indexes = [models.Index(fields=("region", "responded_on"), name="survey_region_day_idx")]

    def __str__(self) -> str:
        return f"{self.questionnaire_id}:{self.responded_on}"


class Publication(BaseModel):
    """Figures released to the public (G2, C15, K7, H6): computed, suppressed (K6) and frozen at publication."""

    region = models.ForeignKey(
        "regions.Region", verbose_name="辖区", on_delete=models.PROTECT, related_name="+"
    )
    date_from = models.DateField("统计起始")
    date_to = models.DateField("统计截止")
    title = models.CharField("标题", max_length=200)
    figures = models.JSONField("公开数据")
    threshold = models.PositiveSmallIntegerField("小单元抑制阈值")
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="发布人", on_delete=models.PROTECT, related_name="+"
    )
    published_at = models.DateTimeField("发布时间", db_index=True)
    withdrawn_at = models.DateTimeField("撤回时间", null=True, blank=True)

    class Meta:
        verbose_name = "公开数据"
        verbose_name_plural = "公开数据"
        ordering = ("-published_at",)

    def __str__(self) -> str:
        return self.title


class SiteInspection(BaseModel):
    """One readiness inspection of a physical site (G7): which checklist items were found in place that day.
    Inspections are history: a new one is recorded, an old one is never edited."""

    site = models.ForeignKey(
        "directory.Site", verbose_name="站点", on_delete=models.PROTECT, related_name="inspections"
    )
    inspected_on = models.DateField("检查日期")
    inspector = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="检查人", on_delete=models.PROTECT, related_name="+"
    )
    present = models.JSONField("已具备的项目", default=list)  # checklist codes (supervision.readiness)
    missing = models.JSONField(
        "缺少的项目", default=list
    )  # the applicable codes not present, kept for history
    note = models.TextField("整改要求或说明", max_length=2000, blank=True)

    class Meta:
        verbose_name = "站点建设达标检查"
        verbose_name_plural = "站点建设达标检查"
        ordering = ("-inspected_on", "-id")
        indexes = [models.Index(fields=("site", "-inspected_on"), name="inspection_site_latest_idx")]

    def __str__(self) -> str:
        return f"{self.site_id} {self.inspected_on}"
