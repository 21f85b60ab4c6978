"""The shapes of contract review (J10): rules, dated rule tables, findings and the report. Pure Python, no Django.

A rule is either a clause the statute lists (`ClauseRule`: found or missing) or a risk check (`RiskRule`: risk or
clear). Every rule carries its statute citation and a plain-Chinese explanation for a layperson.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from enum import StrEnum
from typing import Protocol, TypeVar


class ReviewError(Exception):
    """Input the review cannot use. The message is Chinese and shown to the user as is; `field` names the input."""

    def __init__(self, message: str, *, field: str = "") -> None:
        super().__init__(message)
        self.message = message
        self.field = field


class Status(StrEnum):
    FOUND = "found"  # the clause is there
    MISSING = "missing"  # the clause was not found
    RISK = "risk"  # a risk check fired
    CLEAR = "clear"  # a risk check found nothing to worry about
    NOT_APPLICABLE = "not_applicable"  # the clause is not needed here (离婚协议 without children)


STATUS_LABELS: dict[Status, str] = {
    Status.FOUND: "已写明",
    Status.MISSING: "没有找到",
    Status.RISK: "有风险",
    Status.CLEAR: "未发现问题",
    Status.NOT_APPLICABLE: "不适用",
}


class Kind(StrEnum):
    CLAUSE = "clause"
    RISK = "risk"


class Check(StrEnum):
    """The risk checks the engine knows (`engine.checks.CHECKS`). A rule names one and gives its figures."""

    PATTERN = "pattern"  # a prohibited or doubtful wording (not negated)
    DEPOSIT_RATIO = "deposit_ratio"  # 定金 above a share of the price (民法典 Art.586)
    LEASE_TERM = "lease_term"  # 租赁期限 above a number of years (Art.705)
    INTEREST_CAP = "interest_cap"  # 利率 above a multiple of the one-year LPR (民间借贷规定 Art.25, 28, 29)
    PROBATION = "probation"  # 试用期 longer than the term allows (劳动合同法 Art.19)
    NON_COMPETE = "non_compete"  # 竞业限制 longer than allowed (Art.24)
    WORKER_PENALTY = "worker_penalty"  # 违约金 borne by the worker outside Art.22, 23 (Art.25)
    WARRANTY = "warranty"  # 保修期 shorter than the minimum (decoration and construction rules)


@dataclass(frozen=True)
class TableRef:
    """A dated rule table a report used: its id, version, first day in force and source."""

    id: str
    version: str
    valid_from: date
    source: str


@dataclass(frozen=True)
class RuleTable:
    id: str
    version: str
    valid_from: date
    source: str

    @property
    def ref(self) -> TableRef:
        return TableRef(self.id, self.version, self.valid_from, self.source)


@dataclass(frozen=True)
class ClauseRule:
    """A clause the statute lists. Found when any pattern matches; `advice` says in plain words why it matters and
    is shown when it is missing. When a `not_needed` pattern matches, the clause does not apply (无子女)."""

    id: str
    title: str
    patterns: tuple[str, ...]
    citation: str
    advice: str
    not_needed: tuple[str, ...] = ()
    not_needed_reason: str = ""


@dataclass(frozen=True)
class Band:
    """One row of a banded limit: from `at_least` months of contract term, at most `limit` months (试用期)."""

    at_least: Decimal
    limit: Decimal


@dataclass(frozen=True)
class RiskRule:
    """A risk check. `check` selects the function; `patterns` (PATTERN checks) are wordings that signal the risk;
    `limit` is the statutory figure (a share, a number of months, a multiple); `advice` is the plain explanation."""

    id: str
    title: str
    check: Check
    citation: str
    advice: str
    patterns: tuple[str, ...] = ()
    limit: Decimal | None = None
    bands: tuple[Band, ...] = ()
    context: tuple[str, ...] = ()  # the sentence (WARRANTY: the clause) must also match one of these
    exclude: tuple[str, ...] = ()  # WARRANTY: clauses matching one of these are left to another rule


@dataclass(frozen=True)
class GeneralTable(RuleTable):
    """Clauses and risk checks shared by the contract types (民法典 Art.470 and the general part of 合同编)."""

    clauses: tuple[ClauseRule, ...]
    risks: tuple[RiskRule, ...]


@dataclass(frozen=True)
class ContractTypeTable(RuleTable):
    """One contract type at one version. `general` lists the ids of the general clauses and risks that apply;
    an id the general table of the date does not hold is skipped (it was not yet in force)."""

    key: str
    title: str
    summary: str
    title_patterns: tuple[str, ...]
    keywords: tuple[str, ...]
    general: tuple[str, ...]
    clauses: tuple[ClauseRule, ...]
    risks: tuple[RiskRule, ...]
    notes: tuple[str, ...] = ()


@dataclass(frozen=True)
class LprFixing:
    """The one-year 贷款市场报价利率 (LPR) published on `valid_from`, in force until the next fixing."""

    valid_from: date
    rate: Decimal


@dataclass(frozen=True)
class LprTable(RuleTable):
    fixings: tuple[LprFixing, ...]
    checked_through: date  # the last publication day this table was checked against


@dataclass(frozen=True)
class Span:
    """Where a finding is in the text the user gave: offsets (end exclusive), the matched words and their sentence."""

    start: int
    end: int
    text: str
    quote: str

    @property
    def quote_parts(self) -> tuple[str, str, str]:
        """The quote cut around the matched words (before, words, after), for highlighting."""
        words = self.text.strip()
        at = self.quote.find(words) if words else -1
        if at < 0:
            return self.quote, "", ""
        return self.quote[:at], words, self.quote[at + len(words) :]


@dataclass(frozen=True)
class Finding:
    rule_id: str
    kind: Kind
    title: str
    status: Status
    explanation: str
    citation: str
    span: Span | None = None

    @property
    def status_label(self) -> str:
        return STATUS_LABELS[self.status]


@dataclass(frozen=True)
class Suggestion:
    """A contract type the text looks like, with its score (higher is likelier)."""

    key: str
    title: str
    score: int


@dataclass(frozen=True)
class Report:
    contract_type: str
    title: str
    on: date
    on_source: str  # given (the user's date), text (the signing date in the text) or today
    type_source: str  # chosen (by the user) or detected
    findings: tuple[Finding, ...]
    tables: tuple[TableRef, ...]
    notes: tuple[str, ...] = ()
    suggestions: tuple[Suggestion, ...] = ()

    def count(self, status: Status) -> int:
        return sum(1 for f in self.findings if f.status == status)

    def with_status(self, status: Status) -> tuple[Finding, ...]:
        return tuple(f for f in self.findings if f.status == status)


class Dated(Protocol):
    @property
    def valid_from(self) -> date: ...


T = TypeVar("T", bound=Dated)


def pick_table(tables: Sequence[T], on: date, *, what: str, field: str = "signed_on") -> T:
    """The table in force on `on`: the latest whose `valid_from` is on or before it. Earlier dates are refused."""
    candidates = [t for t in tables if t.valid_from <= on]
    if not candidates:
        earliest = min(t.valid_from for t in tables)
        raise ReviewError(
            f"{what}的审查规则自{earliest.year}年{earliest.month}月{earliest.day}日起适用；"
            f"{on.year}年{on.month}月{on.day}日签订的合同适用当时的法律（如原《合同法》），本系统未收录，无法审查。",
            field=field,
        )
    return max(candidates, key=lambda t: t.valid_from)
