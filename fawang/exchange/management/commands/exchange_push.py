"""`fawang exchange_push [--target CODE] [--limit N] [--loop SECONDS]`: send due upstream messages (K11), for cron
or as a long-running process beside the worker; retries whose backoff has ended are sent by the next run."""

from __future__ import annotations

import time
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from fawang.accounts.services import system_actor
from fawang.exchange.config import exchange_target
from fawang.exchange.services import exchange_deliver_due


class Command(BaseCommand):
    help = "向中国法律服务网、省政务服务平台等上级平台发送到期的上报消息（失败的按退避时间重试）。"

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--target", default="", help="只发送这个目标代码的消息，如 12348_national。")
        parser.add_argument("--limit", type=int, default=100, help="本次最多发送的消息数（默认 100）。")
        parser.add_argument("--loop", type=int, default=0, help="每隔 N 秒重复一次；0 表示只运行一次。")

    def handle(self, *args: Any, **options: Any) -> None:
        code = options["target"]
        if code and exchange_target(code) is None:
            raise CommandError(f"未配置上报目标 {code}（见 FAWANG_EXCHANGE_TARGETS）。")
        if options["limit"] < 1:
            raise CommandError("--limit 须为正整数。")
        while True:
            report = exchange_deliver_due(actor=system_actor(), target=code or None, limit=options["limit"])
            self.stdout.write(
                f"上报：尝试 {report.attempted} 条，送达 {report.delivered} 条，"
                f"待重试 {report.retrying} 条，停止重试 {report.dead} 条。"
            )
            if not options["loop"]:
                return
            time.sleep(options["loop"])
