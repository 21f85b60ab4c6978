from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandParser

from fawang.accounts.roles import role_label
from fawang.demo.builder import demo_build


class Command(BaseCommand):
    help = "生成演示县：行政区划、服务网络、人员、各角色演示账户和历史工单（可重复运行）。"

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--cases", type=int, default=300, help="历史工单数量（默认 300）")
        parser.add_argument("--seed", type=int, default=2026, help="随机种子，相同种子生成相同数据")

    def handle(self, *args: Any, **options: Any) -> None:
        result = demo_build(seed=options["seed"], cases=options["cases"])
        self.stdout.write(f"演示数据就绪：新建历史工单 {result.cases_created} 件。")
        self.stdout.write(f"演示账户（密码均为 {settings.FAWANG_DEMO_PASSWORD}）：")
        for account in result.accounts:
            self.stdout.write(f"  {account.username:<12} {role_label(account.role):<12} {account.where}")
