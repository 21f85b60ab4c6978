"""Re-encrypt personal data under the primary key and rebuild blind indexes (M3, X8). Thin: calls keyring."""

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from fawang.accounts.services import system_actor
from fawang.core.audit import audit_record
from fawang.core.crypto import pii_key_fingerprint
from fawang.core.models import AuditAction
from fawang.security.keyring import pii_keys_rotate


class Command(BaseCommand):
    help = "用主密钥重新加密全部个人信息字段并重建盲索引（密钥轮换）。"

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--dry-run", action="store_true", help="只统计仍在旧密钥下的数据，不改写")

    def handle(self, *args: Any, **options: Any) -> None:
        reports = pii_keys_rotate(dry_run=options["dry_run"])
        for r in reports:
            self.stdout.write(
                f"{r.label}: rows={r.rows} rewritten={r.rewritten} "
                f"old_key_values_before={r.old_values_before} old_key_values_after={r.old_values_after}"
            )
        if not options["dry_run"]:
            audit_record(
                actor=system_actor(),
                action=AuditAction.UPDATE,
                object_type="security.PiiKeys",
                object_id=pii_key_fingerprint(),
                summary="rotate: " + ", ".join(f"{r.label}={r.rewritten}" for r in reports),
            )
            left = sum(r.old_values_after for r in reports)
            if left:
                raise CommandError(f"仍有 {left} 个值未改用主密钥加密。")
        self.stdout.write(self.style.SUCCESS(f"primary key {pii_key_fingerprint()}"))
