"""The Config values supervision and evaluation read, declared in one place with their defaults and sources.

A deployment overrides a value with a `Parameter` row for a region subtree (or nationally) from a date; the row of
the nearest enclosing region with the latest `effective_from` on or before the as-of date wins. Values never come
from the clock: callers pass `as_of`.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Final

from django.db.models import Q

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
    return parameter_values(keys=[key], region=region, as_of=as_of)[key]


def parameter_values(*, keys: Sequence[str], region: Region | None, as_of: date) -> dict[str, object]:
    """parameter_value for several keys in one query (the dashboard reads a target for every indicator)."""
    from fawang.supervision.models import Parameter

    specs = {key: parameter_spec(key) for key in keys}
    rows = Parameter.objects.filter(key__in=list(specs), effective_from__lte=as_of).filter(
        Q(region__code__in=_ancestor_codes(region)) | Q(region__isnull=True)
    )

    def rank(row: Parameter) -> tuple[int, date]:
        return (len(row.region.prefix) if row.region is not None else 0, row.effective_from)

    best: dict[str, Parameter] = {}
    for row in rows.select_related("region"):
        if row.key not in best or rank(row) > rank(best[row.key]):
            best[row.key] = row
    return {key: best[key].value if key in best else spec.default for key, spec in specs.items()}


def parameter_decimal(*, key: str, region: Region | None, as_of: date) -> Decimal | None:
    return parameter_decimals(keys=[key], region=region, as_of=as_of)[key]


def parameter_decimals(
    *, keys: Sequence[str], region: Region | None, as_of: date
) -> dict[str, Decimal | None]:
    return {
        key: None if value is None or value == "" else Decimal(str(value))
        for key, value in parameter_values(keys=keys, region=region, as_of=as_of).items()
    }


def _ancestor_codes(region: Region | None) -> list[str]:
    codes: list[str] = []
    node = region
    while node is not None:
        codes.append(node.code)
        node = node.parent
    return codes
