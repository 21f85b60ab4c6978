"""Restore the database from a backup made by backup_db (N6). Destructive: asks unless --yes."""

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from fawang.accounts.services import system_actor
from fawang.core.audit import audit_record
from fawang.core.backup import database_restore, table_counts
from fawang.core.errors import DomainError
from fawang.core.models import AuditAction


class Command(BaseCommand):
    help = "从 backup_db 生成的备份恢复数据库（先核验校验和），并核对各表行数。"

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("source", type=Path)
        parser.add_argument("--yes", action="store_true", help="不再确认，直接覆盖当前数据库")

    def handle(self, *args: Any, **options: Any) -> None:
        if not options["yes"] and input("恢复将覆盖当前数据库的全部数据，确认请输入 yes：") != "yes":
            raise CommandError("已取消。")
        try:
            manifest = database_restore(source=options["source"])
        except DomainError as exc:
            raise CommandError(exc.message) from exc
        counts = table_counts()
        mismatched = {t: (n, counts.get(t)) for t, n in manifest["counts"].items() if counts.get(t) != n}
        if mismatched:
            raise CommandError(f"恢复后行数不符：{mismatched}")
        audit_record(
            actor=system_actor(),
            action=AuditAction.UPDATE,
            object_type="core.Backup",
            object_id=manifest["sha256"][:16],
            summary=f"restored {options['source'].name}",
        )
        self.stdout.write(self.style.SUCCESS(f"restored {sum(counts.values())} rows, all table counts match"))
