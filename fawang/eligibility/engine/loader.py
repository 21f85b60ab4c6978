"""Build a ``RuleBook`` from plain dicts (C3).

The dict shape is the YAML file shape (docs/eligibility.md): every value is ``{"value": ..., "source": ...}``.
YAML files under ``fawang/eligibility/rules/<area>/<effective_from>.yaml`` are one source; a
database table that administrators edit can later feed the same dicts to ``load_rulebook``.
"""

from collections.abc import Callable, Iterable, Mapping
from datetime import date
from decimal import Decimal, InvalidOperation
from fractions import Fraction
from pathlib import Path
from typing import Any, TypeVar

import yaml

from fawang.eligibility.engine.money import yuan_to_fen
from fawang.eligibility.engine.rules import (
    Area,
    Basis,
    Comparison,
    FixedAmount,
    HardshipRule,
    MinimumWage,
    MultipleOfDibao,
    PercentOfMeanIncome,
    RuleBook,
    RuleError,
    Sourced,
    Standard,
)

DEFAULT_RULES_DIR = Path(__file__).resolve().parent.parent / "rules"

T = TypeVar("T")

_COMMON_KEYS = frozenset(
    {
        "area",
        "effective_from",
        "effective_to",
        "instrument",
        "basis",
        "comparison",
        "income_months",
        "asset_test",
        "needs_household_size",
        "judicial_assistance_mutual",
        "note",
    }
)
_BASIS_KEYS: dict[Basis, frozenset[str]] = {
    Basis.FIXED_AMOUNT: frozenset({"threshold_yuan"}),
    Basis.PERCENT_OF_MEAN_INCOME: frozenset(
        {"percent", "reference_income_annual_yuan", "published_threshold_yuan", "hardship_expense_percent"}
    ),
    Basis.MINIMUM_WAGE: frozenset({"minimum_wage_yuan"}),
    Basis.MULTIPLE_OF_DIBAO: frozenset({"multiplier", "dibao_monthly_yuan"}),
}
_ABSENT = "规则未规定"


class _Reader:
    """Reads ``{"value", "source"}`` entries of one rule dict, naming the rule in every error."""

    def __init__(self, data: Mapping[str, Any], label: str) -> None:
        self.data = data
        self.label = label

    def fail(self, message: str) -> RuleError:
        return RuleError(f"{self.label}: {message}")

    def sourced(self, key: str, convert: Callable[[Any], T], *, optional: bool = False) -> Sourced[T | None]:
        entry = self.data.get(key)
        if entry is None and optional:
            return Sourced(None, _ABSENT)
        if not isinstance(entry, Mapping) or "value" not in entry:
            raise self.fail(f"'{key}' must be a mapping with 'value' and 'source'")
        source = entry.get("source")
        if not isinstance(source, str) or not source.strip():
            raise self.fail(f"'{key}' has no source")
        if entry["value"] is None:
            return Sourced(None, source)
        try:
            return Sourced(convert(entry["value"]), source)
        except (ValueError, TypeError, InvalidOperation) as exc:
            raise self.fail(f"'{key}': {exc}") from exc

    def required(self, key: str, convert: Callable[[Any], T]) -> Sourced[T]:
        entry = self.sourced(key, convert)
        if entry.value is None:
            raise self.fail(f"'{key}' must not be null")
        return Sourced(entry.value, entry.source)


def _date(value: Any) -> date:
    if isinstance(value, date):
        return value
    return date.fromisoformat(str(value))


def _fen(value: Any) -> int:
    fen = yuan_to_fen(value)
    if fen < 0:
        raise ValueError("amount must not be negative")
    return fen


def _fraction(value: Any) -> Fraction:
    if isinstance(value, bool):
        raise ValueError("expected a number")
    fraction = Fraction(Decimal(str(value)))
    if fraction <= 0:
        raise ValueError("must be positive")
    return fraction


def _text(value: Any) -> str:
    if not isinstance(value, str) or not value.strip():
        raise ValueError("expected non-empty text")
    return value


def _flag(value: Any) -> bool:
    if not isinstance(value, bool):
        raise ValueError("expected true or false")
    return value


def _months(value: Any) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or value < 1:
        raise ValueError("expected a whole number of months")
    return value


def _area(data: Any, area_key: str | None, reader: _Reader) -> Area:
    if not isinstance(data, Mapping) or not isinstance(data.get("province"), str):
        raise reader.fail("'area' must be a mapping with at least 'province'")
    key = data.get("key", area_key)
    if not isinstance(key, str) or not key:
        raise reader.fail("the area has no key (directory name)")
    if area_key is not None and key != area_key:
        raise reader.fail(f"area key '{key}' differs from the directory '{area_key}'")
    unknown = set(data) - {"key", "province", "prefecture", "county", "code", "aliases"}
    if unknown:
        raise reader.fail(f"unknown area keys {sorted(unknown)}")
    code = data.get("code")
    return Area(
        key=key,
        province=data["province"],
        prefecture=data.get("prefecture"),
        county=data.get("county"),
        code=None if code is None else str(code),
        aliases=tuple(str(alias) for alias in data.get("aliases") or ()),
    )


def _standard(basis: Basis, reader: _Reader) -> Standard:
    if basis is Basis.FIXED_AMOUNT:
        return FixedAmount(threshold_fen=reader.sourced("threshold_yuan", _fen))
    if basis is Basis.PERCENT_OF_MEAN_INCOME:
        return PercentOfMeanIncome(
            percent=reader.required("percent", _fraction),
            reference_income_annual_fen=reader.sourced("reference_income_annual_yuan", _fen),
            published_threshold_fen=reader.sourced("published_threshold_yuan", _fen),
            hardship_expense_percent=reader.sourced("hardship_expense_percent", _fraction, optional=True),
        )
    if basis is Basis.MINIMUM_WAGE:
        return MinimumWage(minimum_wage_fen=reader.sourced("minimum_wage_yuan", _fen))
    return MultipleOfDibao(
        multiplier=reader.required("multiplier", _fraction),
        dibao_monthly_fen=reader.sourced("dibao_monthly_yuan", _fen),
    )


def parse_rule(
    data: Mapping[str, Any], *, area_key: str | None = None, label: str | None = None
) -> HardshipRule:
    """Turn one rule dict into a ``HardshipRule``; raise ``RuleError`` naming ``label`` on any defect."""
    reader = _Reader(data, label or area_key or "rule")
    basis = reader.required("basis", Basis)
    unknown = set(data) - _COMMON_KEYS - _BASIS_KEYS[basis.value]
    if unknown:
        raise reader.fail(f"unknown keys {sorted(unknown)} for basis {basis.value}")
    effective_to = reader.sourced("effective_to", _date, optional=True)
    effective_from = reader.required("effective_from", _date)
    if effective_to.value is not None and effective_to.value < effective_from.value:
        raise reader.fail("effective_to is before effective_from")
    note = data.get("note")
    return HardshipRule(
        area=_area(data.get("area"), area_key, reader),
        effective_from=effective_from,
        effective_to=effective_to,
        instrument=reader.required("instrument", _text),
        standard=_standard(basis.value, reader),
        comparison=reader.required("comparison", Comparison),
        income_months=reader.sourced("income_months", _months, optional=True),
        asset_test=reader.sourced("asset_test", _text),
        needs_household_size=_required_flag(reader, "needs_household_size"),
        note=None if note is None else str(note),
        judicial_assistance_mutual=_required_flag(reader, "judicial_assistance_mutual"),
    )


def _required_flag(reader: _Reader, key: str) -> Sourced[bool]:
    entry = reader.sourced(key, _flag, optional=True)
    return Sourced(bool(entry.value), entry.source)


def load_rulebook(records: Iterable[Mapping[str, Any]]) -> RuleBook:
    """Build a ``RuleBook`` from dicts that each carry ``area.key`` (the shape of a database row)."""
    return RuleBook(parse_rule(record) for record in records)


def load_rulebook_dir(root: Path = DEFAULT_RULES_DIR) -> RuleBook:
    """Read every ``<area>/<YYYY-MM-DD>.yaml`` under ``root``; the file name must equal ``effective_from``."""
    rules: list[HardshipRule] = []
    for path in sorted(root.glob("*/*.yaml")):
        label = f"{path.parent.name}/{path.name}"
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        if not isinstance(data, Mapping):
            raise RuleError(f"{label}: not a mapping")
        rule = parse_rule(data, area_key=path.parent.name, label=label)
        if rule.effective_from.value.isoformat() != path.stem:
            raise RuleError(f"{label}: file name differs from effective_from {rule.effective_from.value}")
        rules.append(rule)
    if not rules:
        raise RuleError(f"no rule files under {root}")
    return RuleBook(rules)
