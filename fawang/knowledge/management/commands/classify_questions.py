"""Batch dispute classification (issue 3 §6): `{"id", "question"}` lines in, `{"id", "category"}` lines out."""

from __future__ import annotations

import sys
from typing import Any, TextIO

from django.core.management.base import BaseCommand, CommandError, CommandParser

from fawang.knowledge.consult import category_classifier, category_classify, category_training_file
from fawang.knowledge.jsonl import dumps, lines_process
from fawang.knowledge.search import search_index_warm


class Command(BaseCommand):
    help = '批量判断咨询问题的纠纷类别：从标准输入逐行读取 {"id", "question"}，逐行输出 {"id", "category"}。'
    stealth_options = ("stdin",)

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--jsonl", action="store_true", help="输入输出均为每行一个 JSON 对象（唯一格式）。"
        )
        parser.add_argument(
            "--confidence", action="store_true", help="同时输出 confidence（0-1，仅供参考）。"
        )

    def handle(self, *args: Any, **options: Any) -> None:
        if not options["jsonl"]:
            raise CommandError("请使用 --jsonl：从标准输入读取每行一个 JSON 对象。")
        search_index_warm()  # the statute hits are part of the evidence; load them once, before the first line
        training = category_training_file()
        if training is not None and not training.is_file():
            raise CommandError(f"找不到分类训练文件：{training}")
        category_classifier()  # fits the supervised model (if any) once, before the first line
        self.stderr.write(
            f"分类训练文件：{training}" if training else "未配置分类训练文件：仅用关键词和法条命中判断。"
        )
        with_confidence = options["confidence"]
        stdin: TextIO = options.get("stdin") or sys.stdin

        def answer(question: str) -> dict[str, Any]:
            result = category_classify(question=question)
            out: dict[str, Any] = {"category": result.category}
            if with_confidence:
                out["confidence"] = result.confidence
            return out

        for output in lines_process(stdin, answer):
            self.stdout.write(dumps(output))
            self.stdout.flush()
