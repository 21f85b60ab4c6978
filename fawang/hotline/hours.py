"""Staffed hours of a centre (B2): pure functions over weekday rows. No rows means 7×24 human answering."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, time
from zoneinfo import ZoneInfo

LOCAL_TZ = ZoneInfo("Asia/Shanghai")


@dataclass(frozen=True)
class Span:
    weekday: int  # 0 = Monday
    opens: time
    closes: time


def hours_open_at(spans: Sequence[Span], moment: datetime) -> bool:
    """True when a person answers at `moment` (local time). An empty table is 7×24 (B2 default)."""
    if not spans:
        return True
    local = moment.astimezone(LOCAL_TZ)
    clock_time = local.time().replace(tzinfo=None)
    return any(s.weekday == local.weekday() and s.opens <= clock_time < s.closes for s in spans)


def hours_describe(spans: Sequence[Span]) -> str:
    if not spans:
        return "7×24小时人工服务"
    names = "一二三四五六日"
    return "；".join(f"周{names[s.weekday]} {s.opens:%H:%M}-{s.closes:%H:%M}" for s in spans)
