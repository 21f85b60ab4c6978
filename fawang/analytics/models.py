"""Analytics data (issue 7 §5-8): summary tables for fast indicators, scorecards, and the bulk-history record.

The summary tables are derived data (X9, K10): they hold nothing that cannot be rebuilt from the case tables,
`analytics_refresh` rebuilds them, and `summaries.py` keeps them current from the CaseEvent log before every read.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from fawang.core.models import BaseModel


class SummaryState(models.Model):
    """One row: how far the summaries have read the CaseEvent log (every case change writes an event), the ratings
    and the call events, and which layout of the summaries was last built."""

    id = models.PositiveSmallIntegerField(primary_key=True, default=1)
    event_watermark = models.BigIntegerField("已汇总事件", default=0)
    rating_watermark = models.BigIntegerField("已汇总评价", default=0)
    call_watermark = models.BigIntegerField("已汇总话务事件", default=0)
    layout = models.PositiveSmallIntegerField("汇总结构版本", default=0)  # summaries.SUMMARY_LAYOUT
    # Ids just below each watermark that were not visible at the last sync ({"events"|"ratings"|"calls": [id]}).
    gaps = models.JSONField("待补读编号", default=dict, blank=True)
    refreshed_at = models.DateTimeField("刷新时间", null=True, blank=True)
    full_rebuilds = models.PositiveIntegerField("全量重建次数", default=0)

    class Meta:
        verbose_name = "汇总状态"
        verbose_name_plural = "汇总状态"

    def __str__(self) -> str:
        return f"events<={self.event_watermark}"


class CaseMonthStat(models.Model):
    """Cases submitted in a local month in a county, counted along one dimension (marginal counts).

    dim is "all", "channel", "service_type", "category" or "township" (key = first 9 digits of the case's region);
    the finished, rating and call dimensions of dimensions.py count other things by month and county the same way.
    """

    month = models.DateField("月份")
    county = models.CharField("县级代码", max_length=6)
    dim = models.CharField("维度", max_length=16)
    key = models.CharField("取值", max_length=20, blank=True)
    n = models.PositiveIntegerField("件数")

    class Meta:
        verbose_name = "月度工单汇总"
        verbose_name_plural = "月度工单汇总"
        constraints = [
            models.UniqueConstraint(fields=("month", "county", "dim", "key"), name="case_month_stat_unique"),
        ]
        indexes = [models.Index(fields=("dim", "month", "county"), name="case_month_stat_dim_idx")]

    def __str__(self) -> str:
        return f"{self.month:%Y-%m} {self.county} {self.dim}={self.key}: {self.n}"


class ClockMonthStat(models.Model):
    """Statutory clocks stopped (met or breached) in a local month, by the county of their case.

    `completed` says whether the case has an event with one of the actions that complete this rule's step
    (dimensions.COMPLETING), which is how the on-time indicators tell a decision from a withdrawal.
    """

    month = models.DateField("月份")
    county = models.CharField("县级代码", max_length=6)
    rule_code = models.CharField("时限规则", max_length=60)
    state = models.CharField("状态", max_length=10)
    completed = models.BooleanField("已完成该环节")
    n = models.PositiveIntegerField("件数")

    class Meta:
        verbose_name = "月度时限汇总"
        verbose_name_plural = "月度时限汇总"
        constraints = [
            models.UniqueConstraint(
                fields=("month", "county", "rule_code", "state", "completed"), name="clock_month_stat_unique"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.month:%Y-%m} {self.county} {self.rule_code} {self.state}: {self.n}"


class GrantFact(models.Model):
    """One legal-aid grant decision (the `grant` event): for grants and distinct recipients over any period."""

    case_id = models.BigIntegerField("工单", unique=True)
    at = models.DateTimeField("决定时间")
    county = models.CharField("县级代码", max_length=6)
    requester_id = models.BigIntegerField("受援人", null=True, blank=True)

    class Meta:
        verbose_name = "法律援助决定"
        verbose_name_plural = "法律援助决定"
        indexes = [models.Index(fields=("county", "at"), name="grant_fact_county_at_idx")]

    def __str__(self) -> str:
        return f"{self.case_id}@{self.at:%Y-%m-%d}"


class BulkHistoryRun(BaseModel):
    """A province history written by `generate_demo --cases N` (issue 7 §8): what, how much, how fast."""

    province_code = models.CharField("省级代码", max_length=12)
    seed = models.IntegerField("随机种子")
    years = models.PositiveSmallIntegerField("年数")
    cases = models.PositiveIntegerField("工单数")
    events = models.PositiveIntegerField("事件数")
    deadlines = models.PositiveIntegerField("时限数")
    first_case_id = models.BigIntegerField("首个工单")
    last_case_id = models.BigIntegerField("末个工单")
    seconds = models.FloatField("耗时（秒）")

    class Meta:
        verbose_name = "批量历史数据"
        verbose_name_plural = "批量历史数据"
        constraints = [
            models.UniqueConstraint(fields=("province_code", "seed", "cases"), name="bulk_history_once"),
        ]

    def __str__(self) -> str:
        return f"{self.province_code} seed={self.seed} cases={self.cases}"


# --- assessment (考核评估) ----------------------------------------------------------------------------------


class SubjectKind(models.TextChoices):
    SITE = "site", _("服务站点")
    INSTITUTION = "institution", _("法律服务机构")


class Scorecard(BaseModel):
    """A configurable assessment scheme: weighted metrics for the sites or institutions of a region."""

    name = models.CharField("考核方案", max_length=100)
    region = models.ForeignKey("regions.Region", verbose_name="考核辖区", on_delete=models.PROTECT)
    subject_kind = models.CharField("考核对象", max_length=20, choices=SubjectKind.choices)
    subject_filter = models.CharField(
        "对象类型", max_length=40, blank=True, help_text="站点或机构类型，空表示全部"
    )
    description = models.TextField("说明", blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name="创建人", on_delete=models.PROTECT)

    class Meta:
        verbose_name = "考核方案"
        verbose_name_plural = "考核方案"
        ordering = ("region__code", "name")

    def __str__(self) -> str:
        return self.name


class ScorecardItem(models.Model):
    scorecard = models.ForeignKey(Scorecard, on_delete=models.CASCADE, related_name="items")
    metric = models.CharField("指标", max_length=40)
    weight = models.DecimalField("权重", max_digits=6, decimal_places=2)
    target = models.DecimalField("目标值", max_digits=12, decimal_places=2, null=True, blank=True)

    class Meta:
        verbose_name = "考核指标"
        verbose_name_plural = "考核指标"
        constraints = [
            models.UniqueConstraint(fields=("scorecard", "metric"), name="scorecard_metric_once"),
            models.CheckConstraint(condition=models.Q(weight__gt=0), name="scorecard_weight_positive"),
        ]

    def __str__(self) -> str:
        return f"{self.metric}×{self.weight}"


class ScorecardRun(BaseModel):
    """One assessment of a period: the scores and ranks as computed then (history, export)."""

    scorecard = models.ForeignKey(Scorecard, on_delete=models.CASCADE, related_name="runs")
    date_from = models.DateField("起始日期")
    date_to = models.DateField("截止日期")
    computed_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name="计算人", on_delete=models.PROTECT)
    weights = models.JSONField("权重快照", default=dict)

    class Meta:
        verbose_name = "考核结果"
        verbose_name_plural = "考核结果"
        ordering = ("-date_to", "-created_at")

    def __str__(self) -> str:
        return f"{self.scorecard} {self.date_from}~{self.date_to}"


class ScorecardRow(models.Model):
    run = models.ForeignKey(ScorecardRun, on_delete=models.CASCADE, related_name="rows")
    subject_id = models.BigIntegerField("对象编号")
    subject_name = models.CharField("对象", max_length=100)
    region_code = models.CharField("所在区划", max_length=12)
    values = models.JSONField("指标值", default=dict)  # metric -> {"value": str|None, "score": str}
    score = models.DecimalField("总分", max_digits=6, decimal_places=2)
    rank = models.PositiveIntegerField("名次")

    class Meta:
        verbose_name = "考核得分"
        verbose_name_plural = "考核得分"
        ordering = ("rank", "subject_name")

    def __str__(self) -> str:
        return f"{self.rank}. {self.subject_name} {self.score}"
