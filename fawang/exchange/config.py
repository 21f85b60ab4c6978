"""The upstream targets of this deployment (K11; docs/exchange.md).

`FAWANG_EXCHANGE_TARGETS` holds a JSON list of targets, or `FAWANG_EXCHANGE_CONFIG_FILE` names a JSON file holding
one (used when the first is empty). Each target:

    {"code": "12348_national", "name": "中国法律服务网", "url": "https://…", "secret_env": "EXCHANGE_12348_SECRET",
     "kinds": ["case_accepted", "case_concluded", "rating"], "services": ["legal_aid", "mediation"] or "*",
     "sender": "<code the platform assigned this bureau>", "timeout_seconds": 10, "max_attempts": 12,
     "include_masked_name": false}

The shared secret itself is never in the configuration: `secret_env` names the environment variable (or, through
the usual `<NAME>_FILE` convention, the file) that holds it. Both settings empty: nothing is queued, and the outbox
hooks return before touching the database. A malformed value fails the system checks (`fawang.exchange.checks`).
"""

from __future__ import annotations

import json
import re
from collections.abc import Mapping
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured

from fawang.cases.states import ServiceType
from fawang.config.env import env_optional
from fawang.exchange.models import Kind

CODE_PATTERN = re.compile(r"^[a-z0-9][a-z0-9_]{0,39}$")
ENV_NAME_PATTERN = re.compile(r"^[A-Z][A-Z0-9_]{0,99}$")
LOOPBACK_HOSTS = frozenset({"127.0.0.1", "localhost", "::1"})  # plain http only to a local test stub
KNOWN_KEYS = frozenset(
    {
        "code",
        "name",
        "url",
        "secret_env",
        "kinds",
        "services",
        "sender",
        "timeout_seconds",
        "max_attempts",
        "include_masked_name",
    }
)
DEFAULT_TIMEOUT_SECONDS = 10.0
DEFAULT_MAX_ATTEMPTS = 12


@dataclass(frozen=True)
class Target:
    code: str
    name: str
    url: str
    secret_env: str
    kinds: frozenset[str]
    services: frozenset[str]  # empty: every service type
    sender: str = ""
    timeout_seconds: float = DEFAULT_TIMEOUT_SECONDS
    max_attempts: int = DEFAULT_MAX_ATTEMPTS
    include_masked_name: bool = False

    def takes(self, *, kind: str, service_type: str) -> bool:
        return kind in self.kinds and (not self.services or service_type in self.services)


def exchange_configured() -> bool:
    """Cheap enough for every transition: two settings reads, no I/O, no query."""
    return bool(settings.FAWANG_EXCHANGE_TARGETS or settings.FAWANG_EXCHANGE_CONFIG_FILE)


def exchange_targets() -> tuple[Target, ...]:
    """The configured targets; raises ImproperlyConfigured with a Chinese message when malformed."""
    raw = settings.FAWANG_EXCHANGE_TARGETS
    if raw:
        return _parse(raw, "FAWANG_EXCHANGE_TARGETS")
    path = settings.FAWANG_EXCHANGE_CONFIG_FILE
    if path:
        return _parse(_read(path), f"FAWANG_EXCHANGE_CONFIG_FILE {path}")
    return ()


def exchange_target(code: str) -> Target | None:
    return next((t for t in exchange_targets() if t.code == code), None)


def exchange_secret(target: Target) -> str:
    """The shared secret, read when it is needed (env.py is the only reader of the environment)."""
    return env_optional(target.secret_env) or ""


@lru_cache(maxsize=4)
def _read(path: str) -> str:
    # Read once per process, like every other setting: a changed file takes effect on restart.
    try:
        return Path(path).read_text(encoding="utf-8")
    except OSError as exc:
        raise ImproperlyConfigured(f"FAWANG_EXCHANGE_CONFIG_FILE {path} 无法读取：{exc}") from exc


@lru_cache(maxsize=8)
def _parse(text: str, where: str) -> tuple[Target, ...]:
    try:
        data = json.loads(text)
    except ValueError as exc:
        raise ImproperlyConfigured(f"{where} 不是有效的 JSON：{exc}") from exc
    if not isinstance(data, list):
        raise ImproperlyConfigured(f"{where} 应是上报目标的列表（JSON 数组）")
    targets = tuple(_target(entry, f"{where}[{i}]") for i, entry in enumerate(data))
    codes = [t.code for t in targets]
    duplicates = sorted({c for c in codes if codes.count(c) > 1})
    if duplicates:
        raise ImproperlyConfigured(f"{where}：目标代码重复：{'、'.join(duplicates)}")
    return targets


def _text(entry: Mapping[str, Any], key: str, where: str) -> str:
    value = entry.get(key)
    if not isinstance(value, str) or not value.strip():
        raise ImproperlyConfigured(f"{where} 缺少 {key}（非空字符串）")
    return value.strip()


def _url(value: str, where: str) -> str:
    parts = urlsplit(value)
    secure = parts.scheme == "https"
    local_stub = parts.scheme == "http" and parts.hostname in LOOPBACK_HOSTS
    if not parts.hostname or not (secure or local_stub):
        raise ImproperlyConfigured(
            f"{where}.url 地址无效：{value!r}。须为 https:// 地址（http:// 仅限本机测试桩 127.0.0.1）。"
        )
    return value


def _choices(raw: object, allowed: list[str], key: str, where: str, *, star: bool) -> frozenset[str]:
    if star and (raw is None or raw == "*"):
        return frozenset()
    if not isinstance(raw, list) or not raw or not all(isinstance(v, str) for v in raw):
        raise ImproperlyConfigured(f"{where}.{key} 应是非空的字符串列表{'或 *' if star else ''}")
    unknown = sorted(set(raw) - set(allowed))
    if unknown:
        raise ImproperlyConfigured(
            f"{where}.{key} 含未知取值：{'、'.join(unknown)}；可用取值：{', '.join(allowed)}"
        )
    return frozenset(raw)


def _number(entry: Mapping[str, Any], key: str, default: float, low: float, high: float, where: str) -> float:
    value = entry.get(key, default)
    if isinstance(value, bool) or not isinstance(value, int | float) or not low <= value <= high:
        raise ImproperlyConfigured(f"{where}.{key} 应是 {low:g} 到 {high:g} 之间的数字，收到 {value!r}")
    return float(value)


def _target(entry: object, where: str) -> Target:
    if not isinstance(entry, Mapping):
        raise ImproperlyConfigured(f"{where} 应是 JSON 对象")
    unknown = sorted(set(entry) - KNOWN_KEYS)
    if unknown:
        raise ImproperlyConfigured(f"{where} 含未知字段：{'、'.join(unknown)}")
    code = _text(entry, "code", where)
    if not CODE_PATTERN.match(code):
        raise ImproperlyConfigured(f"{where}.code 只能用小写字母、数字和下划线（至多 40 个字符）：{code!r}")
    secret_env = _text(entry, "secret_env", where)
    if not ENV_NAME_PATTERN.match(secret_env):
        raise ImproperlyConfigured(
            f"{where}.secret_env 应是环境变量名（大写字母、数字、下划线），不是密钥本身"
        )
    include_name = entry.get("include_masked_name", False)
    if not isinstance(include_name, bool):
        raise ImproperlyConfigured(f"{where}.include_masked_name 只能是 true 或 false")
    return Target(
        code=code,
        name=_text(entry, "name", where),
        url=_url(_text(entry, "url", where), where),
        secret_env=secret_env,
        kinds=_choices(entry.get("kinds"), Kind.values, "kinds", where, star=False),
        services=_choices(entry.get("services"), ServiceType.values, "services", where, star=True),
        sender=str(entry.get("sender", "")),
        timeout_seconds=_number(entry, "timeout_seconds", DEFAULT_TIMEOUT_SECONDS, 0.1, 60, where),
        max_attempts=int(_number(entry, "max_attempts", DEFAULT_MAX_ATTEMPTS, 1, 50, where)),
        include_masked_name=include_name,
    )
