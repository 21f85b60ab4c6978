"""Batch statute search (issue 3 §6): `{"id", "question"}` lines in, `{"id", "results": [...]}` lines out.

The engine is loaded once (from the disk cache when the corpus is unchanged); each line is answered and flushed
before the next is read, so the command can sit behind a pipe.
"""

from __future__ import annotations

import sys
from typing import Any, TextIO

from django.core.management.base import BaseCommand, CommandError, CommandParser

from fawang.knowledge.jsonl import dumps, lines_process
from fawang.knowledge.search import MAX_TOP_K, SearchFilters, search_index_warm, statute_rank
from fawang.statutes.models import InstrumentLevel


class Command(BaseCommand):
    help = '批量检索法条：从标准输入逐行读取 {"id", "question"}，逐行输出最相关的条文。'
    stealth_options = ("stdin",)

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--jsonl", action="store_true", help="输入输出均为每行一个 JSON 对象（唯一格式）。"
        )
        parser.add_argument(
            "--top", type=int, default=10, help=f"每个问题返回的条文数（1-{MAX_TOP_K}，默认 10）。"
        )
        parser.add_argument(
            "--level",
            action="append",
            choices=InstrumentLevel.values,
            default=None,
            help="只检索该效力级别（可重复）。默认：全部已索引级别。",
        )
        parser.add_argument("--all-versions", action="store_true", help="同时检索历史版本和已废止的法规。")

    def handle(self, *args: Any, **options: Any) -> None:
        if not options["jsonl"]:
            raise CommandError("请使用 --jsonl：从标准输入读取每行一个 JSON 对象。")
        top = options["top"]
        if not 1 <= top <= MAX_TOP_K:
            raise CommandError(f"--top 必须在 1 到 {MAX_TOP_K} 之间。")
        filters = SearchFilters(
            levels=frozenset(options["level"]) if options["level"] else None,
            current_only=not options["all_versions"],
        )
        count = search_index_warm()
        if count == 0:
            self.stderr.write("法条库为空：请先运行 fawang import_statutes。所有问题将返回空结果。")
        stdin: TextIO = options.get("stdin") or sys.stdin

        def answer(question: str) -> dict[str, Any]:
            ranked = statute_rank(query=question, top_k=top, filters=filters)
            return {"results": [{"law": r.law, "article": r.article, "score": r.score} for r in ranked]}

        for output in lines_process(stdin, answer):
            self.stdout.write(dumps(output))
            self.stdout.flush()
