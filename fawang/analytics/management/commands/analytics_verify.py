import json
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from fawang.analytics.verify import summaries_verify
from fawang.regions.selectors import region_get
from fawang.supervision.periods import period_check, period_parse


class Command(BaseCommand):
    help = "核对：汇总表算出的指标与原始工单直接计算的结果逐项比较，不一致时列出并以非零状态退出。"
    # A report: it needs the tables, not the URL/admin system checks, which import every view (about half the
    # start-up CPU; issue 7 §8). `fawang check` still runs them.
    requires_system_checks: list[str] = []

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--region", required=True, help="区划代码（12位）")
        parser.add_argument("--from", dest="date_from", required=True, help="开始日期 YYYY-MM-DD")
        parser.add_argument("--to", dest="date_to", required=True, help="截止日期 YYYY-MM-DD")

    def handle(self, *args: Any, **options: Any) -> None:
        date_from = period_parse(options["date_from"], "开始日期")
        date_to = period_parse(options["date_to"], "截止日期")
        period_check(date_from, date_to)
        region = region_get(code=options["region"])
        differences = summaries_verify(region=region, date_from=date_from, date_to=date_to)
        if differences:
            for d in differences:
                self.stdout.write(
                    json.dumps(
                        {"code": d.code, "summary": d.summary, "raw": d.raw}, ensure_ascii=False, default=str
                    )
                )
            raise CommandError(f"{len(differences)} 项指标不一致。")
        self.stdout.write("汇总表与原始数据一致。")
