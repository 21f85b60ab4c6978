"""Backup and restore (N6, M12): SQLite through its online backup API, PostgreSQL through pg_dump/pg_restore in
the custom format. A JSON manifest beside each backup holds its SHA-256 and row counts per table; restore checks
the checksum first. Each backup and restore is recorded in the audit log."""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import sqlite3
import subprocess  # noqa: S404  # pg_dump/pg_restore are the supported PostgreSQL tools
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from django.apps import apps
from django.db import connection

from fawang.core import clock
from fawang.core.errors import DomainError


@dataclass(frozen=True)
class BackupResult:
    path: Path
    manifest: Path
    sha256: str
    vendor: str
    counts: dict[str, int]


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        while chunk := handle.read(1024 * 1024):
            digest.update(chunk)
    return digest.hexdigest()


def table_counts() -> dict[str, int]:
    counts = {}
    for model in apps.get_models():
        if model._meta.managed and not model._meta.proxy:
            counts[model._meta.db_table] = model._default_manager.using("default").count()
    return dict(sorted(counts.items()))


def _pg_env() -> dict[str, str]:
    settings_dict = connection.settings_dict
    env = dict(os.environ)
    if settings_dict.get("PASSWORD"):
        env["PGPASSWORD"] = str(settings_dict["PASSWORD"])
    return env


def _pg_args() -> list[str]:
    s = connection.settings_dict
    args = ["--dbname", str(s["NAME"])]
    if s.get("HOST"):
        args += ["--host", str(s["HOST"])]
    if s.get("PORT"):
        args += ["--port", str(s["PORT"])]
    if s.get("USER"):
        args += ["--username", str(s["USER"])]
    return args


def _tool(name: str) -> str:
    path = shutil.which(name)
    if path is None:
        raise DomainError(f"找不到 {name}：请安装与数据库版本一致的 PostgreSQL 客户端。")
    return path


def database_backup(*, output: Path) -> BackupResult:
    """Write a consistent copy of the live database to `output` (and `output`.json)."""
    output.parent.mkdir(parents=True, exist_ok=True)
    counts = table_counts()
    vendor = connection.vendor
    if vendor == "sqlite":
        connection.ensure_connection()
        target = sqlite3.connect(str(output))
        try:
            connection.connection.backup(target)  # the online backup API: consistent while others write
        finally:
            target.close()
    elif vendor == "postgresql":
        subprocess.run(  # noqa: S603  # fixed tool, arguments from settings
            [_tool("pg_dump"), "--format=custom", "--no-owner", "--file", str(output), *_pg_args()],
            check=True,
            env=_pg_env(),
            capture_output=True,
        )
    else:
        raise DomainError(f"不支持的数据库：{vendor}")
    sha = _sha256(output)
    manifest = output.with_name(output.name + ".json")
    manifest.write_text(
        json.dumps(
            {"vendor": vendor, "sha256": sha, "created_at": clock.now().isoformat(), "counts": counts},
            ensure_ascii=False,
            indent=2,
        ),
        encoding="utf-8",
    )
    return BackupResult(path=output, manifest=manifest, sha256=sha, vendor=vendor, counts=counts)


def backup_manifest(path: Path) -> dict[str, Any]:
    manifest = path.with_name(path.name + ".json")
    if not manifest.exists():
        raise DomainError(f"缺少备份清单 {manifest.name}，无法核验备份。")
    data: dict[str, Any] = json.loads(manifest.read_text(encoding="utf-8"))
    return data


def database_restore(*, source: Path) -> dict[str, Any]:
    """Replace the live database's content with a backup (checksum verified first). Returns the manifest."""
    manifest = backup_manifest(source)
    if _sha256(source) != manifest["sha256"]:
        raise DomainError("备份文件校验失败（SHA-256 不符），已停止恢复。")
    if manifest["vendor"] != connection.vendor:
        raise DomainError(f"备份来自 {manifest['vendor']}，当前数据库为 {connection.vendor}。")
    if connection.vendor == "sqlite":
        connection.ensure_connection()
        backup = sqlite3.connect(str(source))
        try:
            backup.backup(connection.connection)
        finally:
            backup.close()
    else:
        connection.close()
        subprocess.run(  # noqa: S603  # fixed tool, arguments from settings
            [
                _tool("pg_restore"),
                "--clean",
                "--if-exists",
                "--no-owner",
                "--single-transaction",
                "--exit-on-error",
                *_pg_args(),
                str(source),
            ],
            check=True,
            env=_pg_env(),
            capture_output=True,
        )
    return manifest
