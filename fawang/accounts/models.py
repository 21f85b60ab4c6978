"""Accounts and role assignments (0.4, STYLE §7)."""

from __future__ import annotations

from typing import ClassVar

from django.contrib.auth.models import AbstractUser
from django.db import models

from fawang.accounts.roles import Role
from fawang.core.crypto import BlindIndexedModel, BlindIndexField, EncryptedTextField
from fawang.core.models import BaseModel

ROLE_CHOICES = [(r.value, r.value) for r in Role]


class User(BlindIndexedModel, AbstractUser):
    display_name = models.CharField("姓名", max_length=50, blank=True)
    # Encrypted at rest (M3, ADR 0080). Citizens sign in with it (accounts.backends.PhoneBackend) and it is
    # found through the unique blind index, via accounts.selectors.user_find_by_phone only.
    phone = EncryptedTextField("手机号", max_length=20, blank=True)
    phone_bidx = BlindIndexField("手机号索引", source="phone", normalizer=str.strip, null=True, unique=True)

    class PII:
        """Personal data declared per model (STYLE §16); `rotate_pii_keys` finds the encrypted fields."""

        fields: ClassVar[tuple[str, ...]] = ("display_name", "phone")
        sensitive: ClassVar[tuple[str, ...]] = ()
        encrypted: ClassVar[tuple[str, ...]] = ("phone",)
        blind_indexes: ClassVar[dict[str, str]] = {"phone": "phone_bidx"}

    class Meta:
        verbose_name = "用户"
        verbose_name_plural = "用户"

    def __str__(self) -> str:
        return self.display_name or self.username


class RoleAssignment(BaseModel):
    """A role granted for a jurisdiction (region subtree) and/or an institution or site."""

    user = models.ForeignKey(
        User, verbose_name="用户", on_delete=models.CASCADE, related_name="role_assignments"
    )
    role = models.CharField("角色", max_length=30, choices=ROLE_CHOICES)
    region = models.ForeignKey(
        "regions.Region", verbose_name="辖区", null=True, blank=True, on_delete=models.PROTECT
    )
    institution = models.ForeignKey(
        "directory.Institution", verbose_name="机构", null=True, blank=True, on_delete=models.PROTECT
    )
    site = models.ForeignKey(
        "directory.Site", verbose_name="站点", null=True, blank=True, on_delete=models.PROTECT
    )
    valid_from = models.DateField("生效日期", null=True, blank=True)
    valid_to = models.DateField("失效日期", null=True, blank=True)

    class Meta:
        verbose_name = "角色授权"
        verbose_name_plural = "角色授权"
        constraints = [
            models.CheckConstraint(condition=models.Q(role__in=[r.value for r in Role]), name="role_known"),
            models.UniqueConstraint(
                fields=("user", "role", "region", "institution", "site"), name="role_assignment_unique"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.user} · {self.role}"
