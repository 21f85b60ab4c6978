"""Batch eligibility check: JSONL facts on stdin, one JSON verdict per line on stdout (docs/eligibility.md).

Thin by design (STYLE.md section 6): parsing, the decision and error messages live in ``eligibility.engine``.
"""

import json
import sys
from pathlib import Path
from typing import Any, TextIO

from django.core.management.base import BaseCommand, CommandError, CommandParser

from fawang.eligibility.engine import DEFAULT_RULES_DIR, RuleError, load_rulebook_dir
from fawang.eligibility.engine.jsonl import process_lines


class Command(BaseCommand):
    help = "按法律援助法判断法律援助申请是否符合条件：从标准输入逐行读取 JSON，逐行输出结论。"
    stealth_options = ("stdin",)
    requires_system_checks: list[str] = []  # a pure batch filter: no models, URLs or database

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--jsonl", action="store_true", help="输入输出均为每行一个 JSON 对象（目前唯一格式）。"
        )
        parser.add_argument("--rules", type=Path, default=DEFAULT_RULES_DIR, help="规则文件目录。")

    def handle(self, *args: Any, **options: Any) -> None:
        if not options["jsonl"]:
            raise CommandError("请使用 --jsonl：从标准输入读取每行一个 JSON 对象。")
        try:
            rules = load_rulebook_dir(options["rules"])
        except (RuleError, OSError) as exc:
            raise CommandError(f"无法加载经济困难标准规则：{exc}") from exc
        stdin: TextIO = options.get("stdin") or sys.stdin
        for output in process_lines(stdin, rules):
            self.stdout.write(json.dumps(output, ensure_ascii=False))
