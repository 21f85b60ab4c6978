"""The monitored figures and the alert rule (N8: queue lengths, deadlines near breach, failed jobs, interface errors).

Pure: no Django, no database, no clock. `monitoring.selectors` reads the aggregates into a `Snapshot`; this module
names the figures derived from it (`FIGURES`, `figure_values`) and compares them with the configured thresholds
(`alert_breaches`). The rule: a figure *above* its threshold is a breach; a negative threshold switches that alert
off; a figure without a threshold is shown but never alerts. The thresholds are Config (no national figure;
configurable): `FAWANG_ALERT_THRESHOLDS` in the settings, documented in docs/monitoring.md.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime, timedelta
from enum import StrEnum
from types import MappingProxyType
from typing import Final


class Group(StrEnum):
    QUEUES = "queues"
    DEADLINES = "deadlines"
    FAILED_JOBS = "failed_jobs"
    INTERFACES = "interfaces"


GROUP_LABELS: Final[Mapping[Group, str]] = MappingProxyType(
    {
        Group.QUEUES: "队列长度",
        Group.DEADLINES: "时限临近与超期",
        Group.FAILED_JOBS: "失败任务",
        Group.INTERFACES: "接口错误",
    }
)


@dataclass(frozen=True)
class Windows:
    """What "near" and "recent" mean (FAWANG_MONITORING_WINDOWS)."""

    near_breach: timedelta
    failed_jobs: timedelta
    interface_errors: timedelta


@dataclass(frozen=True)
class Snapshot:
    """The aggregates read at one moment (`monitoring.selectors.monitoring_snapshot_get`). Counts and ages only:
    no reference, name, number or text of any case or person. The breakdown keys are codes: service types, deadline
    rule codes, task paths, exchange target codes and statuses, webhook rejection reasons."""

    at: datetime
    windows: Windows
    cases_open: Mapping[str, int]  # service type -> open 工单
    cases_unrouted: int
    cases_unrouted_oldest_seconds: float  # 0 when there is none
    callbacks_open: int
    callbacks_overdue: int
    tasks_ready: int
    tasks_ready_oldest_seconds: float  # 0 when there is none
    deadlines_near_breach: Mapping[str, int]  # rule code -> running clocks due within the window
    deadlines_breached: Mapping[str, int]  # rule code -> running clocks past their due time
    tasks_failed: Mapping[str, int]  # task path -> results failed within the window
    exchange_messages: Mapping[tuple[str, str], int]  # (target, status) -> messages pending, failed or dead
    exchange_errors_recent: Mapping[
        str, int
    ]  # target -> messages whose last attempt failed within the window
    webhook_rejections_recent: Mapping[str, int]  # reason -> deliveries refused within the window


@dataclass(frozen=True)
class Figure:
    key: str
    group: Group
    label: str
    unit: str


FIGURES: Final[tuple[Figure, ...]] = (
    Figure("cases_unrouted", Group.QUEUES, "未分派工单（待受理且无承办单位）", "件"),
    Figure("cases_unrouted_oldest_hours", Group.QUEUES, "最早一件未分派工单已等待", "小时"),
    Figure("cases_open", Group.QUEUES, "在办工单", "件"),
    Figure("callbacks_open", Group.QUEUES, "待回拨任务", "件"),
    Figure("tasks_ready", Group.QUEUES, "待执行的后台任务", "个"),
    Figure("tasks_ready_oldest_minutes", Group.QUEUES, "最早一个待执行后台任务已等待", "分钟"),
    Figure("exchange_pending", Group.QUEUES, "待上报消息", "条"),
    Figure("deadlines_near_breach", Group.DEADLINES, "即将到期的法定时限（统计窗口内到期）", "个"),
    Figure("deadlines_breached", Group.DEADLINES, "已超期仍在计时的法定时限", "个"),
    Figure("callbacks_overdue", Group.DEADLINES, "已过应回拨时间仍未完成的回拨", "件"),
    Figure("tasks_failed", Group.FAILED_JOBS, "执行失败的后台任务（统计窗口内）", "个"),
    Figure("exchange_failing", Group.FAILED_JOBS, "上报发送失败、等待重试的消息", "条"),
    Figure("exchange_dead", Group.FAILED_JOBS, "已停止重试的上报消息", "条"),
    Figure("exchange_errors_recent", Group.INTERFACES, "上报接口最近发送失败的消息（统计窗口内）", "条"),
    Figure("webhook_rejections_recent", Group.INTERFACES, "被拒绝的 12348 热线推送（统计窗口内）", "次"),
)
FIGURES_BY_KEY: Final[Mapping[str, Figure]] = MappingProxyType({f.key: f for f in FIGURES})


def _hours(seconds: float) -> float:
    return round(seconds / 3600, 1)


def _minutes(seconds: float) -> float:
    return round(seconds / 60, 1)


def _status_total(messages: Mapping[tuple[str, str], int], status: str) -> int:
    return sum(n for (_, s), n in messages.items() if s == status)


def figure_values(snapshot: Snapshot) -> dict[str, float]:
    """Every figure of FIGURES, in its unit (ages rounded to a tenth, so what is shown is what was compared)."""
    return {
        "cases_unrouted": snapshot.cases_unrouted,
        "cases_unrouted_oldest_hours": _hours(snapshot.cases_unrouted_oldest_seconds),
        "cases_open": sum(snapshot.cases_open.values()),
        "callbacks_open": snapshot.callbacks_open,
        "tasks_ready": snapshot.tasks_ready,
        "tasks_ready_oldest_minutes": _minutes(snapshot.tasks_ready_oldest_seconds),
        "exchange_pending": _status_total(snapshot.exchange_messages, "pending"),
        "deadlines_near_breach": sum(snapshot.deadlines_near_breach.values()),
        "deadlines_breached": sum(snapshot.deadlines_breached.values()),
        "callbacks_overdue": snapshot.callbacks_overdue,
        "tasks_failed": sum(snapshot.tasks_failed.values()),
        "exchange_failing": _status_total(snapshot.exchange_messages, "failed"),
        "exchange_dead": _status_total(snapshot.exchange_messages, "dead"),
        "exchange_errors_recent": sum(snapshot.exchange_errors_recent.values()),
        "webhook_rejections_recent": sum(snapshot.webhook_rejections_recent.values()),
    }


def number_format(value: float) -> str:
    """12 for 12.0, 1.5 for 1.5: counts print as integers, ages with their tenth."""
    return str(int(value)) if float(value).is_integer() else f"{value:.1f}"


@dataclass(frozen=True)
class Breach:
    figure: Figure
    value: float
    threshold: int

    @property
    def message(self) -> str:
        unit = self.figure.unit
        return (
            f"{self.figure.label}：{number_format(self.value)} {unit}，"
            f"超过阈值 {number_format(self.threshold)} {unit}"
        )


def threshold_errors(thresholds: Mapping[str, object]) -> list[str]:
    """What is wrong with a threshold table (the system check monitoring.E001 reports these)."""
    errors = [f"未知的监测指标 {key!r}" for key in thresholds if key not in FIGURES_BY_KEY]
    errors += [
        f"监测指标 {key!r} 的阈值必须是整数，收到 {value!r}"
        for key, value in thresholds.items()
        if key in FIGURES_BY_KEY and (isinstance(value, bool) or not isinstance(value, int))
    ]
    return errors


def alert_breaches(*, values: Mapping[str, float], thresholds: Mapping[str, int]) -> list[Breach]:
    """The figures above their thresholds, in the order of FIGURES (N8). A negative threshold is off; a figure
    missing from `values` or without a threshold never alerts. Raises ValueError on an unknown threshold key, so a
    misspelt setting is not silently ignored."""
    errors = threshold_errors(thresholds)
    if errors:
        raise ValueError("；".join(errors))
    breaches = []
    for figure in FIGURES:
        threshold = thresholds.get(figure.key)
        value = values.get(figure.key)
        if threshold is None or threshold < 0 or value is None:
            continue
        if value > threshold:
            breaches.append(Breach(figure=figure, value=value, threshold=threshold))
    return breaches
