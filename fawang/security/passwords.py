"""Password policy (M5, 等保2.0 level 3 practice): length (Django's MinimumLengthValidator, 10), character classes,
and no reuse of the last N passwords. Listed in AUTH_PASSWORD_VALIDATORS, so every form that sets a password
(admin, password change, reset) applies them."""

from __future__ import annotations

import string
from typing import Any

from django.contrib.auth.hashers import check_password
from django.core.exceptions import ValidationError

from fawang.core import clock
from fawang.security.models import PasswordHistory

_CLASSES = (
    ("小写字母", set(string.ascii_lowercase)),
    ("大写字母", set(string.ascii_uppercase)),
    ("数字", set(string.digits)),
    ("符号", set(string.punctuation + " ")),
)


def password_classes(password: str) -> int:
    chars = set(password)
    return sum(1 for _, members in _CLASSES if chars & members)


class ComplexityValidator:
    """At least `min_classes` of: lower-case, upper-case, digits, symbols."""

    def __init__(self, min_classes: int = 3) -> None:
        self.min_classes = min_classes

    def validate(self, password: str, user: Any = None) -> None:
        if password_classes(password) < self.min_classes:
            raise ValidationError(
                f"密码须至少包含小写字母、大写字母、数字、符号中的 {self.min_classes} 类。",
                code="password_too_simple",
            )

    def get_help_text(self) -> str:
        return f"密码须至少包含小写字母、大写字母、数字、符号中的 {self.min_classes} 类。"


class PasswordHistoryValidator:
    """Refuses any of the user's last `history` passwords (the current one included) and records each new one."""

    def __init__(self, history: int = 5) -> None:
        self.history = history

    def _recent(self, user: Any) -> list[PasswordHistory]:
        return list(
            PasswordHistory.objects.filter(user_id=user.pk).order_by("-created_at", "-id")[: self.history]
        )

    def validate(self, password: str, user: Any = None) -> None:
        if user is None or user.pk is None:
            return
        hashes = [row.password_hash for row in self._recent(user)]
        if user.password and user.password not in hashes:
            hashes.append(user.password)
        if any(check_password(password, encoded) for encoded in hashes):
            raise ValidationError(
                f"新密码不能与最近 {self.history} 次使用过的密码相同。", code="password_reused"
            )

    def password_changed(self, password: str, user: Any = None) -> None:
        if user is None or user.pk is None or not user.password:
            return
        PasswordHistory.objects.create(user_id=user.pk, password_hash=user.password, created_at=clock.now())
        keep = [row.pk for row in self._recent(user)]
        PasswordHistory.objects.filter(user_id=user.pk).exclude(pk__in=keep).delete()

    def get_help_text(self) -> str:
        return f"不能使用最近 {self.history} 次用过的密码。"
