"""Statutory clocks (T2, T4, T5, T6, T7) against the published 2024–2026 holidays and 调休 days.

Local times are Asia/Shanghai (UTC+8). A last day ends at 24:00 local, stored as 00:00 local of the next day, so a
last day D gives ``due_at`` = D 16:00 UTC.
"""

from collections.abc import Callable, Sequence
from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from fawang.cases.calendar import calendar_from_chinese_calendar
from fawang.cases.deadline_rules import DEADLINE_RULES, RULES_BY_CODE, rule_for
from fawang.cases.deadlines import (
    Deadline,
    DeadlineRule,
    Pause,
    Span,
    Unit,
    add_months,
    deadline_compute,
)

SH = ZoneInfo("Asia/Shanghai")
CAL = calendar_from_chinese_calendar([2024, 2025, 2026])


def sh(year: int, month: int, day: int, hour: int = 0, minute: int = 0) -> datetime:
    return datetime(year, month, day, hour, minute, tzinfo=SH)


def utc(year: int, month: int, day: int, hour: int = 0, minute: int = 0) -> datetime:
    return datetime(year, month, day, hour, minute, tzinfo=UTC)


def rule(
    length: int, unit: Unit, *, pausable: bool = False, remind_before: timedelta | None = None
) -> DeadlineRule:
    return DeadlineRule(
        "test.rule",
        "test",
        "rule",
        length,
        unit,
        "test fixture",
        pausable=pausable,
        remind_before=remind_before,
    )


@pytest.mark.parametrize(
    ("_case", "code", "start", "due_at", "remind_at", "last_day"),
    [
        (
            "法律援助法 Art.43 7 CD; last day 01-29 is Spring Festival -> next working day 02-05 (民法典 Art.203)",
            "legal_aid.review",
            sh(2025, 1, 22, 10, 0),
            utc(2025, 2, 5, 16, 0),
            utc(2025, 2, 4, 16, 0),
            date(2025, 2, 5),
        ),
        (
            "Art.43 7 CD; start given in UTC late on 01-21 is 01-22 in Shanghai (T2 counts local dates)",
            "legal_aid.review",
            utc(2025, 1, 21, 17, 30),
            utc(2025, 2, 5, 16, 0),
            utc(2025, 2, 4, 16, 0),
            date(2025, 2, 5),
        ),
        (
            "Art.43 7 CD; last day is make-up Sunday 01-26, a working day: no roll",
            "legal_aid.review",
            sh(2025, 1, 19, 9, 0),
            utc(2025, 1, 26, 16, 0),
            utc(2025, 1, 25, 16, 0),
            date(2025, 1, 26),
        ),
        (
            "Art.43 7 CD; plain week, start day not counted (民法典 Art.201)",
            "legal_aid.review",
            sh(2025, 3, 3, 23, 59),
            utc(2025, 3, 10, 16, 0),
            utc(2025, 3, 9, 16, 0),
            date(2025, 3, 10),
        ),
        (
            "法律援助法 Art.49 5 CD; last day 10-05 is National Day -> 10-09",
            "legal_aid.objection_decide",
            sh(2025, 9, 30, 15, 0),
            utc(2025, 10, 9, 16, 0),
            utc(2025, 10, 8, 16, 0),
            date(2025, 10, 9),
        ),
        (
            "Art.43 3 CD assignment; last day ordinary Saturday 03-08 -> Monday 03-10",
            "legal_aid.assign",
            sh(2025, 3, 5, 11, 0),
            utc(2025, 3, 10, 16, 0),
            utc(2025, 3, 9, 16, 0),
            date(2025, 3, 10),
        ),
        (
            "公证法 Art.30 15 WD across National Day, counting make-up 09-28 and 10-11",
            "notary.issue",
            sh(2025, 9, 26, 10, 0),
            utc(2025, 10, 23, 16, 0),
            utc(2025, 10, 22, 16, 0),
            date(2025, 10, 23),
        ),
        (
            "山东 hotline feedback 5 WD starting on make-up Saturday 02-08",
            "hotline.feedback",
            sh(2025, 2, 8, 10, 0),
            utc(2025, 2, 14, 16, 0),
            utc(2025, 2, 13, 16, 0),
            date(2025, 2, 14),
        ),
        (
            "山东 hotline transfer 1 WD from Friday 01-24: make-up Sunday 01-26 is the last day",
            "hotline.transfer",
            sh(2025, 1, 24, 15, 0),
            utc(2025, 1, 26, 16, 0),
            utc(2025, 1, 25, 16, 0),
            date(2025, 1, 26),
        ),
        (
            "通则 Art.13 7 WD from a holiday (10-03): 10-09, 10-10, 10-11 (make-up), 10-13 … 10-16",
            "appraisal.accept",
            sh(2025, 10, 3, 9, 0),
            utc(2025, 10, 16, 16, 0),
            utc(2025, 10, 15, 16, 0),
            date(2025, 10, 16),
        ),
        (
            "mediation 1 month from 01-31 -> 02-28 (民法典 Art.202: no 02-31, month end)",
            "mediation.conclude",
            sh(2025, 1, 31, 10, 0),
            utc(2025, 2, 28, 16, 0),
            utc(2025, 2, 27, 16, 0),
            date(2025, 2, 28),
        ),
        (
            "mediation 1 month from 2024-01-31 -> leap day 2024-02-29 (Art.202)",
            "mediation.conclude",
            sh(2024, 1, 31, 10, 0),
            utc(2024, 2, 29, 16, 0),
            utc(2024, 2, 28, 16, 0),
            date(2024, 2, 29),
        ),
        (
            "mediation 1 month from 2026-01-31 -> 02-28, a make-up Saturday (Art.202, no roll)",
            "mediation.conclude",
            sh(2026, 1, 31, 10, 0),
            utc(2026, 2, 28, 16, 0),
            utc(2026, 2, 27, 16, 0),
            date(2026, 2, 28),
        ),
        (
            "mediation 1 month from 2025-12-31 -> 2026-01-31 Saturday -> Monday 02-02 (Art.202, 203)",
            "mediation.conclude",
            sh(2025, 12, 31, 10, 0),
            utc(2026, 2, 2, 16, 0),
            utc(2026, 2, 1, 16, 0),
            date(2026, 2, 2),
        ),
        (
            "人民调解法 Art.33 30 CD confirmation window from 2025-09-05 -> 10-05 holiday -> 10-09",
            "mediation.judicial_confirmation_window",
            sh(2025, 9, 5, 16, 0),
            utc(2025, 10, 9, 16, 0),
            utc(2025, 10, 8, 16, 0),
            date(2025, 10, 9),
        ),
    ],
)
def test_day_rules(
    _case: str, code: str, start: datetime, due_at: datetime, remind_at: datetime, last_day: date
) -> None:
    result = deadline_compute(rule=rule_for(code), start=start, calendar=CAL)
    assert result == Deadline(
        due_at=due_at,
        remind_at=remind_at,
        rule_code=code,
        rule_version=1,
        paused=False,
        remaining=None,
        last_day=last_day,
        calendar_covered=True,
    )
    assert result.due_at is not None
    assert result.due_at.tzinfo is UTC


@pytest.mark.parametrize(
    ("_case", "code", "start", "due_at", "remind_at"),
    [
        (
            "法律援助法 Art.39 24 h across midnight into Spring Festival (holidays do not matter)",
            "legal_aid.forward_detained",
            sh(2025, 1, 27, 20, 30),
            utc(2025, 1, 28, 12, 30),
            utc(2025, 1, 28, 7, 42),
        ),
        (
            "山东 urgent transfer 1 h across midnight",
            "hotline.transfer_urgent",
            sh(2025, 10, 1, 23, 30),
            utc(2025, 10, 1, 16, 30),
            utc(2025, 10, 1, 16, 18),
        ),
        (
            "GB/T 33358 answer a call in 15 s",
            "hotline.answer",
            sh(2025, 3, 3, 9, 0),
            datetime(2025, 3, 3, 1, 0, 15, tzinfo=UTC),
            datetime(2025, 3, 3, 1, 0, 12, tzinfo=UTC),
        ),
        (
            "GB/T 33358 reply to text in 3 min",
            "hotline.media_reply",
            sh(2025, 3, 3, 9, 0),
            utc(2025, 3, 3, 1, 3),
            datetime(2025, 3, 3, 1, 2, 24, tzinfo=UTC),
        ),
    ],
)
def test_elapsed_rules(_case: str, code: str, start: datetime, due_at: datetime, remind_at: datetime) -> None:
    result = deadline_compute(rule=rule_for(code), start=start, calendar=CAL)
    assert result == Deadline(due_at, remind_at, code, 1, paused=False)


def test_elapsed_time_is_real_time_across_a_dst_change() -> None:
    # A start given in a DST zone: 2025-03-08 20:00 New York (EST) + 24 h is 21:00 EDT, not 20:00.
    start = datetime(2025, 3, 8, 20, 0, tzinfo=ZoneInfo("America/New_York"))
    result = deadline_compute(rule=rule_for("legal_aid.forward_detained"), start=start, calendar=CAL)
    assert result.due_at == utc(2025, 3, 10, 1, 0)


@pytest.mark.parametrize(
    ("_case", "code", "start", "extensions", "due_at"),
    [
        (
            "山东 hotline feedback extended to 15 WD in total, across National Day",
            "hotline.feedback",
            sh(2025, 9, 26, 10, 0),
            1,
            utc(2025, 10, 23, 16, 0),
        ),
        (
            "通则 Art.28 30 WD + one 30 WD extension from 2025-09-01",
            "appraisal.complete",
            sh(2025, 9, 1, 10, 0),
            1,
            utc(2025, 11, 28, 16, 0),
        ),
        (
            "通则 Art.28 30 WD without extension from 2025-09-01",
            "appraisal.complete",
            sh(2025, 9, 1, 10, 0),
            0,
            utc(2025, 10, 17, 16, 0),
        ),
    ],
)
def test_extensions(_case: str, code: str, start: datetime, extensions: int, due_at: datetime) -> None:
    result = deadline_compute(rule=rule_for(code), start=start, calendar=CAL, extensions=extensions)
    assert result.due_at == due_at


@pytest.mark.parametrize(
    ("_case", "code", "extensions", "message"),
    [
        ("通则 Art.28 allows one extension only", "appraisal.complete", 2, "最多延长 1 次"),
        ("法律援助法 Art.43 review has no extension", "legal_aid.review", 1, "不允许延长"),
        ("negative extension count", "appraisal.complete", -1, "不能为负数"),
    ],
)
def test_extensions_refused(_case: str, code: str, extensions: int, message: str) -> None:
    with pytest.raises(ValueError, match=message):
        deadline_compute(
            rule=rule_for(code), start=sh(2025, 9, 1, 10, 0), calendar=CAL, extensions=extensions
        )


SUPPLEMENT = "补充材料"


@pytest.mark.parametrize(
    ("_case", "code", "start", "pauses", "due_at", "last_day"),
    [
        (
            "公证法 Art.30 15 WD, supplementing 10-13..10-15 removes WD 10-14, 10-15: 10-23 -> 10-27",
            "notary.issue",
            sh(2025, 9, 26, 10, 0),
            [Pause(sh(2025, 10, 13, 9, 0), sh(2025, 10, 15, 17, 0), SUPPLEMENT)],
            utc(2025, 10, 27, 16, 0),
            date(2025, 10, 27),
        ),
        (
            "公证法 Art.30 15 WD, pause over the whole National Day removes no working day",
            "notary.issue",
            sh(2025, 9, 26, 10, 0),
            [Pause(sh(2025, 9, 30, 18, 0), sh(2025, 10, 8, 12, 0), "核实")],
            utc(2025, 10, 23, 16, 0),
            date(2025, 10, 23),
        ),
        (
            "法律援助法 Art.43 + C6: 7 CD, supplementing 03-05..03-08 removes 3 days: 03-10 -> 03-13",
            "legal_aid.review",
            sh(2025, 3, 3, 10, 0),
            [Pause(sh(2025, 3, 5, 14, 0), sh(2025, 3, 8, 11, 0), SUPPLEMENT)],
            utc(2025, 3, 13, 16, 0),
            date(2025, 3, 13),
        ),
        (
            "C6: overlapping pauses are merged, not double-counted",
            "legal_aid.review",
            sh(2025, 3, 3, 10, 0),
            [
                Pause(sh(2025, 3, 6, 9, 0), sh(2025, 3, 7, 12, 0), "核实"),
                Pause(sh(2025, 3, 5, 14, 0), sh(2025, 3, 8, 11, 0), SUPPLEMENT),
            ],
            utc(2025, 3, 13, 16, 0),
            date(2025, 3, 13),
        ),
        (
            "C6: a pause that starts and ends on the same day removes nothing",
            "legal_aid.review",
            sh(2025, 3, 3, 10, 0),
            [Pause(sh(2025, 3, 5, 10, 0), sh(2025, 3, 5, 15, 0), SUPPLEMENT)],
            utc(2025, 3, 10, 16, 0),
            date(2025, 3, 10),
        ),
        (
            "C6: a pause that begins after the due time does not revive the clock",
            "legal_aid.review",
            sh(2025, 3, 3, 10, 0),
            [Pause(sh(2025, 3, 11, 0, 0), sh(2025, 3, 20, 9, 0), SUPPLEMENT)],
            utc(2025, 3, 10, 16, 0),
            date(2025, 3, 10),
        ),
        (
            "Art.203 roll window: paused 02-03..02-10 while rolled over Spring Festival ends on resumption day",
            "legal_aid.review",
            sh(2025, 1, 22, 10, 0),
            [Pause(sh(2025, 2, 3, 10, 0), sh(2025, 2, 10, 9, 0), SUPPLEMENT)],
            utc(2025, 2, 10, 16, 0),
            date(2025, 2, 10),
        ),
        (
            "通则 Art.28 two pauses: 09-03..09-05 (2 WD) and 09-10..09-15 (3 WD) move 10-17 by 5 WD",
            "appraisal.complete",
            sh(2025, 9, 1, 10, 0),
            [
                Pause(sh(2025, 9, 3, 10, 0), sh(2025, 9, 5, 10, 0), "补充鉴定材料"),
                Pause(sh(2025, 9, 10, 10, 0), sh(2025, 9, 15, 10, 0), "重新提取"),
            ],
            utc(2025, 10, 24, 16, 0),
            date(2025, 10, 24),
        ),
    ],
)
def test_closed_pauses(
    _case: str, code: str, start: datetime, pauses: Sequence[Pause], due_at: datetime, last_day: date
) -> None:
    result = deadline_compute(rule=rule_for(code), start=start, calendar=CAL, pauses=pauses)
    assert result.paused is False
    assert result.due_at == due_at
    assert result.remind_at == due_at - timedelta(days=1)
    assert result.last_day == last_day


def test_closed_pause_on_elapsed_rule_adds_exact_paused_time() -> None:
    result = deadline_compute(
        rule=rule(24, Unit.HOURS, pausable=True),
        start=sh(2025, 1, 27, 20, 30),
        calendar=CAL,
        pauses=[Pause(sh(2025, 1, 28, 8, 30), sh(2025, 1, 28, 10, 45), "不可抗力")],
    )
    assert result.due_at == utc(2025, 1, 28, 14, 45)
    assert result.remind_at == utc(2025, 1, 28, 9, 57)


@pytest.mark.parametrize(
    ("_case", "the_rule", "start", "pauses", "remaining"),
    [
        (
            "公证法 Art.30 open supplementing on 10-13: 7 of 15 WD used, 8 WD left",
            rule_for("notary.issue"),
            sh(2025, 9, 26, 10, 0),
            [Pause(sh(2025, 10, 13, 9, 0), None, SUPPLEMENT)],
            Span(8, Unit.WORKING_DAYS),
        ),
        (
            "Art.43 + C6: closed pause then open pause; 7 CD, 2 + 1 days used, 4 CD left",
            rule_for("legal_aid.review"),
            sh(2025, 3, 3, 10, 0),
            [
                Pause(sh(2025, 3, 5, 14, 0), sh(2025, 3, 8, 11, 0), SUPPLEMENT),
                Pause(sh(2025, 3, 9, 9, 0), None, SUPPLEMENT),
            ],
            Span(4, Unit.CALENDAR_DAYS),
        ),
        (
            "T5 elapsed: 24 h pausable, open pause after 12 h leaves 12 h in seconds",
            rule(24, Unit.HOURS, pausable=True),
            sh(2025, 1, 27, 20, 30),
            [Pause(sh(2025, 1, 28, 8, 30), None, "不可抗力")],
            Span(12 * 3600, Unit.SECONDS),
        ),
        (
            "民法典 Art.202 months are held as calendar days: 1 month from 01-31 is 28 days, 3 used",
            rule(1, Unit.MONTHS, pausable=True),
            sh(2025, 1, 31, 10, 0),
            [Pause(sh(2025, 2, 3, 9, 0), None, SUPPLEMENT)],
            Span(25, Unit.CALENDAR_DAYS),
        ),
    ],
)
def test_open_pause(
    _case: str, the_rule: DeadlineRule, start: datetime, pauses: Sequence[Pause], remaining: Span
) -> None:
    result = deadline_compute(rule=the_rule, start=start, calendar=CAL, pauses=pauses)
    assert result == Deadline(
        due_at=None,
        remind_at=None,
        rule_code=the_rule.code,
        rule_version=the_rule.version,
        paused=True,
        remaining=remaining,
        last_day=None,
        calendar_covered=True,
    )


def test_open_pause_after_due_time_leaves_the_breached_deadline() -> None:
    result = deadline_compute(
        rule=rule_for("legal_aid.review"),
        start=sh(2025, 3, 3, 10, 0),
        calendar=CAL,
        pauses=[Pause(sh(2025, 3, 11, 0, 0), None, SUPPLEMENT)],
    )
    assert result.paused is False
    assert result.due_at == utc(2025, 3, 10, 16, 0)


NAIVE = datetime(2025, 3, 3, 10, 0)  # noqa: DTZ001  # deliberately naive: the engine must refuse it


@pytest.mark.parametrize(
    ("_case", "call", "message"),
    [
        (
            "STYLE 18: naive start refused",
            lambda: deadline_compute(rule=rule_for("legal_aid.review"), start=NAIVE, calendar=CAL),
            "没有时区",
        ),
        ("STYLE 18: naive pause start refused", lambda: Pause(NAIVE, None, SUPPLEMENT), "没有时区"),
        (
            "STYLE 18: naive pause end refused",
            lambda: Pause(sh(2025, 3, 3, 9, 0), NAIVE, SUPPLEMENT),
            "没有时区",
        ),
        (
            "T5: pause ending before it starts",
            lambda: Pause(sh(2025, 3, 4, 9, 0), sh(2025, 3, 3, 9, 0), SUPPLEMENT),
            "早于开始时间",
        ),
        ("T5: a pause needs a reason", lambda: Pause(sh(2025, 3, 3, 9, 0), None, " "), "必须记录原因"),
        (
            "T5: 法律援助法 Art.36 notice assignment is not pausable",
            lambda: deadline_compute(
                rule=rule_for("legal_aid.notice_assign"),
                start=sh(2025, 3, 3, 10, 0),
                calendar=CAL,
                pauses=[Pause(sh(2025, 3, 4, 9, 0), None, SUPPLEMENT)],
            ),
            "不允许暂停计时",
        ),
        (
            "T5: pause before the clock starts",
            lambda: deadline_compute(
                rule=rule_for("legal_aid.review"),
                start=sh(2025, 3, 3, 10, 0),
                calendar=CAL,
                pauses=[Pause(sh(2025, 3, 2, 9, 0), None, SUPPLEMENT)],
            ),
            "早于计时起点",
        ),
        ("T1: zero-length rule", lambda: rule(0, Unit.CALENDAR_DAYS), "必须为正整数"),
        ("T1: unknown unit", lambda: rule(1, "fortnights"), "fortnights"),  # type: ignore[arg-type]
        (
            "T6: non-positive reminder lead",
            lambda: rule(1, Unit.HOURS, remind_before=timedelta(0)),
            "提醒提前量必须为正",
        ),
    ],
)
def test_invalid_input_is_refused(_case: str, call: Callable[[], object], message: str) -> None:
    with pytest.raises(ValueError, match=message):
        call()


@pytest.mark.parametrize(
    ("_case", "start", "calendar_years", "due_at", "covered"),
    [
        (
            "T3 fallback: 2027 not covered, 5 WD from Thursday 09-30 by Monday–Friday -> 10-07",
            sh(2027, 9, 30, 10, 0),
            [2025],
            utc(2027, 10, 7, 16, 0),
            False,
        ),
        (
            "T3 fallback: covered start, last day 2027-01-04 outside the covered years",
            sh(2026, 12, 28, 10, 0),
            [2026],
            utc(2027, 1, 4, 16, 0),
            False,
        ),
        (
            "T3: all years covered",
            sh(2025, 3, 3, 10, 0),
            [2025],
            utc(2025, 3, 10, 16, 0),
            True,
        ),
    ],
)
def test_uncovered_year_fallback(
    _case: str, start: datetime, calendar_years: list[int], due_at: datetime, covered: bool
) -> None:
    the_rule = rule(5, Unit.WORKING_DAYS)
    calendar = calendar_from_chinese_calendar(calendar_years)
    result = deadline_compute(rule=the_rule, start=start, calendar=calendar)
    assert result.due_at == due_at
    assert result.calendar_covered is covered


@pytest.mark.parametrize(
    ("_case", "the_rule", "start", "remind_at"),
    [
        (
            "T6 explicit lead: 2 days before due",
            rule(7, Unit.CALENDAR_DAYS, remind_before=timedelta(days=2)),
            sh(2025, 3, 3, 10, 0),
            utc(2025, 3, 8, 16, 0),
        ),
        (
            "T6 lead longer than the span: reminder clamped to the start",
            rule(1, Unit.HOURS, remind_before=timedelta(hours=3)),
            sh(2025, 3, 3, 10, 0),
            utc(2025, 3, 3, 2, 0),
        ),
    ],
)
def test_reminder(_case: str, the_rule: DeadlineRule, start: datetime, remind_at: datetime) -> None:
    assert deadline_compute(rule=the_rule, start=start, calendar=CAL).remind_at == remind_at


def test_rule_version_is_carried_on_the_deadline() -> None:
    v2 = DeadlineRule("notary.issue", "notary", "issue", 15, Unit.WORKING_DAYS, "公证法 Art.30", version=2)
    result = deadline_compute(rule=v2, start=sh(2025, 9, 26, 10, 0), calendar=CAL)
    assert (result.rule_code, result.rule_version) == ("notary.issue", 2)


@pytest.mark.parametrize(
    ("_case", "start", "months", "expected"),
    [
        ("民法典 Art.202 same day-number", date(2025, 3, 15), 1, date(2025, 4, 15)),
        ("Art.202 clamped to month end", date(2025, 1, 31), 1, date(2025, 2, 28)),
        ("Art.202 across the year end", date(2025, 11, 30), 3, date(2026, 2, 28)),
        ("Art.202 leap year", date(2023, 12, 31), 2, date(2024, 2, 29)),
    ],
)
def test_add_months(_case: str, start: date, months: int, expected: date) -> None:
    assert add_months(start, months) == expected


@pytest.mark.parametrize(
    ("_case", "code", "length", "unit", "pausable", "extension_length"),
    [
        ("法律援助法 Art.43 review 7 days (C5, C6)", "legal_aid.review", 7, Unit.CALENDAR_DAYS, True, 0),
        ("法律援助法 Art.43 assign 3 days", "legal_aid.assign", 3, Unit.CALENDAR_DAYS, False, 0),
        (
            "法律援助法 Art.36 assign after notice 3 days",
            "legal_aid.notice_assign",
            3,
            Unit.CALENDAR_DAYS,
            False,
            0,
        ),
        ("法律援助法 Art.39 forward 24 h", "legal_aid.forward_detained", 24, Unit.HOURS, False, 0),
        ("法律援助法 Art.49 objection 5 days", "legal_aid.objection_decide", 5, Unit.CALENDAR_DAYS, False, 0),
        ("2002 若干规定 Art.33 mediation 1 month", "mediation.conclude", 1, Unit.MONTHS, False, 0),
        (
            "人民调解法 Art.33 confirmation window 30 days",
            "mediation.judicial_confirmation_window",
            30,
            Unit.CALENDAR_DAYS,
            False,
            0,
        ),
        (
            "最高法 2011 规定 Art.5 ruling 15 + 10 days",
            "mediation.court_rule",
            15,
            Unit.CALENDAR_DAYS,
            False,
            10,
        ),
        ("公证法 Art.30 certificate 15 WD", "notary.issue", 15, Unit.WORKING_DAYS, True, 0),
        (
            "程序规则 Art.61–63 review decision 30 days",
            "notary.review_decide",
            30,
            Unit.CALENDAR_DAYS,
            True,
            0,
        ),
        ("通则 Art.13 accept 7 WD", "appraisal.accept", 7, Unit.WORKING_DAYS, False, 0),
        ("通则 Art.28 complete 30 WD + 30 WD", "appraisal.complete", 30, Unit.WORKING_DAYS, True, 30),
        ("山东 transfer 1 WD (A4)", "hotline.transfer", 1, Unit.WORKING_DAYS, False, 0),
        ("山东 urgent transfer 1 h (A4)", "hotline.transfer_urgent", 1, Unit.HOURS, False, 0),
        ("山东 feedback 5 WD, 15 WD in total (A5)", "hotline.feedback", 5, Unit.WORKING_DAYS, False, 10),
        ("山东 escalate 1 WD (A6)", "hotline.escalate", 1, Unit.WORKING_DAYS, False, 0),
        ("[D] callback 1 WD (A7)", "hotline.callback", 1, Unit.WORKING_DAYS, False, 0),
        ("Shanghai 2017 message reply 3 WD (B5)", "online.message_reply", 3, Unit.WORKING_DAYS, False, 0),
        ("四川, 澄江 rectify 15 WD (H3)", "evaluation.rectify", 15, Unit.WORKING_DAYS, False, 0),
        ("[D] complaint reply 15 WD", "complaint.reply", 15, Unit.WORKING_DAYS, False, 0),
        ("东阳, 东莞 disclosure 20 WD", "disclosure.publish", 20, Unit.WORKING_DAYS, False, 0),
        ("[D] consultation answer 3 WD", "consultation.answer", 3, Unit.WORKING_DAYS, False, 0),
    ],
)
def test_rule_table_matches_requirements_section_4(
    _case: str, code: str, length: int, unit: Unit, pausable: bool, extension_length: int
) -> None:
    found = rule_for(code)
    assert (found.length, found.unit, found.pausable, found.extension_length) == (
        length,
        unit,
        pausable,
        extension_length,
    )
    assert found.code == f"{found.service_type}.{found.step}"
    assert found.version == 1


def test_rule_table_codes_are_unique_and_indexed() -> None:
    assert len(RULES_BY_CODE) == len(DEADLINE_RULES) == 30


def test_rule_for_unknown_code() -> None:
    with pytest.raises(KeyError, match="未知的期限规则代码：'legal_aid.nope'"):
        rule_for("legal_aid.nope")
