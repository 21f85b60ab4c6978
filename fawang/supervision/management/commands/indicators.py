"""`fawang indicators --json --region CODE --from DATE --to DATE`: every indicator for a region subtree and period.

Bad periods and unknown regions stop with a Chinese message and a non-zero exit. `--public` applies small-cell
suppression (K6) as on the public page; `--reference` bypasses registered summary sources (raw-row counts).
"""

from __future__ import annotations

import json
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from fawang.core.errors import DomainError
from fawang.regions.models import Region
from fawang.supervision.indicators import UNIT_LABELS, indicator_compute_all
from fawang.supervision.parameters import SMALL_CELL_KEY, parameter_value
from fawang.supervision.periods import period_parse
from fawang.supervision.suppression import suppress_value


class Command(BaseCommand):
    help = "计算指定区划和期间的全部监测指标（K1）。"
    # A report: it needs the tables, not the URL/admin system checks, which import every view (about half the
    # start-up CPU; issue 7 §8). `fawang check` still runs them.
    requires_system_checks: list[str] = []

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--region", required=True, help="12 位统计用区划代码")
        parser.add_argument("--from", dest="date_from", required=True, help="开始日期 YYYY-MM-DD")
        parser.add_argument("--to", dest="date_to", required=True, help="结束日期 YYYY-MM-DD（含）")
        parser.add_argument("--json", action="store_true", help="输出 JSON")
        parser.add_argument("--code", action="append", default=None, help="只计算这些指标（可重复）")
        parser.add_argument("--public", action="store_true", help="按对外口径抑制小单元（K6）")
        parser.add_argument("--reference", action="store_true", help="直接按原始记录计算，不用汇总表")

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            self._run(options)
        except DomainError as exc:
            raise CommandError(exc.message) from exc

    def _run(self, options: dict[str, Any]) -> None:
        code = str(options["region"]).strip()
        region = Region.objects.filter(code=code).first()
        if region is None:
            raise DomainError(f"未找到区划代码“{code}”，请使用 12 位统计用区划代码。")
        date_from = period_parse(options["date_from"], "开始日期")
        date_to = period_parse(options["date_to"], "结束日期")
        codes = tuple(options["code"]) if options["code"] else None
        values = indicator_compute_all(
            region=region, date_from=date_from, date_to=date_to, codes=codes, reference=options["reference"]
        )
        header = {
            "region": region.code,
            "region_name": region.name,
            "from": str(date_from),
            "to": str(date_to),
        }
        if options["public"]:
            threshold = int(str(parameter_value(key=SMALL_CELL_KEY, region=region, as_of=date_to)))
            payload: dict[str, Any] = {
                **header,
                "threshold": threshold,
                "indicators": [suppress_value(v, threshold) for v in values],
            }
        else:
            payload = {**header, "indicators": [v.as_dict() for v in values]}
        if options["json"]:
            self.stdout.write(json.dumps(payload, ensure_ascii=False, indent=2))
            return
        self.stdout.write(f"{region.name}（{region.code}） {date_from} 至 {date_to}")
        for item in payload["indicators"]:
            if options["public"]:
                self.stdout.write(f"  {item['name']}：{item['display']}")
                continue
            shown = item["value"] if item["available"] else f"暂无数据（{item['reason']}）"
            unit = UNIT_LABELS.get(item["unit"], "")
            self.stdout.write(f"  {item['name']}：{shown if shown is not None else '—'} {unit}")
