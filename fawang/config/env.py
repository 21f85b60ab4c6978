"""The only module that reads os.environ (STYLE.md §10).

Booleans must be exactly "True" or "False"; any secret X may come from the file named by X_FILE;
a required value that is missing stops start-up with a clear message.
"""

import os
from pathlib import Path

_MISSING = object()


class ConfigError(RuntimeError):
    """Raised at start-up when the environment is not usable."""


def env_str(name: str, default: str | None = None) -> str:
    file_name = os.environ.get(f"{name}_FILE")
    if file_name:
        return Path(file_name).read_text(encoding="utf-8").strip()
    value = os.environ.get(name)
    if value is not None:
        return value
    if default is None:
        raise ConfigError(f"环境变量 {name} 未设置 (required setting {name} is missing)")
    return default


def env_bool(name: str, default: bool) -> bool:
    raw = os.environ.get(name)
    if raw is None:
        return default
    if raw not in ("True", "False"):
        raise ConfigError(f"环境变量 {name} 只能是 True 或 False，收到 {raw!r}")
    return raw == "True"


def env_int(name: str, default: int) -> int:
    raw = os.environ.get(name)
    if raw is None:
        return default
    try:
        return int(raw)
    except ValueError as exc:
        raise ConfigError(f"环境变量 {name} 必须是整数，收到 {raw!r}") from exc


def env_list(name: str, default: list[str]) -> list[str]:
    raw = os.environ.get(name)
    if raw is None:
        return default
    return [item.strip() for item in raw.split(",") if item.strip()]


def env_optional(name: str) -> str | None:
    file_name = os.environ.get(f"{name}_FILE")
    if file_name:
        return Path(file_name).read_text(encoding="utf-8").strip()
    return os.environ.get(name) or None
