"""System checks for the security configuration; the deploy ones run with `fawang check --deploy` (STYLE §13)."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.checks import CheckMessage, Error, Tags, Warning, register

DEV_PII_KEYS = frozenset({"PWIDnv3KgMX8z-9h5cQmi1tASvsSEKgilgFqzEmBu-s=", "dev-only-blind-index-key"})
AUDIT_RETENTION_FLOOR_DAYS = 183  # 网络安全法 Art.21(3): at least six months (M6)


@register(Tags.security)
def check_pii_keys(app_configs: Any, **kwargs: Any) -> list[CheckMessage]:
    # Imported when the checks run, not when they are registered at start-up (issue 7 §8).
    from cryptography.fernet import Fernet

    errors: list[CheckMessage] = []
    keys = list(getattr(settings, "FAWANG_PII_KEYS", []) or [])
    if not keys or not list(getattr(settings, "FAWANG_PII_INDEX_KEYS", []) or []):
        errors.append(
            Error("个人信息加密密钥未配置 (FAWANG_PII_KEYS / FAWANG_PII_INDEX_KEYS).", id="security.E801")
        )
    for key in keys:
        try:
            Fernet(key.encode("ascii"))
        except ValueError:
            errors.append(
                Error("FAWANG_PII_KEYS contains a key that is not a Fernet key.", id="security.E801")
            )
    return errors


@register(Tags.security)
def check_audit_retention(app_configs: Any, **kwargs: Any) -> list[CheckMessage]:
    days = settings.FAWANG_RETENTION_DAYS.get("audit_log", 0)
    if days < AUDIT_RETENTION_FLOOR_DAYS:
        return [
            Error(
                f"审计日志保存期限 {days} 天低于法定下限 {AUDIT_RETENTION_FLOOR_DAYS} 天（网络安全法第21条）。",
                id="security.E803",
            )
        ]
    return []


@register(Tags.security, deploy=True)
def check_deploy_security(app_configs: Any, **kwargs: Any) -> list[CheckMessage]:
    messages: list[CheckMessage] = []
    keys = set(settings.FAWANG_PII_KEYS) | set(settings.FAWANG_PII_INDEX_KEYS)
    if keys & DEV_PII_KEYS:
        messages.append(Error("生产环境使用了开发用的个人信息密钥。", id="security.E802"))
    if "admin" not in settings.FAWANG_TOTP_REQUIRED_ROLES:
        messages.append(
            Warning("系统管理员未强制启用动态口令 (FAWANG_TOTP_REQUIRED_ROLES).", id="security.W804")
        )
    script_src = settings.CONTENT_SECURITY_POLICY.get("DIRECTIVES", {}).get("script-src", [])
    if "'unsafe-inline'" in script_src or "'unsafe-eval'" in script_src:
        messages.append(
            Error("Content-Security-Policy 的 script-src 不得允许内联或 eval。", id="security.E805")
        )
    return messages


@register(Tags.security, deploy=True)
def check_pi_officer(app_configs: Any, **kwargs: Any) -> list[CheckMessage]:
    from fawang.security.compliance import pi_officer_contact

    officer = pi_officer_contact()
    if officer.get("name") and (officer.get("phone") or officer.get("email")):
        return []
    return [
        Warning(
            "未配置个人信息保护负责人的姓名和联系方式（个人信息保护法第五十二条；FAWANG_PI_OFFICER_NAME 与 "
            "FAWANG_PI_OFFICER_PHONE 或 FAWANG_PI_OFFICER_EMAIL）。",
            id="security.W806",
        )
    ]
