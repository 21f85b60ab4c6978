"""`fawang compliance_report --from DATE --to DATE [--json]`: the personal-information compliance audit (M13)."""

from __future__ import annotations

import json
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from fawang.accounts.services import system_actor
from fawang.core import clock
from fawang.core.errors import DomainError
from fawang.security.compliance import ComplianceReport, compliance_report_build
from fawang.supervision.periods import period_parse


class Command(BaseCommand):
    help = (
        "生成个人信息保护合规审计报告（个人信息保护法第五十四条）：访问、导出、权利请求、到期清理、审计链。"
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--from", dest="date_from", required=True, help="开始日期 YYYY-MM-DD")
        parser.add_argument("--to", dest="date_to", required=True, help="结束日期 YYYY-MM-DD（含）")
        parser.add_argument("--json", action="store_true", help="输出 JSON")

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            report = compliance_report_build(
                actor=system_actor(),
                date_from=period_parse(options["date_from"], "开始日期"),
                date_to=period_parse(options["date_to"], "结束日期"),
            )
        except DomainError as exc:
            raise CommandError(exc.message) from exc
        if options["json"]:
            self.stdout.write(json.dumps(report.as_dict(), ensure_ascii=False, indent=2, default=str))
        else:
            self.stdout.write("\n".join(report_lines(report)))


def report_lines(report: ComplianceReport) -> list[str]:
    officer = report.officer
    lines = [
        f"个人信息保护合规审计报告 {report.date_from} 至 {report.date_to}"
        f"（生成于 {clock.to_local(report.generated_at):%Y-%m-%d %H:%M}）",
        "个人信息保护负责人：" + ("，".join(officer.values()) if officer else "未配置"),
        f"访问与导出：查看 {report.actions.get('view', 0)} 次，查看完整信息 {report.actions.get('reveal', 0)} 次，"
        f"导出 {report.actions.get('export', 0)} 次，涉及 {report.actors} 个账户；拒绝访问 "
        f"{report.actions.get('denied', 0)} 次；登录失败 {report.login_failures} 次；"
        f"非工作时间查看完整信息或导出 {report.off_hours} 次",
    ]
    lines += [f"  {a.actor}: 查看 {a.view}，完整信息 {a.reveal}，导出 {a.export}" for a in report.top_actors]
    lines.append("个人信息权利请求（收到 / 处理 / 逾期处理 / 期末未结 / 其中逾期）：")
    lines += [
        f"  {r.label}: {r.received} / {r.decided} / {r.decided_late} / {r.open} / {r.open_overdue}"
        for r in report.requests
    ]
    lines.append("到期清理（保存天数 / 期内执行次数 / 清理条数 / 最近一次）：")
    lines += [
        f"  {r.label}: {r.days} / {r.real_runs} / {r.purged} / "
        + (f"{clock.to_local(r.last_real_run):%Y-%m-%d}" if r.last_real_run else "从未执行")
        for r in report.retention
    ]
    lines.append(f"个人信息安全事件：期间内发现 {report.incidents} 起，其中未结案 {report.incidents_open} 起")
    chain = "完整" if report.chain_first_bad_id is None else f"第 {report.chain_first_bad_id} 条处断开"
    lines.append(f"审计日志哈希链：已校验 {report.chain_checked} 条，{chain}")
    lines.append(f"需要跟进的事项（{len(report.findings)}）：")
    lines += [f"  - {f}" for f in report.findings] or ["  无"]
    return lines
