"""Base model and the tamper-evident audit log (M6, STYLE §16)."""

from __future__ import annotations

from typing import Any, ClassVar

from django.conf import settings
from django.db import models


class BaseModel(models.Model):
    """created/updated stamps on every domain row; records are archived, not deleted.

    The province-scale tables (cases, clocks, ratings, calls) redeclare `created_at` without the index: they are
    queried by their own time column, and every index is paid on each insert and by the bulk load (issue 7 §8).
    """

    created_at = models.DateTimeField("创建时间", auto_now_add=True, db_index=True)
    updated_at = models.DateTimeField("更新时间", auto_now=True)

    class Meta:
        abstract = True


class AppendOnlyError(RuntimeError):
    """An append-only row was about to be changed or deleted."""


class AppendOnlyModel(models.Model):
    """Rows are written once. The database also refuses UPDATE and DELETE through triggers."""

    class Meta:
        abstract = True

    def save(self, *args: Any, **kwargs: Any) -> None:
        if self.pk is not None and not self._state.adding:
            raise AppendOnlyError(f"{type(self).__name__} 记录只能追加，不能修改。")
        super().save(*args, **kwargs)

    def delete(self, *args: Any, **kwargs: Any) -> tuple[int, dict[str, int]]:
        raise AppendOnlyError(f"{type(self).__name__} 记录只能追加，不能删除。")


class AuditAction(models.TextChoices):
    VIEW = "view", "查看"
    CREATE = "create", "创建"
    UPDATE = "update", "修改"
    TRANSITION = "transition", "流转"
    LOGIN = "login", "登录"
    LOGIN_FAILED = "login_failed", "登录失败"
    LOGOUT = "logout", "退出"
    EXPORT = "export", "导出"
    REVEAL = "reveal", "查看完整信息"
    PERMISSION = "permission", "权限变更"
    DENIED = "denied", "拒绝访问"


class AuditEntry(AppendOnlyModel):
    """One security-relevant fact. Each row's hash covers the previous row's hash (M6)."""

    at = models.DateTimeField("时间", db_index=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="操作人", null=True, blank=True, on_delete=models.PROTECT
    )
    actor_label = models.CharField("操作人标识", max_length=150)
    action = models.CharField("动作", max_length=20, choices=AuditAction.choices)
    object_type = models.CharField("对象类型", max_length=60)
    object_id = models.CharField("对象编号", max_length=64, blank=True)
    summary = models.CharField("摘要", max_length=500, blank=True)
    ip_address = models.GenericIPAddressField("来源地址", null=True, blank=True)
    user_agent = models.CharField("客户端", max_length=300, blank=True)
    prev_hash = models.CharField(max_length=64)
    entry_hash = models.CharField(max_length=64, unique=True)

    HASHED_FIELDS: ClassVar[tuple[str, ...]] = (
        "at",
        "actor_id",
        "actor_label",
        "action",
        "object_type",
        "object_id",
        "summary",
        "ip_address",
        "user_agent",
    )

    class Meta:
        verbose_name = "审计日志"
        verbose_name_plural = "审计日志"
        ordering = ("-id",)
        indexes = [models.Index(fields=("object_type", "object_id"), name="audit_object_idx")]

    def __str__(self) -> str:
        return (
            f"{self.at:%Y-%m-%d %H:%M} {self.actor_label} {self.action} {self.object_type}#{self.object_id}"
        )


class AuditChainHead(models.Model):
    """A single row locked while an entry is appended, so concurrent writers chain in order."""

    id = models.PositiveSmallIntegerField(primary_key=True, default=1)
    last_hash = models.CharField(max_length=64, default="0" * 64)

    class Meta:
        verbose_name = "审计链头"

    def __str__(self) -> str:
        return self.last_hash
