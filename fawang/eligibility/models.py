"""Hardship standards as effective-dated data that administrators edit (C3; REQUIREMENTS section 3; ADR 0020).

One ``HardshipArea`` per area key (``guangdong-zhongshan``) and one ``HardshipStandard`` per area and
``effective_from``. ``data`` holds the rule in the shape of the YAML files (docs/eligibility.md): every value is
``{"value": ..., "source": ...}``, so the pure engine's ``parse_rule`` validates both sources the same way. Edits
never overwrite history: each change bumps ``revision`` and appends a ``HardshipStandardRevision`` (X4, T7).
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from fawang.core.models import BaseModel


class StandardOrigin(models.TextChoices):
    SHIPPED = "shipped", _("随系统发布（规则文件）")
    ADMIN = "admin", _("管理员录入")


class HardshipArea(BaseModel):
    key = models.SlugField("地区代码", max_length=60, unique=True, help_text="如 guangdong-zhongshan")
    province = models.CharField("省（自治区、直辖市）", max_length=30)
    prefecture = models.CharField("地级市", max_length=30, blank=True)
    county = models.CharField("县（市、区）", max_length=30, blank=True)
    code = models.CharField("统计用区划代码前缀", max_length=12, blank=True)
    aliases = models.JSONField("别名", default=list, blank=True)

    class Meta:
        verbose_name = "经济困难标准适用地区"
        verbose_name_plural = "经济困难标准适用地区"
        ordering = ("key",)

    def __str__(self) -> str:
        return "".join(p for p in (self.province, self.prefecture, self.county) if p)

    def as_rule_area(self) -> dict[str, Any]:
        area: dict[str, Any] = {"key": self.key, "province": self.province}
        if self.prefecture:
            area["prefecture"] = self.prefecture
        if self.county:
            area["county"] = self.county
        if self.code:
            area["code"] = self.code
        if self.aliases:
            area["aliases"] = list(self.aliases)
        return area


class HardshipStandard(BaseModel):
    area = models.ForeignKey(
        HardshipArea, verbose_name="地区", on_delete=models.PROTECT, related_name="standards"
    )
    effective_from = models.DateField("施行日期")
    data = models.JSONField("标准内容（每项含数值与来源）")
    revision = models.PositiveIntegerField("修订版本", default=1)
    origin = models.CharField("来源", max_length=10, choices=StandardOrigin.choices)
    withdrawn = models.BooleanField("已停用", default=False)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="最后修改人", on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        verbose_name = "经济困难标准"
        verbose_name_plural = "经济困难标准"
        ordering = ("area__key", "effective_from")
        constraints = [
            models.UniqueConstraint(fields=("area", "effective_from"), name="hardship_standard_unique_date"),
        ]

    def __str__(self) -> str:
        return self.version

    @property
    def version(self) -> str:
        """The engine's ``rule_version`` (``<area>/<effective_from>``)."""
        return f"{self.area.key}/{self.effective_from.isoformat()}"

    def value(self, key: str) -> Any:
        entry = self.data.get(key)
        return entry.get("value") if isinstance(entry, dict) else None

    def source(self, key: str) -> str:
        entry = self.data.get(key)
        return str(entry.get("source") or "") if isinstance(entry, dict) else ""


class HardshipStandardRevision(BaseModel):
    """Every saved state of a standard, written once and never changed (who, when, why, what)."""

    standard = models.ForeignKey(
        HardshipStandard, verbose_name="标准", on_delete=models.PROTECT, related_name="revisions"
    )
    revision = models.PositiveIntegerField("修订版本")
    data = models.JSONField("标准内容")
    withdrawn = models.BooleanField("已停用", default=False)
    reason = models.TextField("修改理由")
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="修改人", on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        verbose_name = "经济困难标准修订记录"
        verbose_name_plural = "经济困难标准修订记录"
        ordering = ("standard", "revision")
        constraints = [
            models.UniqueConstraint(fields=("standard", "revision"), name="hardship_revision_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.standard_id}#{self.revision}"
