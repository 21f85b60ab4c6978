"""The upstream exchange outbox (K11; ADR 0096): one row per record to send to one upstream platform.

A row is written in the same transaction as the business event it reports (a 工单 accepted or concluded, a 好差评
rating), so a committed event always has its message and a rolled-back one never does. Delivery happens later,
outside that transaction (`exchange_deliver_due`), at least once; the upstream deduplicates on `idempotency_key`.
"""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from fawang.core.models import BaseModel


class Kind(models.TextChoices):
    CASE_ACCEPTED = "case_accepted", _("办件受理")
    CASE_CONCLUDED = "case_concluded", _("办件办结")
    RATING = "rating", _("好差评")


class MessageStatus(models.TextChoices):
    PENDING = "pending", _("待发送")
    FAILED = "failed", _("发送失败，等待重试")
    DELIVERED = "delivered", _("已送达")
    DEAD = "dead", _("已停止重试")


DUE_STATUSES = (MessageStatus.PENDING, MessageStatus.FAILED)
PROBLEM_STATUSES = (MessageStatus.FAILED, MessageStatus.DEAD)


class ExchangeMessage(BaseModel):
    created_at = models.DateTimeField("创建时间", auto_now_add=True)  # unindexed: nothing selects by it

    target = models.CharField("上报目标", max_length=40)
    kind = models.CharField("记录类型", max_length=20, choices=Kind.choices)
    # Not indexed: messages are found by status and time, never by case; cases and ratings are never deleted.
    case = models.ForeignKey(
        "cases.Case", verbose_name="工单", on_delete=models.PROTECT, related_name="+", db_index=False
    )
    rating = models.ForeignKey(
        "evaluation.Rating",
        verbose_name="评价",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        db_index=False,
    )
    # The case's region when the event happened: the supervision page's jurisdiction scope (K2, M4).
    region = models.ForeignKey(
        "regions.Region", verbose_name="辖区", on_delete=models.PROTECT, related_name="+", db_index=False
    )
    idempotency_key = models.CharField("幂等键", max_length=120)
    payload = models.JSONField("报文")
    status = models.CharField(
        "状态", max_length=10, choices=MessageStatus.choices, default=MessageStatus.PENDING
    )
    attempts = models.PositiveSmallIntegerField("已尝试次数", default=0)
    next_attempt_at = models.DateTimeField("下次发送时间", null=True, blank=True)
    # Set by the worker that claimed the row; its result is recorded only while the claim is still its own.
    claim_token = models.CharField("领取标记", max_length=32, blank=True)
    last_status_code = models.PositiveSmallIntegerField("最近响应码", null=True, blank=True)
    last_error = models.CharField("最近错误", max_length=500, blank=True)
    delivered_at = models.DateTimeField("送达时间", null=True, blank=True)

    class Meta:
        verbose_name = "上报消息"
        verbose_name_plural = "上报消息"
        constraints = [
            models.UniqueConstraint(fields=("target", "idempotency_key"), name="exchange_key_unique"),
            models.CheckConstraint(
                condition=models.Q(status__in=MessageStatus.values), name="exchange_status_valid"
            ),
            models.CheckConstraint(condition=models.Q(kind__in=Kind.values), name="exchange_kind_valid"),
        ]
        indexes = [
            # The delivery query: due rows in time order; delivered and dead rows (nearly all) stay out of it.
            models.Index(
                fields=("next_attempt_at",),
                name="exchange_due_idx",
                condition=models.Q(status__in=["pending", "failed"]),
            ),
            # The supervision page's list of failing and dead messages.
            models.Index(
                fields=("target", "status"),
                name="exchange_problem_idx",
                condition=models.Q(status__in=["failed", "dead"]),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.target} {self.kind} {self.idempotency_key} ({self.status})"
