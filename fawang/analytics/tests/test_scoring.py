"""Scorecard weights, normalisation and ranking (考核评估): hand-computed."""

from __future__ import annotations

from decimal import Decimal as D  # noqa: N817 - short for readable tables

import pytest

from fawang.analytics.scoring import Criterion, score_subjects


def test_min_max_weighting_and_competition_ranks() -> None:
    values = {
        "甲": {"volume": D(100), "overdue": D(0)},
        "乙": {"volume": D(50), "overdue": D(10)},
        "丙": {"volume": D(0), "overdue": D(5)},
        "丁": {"volume": D(50), "overdue": D(10)},
    }
    criteria = [Criterion("volume", D(3), True), Criterion("overdue", D(1), False)]
    ranked = score_subjects(values, criteria)
    # 甲: (3·100 + 1·100)/4 = 100; 乙, 丁: (3·50 + 0)/4 = 37.5; 丙: (0 + 1·50)/4 = 12.5
    assert [(r.subject, r.total, r.rank) for r in ranked] == [
        ("甲", D("100.00"), 1),
        ("丁", D("37.50"), 2),
        ("乙", D("37.50"), 2),
        ("丙", D("12.50"), 4),
    ]


def test_targets_cap_and_scale() -> None:
    values: dict[str, dict[str, D | None]] = {
        "a": {"rate": D(80), "late": D(4)},
        "b": {"rate": D(120), "late": D(1)},
        "c": {"rate": None, "late": D(2)},
    }
    criteria = [Criterion("rate", D(1), True, D(100)), Criterion("late", D(1), False, D(2))]
    ranked = {r.subject: r for r in score_subjects(values, criteria)}
    assert ranked["a"].scores == {"rate": D("80.00"), "late": D("50.00")}
    assert ranked["b"].scores == {"rate": D("100.00"), "late": D("100.00")}
    assert ranked["c"].scores == {"rate": D("0.00"), "late": D("100.00")}
    # a: (80 + 50)/2 = 65; b: 100; c: (0 + 100)/2 = 50
    assert [ranked[s].rank for s in "abc"] == [2, 1, 3]


def test_equal_values_all_score_full() -> None:
    ranked = score_subjects({"a": {"v": D(5)}, "b": {"v": D(5)}}, [Criterion("v", D(1), True)])
    assert [(r.total, r.rank) for r in ranked] == [(D("100.00"), 1), (D("100.00"), 1)]


@pytest.mark.parametrize(
    ("_case", "criteria"), [("no criteria", []), ("zero weight", [Criterion("v", D(0), True)])]
)
def test_bad_schemes_are_refused(_case: str, criteria: list[Criterion]) -> None:
    with pytest.raises(ValueError, match="指标"):
        score_subjects({"a": {"v": D(1)}}, criteria)
