"""Hardship rule sets, area matching and effective-date selection (C3; REQUIREMENTS section 3).

A rule set is one local instrument (or one published yearly figure under it) for one area from one date. Rules
are plain data: see ``loader.py`` for how dicts (from YAML files today, a database table later) become these
dataclasses. Selection never reads the clock; the caller passes ``as_of``.
"""

import itertools
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from enum import StrEnum
from fractions import Fraction
from typing import Generic, TypeVar

T = TypeVar("T")


class RuleError(ValueError):
    """Rule data that cannot be loaded; the message names the rule and the offending key."""


@dataclass(frozen=True)
class Sourced(Generic[T]):
    """A rule value together with the instrument or publication it comes from."""

    value: T
    source: str


class Basis(StrEnum):
    FIXED_AMOUNT = "fixed_amount"
    PERCENT_OF_MEAN_INCOME = "percent_of_mean_income"
    MINIMUM_WAGE = "minimum_wage"
    MULTIPLE_OF_DIBAO = "multiple_of_dibao"


class Comparison(StrEnum):
    BELOW = "below"  # 低于
    AT_OR_BELOW = "at_or_below"  # 不高于 / 以下


@dataclass(frozen=True, kw_only=True)
class FixedAmount:
    """A monthly per-capita amount set directly (上海 3,190 元 from 2024-07-17)."""

    threshold_fen: Sourced[int | None]

    basis = Basis.FIXED_AMOUNT

    def threshold(self) -> Fraction | None:
        value = self.threshold_fen.value
        return None if value is None else Fraction(value)

    def describe(self) -> str:
        return "家庭人均月可支配收入不超过规定数额"

    def missing_figure(self) -> str:
        return "本地公布的经济困难标准数额"


@dataclass(frozen=True, kw_only=True)
class PercentOfMeanIncome:
    """A share of the prefecture's previous-year urban per-capita disposable income (粤府令第268号)."""

    percent: Sourced[Fraction]
    reference_income_annual_fen: Sourced[int | None]
    published_threshold_fen: Sourced[int | None]
    hardship_expense_percent: Sourced[Fraction | None]

    basis = Basis.PERCENT_OF_MEAN_INCOME

    def threshold(self) -> Fraction | None:
        """The published monthly figure when there is one (agencies apply it as published), else computed."""
        if self.published_threshold_fen.value is not None:
            return Fraction(self.published_threshold_fen.value)
        return self._share(self.percent.value)

    def hardship_threshold(self) -> Fraction | None:
        if self.hardship_expense_percent.value is None:
            return None
        return self._share(self.hardship_expense_percent.value)

    def _share(self, percent: Fraction) -> Fraction | None:
        annual = self.reference_income_annual_fen.value
        return None if annual is None else Fraction(annual) * percent / 100 / 12

    def describe(self) -> str:
        return f"家庭人均月可支配收入低于当地上一年度城镇居民人均月可支配收入的{_number(self.percent.value)}%"

    def missing_figure(self) -> str:
        return "本地级市上一年度城镇居民人均可支配收入（或据此公布的经济困难标准）"


@dataclass(frozen=True, kw_only=True)
class MinimumWage:
    """Household per-capita monthly income at or below the local monthly minimum wage (江苏 2021)."""

    minimum_wage_fen: Sourced[int | None]

    basis = Basis.MINIMUM_WAGE

    def threshold(self) -> Fraction | None:
        value = self.minimum_wage_fen.value
        return None if value is None else Fraction(value)

    def describe(self) -> str:
        return "家庭人均月收入不高于当地月最低工资标准"

    def missing_figure(self) -> str:
        return "当地月最低工资标准"


@dataclass(frozen=True, kw_only=True)
class MultipleOfDibao:
    """A multiple of the county's previous-year 低保 standard (山东条例 2015 第八条: twice)."""

    multiplier: Sourced[Fraction]
    dibao_monthly_fen: Sourced[int | None]

    basis = Basis.MULTIPLE_OF_DIBAO

    def threshold(self) -> Fraction | None:
        value = self.dibao_monthly_fen.value
        return None if value is None else Fraction(value) * self.multiplier.value

    def describe(self) -> str:
        return f"家庭人均月收入不高于当地上一年度最低生活保障标准的{_number(self.multiplier.value)}倍"

    def missing_figure(self) -> str:
        return "受理机构所在县（市、区）上一年度最低生活保障标准"


Standard = FixedAmount | PercentOfMeanIncome | MinimumWage | MultipleOfDibao


def _number(value: Fraction) -> str:
    return str(value.numerator) if value.denominator == 1 else f"{float(value):g}"


# Longest first, so that 广西壮族自治区 loses the whole suffix, not just 区.
_SUFFIXES = (
    "维吾尔自治区",
    "壮族自治区",
    "回族自治区",
    "特别行政区",
    "自治区",
    "自治州",
    "自治县",
    "地区",
    "省",
    "市",
    "盟",
    "县",
    "区",
)


def short_name(name: str) -> str:
    """广东省 -> 广东, 中山市 -> 中山; a name left shorter than two characters is kept whole."""
    for suffix in _SUFFIXES:
        if name.endswith(suffix) and len(name) - len(suffix) >= 2:
            return name[: -len(suffix)]
    return name


@dataclass(frozen=True, kw_only=True)
class Area:
    """A node of the division tree that has rules: a province (or municipality), a prefecture or a county.

    ``key`` is the rules directory name (``guangdong-zhongshan``); ``code`` the statistical code prefix
    (``4420``) so that a region given as a code also matches.
    """

    key: str
    province: str
    prefecture: str | None = None
    county: str | None = None
    code: str | None = None
    aliases: tuple[str, ...] = ()

    @property
    def levels(self) -> tuple[str, ...]:
        return tuple(level for level in (self.province, self.prefecture, self.county) if level)

    @property
    def depth(self) -> int:
        return len(self.levels)

    @property
    def display_name(self) -> str:
        return "".join(self.levels)

    def names(self) -> frozenset[str]:
        """Every spelling matched as a prefix: full and short names per level, and without the province."""
        options = [(level, short_name(level)) for level in self.levels]
        names = {"".join(combo) for combo in itertools.product(*options)}
        if self.depth > 1:
            names.update(
                "".join(combo) for combo in itertools.product(*options[1:]) if combo[0] == options[1][0]
            )
        names.update(self.aliases)
        return frozenset(names)

    def contains(self, other: "Area") -> bool:
        """True when ``other`` is this area or lies inside it."""
        return self.levels == other.levels[: self.depth]


def _normalise(region: str) -> str:
    return "".join(region.split())


@dataclass(frozen=True, kw_only=True)
class HardshipRule:
    """The economic-hardship standard of one area from one date (Art.34; C3)."""

    area: Area
    effective_from: Sourced[date]
    effective_to: Sourced[date | None]
    instrument: Sourced[str]
    standard: Standard
    comparison: Sourced[Comparison]
    income_months: Sourced[int | None]
    asset_test: Sourced[str | None]
    needs_household_size: Sourced[bool]
    note: str | None = None
    # C22 (山东 2015 [L]): where the local rule says so, a 司法救助 decision proves hardship, and a legal-aid
    # grant under this standard proves hardship for 司法救助. Off unless the rule says so (never guessed).
    judicial_assistance_mutual: Sourced[bool] = Sourced(False, "规则未规定")

    @property
    def version(self) -> str:
        return f"{self.area.key}/{self.effective_from.value.isoformat()}"

    def in_force(self, as_of: date) -> bool:
        until = self.effective_to.value
        return self.effective_from.value <= as_of and (until is None or as_of <= until)


@dataclass(frozen=True)
class Selection:
    """The rule chosen for a region and date, or the Chinese reason why there is none."""

    area: Area | None
    rule: HardshipRule | None
    reason: str | None = None


class RuleBook:
    """All loaded rules, indexed by area. Immutable after construction; build it once per process."""

    def __init__(self, rules: Iterable[HardshipRule]) -> None:
        by_area: dict[str, list[HardshipRule]] = defaultdict(list)
        areas: dict[str, Area] = {}
        for rule in rules:
            known = areas.setdefault(rule.area.key, rule.area)
            if known != rule.area:
                raise RuleError(
                    f"{rule.version}: area definition differs from other rules of {rule.area.key}"
                )
            if any(
                other.effective_from.value == rule.effective_from.value for other in by_area[rule.area.key]
            ):
                raise RuleError(f"{rule.version}: two rules for the same area and date")
            by_area[rule.area.key].append(rule)
        self._areas = areas
        self._rules = {
            key: tuple(sorted(items, key=lambda r: r.effective_from.value)) for key, items in by_area.items()
        }

    @property
    def areas(self) -> tuple[Area, ...]:
        return tuple(self._areas.values())

    def rules_for(self, area_key: str) -> tuple[HardshipRule, ...]:
        return self._rules.get(area_key, ())

    def match_area(self, region: str) -> Area | None:
        """The most specific area whose name (or code) is the longest prefix of ``region``."""
        text = _normalise(region)
        best: tuple[int, int] | None = None
        found: Area | None = None
        for area in self._areas.values():
            candidates = {area.code} if text.isascii() and text.isdigit() and area.code else area.names()
            lengths = [len(name) for name in candidates if name and text.startswith(name)]
            if lengths and (best is None or (max(lengths), area.depth) > best):
                best, found = (max(lengths), area.depth), area
        return found

    def select(self, region: str, as_of: date) -> Selection:
        """Pick the rule in force on ``as_of`` for ``region``.

        The candidates are the rules of the matched area and of the areas containing it. The latest
        ``effective_from`` wins, and on the same date the more specific area wins: a new provincial instrument
        therefore supersedes older prefecture figures until the prefecture publishes a new one (safe:
        the answer becomes unknown, never a stale threshold).
        """
        area = self.match_area(region)
        if area is None:
            return Selection(
                None, None, f"规则库中没有“{region}”所在地区的经济困难标准，无法进行经济困难审查。"
            )
        chain = [other for other in self._areas.values() if other.contains(area)]
        in_force = [rule for other in chain for rule in self.rules_for(other.key) if rule.in_force(as_of)]
        if in_force:
            chosen = max(in_force, key=lambda rule: (rule.effective_from.value, rule.area.depth))
            return Selection(area, chosen)
        starts = [rule.effective_from.value for other in chain for rule in self.rules_for(other.key)]
        earliest = min(starts).isoformat() if starts else "（无）"
        return Selection(
            area,
            None,
            f"{area.display_name}在{as_of.isoformat()}没有施行中的经济困难标准"
            f"（规则库中最早的标准自{earliest}起施行），无法进行经济困难审查。",
        )
