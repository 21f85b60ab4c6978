"""`fawang hotline_capacity_alert [--loop N]`: the X2 capacity alert for every centre (idempotent per day)."""

from __future__ import annotations

import time
from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from fawang.core import clock
from fawang.hotline.services.capacity_alert import callback_capacity_alert_scan


class Command(BaseCommand):
    help = "检查各热线中心今天2小时以后是否还有可预约的回拨时段；没有时通知督办管理员（每中心每天一次）。"

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--loop", type=int, default=0, help="每隔 N 秒重复检查；0 表示只检查一次。")

    def handle(self, *args: Any, **options: Any) -> None:
        while True:
            sent = callback_capacity_alert_scan(now=clock.now())
            self.stdout.write(f"回拨容量预警：新发通知 {sent} 条。")
            if not options["loop"]:
                return
            time.sleep(options["loop"])
