from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser

from fawang.accounts.roles import role_label
from fawang.demo.builder import demo_build

# Above this many cases the history is written in bulk for a whole province (issue 7 §8; ADR 0070).
PROVINCE_FROM = 10_000


class Command(BaseCommand):
    help = (
        "生成演示数据（可重复运行）：默认生成演示县（行政区划、服务网络、各角色演示账户和经由真实服务办理的历史工单）；"
        f"--province 或 --cases 超过 {PROVINCE_FROM} 时生成全省多年历史（批量写入）。"
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--cases", type=int, default=300, help="历史工单数量（默认 300）")
        parser.add_argument("--seed", type=int, default=2026, help="随机种子，相同种子生成相同数据")
        parser.add_argument(
            "--province", action="store_true", help="生成全省（重庆市）服务网络和多年历史工单"
        )
        parser.add_argument("--years", type=int, default=3, help="全省历史覆盖的年数（默认 3）")

    def handle(self, *args: Any, **options: Any) -> None:
        cases, seed = options["cases"], options["seed"]
        if cases < 0:
            raise CommandError("--cases 不能为负数。")
        if options["province"] or cases > PROVINCE_FROM:
            self._province(cases=cases, seed=seed, years=options["years"])
            return
        result = demo_build(seed=seed, cases=cases)
        self.stdout.write(f"演示数据就绪：新建历史工单 {result.cases_created} 件。")
        self.stdout.write(f"演示账户（密码均为 {settings.FAWANG_DEMO_PASSWORD}）：")
        for account in result.accounts:
            self.stdout.write(f"  {account.username:<12} {role_label(account.role):<12} {account.where}")

    def _province(self, *, cases: int, seed: int, years: int) -> None:
        from fawang.demo.province_history import province_build
        from fawang.demo.province_parallel import BulkLoadInterruptedError

        if not 1 <= years <= 10:
            raise CommandError("--years 须在 1 到 10 之间。")
        try:
            result = province_build(cases=cases, seed=seed, years=years)
        except BulkLoadInterruptedError as exc:
            raise CommandError(str(exc)) from exc
        if result.skipped or result.history is None:
            self.stdout.write(f"全省历史已存在（种子 {seed}，{cases} 件），未重复生成。")
        else:
            h = result.history
            rate = h.cases / result.seconds if result.seconds else 0.0
            self.stdout.write(
                f"全省历史就绪：工单 {h.cases} 件，事件 {h.events} 条，法定时限 {h.deadlines} 条，"
                f"申请人 {h.persons} 人；用时 {result.seconds:.1f} 秒（{rate:,.0f} 件/秒）。"
            )
            self.stdout.write("  分段用时（秒）：" + "，".join(f"{k} {v:.1f}" for k, v in result.phases))
            if result.jobs:
                self.stdout.write("  并行写入各步用时（秒，两个连接同时进行）：" + _jobs_summary(result.jobs))
        self.stdout.write(f"督办演示账户（密码均为 {settings.FAWANG_DEMO_PASSWORD}）：")
        self.stdout.write("  province_supervisor  督办管理员  重庆市（全省）")
        self.stdout.write("  county_supervisor    督办管理员  垫江县")


def _jobs_summary(jobs: tuple[tuple[str, float], ...]) -> str:
    """The load's jobs grouped: row writes by table, index builds, foreign keys, statistics, the rest by name."""
    groups: dict[str, float] = {}
    for name, seconds in jobs:
        key = name.split("#")[0] if "#" in name else name
        key = "analyze" if key.startswith("analyze") else key
        groups[key] = groups.get(key, 0.0) + seconds
    return "，".join(f"{k} {v:.1f}" for k, v in groups.items())
