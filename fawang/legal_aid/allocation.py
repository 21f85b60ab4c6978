"""Who should take the next legal-aid matter (X3, O8): pure, so the same roster and counts always give the same
suggestion for the same random draw, and the rules can be table-tested.

The fair share of a provider is their weight's share of all matters allocated in the pool (a county and a kind of
aid: criminal or civil/administrative), counting the new one. The suggestion is the provider furthest below that
share; exact ties are broken at random, so no name wins ties by sorting first. Course corrections are not counted
(X3): they put right an earlier allocation and would otherwise count twice.
"""

from __future__ import annotations

import random
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, time
from fractions import Fraction

MAX_WEIGHT = 10


@dataclass(frozen=True)
class Candidate:
    practitioner_id: int
    weight: int
    allocated: int  # matters counted in the window, live holds for other applications included


@dataclass(frozen=True)
class Share:
    practitioner_id: int
    weight: int
    allocated: int
    fair: Fraction  # weighted share of the pool's matters, the next one included

    @property
    def shortfall(self) -> Fraction:
        """How far below the fair share the provider stands (negative: above it)."""
        return self.fair - self.allocated


def shares(candidates: Sequence[Candidate]) -> list[Share]:
    """Each candidate's fair share of the pool's matters counting the next allocation; exact fractions, so ties are
    real ties and not float noise."""
    total_weight = sum(c.weight for c in candidates)
    if total_weight <= 0:
        return []
    total = sum(c.allocated for c in candidates) + 1
    return [
        Share(c.practitioner_id, c.weight, c.allocated, Fraction(c.weight * total, total_weight))
        for c in candidates
        if c.weight > 0
    ]


def suggest(candidates: Sequence[Candidate], *, rng: random.Random) -> int | None:
    """The practitioner furthest below their weighted share, ties broken by ``rng``; None with no candidate."""
    rows = shares(candidates)
    if not rows:
        return None
    best = max(r.shortfall for r in rows)
    tied = sorted(r.practitioner_id for r in rows if r.shortfall == best)
    return tied[rng.randrange(len(tied))]


@dataclass(frozen=True)
class OfficeHours:
    opens: time
    closes: time

    @classmethod
    def parse(cls, text: str) -> OfficeHours:
        """ "08:30-17:30" → OfficeHours; a clear error for anything else (the setting is read at start-up)."""
        try:
            start, end = (time.fromisoformat(part.strip()) for part in text.split("-"))
        except ValueError as exc:
            raise ValueError(f"办公时间格式应为“08:30-17:30”，收到“{text}”。") from exc
        if start >= end:
            raise ValueError(f"办公时间的开始须早于结束：“{text}”。")
        return cls(start, end)


def out_of_hours(local: datetime, *, working_day: bool, hours: OfficeHours) -> bool:
    """Outside office hours: a rest day or holiday of the working-day calendar, or before / after the hours (X3: the
    duty rota answers then)."""
    return not working_day or not hours.opens <= local.time() < hours.closes
