"""`fawang check_alerts [--json]`: compare the monitoring figures with their thresholds (N8), for cron or a systemd
timer. Prints each breach in Chinese (or one JSON document with --json) and exits 1 when any threshold is
breached, 0 otherwise."""

from __future__ import annotations

import json
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from fawang.core import clock
from fawang.monitoring.selectors import Report, monitoring_report_get


def _document(report: Report) -> dict[str, Any]:
    return {
        "at": report.snapshot.at.isoformat(),
        "ok": not report.breaches,
        "breaches": [
            {
                "figure": b.figure.key,
                "label": b.figure.label,
                "unit": b.figure.unit,
                "value": b.value,
                "threshold": b.threshold,
                "message": b.message,
            }
            for b in report.breaches
        ],
        "values": report.values,
        "thresholds": report.thresholds,
    }


class Command(BaseCommand):
    help = "检查运行监测指标（队列、时限、失败任务、接口错误）是否超过告警阈值；有超过的退出码为 1 (N8)。"

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--json", action="store_true", help="以 JSON 输出全部指标、阈值和超过阈值的项。")

    def handle(self, *args: Any, **options: Any) -> None:
        report = monitoring_report_get(now=clock.now())
        if options["json"]:
            self.stdout.write(json.dumps(_document(report), ensure_ascii=False, indent=2))
        elif report.breaches:
            for breach in report.breaches:
                self.stdout.write(f"告警：{breach.message}")
        else:
            self.stdout.write("正常：各项监测指标均未超过阈值。")
        if report.breaches:
            raise CommandError(f"{len(report.breaches)} 项监测指标超过阈值。", returncode=1)
