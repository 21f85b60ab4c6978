"""Knowledge base rows (J5, J7, J8): staff-written FAQ items, the smart-consultation record kept with a 工单, and
the written consultation opinion (法律咨询意见书) drafted from it."""

from __future__ import annotations

from datetime import date
from typing import ClassVar

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from fawang.core.models import AppendOnlyModel, BaseModel
from fawang.knowledge.engine import CATEGORIES

CATEGORY_CHOICES = [(c, c) for c in CATEGORIES]


class CitationState(models.TextChoices):
    """The outcome of the last citation check of an FAQ answer (J8)."""

    OK = "ok", _("引用有效")
    NONE = "none", _("未引用法条")
    FLAGGED = "flagged", _("引用需复核")


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


class OpinionStatus(models.TextChoices):
    """The life of a written consultation opinion (J7); the transitions are declared in opinions.py."""

    DRAFT = "draft", _("草稿")
    PENDING = "pending", _("待审批")
    RETURNED = "returned", _("退回修改")
    APPROVED = "approved", _("已审批")
    RELEASED = "released", _("已发布")


class ConsultationOpinion(BaseModel):
    """法律咨询意见书 (J7): drafted from a consultation 工单, approved by the answering professional, then released.

    The content fields are editable only in draft or returned. Approval freezes them into `snapshot`, which is
    what is released and rendered; a later correction is a new version of the same case."""

    case = models.ForeignKey(
        "cases.Case", verbose_name="工单", on_delete=models.PROTECT, related_name="consultation_opinions"
    )
    version = models.PositiveSmallIntegerField("版本")
    number = models.CharField("文书编号", max_length=40, unique=True)
    status = models.CharField(
        "状态", max_length=10, choices=OpinionStatus.choices, default=OpinionStatus.DRAFT
    )
    question = models.TextField("咨询问题")
    facts = models.TextField("咨询人陈述的事实", blank=True)
    answer = models.TextField("答复意见")
    advice = models.TextField("建议", blank=True)
    notice = models.TextField("告知事项")
    citations = models.JSONField("引用法条核查结果", default=list, blank=True)
    answerer = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="答复人", on_delete=models.PROTECT, related_name="+"
    )
    drafted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="起草人", on_delete=models.PROTECT, related_name="+"
    )
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="最后修改人", on_delete=models.PROTECT, related_name="+"
    )
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="审批人",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    approved_at = models.DateTimeField("审批时间", null=True, blank=True)
    released_at = models.DateTimeField("发布时间", null=True, blank=True)
    snapshot = models.JSONField("审批定稿", default=dict, blank=True)

    class PII:
        fields: ClassVar[tuple[str, ...]] = ("question", "facts", "snapshot")
        sensitive: ClassVar[tuple[str, ...]] = ()

    class Meta:
        verbose_name = "法律咨询意见书"
        verbose_name_plural = "法律咨询意见书"
        ordering = ("case", "-version")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(status__in=OpinionStatus.values), name="opinion_status_valid"
            ),
            models.UniqueConstraint(fields=("case", "version"), name="opinion_version_once"),
            # One version in the making per case; released versions stay as they were.
            models.UniqueConstraint(
                fields=("case",),
                condition=~models.Q(status="released"),
                name="opinion_one_open_per_case",
            ),
        ]

    def __str__(self) -> str:
        return self.number

    @property
    def document_key(self) -> str:
        """The key of the released version among the case's documents in the portal."""
        return f"consultation-opinion-{self.version}"


class ConsultationOpinionEvent(AppendOnlyModel):
    """One step of an opinion (J7): who drafted, edited, submitted, approved, returned or released it, and when."""

    opinion = models.ForeignKey(ConsultationOpinion, on_delete=models.PROTECT, related_name="events")
    at = models.DateTimeField("时间", db_index=True)
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name="操作人", on_delete=models.PROTECT)
    action = models.CharField("动作", max_length=20)
    from_status = models.CharField("原状态", max_length=10, blank=True)
    to_status = models.CharField("新状态", max_length=10)
    reason = models.TextField("说明", blank=True)
    context = models.JSONField("上下文", default=dict, blank=True)

    class Meta:
        verbose_name = "意见书办理记录"
        verbose_name_plural = "意见书办理记录"
        ordering = ("at", "id")

    def __str__(self) -> str:
        return f"{self.opinion_id} {self.action} {self.from_status}->{self.to_status}"
