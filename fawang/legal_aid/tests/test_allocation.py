"""X3: the allocation engine, table-tested (pure: no database)."""

from __future__ import annotations

import random
from datetime import datetime, time
from fractions import Fraction

import pytest

from fawang.core.clock import LOCAL_TZ
from fawang.legal_aid.allocation import Candidate, OfficeHours, out_of_hours, shares, suggest

C = Candidate


@pytest.mark.parametrize(
    ("_case", "candidates", "expected"),
    [
        ("empty roster: no suggestion", [], None),
        ("only zero weights: no suggestion", [C(1, 0, 0)], None),
        ("one provider", [C(7, 1, 40)], 7),
        ("equal weights: the one with fewer matters", [C(1, 1, 3), C(2, 1, 2), C(3, 1, 4)], 2),
        ("weight 2 gets twice the share: 4 of 6 is below 2/3 of 7", [C(1, 2, 4), C(2, 1, 2)], 1),
        ("weight 3 far ahead: the weight-1 provider is further below", [C(1, 3, 9), C(2, 1, 1)], 2),
        ("a new provider with nothing yet comes first", [C(1, 1, 5), C(2, 1, 5), C(3, 1, 0)], 3),
        ("a weight-0 provider never gets one", [C(1, 0, 0), C(2, 1, 9)], 2),
        (
            "deficit, not ratio: 4 of weight 10 is 0.55 below 50/11, 0 of weight 1 only 0.45",
            [C(1, 10, 4), C(2, 1, 0)],
            1,
        ),
    ],
)
def test_suggest_picks_the_provider_furthest_below_their_weighted_share(
    _case: str, candidates: list[Candidate], expected: int | None
) -> None:
    assert suggest(candidates, rng=random.Random(0)) == expected


def test_exact_ties_are_broken_at_random_over_all_tied_providers() -> None:
    tied = [C(1, 1, 2), C(2, 1, 2), C(3, 1, 2), C(4, 2, 9)]  # 4 is above its share; 1-3 tie exactly
    seen = {suggest(tied, rng=random.Random(seed)) for seed in range(60)}
    assert seen == {1, 2, 3}


def test_ties_do_not_depend_on_the_input_order() -> None:
    tied = [C(1, 1, 2), C(2, 1, 2), C(3, 1, 2)]
    assert suggest(tied, rng=random.Random(5)) == suggest(list(reversed(tied)), rng=random.Random(5))


def test_shares_are_exact_fractions_that_count_the_next_matter() -> None:
    rows = {s.practitioner_id: s for s in shares([C(1, 2, 4), C(2, 1, 2)])}
    assert rows[1].fair == Fraction(14, 3)
    assert rows[2].fair == Fraction(7, 3)
    assert rows[1].shortfall == Fraction(2, 3)
    assert rows[2].shortfall == Fraction(1, 3)
    assert sum(s.fair for s in rows.values()) == 7  # six allocated plus the next one


def test_repeated_suggestions_converge_on_the_weights() -> None:
    """Allocating 600 matters one by one, each to the suggestion, ends at the weights' proportions exactly."""
    weights = {1: 1, 2: 2, 3: 3}
    counts = dict.fromkeys(weights, 0)
    rng = random.Random(1)
    for _ in range(600):
        chosen = suggest([C(pk, w, counts[pk]) for pk, w in weights.items()], rng=rng)
        assert chosen is not None
        counts[chosen] += 1
    assert counts == {1: 100, 2: 200, 3: 300}


HOURS = OfficeHours(time(8, 30), time(17, 30))


@pytest.mark.parametrize(
    ("_case", "local", "working_day", "expected"),
    [
        ("working day, mid-morning", datetime(2025, 3, 3, 10, 0, tzinfo=LOCAL_TZ), True, False),
        ("working day, at opening", datetime(2025, 3, 3, 8, 30, tzinfo=LOCAL_TZ), True, False),
        ("working day, before opening", datetime(2025, 3, 3, 8, 29, tzinfo=LOCAL_TZ), True, True),
        ("working day, at closing", datetime(2025, 3, 3, 17, 30, tzinfo=LOCAL_TZ), True, True),
        ("rest day or holiday, mid-morning", datetime(2025, 10, 1, 10, 0, tzinfo=LOCAL_TZ), False, True),
    ],
)
def test_out_of_hours(_case: str, local: datetime, working_day: bool, expected: bool) -> None:
    assert out_of_hours(local, working_day=working_day, hours=HOURS) is expected


@pytest.mark.parametrize(
    ("text", "error"),
    [
        ("08:30-17:30", ""),
        (" 9:00 - 18:00 ", "格式"),  # time.fromisoformat needs two-digit hours
        ("17:30-08:30", "早于"),
        ("全天", "格式"),
    ],
)
def test_office_hours_parse(text: str, error: str) -> None:
    if not error:
        assert OfficeHours.parse(text) == HOURS
    else:
        with pytest.raises(ValueError, match=error):
            OfficeHours.parse(text)
