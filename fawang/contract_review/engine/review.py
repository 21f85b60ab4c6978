"""Contract review (合同审查, J10): the one entry point `review`, and `detect_types`, the suggestion of a contract
type from the text. Pure Python, no Django.

    report = review(text=..., contract_type="lease", on=None, today=date(2026, 6, 1))

The rule tables are chosen by the contract's date: the date given, else the signing date written in the text
(签订日期：2024年3月1日), else today. Every rule of the type's table (and the general rules it lists) gives one
finding: a clause is found or missing (or not applicable), a risk check fires or is clear.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

from fawang.contract_review.engine.checks import CHECKS, Context, compiled
from fawang.contract_review.engine.model import (
    ClauseRule,
    ContractTypeTable,
    Finding,
    GeneralTable,
    Kind,
    Report,
    ReviewError,
    RiskRule,
    Status,
    Suggestion,
    TableRef,
    pick_table,
)
from fawang.contract_review.engine.numbers import find_dates
from fawang.contract_review.engine.text import normalize
from fawang.contract_review.rules import CONTRACT_TYPE_TABLES, GENERAL_TABLES, LPR_TABLE, ORDER

MAX_CHARS = 50_000
TITLE_POINTS = 10  # a title such as 房屋租赁合同 outweighs any number of keywords
MIN_SCORE = 3  # below this, no suggestion is confident enough to be used without the user choosing
TITLE_AREA = 200  # characters at the start where the title usually is

_SIGNED_ON_RE = re.compile(r"(?:签订|签署|签约|订立)(?:日期|时间)\s*[:为]?\s*")
_SIGNED_AFTER_RE = re.compile(r"\s*(?:在[^。;\n]{0,12}?)?(?:签订|签署|订立|签字)")


@dataclass(frozen=True)
class _Dated:
    on: date
    source: str  # given / text / today
    note: str


def latest(key: str) -> ContractTypeTable:
    """The newest table of a contract type (for titles and lists)."""
    return CONTRACT_TYPE_TABLES[key][-1]


def detect_types(text: str) -> tuple[Suggestion, ...]:
    """Contract types the text looks like, likeliest first: TITLE_POINTS for a title pattern near the start (or on
    a short line of its own), one point for each keyword present. Types scoring 0 are left out."""
    text = normalize(text)
    head = text[:TITLE_AREA]
    short_lines = "\n".join(line for line in text.splitlines() if 0 < len(line.strip()) <= 30)
    found: list[Suggestion] = []
    for key in ORDER:
        table = latest(key)
        titled = any(
            compiled(p).search(head) or compiled(p).search(short_lines) for p in table.title_patterns
        )
        score = (TITLE_POINTS if titled else 0) + sum(1 for word in table.keywords if word in text)
        if score:
            found.append(Suggestion(key, table.title, score))
    return tuple(sorted(found, key=lambda s: (-s.score, ORDER.index(s.key))))


def detected_type(suggestions: tuple[Suggestion, ...]) -> str | None:
    """The suggestion to use when the user chose none: the top one, if it scores MIN_SCORE and leads by 2."""
    if not suggestions or suggestions[0].score < MIN_SCORE:
        return None
    if len(suggestions) > 1 and suggestions[0].score - suggestions[1].score < 2:
        return None
    return suggestions[0].key


def _check_text(text: str) -> None:
    if not text.strip():
        raise ReviewError("请粘贴合同文字，或者上传 .txt、.docx 文件。", field="text")
    if len(text) > MAX_CHARS:
        raise ReviewError(
            f"合同文字太长（{len(text):,}字），一次最多审查{MAX_CHARS:,}字。请删去附件，只保留合同正文后再试。",
            field="text",
        )


def _contract_type(contract_type: str | None, suggestions: tuple[Suggestion, ...]) -> tuple[str, str]:
    if contract_type:
        if contract_type not in CONTRACT_TYPE_TABLES:
            raise ReviewError(f"不支持这种合同类型：{contract_type}。请从列表中选择。", field="contract_type")
        return contract_type, "chosen"
    detected = detected_type(suggestions)
    if detected is None:
        raise ReviewError("无法自动判断合同类型，请选择合同类型。", field="contract_type")
    return detected, "detected"


def _date(text: str, on: date | None, today: date) -> _Dated:
    if on is not None:
        if on > today:
            raise ReviewError(
                "合同日期不能晚于今天。还没签的合同，日期请留空，按今天的规定审查。", field="signed_on"
            )
        return _Dated(on, "given", f"按您填写的合同日期（{on.year}年{on.month}月{on.day}日）适用当时的规定。")
    day = _signing_date(text)
    if day is not None and day <= today:
        return _Dated(
            day, "text", f"按合同中写的签订日期（{day.year}年{day.month}月{day.day}日）适用当时的规定。"
        )
    return _Dated(today, "today", "合同中没有找到签订日期，按今天适用的规定审查。")


def _signing_date(text: str) -> date | None:
    """The last date labelled as the signing date (签订日期：…) or followed by 签订 (于2024年1月1日在淮安签订)."""
    found: list[tuple[int, date]] = []
    for label in _SIGNED_ON_RE.finditer(text):
        dates = find_dates(text[label.end() : label.end() + 20])
        if dates and dates[0].start <= 2:
            found.append((label.start(), dates[0].value))
    for day in find_dates(text):
        if _SIGNED_AFTER_RE.match(text, day.end):
            found.append((day.start, day.value))
    return max(found)[1] if found else None


def _clause(rule: ClauseRule, ctx: Context) -> Finding:
    for pattern in rule.not_needed:
        match = compiled(pattern).search(ctx.text)
        if match is not None:
            return Finding(
                rule.id,
                Kind.CLAUSE,
                rule.title,
                Status.NOT_APPLICABLE,
                rule.not_needed_reason,
                rule.citation,
                ctx.span(match.start(), match.end()),
            )
    for pattern in rule.patterns:
        match = compiled(pattern).search(ctx.text)
        if match is not None:
            return Finding(
                rule.id,
                Kind.CLAUSE,
                rule.title,
                Status.FOUND,
                f"已写明{rule.title}。",
                rule.citation,
                ctx.span(match.start(), match.end()),
            )
    return Finding(
        rule.id,
        Kind.CLAUSE,
        rule.title,
        Status.MISSING,
        f"没有找到{rule.title}。{rule.advice}",
        rule.citation,
    )


def _general(table: ContractTypeTable, general: GeneralTable) -> tuple[list[ClauseRule], list[RiskRule]]:
    clauses = {c.id: c for c in general.clauses}
    risks = {r.id: r for r in general.risks}
    return [clauses[i] for i in table.general if i in clauses], [
        risks[i] for i in table.general if i in risks
    ]


def review(*, text: str, contract_type: str | None, on: date | None, today: date) -> Report:
    """Review `text` as a contract of `contract_type` (None: detect it). Raises ReviewError with a Chinese message
    and the input field it concerns (text, contract_type, signed_on)."""
    _check_text(text)
    normalized = normalize(text)
    suggestions = detect_types(normalized)
    key, type_source = _contract_type(contract_type, suggestions)
    dated = _date(normalized, on, today)
    table = pick_table(CONTRACT_TYPE_TABLES[key], dated.on, what=latest(key).title)
    general = pick_table(GENERAL_TABLES, dated.on, what="合同")
    general_clauses, general_risks = _general(table, general)
    ctx = Context(text, normalized, dated.on, LPR_TABLE)
    findings = [_clause(rule, ctx) for rule in (*general_clauses, *table.clauses)]
    tables: list[TableRef] = [general.ref] if general_clauses or general_risks else []
    tables.append(table.ref)
    notes: list[str] = [dated.note, *table.notes]
    for rule in (*table.risks, *general_risks):
        outcome = CHECKS[rule.check](rule, ctx)
        findings.append(outcome.finding)
        tables += [t for t in outcome.tables if t not in tables]
        notes += [n for n in outcome.notes if n not in notes]
    return Report(
        contract_type=key,
        title=table.title,
        on=dated.on,
        on_source=dated.source,
        type_source=type_source,
        findings=tuple(findings),
        tables=tuple(tables),
        notes=tuple(notes),
        suggestions=suggestions,
    )
