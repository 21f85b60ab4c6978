"""Practitioners' licence and credit status (执业状态与诚信记录, O3; 山东条例 Art.45): the pure rules.

Sanctions come from the bureau (行政处罚: 律师法 Art.47-49, 公证法 Art.41-42) or from the profession's association
(行业处分). Two things follow from them:

* the **practice status** a citizen sees and every booking or assignment checks: a revoked licence ends practice,
  a suspension (停止执业) stops it until its last day, a practitioner taken off duty (`active` false) is not booked;
* the **credit record**: each sanction is published for a disclosure period from its decision date (configurable:
  provinces set their own credit-publication rules), unless it was quashed on review or appeal.

No Django here: the callers pass plain facts.
"""

from __future__ import annotations

import calendar
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, timedelta

REVOCATION = "revocation"
SUSPENSION = "suspension"
# 律师法 Art.47-49 (停止执业 up to one year); 公证法 Art.41 (three to six months): never more than a year.
MAX_SUSPENSION = timedelta(days=366)


@dataclass(frozen=True)
class SanctionFact:
    kind: str
    decided_on: date
    suspended_until: date | None = None
    quashed: bool = False


@dataclass(frozen=True)
class PracticeStatus:
    code: str  # practising, suspended, revoked, inactive
    label: str
    until: date | None = None

    @property
    def can_practise(self) -> bool:
        return self.code == "practising"


def practice_status(*, active: bool, sanctions: Iterable[SanctionFact], today: date) -> PracticeStatus:
    """What the practitioner may do today. A quashed sanction counts for nothing."""
    standing = [s for s in sanctions if not s.quashed and s.decided_on <= today]
    if any(s.kind == REVOCATION for s in standing):
        return PracticeStatus("revoked", "执业证书已吊销")
    running = [
        s.suspended_until
        for s in standing
        if s.kind == SUSPENSION and s.suspended_until is not None and today <= s.suspended_until
    ]
    if running:
        until = max(running)
        return PracticeStatus("suspended", f"停止执业至{until.year}年{until.month}月{until.day}日", until)
    if not active:
        return PracticeStatus("inactive", "暂不在岗")
    return PracticeStatus("practising", "正常执业")


def add_months(day: date, months: int) -> date:
    month = day.month - 1 + months
    year, month = day.year + month // 12, month % 12 + 1
    return date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def disclosed_until(fact: SanctionFact, *, months: int) -> date:
    """The last day the record is published (the day before the period's anniversary)."""
    return add_months(fact.decided_on, months) - timedelta(days=1)


def is_disclosed(fact: SanctionFact, *, months: int, today: date) -> bool:
    return not fact.quashed and fact.decided_on <= today <= disclosed_until(fact, months=months)


def sanction_problem(fact: SanctionFact, *, today: date) -> str:
    """Why a sanction cannot be recorded as given ("" when it can), in Chinese for the form."""
    if fact.decided_on > today:
        return "处罚（处分）决定日期不能晚于今天。"
    if fact.kind == SUSPENSION:
        if fact.suspended_until is None:
            return "停止执业须填写截止日期。"
        if fact.suspended_until < fact.decided_on:
            return "停止执业的截止日期不能早于决定日期。"
        if fact.suspended_until - fact.decided_on > MAX_SUSPENSION:
            return "停止执业期限最长一年（律师法第四十七条至第四十九条、公证法第四十一条）。"
    elif fact.suspended_until is not None:
        return "只有停止执业需要填写截止日期。"
    return ""
