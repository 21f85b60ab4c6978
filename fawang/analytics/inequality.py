"""Inequality measures for the equalisation view (均等化, K4). Pure Python, no Django; table-tested.

Every measure takes units (townships, villages, counties) with a per-capita value and a population weight, so a
township of 50,000 people counts fifty times one of 1,000 — the question is how equally *residents* are served.

* Theil T index with population weights (Theil 1967; Shorrocks 1980, Conceição & Ferreira 2000):
      T = Σ s_i · ln(y_i / ȳ),   s_i = p_i y_i / Σ p_j y_j  (unit i's share of the total volume),
  0 for perfect equality, ln(N) at most. It splits exactly into groups g (urban/rural, counties):
      T = T_between + T_within,  T_between = Σ_g S_g ln(ȳ_g / ȳ),  T_within = Σ_g S_g T_g,
  where S_g is the group's share of the total and T_g the Theil index inside the group. Units with zero volume
  contribute 0 (lim x→0 x ln x = 0).
* Gini coefficient with weights: half the weighted mean absolute difference over the mean,
      G = Σ_i Σ_j p_i p_j |y_i − y_j| / (2 P² ȳ),
  computed in O(n log n) from the Lorenz curve (the same value as the double sum).
* Coefficient of variation: population-weighted standard deviation over the weighted mean (σ/ȳ).
"""

from __future__ import annotations

import math
from collections.abc import Hashable, Sequence
from dataclasses import dataclass


@dataclass(frozen=True)
class Unit:
    key: str
    value: float  # per-capita (or any intensive) measure, ≥ 0
    weight: float  # population, > 0
    group: Hashable = ""


@dataclass(frozen=True)
class TheilDecomposition:
    total: float
    between: float
    within: float
    groups: dict[Hashable, float]  # the Theil index inside each group


def _check(units: Sequence[Unit]) -> None:
    for u in units:
        if u.weight <= 0 or not math.isfinite(u.weight):
            raise ValueError(f"{u.key}: weight must be positive")
        if u.value < 0 or not math.isfinite(u.value):
            raise ValueError(f"{u.key}: value must be finite and not negative")


def weighted_mean(units: Sequence[Unit]) -> float:
    _check(units)
    total_weight = sum(u.weight for u in units)
    if not units or total_weight == 0:
        raise ValueError("no units")
    return sum(u.value * u.weight for u in units) / total_weight


def theil(units: Sequence[Unit]) -> float:
    """Population-weighted Theil T; 0 when every unit has the same value or when all values are 0."""
    mean = weighted_mean(units)
    if mean == 0:
        return 0.0
    volume = sum(u.value * u.weight for u in units)
    return sum((u.value * u.weight / volume) * math.log(u.value / mean) for u in units if u.value > 0)


def theil_decompose(units: Sequence[Unit]) -> TheilDecomposition:
    """T = between-group + within-group (exact for Theil T)."""
    mean = weighted_mean(units)
    groups: dict[Hashable, list[Unit]] = {}
    for u in units:
        groups.setdefault(u.group, []).append(u)
    if mean == 0:
        return TheilDecomposition(0.0, 0.0, 0.0, {g: 0.0 for g in groups})
    volume = sum(u.value * u.weight for u in units)
    between = within = 0.0
    inside: dict[Hashable, float] = {}
    for g, members in groups.items():
        share = sum(u.value * u.weight for u in members) / volume
        group_mean = weighted_mean(members)
        inside[g] = theil(members)
        if share > 0:
            between += share * math.log(group_mean / mean)
            within += share * inside[g]
    return TheilDecomposition(total=theil(units), between=between, within=within, groups=inside)


def gini(units: Sequence[Unit]) -> float:
    """Population-weighted Gini in [0, 1): 0 is perfect equality."""
    mean = weighted_mean(units)
    if mean == 0:
        return 0.0
    ordered = sorted(units, key=lambda u: u.value)
    total_weight = sum(u.weight for u in ordered)
    volume = sum(u.value * u.weight for u in ordered)
    # Area under the Lorenz curve by trapezoids; G = 1 - 2·area.
    area = 0.0
    cum_volume = 0.0
    for u in ordered:
        share_pop = u.weight / total_weight
        prev = cum_volume
        cum_volume += u.value * u.weight / volume
        area += share_pop * (prev + cum_volume) / 2
    return 1 - 2 * area


def coefficient_of_variation(units: Sequence[Unit]) -> float:
    mean = weighted_mean(units)
    if mean == 0:
        return 0.0
    total_weight = sum(u.weight for u in units)
    variance = sum(u.weight * (u.value - mean) ** 2 for u in units) / total_weight
    return math.sqrt(variance) / mean


def furthest_behind(units: Sequence[Unit], *, count: int = 10) -> list[tuple[Unit, float]]:
    """The units with the lowest value, with their gap to the weighted mean as a share (−0.4 = 40% below)."""
    mean = weighted_mean(units)
    ordered = sorted(units, key=lambda u: (u.value, -u.weight, u.key))[:count]
    return [(u, (u.value - mean) / mean if mean else 0.0) for u in ordered]
