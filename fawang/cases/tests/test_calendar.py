"""Working-day calendar (T3) against the published 2025 holidays and 调休 days.

Source: 国务院办公厅关于2025年部分节假日安排的通知, as transcribed by the ``chinesecalendar`` package; the
expected dates below were checked against the package data.
"""

import dataclasses
from collections.abc import Callable
from datetime import date, timedelta

import pytest

from fawang.cases.calendar import (
    WorkingDayCalendar,
    calendar_from_chinese_calendar,
    calendar_from_entries,
    chinese_calendar_years,
)

CAL = calendar_from_chinese_calendar([2024, 2025, 2026])


def _days(first: date, last: date) -> frozenset[date]:
    return frozenset(first + timedelta(days=i) for i in range((last - first).days + 1))


def test_package_2025_spring_festival_and_national_day_match_the_notice() -> None:
    assert _days(date(2025, 1, 28), date(2025, 2, 4)) <= CAL.holidays
    assert _days(date(2025, 10, 1), date(2025, 10, 8)) <= CAL.holidays
    assert {d for d in CAL.makeup_workdays if d.year == 2025} == {
        date(2025, 1, 26),
        date(2025, 2, 8),
        date(2025, 4, 27),
        date(2025, 9, 28),
        date(2025, 10, 11),
    }


@pytest.mark.parametrize(
    ("_case", "day", "working"),
    [
        ("Spring Festival 调休: Sunday 2025-01-26 is worked", date(2025, 1, 26), True),
        ("Spring Festival: first holiday, Tuesday 2025-01-28", date(2025, 1, 28), False),
        ("Spring Festival: last holiday, Tuesday 2025-02-04", date(2025, 2, 4), False),
        ("Spring Festival: back to work, Wednesday 2025-02-05", date(2025, 2, 5), True),
        ("Spring Festival 调休: Saturday 2025-02-08 is worked", date(2025, 2, 8), True),
        ("ordinary Sunday after the make-up Saturday", date(2025, 2, 9), False),
        ("New Year's Day 2025 (Wednesday)", date(2025, 1, 1), False),
        ("National Day 调休: Sunday 2025-09-28 is worked", date(2025, 9, 28), True),
        ("National Day: Wednesday 2025-10-01", date(2025, 10, 1), False),
        ("National Day: last holiday, Wednesday 2025-10-08", date(2025, 10, 8), False),
        ("National Day: back to work, Thursday 2025-10-09", date(2025, 10, 9), True),
        ("National Day 调休: Saturday 2025-10-11 is worked", date(2025, 10, 11), True),
        ("ordinary Monday", date(2025, 3, 3), True),
        ("ordinary Saturday", date(2025, 3, 8), False),
        ("2026 调休: Saturday 2026-02-28 is worked", date(2026, 2, 28), True),
    ],
)
def test_is_working_day(_case: str, day: date, working: bool) -> None:
    assert CAL.is_working_day(day) is working
    assert CAL.is_holiday_or_rest(day) is not working
    assert CAL.is_covered(day) is True


@pytest.mark.parametrize(
    ("_case", "start", "n", "expected"),
    [
        (
            "T2: start day not counted; the 1st WD after Friday 01-24 is make-up Sunday 01-26",
            date(2025, 1, 24),
            1,
            date(2025, 1, 26),
        ),
        ("2nd WD after Friday 01-24 is Monday 01-27", date(2025, 1, 24), 2, date(2025, 1, 27)),
        ("1 WD after Monday 01-27 skips the whole Spring Festival", date(2025, 1, 27), 1, date(2025, 2, 5)),
        ("15 WD across National Day (公证法 Art.30 period)", date(2025, 9, 26), 15, date(2025, 10, 23)),
        ("5 WD starting on make-up Saturday 02-08", date(2025, 2, 8), 5, date(2025, 2, 14)),
        (
            "start on a holiday: 3 WD after 10-01 include make-up Saturday 10-11",
            date(2025, 10, 1),
            3,
            date(2025, 10, 11),
        ),
        ("n = 0 returns the day itself, even a holiday", date(2025, 2, 1), 0, date(2025, 2, 1)),
        ("negative: 1 WD before 02-05 is 01-27", date(2025, 2, 5), -1, date(2025, 1, 27)),
    ],
)
def test_add_working_days(_case: str, start: date, n: int, expected: date) -> None:
    assert CAL.add_working_days(start, n) == expected


@pytest.mark.parametrize(
    ("_case", "day", "next_day", "rolled"),
    [
        ("Monday before Spring Festival -> 02-05", date(2025, 1, 27), date(2025, 2, 5), date(2025, 1, 27)),
        ("holiday 01-29 -> 02-05 (民法典 Art.203)", date(2025, 1, 29), date(2025, 2, 5), date(2025, 2, 5)),
        ("Friday 01-24 -> make-up Sunday 01-26", date(2025, 1, 24), date(2025, 1, 26), date(2025, 1, 24)),
        (
            "Friday 10-10 -> make-up Saturday 10-11",
            date(2025, 10, 10),
            date(2025, 10, 11),
            date(2025, 10, 10),
        ),
        ("ordinary Saturday 03-08 -> Monday 03-10", date(2025, 3, 8), date(2025, 3, 10), date(2025, 3, 10)),
    ],
)
def test_next_working_day_and_roll_forward(_case: str, day: date, next_day: date, rolled: date) -> None:
    assert CAL.next_working_day(day) == next_day
    assert CAL.roll_forward(day) == rolled


@pytest.mark.parametrize(
    ("_case", "a", "b", "count"),
    [
        ("15 WD across National Day", date(2025, 9, 26), date(2025, 10, 23), 15),
        ("Spring Festival week holds one WD after 01-27", date(2025, 1, 27), date(2025, 2, 5), 1),
        ("same day", date(2025, 3, 3), date(2025, 3, 3), 0),
        ("reversed order is negative", date(2025, 10, 23), date(2025, 9, 26), -15),
        ("whole National Day break holds no WD", date(2025, 9, 30), date(2025, 10, 8), 0),
    ],
)
def test_working_days_between(_case: str, a: date, b: date, count: int) -> None:
    assert CAL.working_days_between(a, b) == count


@pytest.mark.parametrize(
    ("_case", "day", "working"),
    [
        ("uncovered 2027-10-01 (Friday): Monday–Friday fallback says working", date(2027, 10, 1), True),
        ("uncovered 2027-10-02 (Saturday): fallback says rest", date(2027, 10, 2), False),
        ("2023 not requested, so 2023-10-02 (Monday, really a holiday) falls back", date(2023, 10, 2), True),
    ],
)
def test_uncovered_year_falls_back_to_monday_to_friday(_case: str, day: date, working: bool) -> None:
    assert CAL.is_covered(day) is False
    assert CAL.is_working_day(day) is working


def test_package_years_and_unknown_year_refused() -> None:
    assert {2024, 2025, 2026} <= chinese_calendar_years()
    assert CAL.covered_years == frozenset({2024, 2025, 2026})
    with pytest.raises(ValueError, match="没有 \\[2099\\] 年的节假日数据"):
        calendar_from_chinese_calendar([2099])


def test_every_package_year_builds_a_valid_calendar() -> None:
    full = calendar_from_chinese_calendar(chinese_calendar_years())
    assert all(d.weekday() >= 5 for d in full.makeup_workdays)


# A hypothetical 2027 National Day arrangement as an administrator would enter it (not a published notice).
ENTRIES_2027 = [
    *((d, "holiday") for d in _days(date(2027, 10, 1), date(2027, 10, 7))),
    (date(2027, 9, 26), "workday"),
    (date(2027, 10, 9), "workday"),
]


def test_calendar_from_entries_covers_the_entered_year() -> None:
    admin = calendar_from_entries(ENTRIES_2027)
    assert admin.covered_years == frozenset({2027})
    assert admin.is_working_day(date(2027, 10, 1)) is False
    assert admin.is_working_day(date(2027, 9, 26)) is True
    assert admin.add_working_days(date(2027, 9, 30), 1) == date(2027, 10, 8)


def test_merge_adds_admin_years_to_the_package_calendar() -> None:
    merged = CAL.merge(calendar_from_entries(ENTRIES_2027))
    assert merged.covered_years == frozenset({2024, 2025, 2026, 2027})
    assert merged.is_covered(date(2027, 10, 1)) is True
    assert merged.is_working_day(date(2027, 10, 1)) is False
    assert merged.is_working_day(date(2025, 10, 11)) is True


def test_merge_replaces_a_whole_year() -> None:
    # An administrator re-enters 2025 with only the Spring Festival: 2025's National Day is gone.
    spring_only = calendar_from_entries([(date(2025, 1, 28), "holiday"), (date(2025, 1, 26), "workday")])
    merged = CAL.merge(spring_only)
    assert merged.is_working_day(date(2025, 10, 1)) is True
    assert merged.is_working_day(date(2025, 1, 28)) is False
    assert merged.is_working_day(date(2026, 10, 1)) is False


def test_calendar_from_entries_explicit_covered_year_without_changes() -> None:
    quiet = calendar_from_entries([], covered_years=[2030])
    assert quiet.is_covered(date(2030, 5, 1)) is True
    assert quiet.is_working_day(date(2030, 5, 1)) is True


@pytest.mark.parametrize(
    ("_case", "build", "message"),
    [
        (
            "unknown entry kind",
            lambda: calendar_from_entries([(date(2027, 1, 1), "festival")]),
            "未知的日历条目类型",
        ),
        (
            "a day both holiday and workday",
            lambda: calendar_from_entries([(date(2027, 1, 2), "holiday"), (date(2027, 1, 2), "workday")]),
            "既是节假日又是调休上班日",
        ),
        (
            "调休 workday on a weekday",
            lambda: calendar_from_entries([(date(2027, 1, 4), "workday")]),
            "调休上班日必须是周六或周日",
        ),
        (
            "entry outside the covered years",
            lambda: WorkingDayCalendar(
                holidays=frozenset({date(2027, 1, 1)}), covered_years=frozenset({2026})
            ),
            "不在日历覆盖的年份内",
        ),
    ],
)
def test_invalid_calendars_are_refused(_case: str, build: Callable[[], object], message: str) -> None:
    with pytest.raises(ValueError, match=message):
        build()


def test_calendar_is_immutable() -> None:
    with pytest.raises(dataclasses.FrozenInstanceError):
        CAL.holidays = frozenset()  # type: ignore[misc]  # asserting the frozen dataclass refuses assignment
