"""Statutory clocks as a pure function (STYLE.md sections 5 and 18; requirements T1, T2, T4, T5, T6, T7).

``deadline_compute(rule=..., start=..., calendar=...)`` does no I/O and never reads the clock. Counting rules:

* **Elapsed units** (SECONDS, MINUTES, HOURS): plain elapsed time from ``start``; holidays do not matter.
* **Day units** are counted in Asia/Shanghai local dates and the start day is not counted (T2; 民法典 Art.201;
  民事诉讼法 Art.85).

  - CALENDAR_DAYS: the last day is ``start date + n``; if it is a statutory holiday or rest day the period ends on
    the next working day (民法典 Art.203; 民事诉讼法 Art.85).
  - MONTHS: the last day is the same day-number ``n`` months later, clamped to that month's end (民法典 Art.202),
    then rolled forward like calendar days.
  - WORKING_DAYS: the last day is the ``n``-th working day after the start date (T3, T4).

* **End of the last day.** The last day ends at 24:00 local time (T2; 民法典 Art.203). It is represented as
  **00:00 Asia/Shanghai of the following day**, an exclusive bound: the deadline is breached when ``now >= due_at``.
  ``Deadline.last_day`` carries the local last day for display.
* **Pauses** (T5): time while paused does not run. For elapsed units the exact paused time is added. For day units
  the day a pause begins still counts, and the day the clock resumes does not (it is treated like a new start day,
  民法典 Art.201); so a pause from date ``p`` to date ``r`` removes the units in ``(p, r]``: calendar days for
  CALENDAR_DAYS and MONTHS, working days for WORKING_DAYS. Overlapping pauses are merged, and a pause that begins at
  or after the running due time is ignored (a breached deadline is not revived).
* **Open pause** (``end is None``): without a clock the due time is unknowable, so the result is
  ``Deadline(due_at=None, remind_at=None, paused=True, remaining=Span(...))``. ``remaining`` is what is left as of the
  pause start: whole seconds (rounded up) for elapsed units, calendar days for CALENDAR_DAYS and MONTHS, working
  days for WORKING_DAYS. When the pause is closed, call ``deadline_compute`` again with the full pause history.
* **Reminder** (T6): ``due_at - rule.remind_before`` when the rule sets it; otherwise, for day units, when the last
  day begins (1 day before ``due_at``; the last day is always a working day), and for elapsed units 20% of the span
  before ``due_at``. Never earlier than ``start``.
* **Aware datetimes only.** Naive input raises ValueError; ``due_at`` and ``remind_at`` are returned in UTC.
"""

from __future__ import annotations

import math
from calendar import monthrange
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from enum import StrEnum
from typing import Final
from zoneinfo import ZoneInfo

from fawang.cases.calendar import WorkingDayCalendar

LOCAL_TZ: Final = ZoneInfo("Asia/Shanghai")
_ONE_DAY: Final = timedelta(days=1)
_SHORT_SPAN_REMIND_FRACTION: Final = 5  # elapsed units: remind 1/5 (20%) of the span before due


class Unit(StrEnum):
    """The unit of a rule's length (T1, T4)."""

    SECONDS = "seconds"
    MINUTES = "minutes"
    HOURS = "hours"
    CALENDAR_DAYS = "calendar_days"
    WORKING_DAYS = "working_days"
    MONTHS = "months"


_ELAPSED: Final[dict[Unit, timedelta]] = {
    Unit.SECONDS: timedelta(seconds=1),
    Unit.MINUTES: timedelta(minutes=1),
    Unit.HOURS: timedelta(hours=1),
}


def _require_aware(value: datetime, name: str) -> None:
    if value.tzinfo is None or value.utcoffset() is None:
        raise ValueError(
            f"期限计算只接受带时区的时间（aware datetime），{name} 没有时区：{value.isoformat()}"
        )


@dataclass(frozen=True)
class DeadlineRule:
    """One row of the deadline table (REQUIREMENTS section 4; T1), kept as data.

    ``length`` is in ``unit``. ``pausable`` says whether T5 pauses are excluded. Each approved extension adds
    ``extension_length`` units, at most ``max_extensions`` times. ``version`` is stored with a running deadline so
    that a later rule change never moves it silently (T7). ``remind_before=None`` selects the default reminder
    policy described in the module docstring (T6).
    """

    code: str
    service_type: str
    step: str
    length: int
    unit: Unit
    source: str
    version: int = 1
    pausable: bool = False
    remind_before: timedelta | None = None
    extension_length: int = 0
    max_extensions: int = 1

    def __post_init__(self) -> None:
        if self.unit not in set(Unit):
            raise ValueError(f"期限规则 {self.code} 的单位 {self.unit!r} 无效，可选：{'、'.join(Unit)}")
        object.__setattr__(self, "unit", Unit(self.unit))
        if not self.code:
            raise ValueError("期限规则必须有代码")
        if self.length < 1:
            raise ValueError(f"期限规则 {self.code} 的期限长度必须为正整数，实际为 {self.length}")
        if self.version < 1:
            raise ValueError(f"期限规则 {self.code} 的版本号必须从 1 开始，实际为 {self.version}")
        if self.extension_length < 0 or self.max_extensions < 0:
            raise ValueError(f"期限规则 {self.code} 的延长期限和延长次数不能为负数")
        if self.remind_before is not None and self.remind_before <= timedelta(0):
            raise ValueError(f"期限规则 {self.code} 的提醒提前量必须为正")


@dataclass(frozen=True)
class Pause:
    """A recorded pause of a clock (T5): supplementing, verification, force majeure, ... ``end=None`` is open."""

    start: datetime
    end: datetime | None
    reason: str

    def __post_init__(self) -> None:
        _require_aware(self.start, "暂停开始时间")
        if self.end is not None:
            _require_aware(self.end, "暂停结束时间")
            if self.end < self.start:
                raise ValueError(
                    f"暂停结束时间 {self.end.isoformat()} 早于开始时间 {self.start.isoformat()}（{self.reason}）"
                )
        if not self.reason.strip():
            raise ValueError("暂停计时必须记录原因（T5）")


@dataclass(frozen=True)
class Span:
    """An amount of a unit, used for the time left on a paused clock."""

    length: int
    unit: Unit


@dataclass(frozen=True)
class Deadline:
    """The computed clock. ``due_at`` is an exclusive UTC bound (breached when ``now >= due_at``).

    When ``paused`` is True, ``due_at`` and ``remind_at`` are None and ``remaining`` tells what is left.
    ``last_day`` is the local (Asia/Shanghai) last day for day units, None for elapsed units or while paused.
    ``calendar_covered`` is False when a day count touched a year the calendar does not cover (Monday–Friday
    fallback was used): callers should warn.
    """

    due_at: datetime | None
    remind_at: datetime | None
    rule_code: str
    rule_version: int
    paused: bool
    remaining: Span | None = None
    last_day: date | None = None
    calendar_covered: bool = True


_Interval = tuple[datetime, datetime | None]


def deadline_compute(
    *,
    rule: DeadlineRule,
    start: datetime,
    calendar: WorkingDayCalendar,
    pauses: Sequence[Pause] = (),
    extensions: int = 0,
) -> Deadline:
    """Compute the due and reminder times of ``rule`` started at ``start`` (T2, T5, T6, T7).

    ``extensions`` is the number of approved extensions. Raises ValueError (Chinese message) on naive datetimes,
    on pauses for a rule that is not pausable or that begin before ``start``, and on extensions the rule does
    not allow.
    """
    _require_aware(start, "start")
    length = rule.length + _extension_units(rule, extensions)
    intervals = _merge_pauses(rule, start, pauses)
    start_utc = start.astimezone(UTC)
    if rule.unit in _ELAPSED:
        return _compute_elapsed(rule, start_utc, length * _ELAPSED[rule.unit], intervals)
    return _compute_days(rule, start_utc, length, intervals, calendar)


def _extension_units(rule: DeadlineRule, extensions: int) -> int:
    if extensions < 0:
        raise ValueError(f"延长次数不能为负数：{extensions}")
    if extensions and rule.extension_length == 0:
        raise ValueError(f"期限规则 {rule.code} 不允许延长")
    if extensions > rule.max_extensions:
        raise ValueError(f"期限规则 {rule.code} 最多延长 {rule.max_extensions} 次，请求 {extensions} 次")
    return extensions * rule.extension_length


def _merge_pauses(rule: DeadlineRule, start: datetime, pauses: Sequence[Pause]) -> list[_Interval]:
    """Validate, convert to UTC, sort and merge overlapping pauses; an open pause swallows everything after it."""
    if pauses and not rule.pausable:
        raise ValueError(f"期限规则 {rule.code} 不允许暂停计时")
    merged: list[_Interval] = []
    for pause in sorted(pauses, key=lambda p: p.start):
        if pause.start < start:
            raise ValueError(f"暂停开始时间 {pause.start.isoformat()} 早于计时起点 {start.isoformat()}")
        begin = pause.start.astimezone(UTC)
        end = pause.end.astimezone(UTC) if pause.end is not None else None
        if merged and (merged[-1][1] is None or begin <= merged[-1][1]):
            last_begin, last_end = merged[-1]
            merged[-1] = (last_begin, None if last_end is None or end is None else max(last_end, end))
        else:
            merged.append((begin, end))
    return merged


def _remind_at(rule: DeadlineRule, start: datetime, due_at: datetime, default_lead: timedelta) -> datetime:
    lead = rule.remind_before if rule.remind_before is not None else default_lead
    return max(start, due_at - lead)


def _compute_elapsed(
    rule: DeadlineRule, start: datetime, span: timedelta, intervals: list[_Interval]
) -> Deadline:
    cursor, remaining = start, span
    for begin, end in intervals:
        if begin >= cursor + remaining:
            break
        remaining -= begin - cursor
        if end is None:
            left = Span(math.ceil(remaining.total_seconds()), Unit.SECONDS)
            return Deadline(None, None, rule.code, rule.version, paused=True, remaining=left)
        cursor = end
    due_at = cursor + remaining
    remind_at = _remind_at(rule, start, due_at, span / _SHORT_SPAN_REMIND_FRACTION)
    return Deadline(due_at, remind_at, rule.code, rule.version, paused=False)


def add_months(d: date, months: int) -> date:
    """The same day-number ``months`` later, clamped to the end of that month (民法典 Art.202)."""
    years, month_index = divmod(d.month - 1 + months, 12)
    year, month = d.year + years, month_index + 1
    return date(year, month, min(d.day, monthrange(year, month)[1]))


def _local_date(moment: datetime) -> date:
    return moment.astimezone(LOCAL_TZ).date()


def _end_of_day_utc(day: date) -> datetime:
    """24:00 local of ``day``, i.e. 00:00 Asia/Shanghai of the next day, in UTC (T2)."""
    return datetime.combine(day + _ONE_DAY, time(0), tzinfo=LOCAL_TZ).astimezone(UTC)


@dataclass(frozen=True)
class _DayCounter:
    """Counts days in the unit a day rule pauses and shifts in (calendar days, or working days)."""

    calendar: WorkingDayCalendar
    working: bool

    def last_day(self, after: date, units: int) -> date:
        """The day ``units`` after ``after`` (start day not counted), rolled to a working day (Art.203)."""
        if self.working:
            return self.calendar.roll_forward(self.calendar.add_working_days(after, units))
        return self.calendar.roll_forward(after + units * _ONE_DAY)

    def between(self, a: date, b: date) -> int:
        """Units in ``(a, b]``."""
        return self.calendar.working_days_between(a, b) if self.working else (b - a).days

    def covered(self, first: date, last: date) -> bool:
        return all(year in self.calendar.covered_years for year in range(first.year, last.year + 1))


def _compute_days(
    rule: DeadlineRule, start: datetime, length: int, intervals: list[_Interval], calendar: WorkingDayCalendar
) -> Deadline:
    start_day = _local_date(start)
    counter = _DayCounter(calendar, working=rule.unit is Unit.WORKING_DAYS)
    # MONTHS are fixed as calendar days from the start date, so pauses shift them day by day.
    remaining = (add_months(start_day, length) - start_day).days if rule.unit is Unit.MONTHS else length
    cursor = start_day
    for begin, end in intervals:
        if begin >= _end_of_day_utc(counter.last_day(cursor, remaining)):
            break
        pause_day = _local_date(begin)
        remaining -= min(remaining, counter.between(cursor, pause_day))
        if end is None:
            unit = Unit.WORKING_DAYS if counter.working else Unit.CALENDAR_DAYS
            return Deadline(
                None,
                None,
                rule.code,
                rule.version,
                paused=True,
                remaining=Span(remaining, unit),
                calendar_covered=counter.covered(start_day, pause_day),
            )
        cursor = max(cursor, _local_date(end))
    last_day = counter.last_day(cursor, remaining)
    due_at = _end_of_day_utc(last_day)
    return Deadline(
        due_at,
        _remind_at(rule, start, due_at, _ONE_DAY),
        rule.code,
        rule.version,
        paused=False,
        last_day=last_day,
        calendar_covered=counter.covered(start_day, last_day),
    )
