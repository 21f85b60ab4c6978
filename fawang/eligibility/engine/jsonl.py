"""The batch schema (docs/eligibility.md): one JSON object in, one JSON object out.

Input keys: ``id, date, agency_region, matter, criminal_notice, grounds, applicant_groups,
monthly_income_per_capita, household_size, has_large_assets`` (and optionally
``hardship_expense``). Money is in yuan per month and may be null (unknown, not zero).
Output keys: exactly ``id, verdict, means_test, reasons, legal_basis, missing``; a malformed line
gives ``{"id", "error"}`` instead.
"""

import json
from collections.abc import Iterable, Iterator, Mapping
from datetime import date
from enum import StrEnum
from typing import Any, TypeVar

from fawang.eligibility.engine.engine import evaluate
from fawang.eligibility.engine.facts import UNKNOWN, ApplicantGroup, Facts, Ground, Matter, UnknownType
from fawang.eligibility.engine.money import yuan_to_fen
from fawang.eligibility.engine.rules import RuleBook

E = TypeVar("E", bound=StrEnum)


class InputError(ValueError):
    """A batch line that cannot be read; the message is Chinese and names the field."""


def _date(raw: Any) -> date:
    if raw is None:
        raise InputError("缺少申请日期（date）。")
    try:
        return date.fromisoformat(str(raw))
    except ValueError as exc:
        raise InputError(f"申请日期（date）格式应为YYYY-MM-DD，收到：{raw}。") from exc


def _region(raw: Any) -> str | UnknownType:
    if raw is None or (isinstance(raw, str) and not raw.strip()):
        return UNKNOWN
    if not isinstance(raw, str):
        raise InputError("受理机构所在地区（agency_region）应为文字。")
    return raw.strip()


def _code(enum: type[E], raw: Any, name: str) -> E:
    try:
        return enum(raw)
    except ValueError as exc:
        allowed = "、".join(member.value for member in enum)
        raise InputError(f"{name}中有未知代码：{raw}（可用：{allowed}）。") from exc


def _codes(enum: type[E], raw: Any, name: str) -> frozenset[E]:
    if raw is None:
        return frozenset()
    if not isinstance(raw, list):
        raise InputError(f"{name}应为代码列表。")
    return frozenset(_code(enum, item, name) for item in raw)


def _flag(raw: Any, name: str, *, default: bool | UnknownType) -> bool | UnknownType:
    if raw is None:
        return default
    if not isinstance(raw, bool):
        raise InputError(f"{name}应为true、false或null。")
    return raw


def _income(raw: Any) -> int | UnknownType:
    if raw is None:
        return UNKNOWN
    if isinstance(raw, bool) or not isinstance(raw, int | float | str):
        raise InputError("家庭人均月收入（monthly_income_per_capita）应为以元为单位的数字或null。")
    try:
        fen = yuan_to_fen(raw)
    except ValueError as exc:
        raise InputError(f"家庭人均月收入（monthly_income_per_capita）不是有效数字：{raw}。") from exc
    if fen < 0:
        raise InputError("家庭人均月收入（monthly_income_per_capita）不能为负数。")
    return fen


def _household_size(raw: Any) -> int | UnknownType:
    if raw is None:
        return UNKNOWN
    if isinstance(raw, bool) or not isinstance(raw, int) or raw < 1:
        raise InputError("家庭人口数（household_size）应为不小于1的整数或null。")
    return raw


def parse_facts(line: Mapping[str, Any]) -> Facts:
    matter = line.get("matter")
    return Facts(
        as_of=_date(line.get("date")),
        agency_region=_region(line.get("agency_region")),
        matter=UNKNOWN if matter is None else _code(Matter, matter, "申请事项（matter）"),
        criminal_notice=bool(
            _flag(line.get("criminal_notice"), "刑事通知（criminal_notice）", default=False)
        ),
        grounds=_codes(Ground, line.get("grounds"), "法律援助法第三十二条情形（grounds）"),
        applicant_groups=_codes(
            ApplicantGroup, line.get("applicant_groups"), "免予核查人员类别（applicant_groups）"
        ),
        monthly_income_per_capita_fen=_income(line.get("monthly_income_per_capita")),
        household_size=_household_size(line.get("household_size")),
        has_large_assets=_flag(
            line.get("has_large_assets"), "是否拥有大额财产（has_large_assets）", default=UNKNOWN
        ),
        hardship_expense=_flag(
            line.get("hardship_expense"), "支出大于收入（hardship_expense）", default=UNKNOWN
        ),
    )


def evaluate_json(line: Mapping[str, Any], rules: RuleBook) -> dict[str, Any]:
    """Evaluate one batch object; raises ``InputError`` when a field cannot be read."""
    result = evaluate(facts=parse_facts(line), rules=rules)
    return {
        "id": line.get("id"),
        "verdict": result.verdict.value,
        "means_test": result.means_test.value,
        "reasons": list(result.reasons),
        "legal_basis": list(result.legal_basis),
        "missing": list(result.missing_facts),
    }


def process_line(text: str, rules: RuleBook) -> dict[str, Any]:
    """One JSONL line to one output object; never raises for bad input, so a batch keeps going."""
    try:
        line = json.loads(text)
    except json.JSONDecodeError as exc:
        return {"id": None, "error": f"该行不是有效的JSON（第{exc.colno}列）。"}
    if not isinstance(line, dict):
        return {"id": None, "error": "每行应为一个JSON对象。"}
    try:
        return evaluate_json(line, rules)
    except InputError as exc:
        return {"id": line.get("id"), "error": str(exc)}


def process_lines(lines: Iterable[str], rules: RuleBook) -> Iterator[dict[str, Any]]:
    """Blank lines are skipped; every other line yields exactly one output object."""
    for text in lines:
        if text.strip():
            yield process_line(text, rules)
