"""Inequality measures against hand-computed and textbook values (K4)."""

from __future__ import annotations

import math

import pytest

from fawang.analytics.inequality import (
    Unit,
    coefficient_of_variation,
    furthest_behind,
    gini,
    theil,
    theil_decompose,
)


def units(*values: float, weights: tuple[float, ...] | None = None, groups: str = "") -> list[Unit]:
    ws = weights or tuple(1.0 for _ in values)
    gs = groups or "".join("a" for _ in values)
    return [Unit(f"u{i}", v, w, g) for i, (v, w, g) in enumerate(zip(values, ws, gs, strict=True))]


@pytest.mark.parametrize(
    ("_case", "values", "expected_theil", "expected_gini", "expected_cv"),
    [
        ("perfect equality", (5, 5, 5), 0.0, 0.0, 0.0),
        # T = 1/4 ln(1/2) + 3/4 ln(3/2); G = Σ|yi−yj|/(2n²ȳ) = 4/16; σ = 1, ȳ = 2
        ("two units 1 and 3", (1, 3), 0.25 * math.log(0.5) + 0.75 * math.log(1.5), 0.25, 0.5),
        # textbook: incomes 1..5, G = 40/150 = 0.2667 (population formula)
        ("incomes 1 to 5", (1, 2, 3, 4, 5), None, 40 / 150, math.sqrt(2) / 3),
        # all in one unit of four: T = ln 4, G = 1 − 1/n
        ("maximal concentration", (0, 0, 0, 4), math.log(4), 0.75, math.sqrt(3)),
    ],
)
def test_measures_against_known_values(
    _case: str,
    values: tuple[float, ...],
    expected_theil: float | None,
    expected_gini: float,
    expected_cv: float,
) -> None:
    us = units(*values)
    if expected_theil is not None:
        assert theil(us) == pytest.approx(expected_theil, abs=1e-12)
    assert gini(us) == pytest.approx(expected_gini, abs=1e-12)
    assert coefficient_of_variation(us) == pytest.approx(expected_cv, abs=1e-12)


def test_population_weights_equal_replicated_units() -> None:
    weighted = units(1, 3, weights=(2, 1))
    replicated = units(1, 1, 3)
    assert theil(weighted) == pytest.approx(theil(replicated), abs=1e-12)
    assert gini(weighted) == pytest.approx(gini(replicated), abs=1e-12)
    assert coefficient_of_variation(weighted) == pytest.approx(
        coefficient_of_variation(replicated), abs=1e-12
    )


def test_theil_decomposes_exactly_into_between_and_within() -> None:
    # Groups A (1, 3) and B (2, 6): ȳ = 3, ȳA = 2, ȳB = 4, shares 1/3 and 2/3.
    us = units(1, 3, 2, 6, groups="aabb")
    d = theil_decompose(us)
    between = (1 / 3) * math.log(2 / 3) + (2 / 3) * math.log(4 / 3)
    within_each = 0.25 * math.log(0.5) + 0.75 * math.log(1.5)
    assert d.between == pytest.approx(between, abs=1e-12)
    assert d.within == pytest.approx(within_each, abs=1e-12)
    assert d.groups == {"a": pytest.approx(within_each), "b": pytest.approx(within_each)}
    assert d.total == pytest.approx(d.between + d.within, abs=1e-12)
    assert d.total == pytest.approx(
        (1 / 12) * math.log(1 / 3) + (2 / 12) * math.log(2 / 3) + (6 / 12) * math.log(2), abs=1e-12
    )


def test_all_inequality_between_groups() -> None:
    d = theil_decompose(units(1, 1, 3, 3, groups="aabb"))
    assert d.within == 0.0
    assert d.between == pytest.approx(d.total)
    assert d.total > 0


def test_furthest_behind_lists_lowest_with_gap() -> None:
    us = units(2, 4, 6, 8)
    behind = furthest_behind(us, count=2)
    assert [(u.key, round(gap, 6)) for u, gap in behind] == [("u0", -0.6), ("u1", -0.2)]


@pytest.mark.parametrize(("_case", "bad"), [("negative", Unit("x", -1, 1)), ("zero weight", Unit("x", 1, 0))])
def test_bad_units_are_refused(_case: str, bad: Unit) -> None:
    with pytest.raises(ValueError, match="must be"):
        theil([bad])


def test_all_zero_is_equal() -> None:
    assert (theil(units(0, 0)), gini(units(0, 0)), coefficient_of_variation(units(0, 0))) == (0.0, 0.0, 0.0)
