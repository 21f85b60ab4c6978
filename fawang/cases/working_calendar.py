"""The working-day calendar in force: the chinese-calendar package plus administrators' entries (T3)."""

from __future__ import annotations

from functools import lru_cache

from fawang.cases.calendar import (
    WorkingDayCalendar,
    calendar_from_chinese_calendar,
    calendar_from_entries,
    chinese_calendar_years,
)
from fawang.cases.models import CalendarDay


@lru_cache(maxsize=1)
def _packaged() -> WorkingDayCalendar:
    return calendar_from_chinese_calendar(chinese_calendar_years())


def working_calendar() -> WorkingDayCalendar:
    """Package data first, then the DB entries, which win for the years they cover."""
    packaged = _packaged()
    entries = [(row.day, row.kind) for row in CalendarDay.objects.all()]
    if not entries:
        return packaged
    return packaged.merge(calendar_from_entries(entries))
