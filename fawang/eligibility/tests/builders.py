"""Shared, immutable test inputs: the shipped rule book, a baseline ``Facts`` and a rule-dict builder."""

from dataclasses import replace
from datetime import date
from typing import Any

from fawang.eligibility.engine import Facts, Matter, RuleBook, evaluate, load_rulebook, load_rulebook_dir
from fawang.eligibility.engine.result import Result

SHIPPED = load_rulebook_dir()

# Eligible in 上海 after 2024-07-17: maintenance claim, 3,000 元 per capita (≤ 3,190), no large assets.
BASE = Facts(
    as_of=date(2024, 8, 1),
    agency_region="上海市",
    matter=Matter.MAINTENANCE,
    monthly_income_per_capita_fen=300000,
    has_large_assets=False,
)

SH_2024 = "上海市法律援助经济困难标准（上海市人民政府令第63号、沪民规〔2024〕13号）"
SH_2020 = "《上海市法律援助若干规定》第六条"
GD = "《广东省法律援助经济困难公民认定办法》（粤府令第268号）"
ZS = f"{GD}及中山市公布的经济困难标准"
ART34 = "法律援助法第三十四条"


def run(rules: RuleBook = SHIPPED, /, **changes: Any) -> Result:
    return evaluate(facts=replace(BASE, **changes), rules=rules)


def sourced(value: Any) -> dict[str, Any]:
    return {"value": value, "source": "测试数据（非公布数额）"}


def rule_dict(
    key: str, area: dict[str, Any], effective_from: str, basis: str, **params: Any
) -> dict[str, Any]:
    """A complete rule dict, as a database row would give it; ``params`` get a test source each."""
    data: dict[str, Any] = {
        "area": {"key": key, **area},
        "effective_from": sourced(effective_from),
        "instrument": sourced(f"测试规则{key}"),
        "basis": sourced(basis),
        "comparison": sourced("at_or_below"),
        "asset_test": sourced(None),
    }
    data.update({name: sourced(value) for name, value in params.items()})
    return data


def book(*extra: dict[str, Any]) -> RuleBook:
    """Test rules only (no shipped files): build from dicts, the path a database table will use."""
    return load_rulebook(extra)
