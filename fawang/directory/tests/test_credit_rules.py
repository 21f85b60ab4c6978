"""Practice status and disclosure of sanctions (O3): the pure rules of directory/credit.py, table-tested."""

from __future__ import annotations

from datetime import date

import pytest

from fawang.directory.credit import (
    SanctionFact,
    add_months,
    disclosed_until,
    is_disclosed,
    practice_status,
    sanction_problem,
)

TODAY = date(2026, 6, 15)


def _s(kind: str, decided: date, until: date | None = None, quashed: bool = False) -> SanctionFact:
    return SanctionFact(kind=kind, decided_on=decided, suspended_until=until, quashed=quashed)


@pytest.mark.parametrize(
    ("_case", "active", "sanctions", "code", "label"),
    [
        ("nothing on record", True, [], "practising", "正常执业"),
        (
            "a warning does not stop practice",
            True,
            [_s("warning", date(2026, 1, 5))],
            "practising",
            "正常执业",
        ),
        (
            "suspended, today inside the period",
            True,
            [_s("suspension", date(2026, 5, 1), date(2026, 8, 31))],
            "suspended",
            "停止执业至2026年8月31日",
        ),
        (
            "suspended, the last day still counts",
            True,
            [_s("suspension", date(2026, 3, 15), TODAY)],
            "suspended",
            "停止执业至2026年6月15日",
        ),
        (
            "suspension over",
            True,
            [_s("suspension", date(2025, 1, 1), date(2025, 6, 30))],
            "practising",
            "正常执业",
        ),
        (
            "two suspensions: the later end",
            True,
            [
                _s("suspension", date(2026, 5, 1), date(2026, 7, 1)),
                _s("suspension", date(2026, 6, 1), date(2026, 9, 1)),
            ],
            "suspended",
            "停止执业至2026年9月1日",
        ),
        ("revoked", True, [_s("revocation", date(2020, 1, 1))], "revoked", "执业证书已吊销"),
        ("revoked beats off duty", False, [_s("revocation", date(2020, 1, 1))], "revoked", "执业证书已吊销"),
        (
            "a quashed revocation counts for nothing",
            True,
            [_s("revocation", date(2026, 1, 1), quashed=True)],
            "practising",
            "正常执业",
        ),
        (
            "a decision dated tomorrow has not begun",
            True,
            [_s("revocation", date(2026, 6, 16))],
            "practising",
            "正常执业",
        ),
        ("off duty", False, [], "inactive", "暂不在岗"),
    ],
)
def test_practice_status(
    _case: str, active: bool, sanctions: list[SanctionFact], code: str, label: str
) -> None:
    status = practice_status(active=active, sanctions=sanctions, today=TODAY)
    assert (status.code, status.label) == (code, label)
    assert status.can_practise is (code == "practising")


@pytest.mark.parametrize(
    ("day", "months", "expected"),
    [
        (date(2026, 1, 31), 1, date(2026, 2, 28)),
        (date(2024, 1, 31), 1, date(2024, 2, 29)),
        (date(2026, 6, 15), 36, date(2029, 6, 15)),
        (date(2026, 11, 30), 3, date(2027, 2, 28)),
    ],
)
def test_add_months(day: date, months: int, expected: date) -> None:
    assert add_months(day, months) == expected


@pytest.mark.parametrize(
    ("decided", "quashed", "today", "shown"),
    [
        (date(2023, 6, 15), False, date(2026, 6, 14), True),  # last day of 36 months
        (date(2023, 6, 15), False, date(2026, 6, 15), False),  # the anniversary: over
        (date(2026, 6, 15), False, date(2026, 6, 15), True),  # the decision day itself
        (date(2026, 6, 16), False, date(2026, 6, 15), False),  # not yet
        (date(2026, 1, 1), True, date(2026, 6, 15), False),  # quashed
    ],
)
def test_disclosure_period(decided: date, quashed: bool, today: date, shown: bool) -> None:
    fact = _s("fine", decided, quashed=quashed)
    assert disclosed_until(_s("fine", date(2023, 6, 15)), months=36) == date(2026, 6, 14)
    assert is_disclosed(fact, months=36, today=today) is shown


@pytest.mark.parametrize(
    ("fact", "problem"),
    [
        (_s("warning", TODAY), ""),
        (_s("warning", date(2026, 6, 16)), "处罚（处分）决定日期不能晚于今天。"),
        (_s("suspension", TODAY), "停止执业须填写截止日期。"),
        (_s("suspension", TODAY, date(2026, 6, 14)), "停止执业的截止日期不能早于决定日期。"),
        (_s("suspension", TODAY, date(2027, 6, 15)), ""),  # one year (366 days across no leap day)
        (
            _s("suspension", TODAY, date(2027, 6, 17)),
            "停止执业期限最长一年（律师法第四十七条至第四十九条、公证法第四十一条）。",
        ),
        (_s("fine", TODAY, date(2026, 9, 1)), "只有停止执业需要填写截止日期。"),
    ],
)
def test_sanction_problem(fact: SanctionFact, problem: str) -> None:
    assert sanction_problem(fact, today=TODAY) == problem
