from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from fawang.analytics.summaries import summaries_rebuild, summaries_sync


class Command(BaseCommand):
    help = "刷新统计汇总表：默认按事件日志增量刷新；--full 从工单原始数据全量重建（建议每晚运行）。"
    # A report: it needs the tables, not the URL/admin system checks, which import every view (about half the
    # start-up CPU; issue 7 §8). `fawang check` still runs them.
    requires_system_checks: list[str] = []

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--full", action="store_true", help="全量重建")

    def handle(self, *args: Any, **options: Any) -> None:
        result = summaries_rebuild() if options["full"] else summaries_sync()
        kind = "全量重建" if result.full else f"增量刷新（涉及工单 {result.touched_cases} 件）"
        self.stdout.write(f"汇总表已{kind}，事件水位 {result.watermark}。")
