"""Warm the statute search index: build it (or load it from the disk cache) and re-check FAQ citations."""

from __future__ import annotations

import time
from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from fawang.accounts.services import system_actor
from fawang.knowledge.search import search_cache_dir, search_index_warm
from fawang.knowledge.services import faq_citations_recheck


class Command(BaseCommand):
    help = "建立（或从缓存载入）法条检索索引，并复核常见问题中的法条引用。"

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--no-faq", action="store_true", help="不复核常见问题的法条引用。")

    def handle(self, *args: Any, **options: Any) -> None:
        started = time.monotonic()
        count = search_index_warm()
        elapsed = time.monotonic() - started
        self.stdout.write(
            f"检索索引就绪：{count} 条条文，用时 {elapsed:.1f} 秒（缓存目录 {search_cache_dir()}）。"
        )
        if count == 0:
            self.stdout.write("法条库为空：请先运行 fawang import_statutes。")
        if not options["no_faq"]:
            changed = faq_citations_recheck(actor=system_actor())
            self.stdout.write(f"常见问题引用复核：{changed} 条状态有变化。")
