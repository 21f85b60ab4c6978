"""`fawang notary_report_export --out FILE [--batch ID]`: revocations and corrections for the national notary
system (E7, E10), one JSON object per line; see fawang.notary.national_report."""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import transaction

from fawang.accounts.services import system_actor
from fawang.core.errors import DomainError
from fawang.notary.national_report import (
    ReportBatch,
    national_report_batch,
    notary_national_report_export,
)


def _write(path: Path, batch: ReportBatch) -> None:
    """Write next to the target, then rename: a reader never sees half a file."""
    partial = path.with_name(path.name + ".partial")
    with partial.open("w", encoding="utf-8") as out:
        for row in batch.rows:
            out.write(json.dumps(row, ensure_ascii=False) + "\n")
        out.flush()
        os.fsync(out.fileno())
    partial.replace(path)


class Command(BaseCommand):
    help = "导出待报送全国公证管理系统的撤销、更正、补正公证书记录（JSON Lines），并标记为已报送。"

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--out", required=True, type=Path, help="输出文件（每行一条记录）。")
        parser.add_argument("--batch", default="", help="重新导出已报送的某一批次（文件丢失或被退回时）。")

    def handle(self, *args: Any, **options: Any) -> None:
        path: Path = options["out"]
        if not path.parent.is_dir():
            raise CommandError(f"输出目录不存在：{path.parent}")
        actor = system_actor()
        try:
            # The rows are marked reported only if the file is written: one transaction around both.
            with transaction.atomic():
                if options["batch"]:
                    batch = national_report_batch(actor=actor, batch=options["batch"])
                else:
                    batch = notary_national_report_export(actor=actor)
                if batch.rows:
                    _write(path, batch)
        except DomainError as exc:
            raise CommandError(exc.message) from exc
        except OSError as exc:
            raise CommandError(f"写入 {path} 失败，记录仍为待报送：{exc}") from exc
        if not batch.rows:
            self.stdout.write("没有待报送的记录。")
            return
        self.stdout.write(f"已导出 {len(batch.rows)} 条记录到 {path}（批次 {batch.batch}）。")
