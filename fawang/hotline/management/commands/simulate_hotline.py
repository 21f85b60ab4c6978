"""`fawang simulate_hotline --calls N --agents M --seed S [--url URL]`: a simulated day through the signed webhook."""

from __future__ import annotations

import json
from datetime import date
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from fawang.core.errors import DomainError
from fawang.hotline.simulation import simulation_run


class Command(BaseCommand):
    help = "模拟一天的12348话务：经签名 webhook 推送通话事件、由模拟坐席登记，输出真实值（JSON）。"

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--calls", type=int, required=True)
        parser.add_argument("--agents", type=int, required=True)
        parser.add_argument("--seed", type=int, required=True)
        parser.add_argument("--url", help="服务器地址，如 http://127.0.0.1:8000；不填则在本进程内调用")
        parser.add_argument("--day", type=date.fromisoformat, help="模拟日期（默认昨天）")
        parser.add_argument("--centre", help="热线中心编码（默认第一个）")

    def handle(self, *args: Any, **options: Any) -> None:
        if (
            options["calls"] < 1
            or options["calls"] > 100_000
            or options["agents"] < 1
            or options["agents"] > 99
        ):
            raise CommandError("--calls 应在 1 到 100000 之间，--agents 应在 1 到 99 之间。")
        try:
            summary = simulation_run(
                calls=options["calls"],
                agents=options["agents"],
                seed=options["seed"],
                url=options["url"],
                day=options["day"],
                centre_code=options["centre"],
            )
        except DomainError as exc:
            raise CommandError(exc.message) from exc
        self.stdout.write(json.dumps(summary, ensure_ascii=False, indent=2))
