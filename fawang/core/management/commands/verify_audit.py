from typing import Any

from django.core.management.base import BaseCommand, CommandError

from fawang.core.audit import audit_chain_verify


class Command(BaseCommand):
    help = "校验审计日志哈希链是否完整 (M6)。"

    def handle(self, *args: Any, **options: Any) -> None:
        report = audit_chain_verify()
        if not report.ok:
            raise CommandError(
                f"审计日志在第 {report.first_bad_id} 条处被篡改或断链（已校验 {report.checked} 条）。"
            )
        self.stdout.write(f"审计日志完整：共校验 {report.checked} 条。")
