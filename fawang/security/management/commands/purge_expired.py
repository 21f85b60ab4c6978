"""Apply the retention schedule (M10, X8: run it daily from cron).

`--dry-run` counts without changing anything; both are logged."""

from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from fawang.accounts.services import system_actor
from fawang.core import clock
from fawang.security.retention import RULES, retention_purge


class Command(BaseCommand):
    help = "按保存期限清理或匿名化到期数据（可先 --dry-run 演练），每次运行都有记录。"

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--dry-run", action="store_true", help="只统计，不删除")
        parser.add_argument("--category", action="append", choices=[r.category for r in RULES])

    def handle(self, *args: Any, **options: Any) -> None:
        results = retention_purge(
            actor=system_actor(), dry_run=options["dry_run"], categories=options["category"]
        )
        mode = "dry-run" if options["dry_run"] else "purge"
        for r in results:
            self.stdout.write(
                f"{mode} {r.category} ({r.label}) action={r.action} "
                f"cutoff={clock.to_local(r.cutoff):%Y-%m-%d} matched={r.matched} purged={r.purged}"
            )
