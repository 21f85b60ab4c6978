"""System checks of the upstream targets (K11): a bad URL, an unknown kind or service, or a missing secret stops
start-up with a clear message instead of failing quietly, message by message, at delivery time."""

from __future__ import annotations

from typing import Any

from django.core import checks
from django.core.exceptions import ImproperlyConfigured

from fawang.exchange.config import exchange_configured, exchange_secret, exchange_targets


@checks.register()
def exchange_targets_check(app_configs: Any = None, **kwargs: Any) -> list[checks.CheckMessage]:
    if not exchange_configured():
        return []
    try:
        targets = exchange_targets()
    except ImproperlyConfigured as exc:
        return [
            checks.Error(str(exc), hint="上报目标的格式见 docs/exchange.md“配置”一节。", id="exchange.E001")
        ]
    return [
        checks.Error(
            f"上报目标 {t.code}（{t.name}）的共享密钥环境变量 {t.secret_env} 未设置。",
            hint=f"在运行环境中设置 {t.secret_env}（或 {t.secret_env}_FILE 指向密钥文件）。",
            id="exchange.E002",
        )
        for t in targets
        if not exchange_secret(t)
    ]
