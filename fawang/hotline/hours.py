"""Staffed hours of a centre (B2): pure functions over weekday rows. No rows means 7×24 human answering."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, time
from zoneinfo import ZoneInfo

from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

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
    """The published hours in the active language (L8): 周一 08:00-12:00；周一 13:00-17:00."""
    if not spans:
        return gettext("7×24小时人工服务")
    return gettext("；").join(
        f"{WEEKDAY_LABELS[s.weekday]} {s.opens:%H:%M}-{clock_label(s.closes)}" for s in spans
    )


WEEKDAY_NAMES = "一二三四五六日"
WEEKDAY_LABELS = (_("周一"), _("周二"), _("周三"), _("周四"), _("周五"), _("周六"), _("周日"))
END_OF_DAY = (
    time.max
)  # "24:00": a span may run to midnight (opens <= t < closes, so 23:59 would lose a minute)


def hours_problems(spans: Sequence[Span]) -> list[str]:
    """What is wrong with a table of staffed hours, in Chinese; empty when it can be saved (B2)."""
    problems: list[str] = []
    by_day: dict[int, list[Span]] = {}
    for span in spans:
        if not 0 <= span.weekday <= 6:
            problems.append("星期只能是周一到周日。")
            continue
        if span.opens >= span.closes:
            problems.append(
                f"周{WEEKDAY_NAMES[span.weekday]} {span.opens:%H:%M}-{clock_label(span.closes)}：结束时间须晚于开始时间。"
            )
            continue
        by_day.setdefault(span.weekday, []).append(span)
    for weekday, day_spans in sorted(by_day.items()):
        ordered = sorted(day_spans, key=lambda s: s.opens)
        for before, after in zip(ordered, ordered[1:], strict=False):
            if after.opens < before.closes:
                problems.append(f"周{WEEKDAY_NAMES[weekday]}的两段服务时间重叠，请合并或调整。")
    return problems


def clock_label(moment: time) -> str:
    return "24:00" if moment == END_OF_DAY else f"{moment:%H:%M}"
