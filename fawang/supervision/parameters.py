"""The Config values supervision and evaluation read, declared in one place with their defaults and sources.

A deployment overrides a value with a `Parameter` row for a region subtree (or nationally) from a date; the row of
the nearest enclosing region with the latest `effective_from` on or before the as-of date wins. Values never come
from the clock: callers pass `as_of`.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Final

from fawang.regions.models import Region


@dataclass(frozen=True)
class ParameterSpec:
    key: str
    label: str
    default: object
    source: str
    choices: tuple[str, ...] = ()


RECTIFY_RULE_KEY: Final = "evaluation.rectify_rule"
SMALL_CELL_KEY: Final = "disclosure.small_cell_threshold"
TARGET_PREFIX: Final = "target."

PARAMETERS: Final[dict[str, ParameterSpec]] = {
    spec.key: spec
    for spec in (
        ParameterSpec(
            SMALL_CELL_KEY,
            "对外统计小单元抑制阈值（少于该数的单元格不公开）",
            5,
            "K6 · 个人信息保护法 Art.51 [S]; threshold: no national figure; configurable [D]",
        ),
        ParameterSpec(
            RECTIFY_RULE_KEY,
            "差评整改期限规则",
            "evaluation.rectify",
            "H3 · 国办发〔2019〕51号 [N]; 四川, 澄江 [L] (15 WD); 德州, 城关镇 [L] (5 WD); one municipality (7 CD)",
            choices=("evaluation.rectify", "evaluation.rectify_5wd", "evaluation.rectify_7cd"),
        ),
    )
}


def parameter_spec(key: str) -> ParameterSpec:
    if key in PARAMETERS:
        return PARAMETERS[key]
    if key.startswith(TARGET_PREFIX):
        return ParameterSpec(key, f"指标目标值（{key[len(TARGET_PREFIX) :]}）", None, "K1 · configurable")
    raise KeyError(f"未知的参数：{key}")


def parameter_value(*, key: str, region: Region | None, as_of: date) -> object:
    """The effective value for a region on a date (nearest region, then latest date), else the default."""
    from fawang.supervision.models import Parameter

    spec = parameter_spec(key)
    prefixes = _ancestor_codes(region)
    rows = list(
        Parameter.objects.filter(key=key, effective_from__lte=as_of)
        .filter(region__code__in=prefixes)
        .select_related("region")
    ) + list(Parameter.objects.filter(key=key, effective_from__lte=as_of, region__isnull=True))
    if not rows:
        return spec.default

    def depth(row: Parameter) -> int:
        return len(row.region.prefix) if row.region is not None else 0

    best = max(rows, key=lambda row: (depth(row), row.effective_from))
    return best.value


def parameter_decimal(*, key: str, region: Region | None, as_of: date) -> Decimal | None:
    value = parameter_value(key=key, region=region, as_of=as_of)
    if value is None or value == "":
        return None
    return Decimal(str(value))


def _ancestor_codes(region: Region | None) -> list[str]:
    codes: list[str] = []
    node = region
    while node is not None:
        codes.append(node.code)
        node = node.parent
    return codes
