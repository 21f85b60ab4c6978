"""Batch eligibility check: JSONL facts on stdin, one JSON verdict per line on stdout (docs/eligibility.md).

By default the standards come from the database that administrators edit (the same source as the legal-aid
workbench; ADR 0020). ``--rules DIR`` reads a directory of YAML rule files instead. Thin by design: parsing,
the decision and error messages live in ``eligibility.engine``.
"""

import json
import sys
from pathlib import Path
from typing import Any, TextIO

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import DatabaseError

from fawang.eligibility.engine import RuleBook, RuleError, load_rulebook_dir
from fawang.eligibility.engine.jsonl import process_lines


class Command(BaseCommand):
    help = "按法律援助法判断法律援助申请是否符合条件：从标准输入逐行读取 JSON，逐行输出结论。"
    stealth_options = ("stdin",)
    requires_system_checks: list[str] = []  # a batch filter: it needs the standards table, nothing else

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--jsonl", action="store_true", help="输入输出均为每行一个 JSON 对象（目前唯一格式）。"
        )
        parser.add_argument(
            "--rules",
            type=Path,
            default=None,
            help="改从该目录的规则文件读取经济困难标准（默认：数据库中管理员维护的标准）。",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        if not options["jsonl"]:
            raise CommandError("请使用 --jsonl：从标准输入读取每行一个 JSON 对象。")
        rules = self._file_rules(options["rules"]) if options["rules"] else self._database_rules()
        stdin: TextIO = options.get("stdin") or sys.stdin
        for output in process_lines(stdin, rules):
            self.stdout.write(json.dumps(output, ensure_ascii=False))

    def _file_rules(self, root: Path) -> RuleBook:
        try:
            return load_rulebook_dir(root)
        except (RuleError, OSError) as exc:
            raise CommandError(f"无法加载经济困难标准规则：{exc}") from exc

    def _database_rules(self) -> RuleBook:
        from fawang.accounts.services import system_actor
        from fawang.eligibility.selectors import rules_current
        from fawang.eligibility.services import standards_ensure_seeded

        try:
            standards_ensure_seeded(actor=system_actor())
            return rules_current().book
        except DatabaseError as exc:
            # An unmigrated database: fall back to the shipped files (the seed of the table), and say so.
            self.stderr.write(
                f"数据库中尚无经济困难标准表（请先运行 migrate）：{exc.__class__.__name__}；"
                "本次改用随系统发布的规则文件。"
            )
            return self._file_rules(Path(__file__).resolve().parents[2] / "rules")
