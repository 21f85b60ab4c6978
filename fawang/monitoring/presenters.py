"""What the 运行监测 page shows (N8): the figures grouped, each with its threshold and state, and the breakdowns
with Chinese labels. Presentation only; the figures and the alert rule come from selectors and alerts."""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.translation import gettext, gettext_noop

from fawang.cases.deadline_rules import deadline_label
from fawang.cases.states import ServiceType
from fawang.exchange.config import exchange_configured, exchange_targets
from fawang.exchange.models import MessageStatus
from fawang.hotline.models import RejectionReason
from fawang.monitoring.alerts import FIGURES, GROUP_LABELS, Breach, Group, number_format
from fawang.monitoring.selectors import Report

# L8: alerts.py is pure Python (no Django), so its figure labels, units and group labels are marked for the
# catalogue here and translated by their Chinese text when the page is drawn (a test keeps the two lists equal).
MARKED_LABELS = (
    gettext_noop("上报发送失败、等待重试的消息"),
    gettext_noop("上报接口最近发送失败的消息（统计窗口内）"),
    gettext_noop("个"),
    gettext_noop("件"),
    gettext_noop("分钟"),
    gettext_noop("即将到期的法定时限（统计窗口内到期）"),
    gettext_noop("在办工单"),
    gettext_noop("失败任务"),
    gettext_noop("小时"),
    gettext_noop("已停止重试的上报消息"),
    gettext_noop("已超期仍在计时的法定时限"),
    gettext_noop("已过应回拨时间仍未完成的回拨"),
    gettext_noop("待上报消息"),
    gettext_noop("待回拨任务"),
    gettext_noop("待执行的后台任务"),
    gettext_noop("执行失败的后台任务（统计窗口内）"),
    gettext_noop("接口错误"),
    gettext_noop("时限临近与超期"),
    gettext_noop("最早一个待执行后台任务已等待"),
    gettext_noop("最早一件未分派工单已等待"),
    gettext_noop("未分派工单（待受理且无承办单位）"),
    gettext_noop("条"),
    gettext_noop("次"),
    gettext_noop("被拒绝的 12348 热线推送（统计窗口内）"),
    gettext_noop("队列长度"),
)


@dataclass(frozen=True)
class BreachRow:
    key: str
    message: str


def _breach_message(breach: Breach) -> str:
    """Breach.message in the interface language (L8)."""
    return gettext("%(label)s：%(value)s %(unit)s，超过阈值 %(threshold)s %(unit)s") % {
        "label": gettext(breach.figure.label),
        "value": number_format(breach.value),
        "unit": gettext(breach.figure.unit),
        "threshold": number_format(breach.threshold),
    }


@dataclass(frozen=True)
class FigureRow:
    key: str
    label: str
    unit: str
    value: str
    threshold: str | None  # None: this figure does not alert (no threshold, or a negative one)
    breached: bool


@dataclass(frozen=True)
class GroupRows:
    key: str
    label: str
    rows: list[FigureRow]


@dataclass(frozen=True)
class TargetRow:
    code: str
    name: str
    pending: int
    failed: int
    dead: int
    errors_recent: int


def _groups(report: Report) -> list[GroupRows]:
    breached = {b.figure.key for b in report.breaches}
    groups = []
    for group in Group:
        rows = []
        for figure in (f for f in FIGURES if f.group is group):
            threshold = report.thresholds.get(figure.key)
            rows.append(
                FigureRow(
                    key=figure.key,
                    label=gettext(figure.label),
                    unit=gettext(figure.unit),
                    value=number_format(report.values[figure.key]),
                    threshold=number_format(threshold) if threshold is not None and threshold >= 0 else None,
                    breached=figure.key in breached,
                )
            )
        groups.append(GroupRows(key=group.value, label=gettext(GROUP_LABELS[group]), rows=rows))
    return groups


def _targets(report: Report) -> list[TargetRow]:
    messages = report.snapshot.exchange_messages
    names = {t.code: t.name for t in exchange_targets()} if exchange_configured() else {}
    codes = sorted({code for code, _ in messages} | set(report.snapshot.exchange_errors_recent))
    return [
        TargetRow(
            code=code,
            name=names.get(code, gettext("（已不在配置中）")),
            pending=messages.get((code, MessageStatus.PENDING), 0),
            failed=messages.get((code, MessageStatus.FAILED), 0),
            dead=messages.get((code, MessageStatus.DEAD), 0),
            errors_recent=report.snapshot.exchange_errors_recent.get(code, 0),
        )
        for code in codes
    ]


def operations_context(report: Report) -> dict[str, object]:
    s = report.snapshot
    service_labels = dict(ServiceType.choices)
    reason_labels = dict(RejectionReason.choices)
    rules = sorted(set(s.deadlines_near_breach) | set(s.deadlines_breached))
    return {
        "at": s.at,
        "near_hours": number_format(s.windows.near_breach.total_seconds() / 3600),
        "failed_hours": number_format(s.windows.failed_jobs.total_seconds() / 3600),
        "interface_minutes": number_format(s.windows.interface_errors.total_seconds() / 60),
        "breaches": [BreachRow(key=b.figure.key, message=_breach_message(b)) for b in report.breaches],
        "groups": _groups(report),
        "open_by_service": [(service_labels.get(code, code), n) for code, n in s.cases_open.items()],
        "deadlines_by_rule": [
            (deadline_label(code), s.deadlines_near_breach.get(code, 0), s.deadlines_breached.get(code, 0))
            for code in rules
            if s.deadlines_near_breach.get(code, 0) or s.deadlines_breached.get(code, 0)
        ],
        "failed_tasks": sorted(s.tasks_failed.items()),
        "targets": _targets(report),
        "rejections": [(reason_labels.get(r, r), n) for r, n in s.webhook_rejections_recent.items() if n],
    }
