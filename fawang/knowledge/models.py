"""Knowledge base rows (J5, J8): staff-written FAQ items, and the smart-consultation record kept with a 工单."""

from __future__ import annotations

from datetime import date

from django.conf import settings
from django.db import models

from fawang.core.models import BaseModel
from fawang.knowledge.engine import CATEGORIES

CATEGORY_CHOICES = [(c, c) for c in CATEGORIES]


class CitationState(models.TextChoices):
    """The outcome of the last citation check of an FAQ answer (J8)."""

    OK = "ok", "引用有效"
    NONE = "none", "未引用法条"
    FLAGGED = "flagged", "引用需复核"


class FaqItem(BaseModel):
    """A curated question and answer (常见问题解答) with its citations, owner and review cycle (J8)."""

    question = models.CharField("问题", max_length=300)
    answer = models.TextField("解答")
    keywords = models.CharField("检索关键词", max_length=300, blank=True, help_text="以空格或顿号分隔，可选")
    category = models.CharField("纠纷类别", max_length=20, choices=CATEGORY_CHOICES, db_index=True)
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="负责人", on_delete=models.PROTECT, related_name="faq_items"
    )
    review_due = models.DateField("复核日期")
    effective_from = models.DateField("生效日期")
    effective_to = models.DateField("失效日期", null=True, blank=True)
    archived = models.BooleanField("已停用", default=False)
    citation_state = models.CharField(
        "引用状态", max_length=10, choices=CitationState.choices, default=CitationState.NONE
    )
    citations = models.JSONField("引用核查结果", default=list, blank=True)
    citations_checked_at = models.DateTimeField("引用核查时间", null=True, blank=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="最后修改人",
        on_delete=models.PROTECT,
        related_name="+",
    )

    class Meta:
        verbose_name = "常见问题"
        verbose_name_plural = "常见问题"
        ordering = ("category", "question")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(effective_to__isnull=True)
                | models.Q(effective_to__gte=models.F("effective_from")),
                name="faq_effective_range_valid",
            ),
            models.CheckConstraint(
                condition=models.Q(citation_state__in=CitationState.values), name="faq_citation_state_valid"
            ),
        ]

    def __str__(self) -> str:
        return self.question

    def is_effective(self, on: date) -> bool:
        return (
            not self.archived
            and self.effective_from <= on
            and (self.effective_to is None or on <= self.effective_to)
        )

    def review_overdue(self, on: date) -> bool:
        return self.review_due < on


class ConsultationRequest(BaseModel):
    """A smart consultation handed to a human (J5): the question and exactly what the assistant showed."""

    case = models.OneToOneField(
        "cases.Case", verbose_name="工单", on_delete=models.PROTECT, related_name="smart_consultation"
    )
    question = models.TextField("咨询问题")
    category = models.CharField("系统判断类别", max_length=20, blank=True)
    shown = models.JSONField("当时展示的内容", default=dict)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="提交人", on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        verbose_name = "智能咨询转人工"
        verbose_name_plural = "智能咨询转人工"

    def __str__(self) -> str:
        return f"{self.case_id}: {self.question[:30]}"
