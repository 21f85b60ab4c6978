"""A day of 12348 traffic, as data (issue 5 item 6). Pure Python: no Django, no clock, seeded randomness.

`day_plan` draws N calls through a day (arrival profile with morning and afternoon peaks), serves them with M agents
first-come-first-served (ring delay, patience, talk and wrap-up times; callers who wait too long hang up), lets some
callers call again, rates some calls, and decides what the agent does with each answered call. It returns every
event the call centre would post, the agents' wrap-ups, and the ground truth the supervision figures must match.
"""

from __future__ import annotations

import math
import random
from collections import Counter, defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from typing import Any
from zoneinfo import ZoneInfo

LOCAL_TZ = ZoneInfo("Asia/Shanghai")
# Relative arrival intensity per local hour (a 12348 day: quiet nights, peaks 9-11 and 14-16).
HOURLY_WEIGHTS = (
    0.2, 0.1, 0.1, 0.1, 0.1, 0.2, 0.5, 1.5, 4.0, 6.0, 6.5, 5.0,
    3.5, 4.5, 6.0, 6.0, 5.5, 4.0, 2.5, 2.0, 1.5, 1.0, 0.6, 0.4,
)  # fmt: skip
CONTACT_TYPES = (("consultation", 0.80), ("complaint", 0.12), ("suggestion", 0.08))
CONSULTATION_OUTCOMES = (("answer", 0.68), ("dispatch", 0.15), ("callback", 0.12), ("transfer", 0.05))
COMPLAINT_OUTCOMES = (("register", 0.6), ("dispatch", 0.4))
RATING_SHARE = 0.6
RATING_KEYS = (("1", 0.86), ("2", 0.09), ("3", 0.05))
REPEAT_SHARE = 0.2
TRANSFER_TARGETS = ("12345", "110", "12368")
CATEGORIES = (
    "劳动纠纷",
    "婚姻家庭",
    "债权债务",
    "房产纠纷",
    "交通事故",
    "消费权益",
    "合同纠纷",
    "人身损害",
)  # knowledge CATEGORIES


def _pick(rng: random.Random, table: tuple[tuple[str, float], ...]) -> str:
    return rng.choices([k for k, _ in table], weights=[w for _, w in table])[0]


@dataclass
class SimCall:
    call_id: str
    caller: str
    repeat: bool
    offered_at: datetime
    in_hours: bool
    ivr_key: str
    seat: str = ""
    ringing_at: datetime | None = None
    answered_at: datetime | None = None
    ended_at: datetime | None = None
    abandoned_at: datetime | None = None
    rating_key: str = ""
    message_left: bool = False
    transfer_to: str = ""
    contact_type: str = ""
    outcome: str = ""
    category: str = ""


@dataclass
class Plan:
    calls: list[SimCall]
    events: list[dict[str, Any]]
    truth: dict[str, Any] = field(default_factory=dict)


def _arrivals(rng: random.Random, n: int, day: date) -> list[datetime]:
    start = datetime.combine(day, time.min, tzinfo=LOCAL_TZ)
    hours = rng.choices(range(24), weights=HOURLY_WEIGHTS, k=n)
    return sorted(start + timedelta(hours=h, seconds=rng.randrange(3600)) for h in hours)


def _callers(rng: random.Random, n: int) -> list[tuple[str, bool]]:
    seen: list[str] = []
    out = []
    for _ in range(n):
        if seen and rng.random() < REPEAT_SHARE:
            out.append((rng.choice(seen), True))
            continue
        number = "1" + rng.choice("3578") + "".join(rng.choice("0123456789") for _ in range(9))
        while number in seen:
            number = number[:-1] + rng.choice("0123456789")
        seen.append(number)
        out.append((number, False))
    return out


def _serve(rng: random.Random, calls: list[SimCall], agents: int, seat_prefix: str) -> None:
    """First come, first served by the agent who is free earliest; a caller waits `patience` seconds at most."""
    free_at: list[tuple[datetime, int]] = []
    for call in calls:
        if not call.in_hours:
            call.message_left = rng.random() < 0.5
            call.abandoned_at = call.offered_at + timedelta(seconds=rng.randint(20, 60))
            continue
        if not free_at:
            free_at = [(call.offered_at - timedelta(hours=1), i) for i in range(agents)]
        free_at.sort()
        agent_free, agent = free_at[0]
        patience = timedelta(seconds=5 + rng.expovariate(1 / 50))
        ring = max(call.offered_at, agent_free) + timedelta(seconds=rng.randint(1, 4))
        answer = ring + timedelta(seconds=rng.randint(1, 6))
        if answer - call.offered_at > patience:
            call.abandoned_at = call.offered_at + patience
            continue
        talk = timedelta(seconds=int(min(1800, max(30, rng.lognormvariate(math.log(240), 0.6)))))
        call.seat = f"{seat_prefix}{agent + 1:02d}"
        call.ringing_at = ring
        call.answered_at = answer
        call.ended_at = answer + talk
        free_at[0] = (call.ended_at + timedelta(seconds=rng.randint(15, 60)), agent)


def _decide(rng: random.Random, call: SimCall) -> None:
    if call.answered_at is None:
        return
    call.contact_type = _pick(rng, CONTACT_TYPES)
    outcomes = CONSULTATION_OUTCOMES if call.contact_type == "consultation" else COMPLAINT_OUTCOMES
    call.outcome = _pick(rng, outcomes)
    call.category = rng.choice(CATEGORIES)
    if call.outcome == "transfer":
        call.transfer_to = rng.choice(TRANSFER_TARGETS)
    if rng.random() < RATING_SHARE:
        call.rating_key = _pick(rng, RATING_KEYS)


def _event(call: SimCall, n: int, kind: str, at: datetime, centre: str, **data: Any) -> dict[str, Any]:
    return {
        "event_id": f"{call.call_id}-{n:02d}-{kind}",
        "type": kind,
        "call_id": call.call_id,
        "centre": centre,
        "occurred_at": at.isoformat(),
        "data": {k: v for k, v in data.items() if v},
    }


def _events_of(call: SimCall, centre: str) -> list[dict[str, Any]]:
    ev = []
    ivr_at = call.offered_at - timedelta(seconds=8)
    ev.append(
        _event(call, 1, "ivr_choice", ivr_at, centre, menu="main", key=call.ivr_key, caller=call.caller)
    )
    ev.append(_event(call, 2, "queued", call.offered_at, centre, caller=call.caller))
    if call.answered_at is not None and call.ringing_at is not None and call.ended_at is not None:
        ev.append(_event(call, 3, "ringing", call.ringing_at, centre, seat=call.seat, caller=call.caller))
        ev.append(_event(call, 4, "answered", call.answered_at, centre, seat=call.seat))
        if call.transfer_to:
            ev.append(
                _event(
                    call, 5, "transferred", call.ended_at - timedelta(seconds=5), centre, to=call.transfer_to
                )
            )
        ev.append(_event(call, 6, "ended", call.ended_at, centre, by="caller"))
        ev.append(
            _event(
                call,
                7,
                "recording_available",
                call.ended_at + timedelta(seconds=30),
                centre,
                url=f"https://rec.example.invalid/{call.call_id}.mp3",
            )
        )
        if call.rating_key:
            ev.append(
                _event(call, 8, "rating", call.ended_at + timedelta(seconds=20), centre, key=call.rating_key)
            )
        return ev
    assert call.abandoned_at is not None  # noqa: S101
    if call.message_left:
        ev.append(
            _event(
                call,
                3,
                "message_left",
                call.abandoned_at - timedelta(seconds=5),
                centre,
                url=f"https://rec.example.invalid/{call.call_id}-msg.mp3",
            )
        )
    ev.append(_event(call, 4, "abandoned", call.abandoned_at, centre))
    return ev


def _deliveries(
    rng: random.Random, calls: list[SimCall], centre: str
) -> tuple[list[dict[str, Any]], int, int]:
    """Events in the order a CTI would post them, with some late (out of order) and some sent twice."""
    events: list[dict[str, Any]] = []
    for call in calls:
        events.extend(_events_of(call, centre))
    events.sort(key=lambda e: e["occurred_at"])
    out_of_order = 0
    for i in range(len(events) - 1):
        if rng.random() < 0.1:
            events[i], events[i + 1] = events[i + 1], events[i]
            out_of_order += 1
    duplicates = [e for e in events if rng.random() < 0.05]
    for dup in duplicates:
        events.insert(rng.randrange(events.index(dup), len(events) + 1), dup)
    return events, out_of_order, len(duplicates)


def _ratio(a: int, b: int) -> float | None:
    return round(a / b, 4) if b else None


def _truth(calls: list[SimCall], agents: int, seed: int, day: date, centre: str) -> dict[str, Any]:  # noqa: C901
    staffed = [c for c in calls if c.in_hours]
    answered = [c for c in staffed if c.answered_at is not None]
    within = [c for c in answered if c.answered_at and (c.answered_at - c.offered_at).total_seconds() <= 15]
    rated = [c for c in answered if c.rating_key]
    satisfied = [c for c in rated if c.rating_key in ("1", "2")]
    talk = [(c.ended_at - c.answered_at).total_seconds() for c in answered if c.ended_at and c.answered_at]
    by_hour: dict[str, Counter[str]] = defaultdict(Counter)
    by_seat: dict[str, Counter[str]] = defaultdict(Counter)
    for c in staffed:
        hour = f"{c.offered_at.astimezone(LOCAL_TZ).hour:02d}"
        by_hour[hour]["offered"] += 1
        by_hour[hour]["answered" if c.answered_at else "abandoned"] += 1
        if c.seat:
            by_seat[c.seat]["answered"] += 1
    cases: Counter[str] = Counter(c.contact_type for c in answered)
    outcomes: Counter[str] = Counter(c.outcome for c in answered)
    return {
        "day": day.isoformat(),
        "centre": centre,
        "calls": len(calls),
        "agents": agents,
        "seed": seed,
        "offered": len(staffed),
        "answered": len(answered),
        "answered_within_15s": len(within),
        "abandoned": len(staffed) - len(answered),
        "answer_rate": _ratio(len(answered), len(staffed)),
        "average_handling_seconds": round(sum(talk) / len(talk), 1) if talk else None,
        "rated": len(rated),
        "satisfied": len(satisfied),
        "dissatisfied": len(rated) - len(satisfied),
        "rating_rate": _ratio(len(rated), len(answered)),
        "satisfaction": _ratio(len(satisfied), len(rated)),
        "out_of_hours": len(calls) - len(staffed),
        "messages": sum(1 for c in calls if c.message_left),
        "repeat_calls": sum(1 for c in calls if c.repeat),
        "cases": {k: cases[k] for k in ("consultation", "complaint", "suggestion")},
        "outcomes": {k: outcomes[k] for k in ("answer", "register", "dispatch", "callback", "transfer")},
        "callbacks": {
            "callback": outcomes["callback"],
            "message": sum(1 for c in calls if c.message_left),
            "dissatisfied": len(rated) - len(satisfied),
        },
        "by_hour": {h: dict(v) for h, v in sorted(by_hour.items())},
        "by_seat": {s: dict(v) for s, v in sorted(by_seat.items())},
    }


def day_plan(
    *,
    calls: int,
    agents: int,
    seed: int,
    day: date,
    centre: str,
    is_open: Callable[[datetime], bool],
    seat_prefix: str = "S",
) -> Plan:
    if calls < 1 or agents < 1:
        raise ValueError("calls and agents must be positive")
    rng = random.Random(seed)  # noqa: S311  # a reproducible simulation, not a secret
    sims = [
        SimCall(
            call_id=f"SIM{seed}-{day:%Y%m%d}-{i:05d}",
            caller=caller,
            repeat=repeat,
            offered_at=at,
            in_hours=is_open(at),
            ivr_key=rng.choice("1234"),
        )
        for i, (at, (caller, repeat)) in enumerate(
            zip(_arrivals(rng, calls, day), _callers(rng, calls), strict=True)
        )
    ]
    _serve(rng, sims, agents, seat_prefix)
    for call in sims:
        _decide(rng, call)
    events, out_of_order, duplicates = _deliveries(rng, sims, centre)
    truth = _truth(sims, agents, seed, day, centre)
    truth["delivery"] = {"events": len(events), "out_of_order_swaps": out_of_order, "duplicates": duplicates}
    return Plan(calls=sims, events=events, truth=truth)
