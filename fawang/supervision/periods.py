"""The scope of every indicator: a region subtree and a period of whole local days (N7: Asia/Shanghai dates).

`scope_make` is where bad input is refused, in Chinese: reversed periods, periods before the platform's data can
exist or absurdly long ones, and periods that start in the future.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from typing import Final

from fawang.cases.deadlines import LOCAL_TZ
from fawang.core import clock
from fawang.core.errors import DomainError
from fawang.regions.models import Region

EARLIEST: Final = date(2000, 1, 1)
MAX_DAYS: Final = 366 * 10 + 3  # ten years, leap days included


@dataclass(frozen=True)
class Scope:
    region: Region
    date_from: date
    date_to: date  # inclusive

    @property
    def prefix(self) -> str:
        return self.region.prefix

    @property
    def start(self) -> datetime:
        return datetime.combine(self.date_from, time.min, tzinfo=LOCAL_TZ)

    @property
    def end(self) -> datetime:
        """Exclusive: 00:00 local time on the day after date_to."""
        return datetime.combine(self.date_to + timedelta(days=1), time.min, tzinfo=LOCAL_TZ)


def period_parse(raw: str, label: str) -> date:
    try:
        return date.fromisoformat(raw.strip())
    except ValueError:
        raise DomainError(f"{label}“{raw}”不是有效日期，请使用 YYYY-MM-DD 格式，例如 2026-01-31。") from None


def period_check(date_from: date, date_to: date) -> None:
    if date_from > date_to:
        raise DomainError(f"统计期间无效：开始日期 {date_from} 晚于结束日期 {date_to}。")
    if date_from < EARLIEST:
        raise DomainError(f"统计期间无效：开始日期 {date_from} 早于 {EARLIEST}，平台没有更早的数据。")
    if (date_to - date_from).days + 1 > MAX_DAYS:
        raise DomainError("统计期间无效：一次最多统计十年，请缩短期间。")
    if date_from > clock.local_today():
        raise DomainError(f"统计期间无效：开始日期 {date_from} 在今天之后，尚无数据。")


def scope_make(*, region: Region, date_from: date, date_to: date) -> Scope:
    period_check(date_from, date_to)
    return Scope(region=region, date_from=date_from, date_to=date_to)


def year_to_date() -> tuple[date, date]:
    today = clock.local_today()
    return date(today.year, 1, 1), today
