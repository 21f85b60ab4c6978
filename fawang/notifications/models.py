"""In-platform notifications; outbound channels (SMS, partner interfaces) go through an outbox (N4)."""

from __future__ import annotations

from django.conf import settings
from django.db import models

from fawang.core.models import BaseModel


class Notification(BaseModel):
    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="接收人",
        on_delete=models.CASCADE,
        related_name="notifications",
    )
    case = models.ForeignKey(
        "cases.Case", verbose_name="工单", null=True, blank=True, on_delete=models.CASCADE
    )
    kind = models.CharField("类型", max_length=40)
    message = models.CharField("内容", max_length=500)
    dedupe_key = models.CharField("去重键", max_length=120, unique=True)
    read_at = models.DateTimeField("已读时间", null=True, blank=True)

    class Meta:
        verbose_name = "通知"
        verbose_name_plural = "通知"
        ordering = ("-created_at",)
        indexes = [models.Index(fields=("recipient", "read_at"), name="notification_unread_idx")]

    def __str__(self) -> str:
        return self.message
