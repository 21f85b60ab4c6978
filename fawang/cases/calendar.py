"""Working-day calendar for statutory day counts (requirement T3; STYLE.md sections 5 and 18).

A pure value, no Django and no clock. It knows, for each *covered* year, the statutory days off published by the
State Council (``holidays``) and the weekend days that are worked instead (调休, ``makeup_workdays``). For a year it
does not cover it falls back to Monday–Friday, and ``is_covered`` lets callers warn that the answer is a guess.

Sources:

* ``calendar_from_chinese_calendar(years)`` seeds from the ``chinesecalendar`` package, which transcribes the yearly
  国务院办公厅 notices (see ``chinese_calendar_years()`` for the years it ships).
* ``calendar_from_entries(entries)`` builds from ``(date, "holiday" | "workday")`` rows that administrators keep in the
  database for years the package does not cover yet.
* ``a.merge(b)`` combines two calendars; each year covered by ``b`` replaces the same year of ``a``.

Day conventions used throughout (requirement T2, 民法典 Art.201): a count "after ``d``" never counts ``d`` itself.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Final, Literal

HOLIDAY: Final = "holiday"
WORKDAY: Final = "workday"
EntryKind = Literal["holiday", "workday"]

_ONE_DAY: Final = timedelta(days=1)
_SATURDAY: Final = 5


def _fmt(days: Iterable[date]) -> str:
    return "、".join(d.isoformat() for d in sorted(days))


@dataclass(frozen=True)
class WorkingDayCalendar:
    """Statutory working-day calendar (T3).

    ``holidays`` are the published days off; weekday entries are what matters, weekend days inside a holiday span
    may be listed too (the ``chinesecalendar`` package lists them) and change nothing. ``makeup_workdays`` are
    Saturdays or Sundays that are working days (调休). Every entry must fall in ``covered_years``; outside those years
    the calendar answers Monday–Friday and ``is_covered`` is False.
    """

    holidays: frozenset[date] = frozenset()
    makeup_workdays: frozenset[date] = frozenset()
    covered_years: frozenset[int] = frozenset()

    def __post_init__(self) -> None:
        # Coerce so that a caller passing a plain set cannot mutate the value afterwards.
        object.__setattr__(self, "holidays", frozenset(self.holidays))
        object.__setattr__(self, "makeup_workdays", frozenset(self.makeup_workdays))
        object.__setattr__(self, "covered_years", frozenset(self.covered_years))
        both = self.holidays & self.makeup_workdays
        if both:
            raise ValueError(f"同一日期不能既是节假日又是调休上班日：{_fmt(both)}")
        weekday_makeups = {d for d in self.makeup_workdays if d.weekday() < _SATURDAY}
        if weekday_makeups:
            raise ValueError(f"调休上班日必须是周六或周日：{_fmt(weekday_makeups)}")
        outside = {d for d in self.holidays | self.makeup_workdays if d.year not in self.covered_years}
        if outside:
            raise ValueError(f"日期不在日历覆盖的年份内：{_fmt(outside)}")

    def is_covered(self, d: date) -> bool:
        """True when ``d``'s year has published data; otherwise answers are the Monday–Friday fallback."""
        return d.year in self.covered_years

    def is_working_day(self, d: date) -> bool:
        """A 调休 weekend workday, or a Monday–Friday that is not a statutory day off."""
        if d in self.makeup_workdays:
            return True
        return d.weekday() < _SATURDAY and d not in self.holidays

    def is_holiday_or_rest(self, d: date) -> bool:
        """A statutory holiday or an ordinary rest day (法定休假日 in the sense of 民法典 Art.203)."""
        return not self.is_working_day(d)

    def next_working_day(self, d: date) -> date:
        """The first working day strictly after ``d``."""
        return self.add_working_days(d, 1)

    def roll_forward(self, d: date) -> date:
        """``d`` itself if it is a working day, else the next working day (民法典 Art.203; T2)."""
        return d if self.is_working_day(d) else self.next_working_day(d)

    def add_working_days(self, d: date, n: int) -> date:
        """The ``n``-th working day after ``d``, not counting ``d`` (T2). Negative ``n`` counts backwards.

        ``n == 0`` returns ``d`` unchanged, even when ``d`` is not a working day.
        """
        step = _ONE_DAY if n >= 0 else -_ONE_DAY
        left = abs(n)
        current = d
        while left:
            current += step
            if self.is_working_day(current):
                left -= 1
        return current

    def working_days_between(self, a: date, b: date) -> int:
        """Working days ``d`` with ``a < d <= b``; negative (minus the count of ``b < d <= a``) when ``b < a``.

        So ``add_working_days(a, working_days_between(a, b)) == b`` whenever ``b`` is a working day.
        """
        if b < a:
            return -self.working_days_between(b, a)
        count = 0
        current = a + _ONE_DAY
        while current <= b:
            if self.is_working_day(current):
                count += 1
            current += _ONE_DAY
        return count

    def merge(self, other: WorkingDayCalendar) -> WorkingDayCalendar:
        """A calendar in which every year covered by ``other`` replaces that year of ``self``."""
        replaced = other.covered_years
        return WorkingDayCalendar(
            holidays=frozenset(d for d in self.holidays if d.year not in replaced) | other.holidays,
            makeup_workdays=frozenset(d for d in self.makeup_workdays if d.year not in replaced)
            | other.makeup_workdays,
            covered_years=self.covered_years | other.covered_years,
        )


def chinese_calendar_years() -> frozenset[int]:
    """The years for which the installed ``chinesecalendar`` package has published data."""
    from chinese_calendar import constants

    return frozenset(d.year for d in constants.holidays)


def calendar_from_chinese_calendar(years: Iterable[int]) -> WorkingDayCalendar:
    """Seed a calendar for ``years`` from the ``chinesecalendar`` package (T3).

    Raises ValueError for a year the package does not ship: such a year must be entered by an administrator
    (``calendar_from_entries``) rather than silently fall back to Monday–Friday.
    """
    from chinese_calendar import constants

    wanted = frozenset(years)
    available = chinese_calendar_years()
    missing = wanted - available
    if missing:
        raise ValueError(
            f"chinesecalendar 包没有 {sorted(missing)} 年的节假日数据"
            f"（现有 {min(available)}–{max(available)} 年），请由管理员录入该年的节假日与调休安排"
        )
    holidays: frozenset[date] = frozenset(d for d in constants.holidays if d.year in wanted)
    makeups: frozenset[date] = frozenset(d for d in constants.workdays if d.year in wanted)
    return WorkingDayCalendar(holidays=holidays, makeup_workdays=makeups, covered_years=wanted)


def calendar_from_entries(
    entries: Iterable[tuple[date, str]], *, covered_years: Iterable[int] | None = None
) -> WorkingDayCalendar:
    """Build a calendar from administrator entries ``(date, "holiday" | "workday")`` (T3).

    ``covered_years`` defaults to the years that have at least one entry; pass it explicitly to mark a year as
    fully entered (or to declare a year with no changes at all). Raises ValueError on an unknown kind or on a date
    given both kinds.
    """
    holidays: set[date] = set()
    makeups: set[date] = set()
    for day, kind in entries:
        if kind == HOLIDAY:
            holidays.add(day)
        elif kind == WORKDAY:
            makeups.add(day)
        else:
            raise ValueError(
                f"未知的日历条目类型 {kind!r}（{day.isoformat()}），只能是 'holiday' 或 'workday'"
            )
    years = (
        frozenset(covered_years)
        if covered_years is not None
        else frozenset(d.year for d in holidays | makeups)
    )
    return WorkingDayCalendar(
        holidays=frozenset(holidays), makeup_workdays=frozenset(makeups), covered_years=years
    )
