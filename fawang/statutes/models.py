"""The statute corpus in the project's own tables (J1): instruments with versions, and their articles."""

from __future__ import annotations

from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from fawang.core.models import BaseModel


class InstrumentLevel(models.TextChoices):
    CONSTITUTION = "宪法", _("宪法")
    LAW = "法律", _("法律")
    ADMINISTRATIVE_REGULATION = "行政法规", _("行政法规")
    JUDICIAL_INTERPRETATION = "司法解释", _("司法解释")
    DEPARTMENTAL_RULE = "部门规章", _("部门规章")
    LOCAL_REGULATION = "地方性法规", _("地方性法规")
    OTHER = "其他", _("其他")


class InstrumentStatus(models.TextChoices):
    IN_FORCE = "in_force", _("现行有效")
    AMENDED = "amended", _("已被修改")
    REPEALED = "repealed", _("已废止")
    NOT_YET = "not_yet", _("尚未生效")


class Instrument(BaseModel):
    """One version of a law, regulation or interpretation. Versions of one work share `work_key`."""

    work_key = models.CharField("作品标识", max_length=200, db_index=True)
    title = models.CharField("标题", max_length=200, db_index=True)
    short_title = models.CharField("简称", max_length=100, blank=True, db_index=True)
    level = models.CharField("效力级别", max_length=20, choices=InstrumentLevel.choices)
    issuing_body = models.CharField("制定机关", max_length=200, blank=True)
    publish_date = models.DateField("公布日期", null=True, blank=True)
    effective_date = models.DateField("施行日期", null=True, blank=True)
    version_label = models.CharField("版本", max_length=50, blank=True)
    status = models.CharField("时效性", max_length=20, choices=InstrumentStatus.choices)
    is_current = models.BooleanField("现行版本", default=True, db_index=True)
    category = models.CharField("分类", max_length=100, blank=True)
    preamble = models.TextField("序言", blank=True)
    source = models.CharField("来源", max_length=40)
    source_key = models.CharField("来源标识", max_length=300)
    content_hash = models.CharField("内容摘要", max_length=64, blank=True)

    class Meta:
        verbose_name = "法律法规"
        verbose_name_plural = "法律法规"
        ordering = ("title", "-effective_date")
        constraints = [
            models.UniqueConstraint(fields=("source", "source_key"), name="instrument_unique_source_key"),
        ]
        indexes = [models.Index(fields=("work_key", "is_current"), name="instrument_work_current_idx")]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("statutes:instrument", args=[self.pk])


class Article(models.Model):
    """One article (条). `number` 0 holds an instrument kept whole (label 全文); `suffix` is N in 第X条之N."""

    instrument = models.ForeignKey(Instrument, on_delete=models.CASCADE, related_name="articles")
    number = models.PositiveIntegerField("条号")
    suffix = models.PositiveSmallIntegerField("之N", default=0)
    label = models.CharField("条文序号", max_length=30)  # e.g. 第三十条之一
    text = models.TextField("条文")
    path = models.CharField("编章节", max_length=300, blank=True)
    position = models.PositiveIntegerField("顺序")

    class Meta:
        verbose_name = "条文"
        verbose_name_plural = "条文"
        ordering = ("instrument", "position")
        constraints = [
            models.UniqueConstraint(fields=("instrument", "number", "suffix"), name="article_unique_number"),
        ]

    def __str__(self) -> str:
        return f"{self.instrument.title}{self.label}"

    def get_absolute_url(self) -> str:
        ref = f"{self.number}-{self.suffix}" if self.suffix else str(self.number)
        return reverse("statutes:article", args=[self.instrument_id, ref])
