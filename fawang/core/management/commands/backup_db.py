"""Back up the database (N6): `fawang backup_db --output var/backups/fawang-YYYYmmdd-HHMM.dump`."""

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from fawang.accounts.services import system_actor
from fawang.core import clock
from fawang.core.audit import audit_record
from fawang.core.backup import database_backup
from fawang.core.models import AuditAction


class Command(BaseCommand):
    help = "备份数据库（SQLite 在线备份；PostgreSQL pg_dump 自定义格式），并写出校验清单。"

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--output", type=Path, help="备份文件路径（默认 var/backups/ 下按时间命名）")

    def handle(self, *args: Any, **options: Any) -> None:
        from django.conf import settings

        output = (
            options["output"]
            or Path(settings.DATA_DIR)
            / "backups"
            / f"fawang-{clock.to_local(clock.now()):%Y%m%d-%H%M%S}.dump"
        )
        result = database_backup(output=output)
        audit_record(
            actor=system_actor(),
            action=AuditAction.EXPORT,
            object_type="core.Backup",
            object_id=result.sha256[:16],
            summary=f"backup {result.vendor} {output.name} rows={sum(result.counts.values())}",
        )
        self.stdout.write(f"{result.path} sha256={result.sha256} rows={sum(result.counts.values())}")
