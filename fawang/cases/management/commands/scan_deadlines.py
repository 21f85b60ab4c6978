import time
from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from fawang.cases.scanner import deadline_scan
from fawang.core import clock


class Command(BaseCommand):
    help = "扫描法定时限：标记即将到期和已超期的工单并通知承办人（可重复运行）。"

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--loop", type=int, default=0, help="每隔 N 秒重复扫描；0 表示只扫描一次。")

    def handle(self, *args: Any, **options: Any) -> None:
        while True:
            result = deadline_scan(now=clock.now())
            self.stdout.write(f"提醒 {result.reminded} 件，超期 {result.overdue} 件。")
            if not options["loop"]:
                return
            time.sleep(options["loop"])
