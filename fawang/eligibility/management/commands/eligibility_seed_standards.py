"""Load the shipped rule files into the standards table; rows already present (even withdrawn) are kept."""

from typing import Any

from django.core.management.base import BaseCommand

from fawang.accounts.services import system_actor
from fawang.eligibility.services import standards_seed_shipped


class Command(BaseCommand):
    help = "将随系统发布的经济困难标准规则文件导入数据库（已存在的标准不覆盖）。"

    def handle(self, *args: Any, **options: Any) -> None:
        added = standards_seed_shipped(actor=system_actor())
        self.stdout.write(f"新增经济困难标准 {added} 条。")
