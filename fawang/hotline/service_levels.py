"""Hotline service levels (B1-B4): the one place the figures are computed, from the calls folded from stored
events (`Call` rows are a pure function of `CallEvent` rows, fold.py). Read-only.

Definitions (docs/hotline.md, "Service levels"):
* offered: calls that entered the queue in the period while the centre was staffed (out-of-hours calls get the
  message mode and are counted apart, B2);
* answered within 15 s: answered_at − offered_at ≤ 15 s (B1), offered_at being the first queue/ring event;
* answer rate (接通率) = answered / offered, target ≥ 95 % (B1); abandoned = offered, never answered, gone;
* average handling time = mean of ended_at − answered_at over answered calls that have ended (seconds);
* rating rate = rated / answered; satisfaction = (满意 + 基本满意) / rated, target ≥ 90 % (B3, B4);
* callbacks on time = callbacks due in the period whose first attempt was made by the end of their window (X2);
* QA sampling = calls flagged for review / answered calls that ended, target ≥ 5 % (B3).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import asdict, dataclass
from datetime import datetime, timedelta
from typing import Any, Final

from django.db.models import QuerySet
from django.utils.translation import gettext

from fawang.accounts.models import User
from fawang.core import clock
from fawang.hotline.hours import LOCAL_TZ
from fawang.hotline.models import (
    Call,
    Callback,
    CallbackKind,
    CallbackStatus,
    CallState,
    HotlineCentre,
    QualityReview,
    SeatSession,
)
from fawang.hotline.selectors import SUPERVISION_ROLES, centre_list_for_user

ANSWER_TARGET_SECONDS: Final = 15  # B1
ANSWER_RATE_TARGET: Final = 0.95  # B1
SATISFACTION_TARGET: Final = 0.90  # B3
GROUPINGS: Final = ("centre", "seat", "hour")


@dataclass(frozen=True)
class CallRow:
    centre: str
    seat: str
    offered_at: datetime
    answered_at: datetime | None
    ended_at: datetime | None
    state: str
    out_of_hours: bool
    rating: str
    sampled: bool


@dataclass(frozen=True)
class Figures:
    offered: int
    answered: int
    answered_within_15s: int
    abandoned: int
    waiting: int
    answer_rate: float | None
    within_15s_rate: float | None
    average_handling_seconds: float | None
    rated: int
    satisfied: int
    dissatisfied: int
    rating_rate: float | None
    satisfaction: float | None
    qa_sampled: int
    qa_rate: float | None
    out_of_hours: int

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)


def _ratio(part: int, whole: int) -> float | None:
    return round(part / whole, 4) if whole else None


def figures_compute(rows: Iterable[CallRow]) -> Figures:
    """Pure: the figures of a set of calls."""
    offered = answered = within = abandoned = waiting = rated = satisfied = dissatisfied = 0
    qa = ended = out_of_hours = 0
    talk = 0.0
    for row in rows:
        if row.out_of_hours:
            out_of_hours += 1
            continue
        offered += 1
        if row.answered_at is None:
            if row.state == CallState.ABANDONED:
                abandoned += 1
            else:
                waiting += 1
            continue
        answered += 1
        if (row.answered_at - row.offered_at).total_seconds() <= ANSWER_TARGET_SECONDS:
            within += 1
        if row.ended_at is not None:
            ended += 1
            talk += (row.ended_at - row.answered_at).total_seconds()
            qa += int(row.sampled)
        if row.rating:
            rated += 1
            satisfied += int(row.rating in ("satisfied", "fairly_satisfied"))
            dissatisfied += int(row.rating == "dissatisfied")
    return Figures(
        offered=offered,
        answered=answered,
        answered_within_15s=within,
        abandoned=abandoned,
        waiting=waiting,
        answer_rate=_ratio(answered, offered),
        within_15s_rate=_ratio(within, offered),
        average_handling_seconds=round(talk / ended, 1) if ended else None,
        rated=rated,
        satisfied=satisfied,
        dissatisfied=dissatisfied,
        rating_rate=_ratio(rated, answered),
        satisfaction=_ratio(satisfied, rated),
        qa_sampled=qa,
        qa_rate=_ratio(qa, ended),
        out_of_hours=out_of_hours,
    )


@dataclass(frozen=True)
class CallbackFigures:
    due: int
    on_time: int
    done: int
    unreachable: int
    open: int
    on_time_rate: float | None
    messages: int = 0  # B5: out-of-hours messages left in the period
    messages_replied: int = 0
    message_mean_reply_minutes: float | None = (
        None  # B5: mean time from the message to the first reply attempt
    )


@dataclass(frozen=True)
class Group:
    key: str
    label: str
    figures: Figures


@dataclass(frozen=True)
class Report:
    start: datetime
    end: datetime
    group_by: str
    total: Figures
    groups: list[Group]
    callbacks: CallbackFigures
    peak_hour: str | None
    meets_answer_rate: bool | None
    meets_satisfaction: bool | None
    meets_qa: bool | None


def _rows(calls: QuerySet[Call]) -> list[CallRow]:
    sampled = set(QualityReview.objects.filter(call__in=calls).values_list("call_id", flat=True))
    return [
        CallRow(
            centre=centre,
            seat=seat or "",
            offered_at=offered_at,
            answered_at=answered_at,
            ended_at=ended_at,
            state=state,
            out_of_hours=out_of_hours,
            rating=rating,
            sampled=pk in sampled,
        )
        for pk, centre, seat, offered_at, answered_at, ended_at, state, out_of_hours, rating in calls.values_list(
            "pk",
            "centre__code",
            "seat__code",
            "offered_at",
            "answered_at",
            "ended_at",
            "state",
            "out_of_hours",
            "rating",
        )
    ]


def _group_key(row: CallRow, group_by: str) -> tuple[str, str]:
    if group_by == "seat":
        return (row.seat, row.seat) if row.seat else ("", gettext("未接通"))
    if group_by == "hour":
        hour = row.offered_at.astimezone(LOCAL_TZ).hour
        return f"{hour:02d}", f"{hour:02d}:00-{hour:02d}:59"
    return row.centre, row.centre


def callback_figures(*, centres: QuerySet[HotlineCentre], start: datetime, end: datetime) -> CallbackFigures:
    rows = list(
        Callback.objects.filter(centre__in=centres, window_end__gte=start, window_end__lt=end)
        .exclude(status=CallbackStatus.CANCELLED)
        .values_list("status", "first_attempt_at", "window_end")
    )
    on_time = sum(1 for _, first, due in rows if first is not None and first <= due)
    messages = list(
        Callback.objects.filter(
            centre__in=centres, kind=CallbackKind.MESSAGE, window_start__gte=start, window_start__lt=end
        ).values_list("window_start", "first_attempt_at")
    )
    replies = [(first - left).total_seconds() / 60 for left, first in messages if first is not None]
    return CallbackFigures(
        messages=len(messages),
        messages_replied=len(replies),
        message_mean_reply_minutes=round(sum(replies) / len(replies), 1) if replies else None,
        due=len(rows),
        on_time=on_time,
        done=sum(1 for status, _, _ in rows if status == CallbackStatus.DONE),
        unreachable=sum(1 for status, _, _ in rows if status == CallbackStatus.UNREACHABLE),
        open=sum(1 for status, _, _ in rows if status in (CallbackStatus.OPEN, CallbackStatus.CLAIMED)),
        on_time_rate=_ratio(on_time, len(rows)),
    )


def service_levels(
    *, centres: QuerySet[HotlineCentre], start: datetime, end: datetime, group_by: str = "hour"
) -> Report:
    """Historical figures for [start, end) per centre, seat or hour (B4)."""
    if group_by not in GROUPINGS:
        raise ValueError(group_by)
    calls = Call.objects.filter(centre__in=centres, offered_at__gte=start, offered_at__lt=end)
    rows = _rows(calls)
    buckets: dict[tuple[str, str], list[CallRow]] = defaultdict(list)
    for row in rows:
        buckets[_group_key(row, group_by)].append(row)
    groups = [Group(key, label, figures_compute(items)) for (key, label), items in sorted(buckets.items())]
    total = figures_compute(rows)
    by_hour: dict[str, int] = defaultdict(int)
    for row in rows:
        if not row.out_of_hours:
            by_hour[_group_key(row, "hour")[1]] += 1
    peak = max(sorted(by_hour), key=lambda h: by_hour[h]) if by_hour else None
    return Report(
        start=start,
        end=end,
        group_by=group_by,
        total=total,
        groups=groups,
        callbacks=callback_figures(centres=centres, start=start, end=end),
        peak_hour=peak,
        meets_answer_rate=None if total.answer_rate is None else total.answer_rate >= ANSWER_RATE_TARGET,
        meets_satisfaction=None if total.satisfaction is None else total.satisfaction >= SATISFACTION_TARGET,
        meets_qa=None if total.qa_rate is None else total.qa_rate >= 0.05,
    )


def service_levels_for_user(*, user: User, start: datetime, end: datetime, group_by: str = "hour") -> Report:
    return service_levels(
        centres=centre_list_for_user(user=user, roles=SUPERVISION_ROLES),
        start=start,
        end=end,
        group_by=group_by,
    )


@dataclass(frozen=True)
class Live:
    at: datetime
    waiting: int
    longest_wait_seconds: int | None
    talking: int
    agents: dict[str, int]
    today: Figures
    last_24h: Figures


def service_levels_live(*, centres: QuerySet[HotlineCentre], now: datetime | None = None) -> Live:
    """The wallboard (B4): calls waiting and talking now, agents by state, today and the last 24 hours (B1)."""
    now = now or clock.now()
    recent = Call.objects.filter(
        centre__in=centres, offered_at__gte=now - timedelta(hours=24), offered_at__lte=now
    )
    live = list(
        recent.filter(state__in=[CallState.QUEUED, CallState.RINGING]).values_list("offered_at", flat=True)
    )
    agents: dict[str, int] = defaultdict(int)
    for state in SeatSession.objects.filter(seat__centre__in=centres, ended_at__isnull=True).values_list(
        "state", flat=True
    ):
        agents[state] += 1
    local_midnight = clock.to_local(now).replace(hour=0, minute=0, second=0, microsecond=0)
    rows = _rows(recent)
    return Live(
        at=now,
        waiting=len(live),
        longest_wait_seconds=int((now - min(live)).total_seconds()) if live else None,
        talking=recent.filter(state=CallState.TALKING).count(),
        agents=dict(agents),
        today=figures_compute(r for r in rows if r.offered_at >= local_midnight),
        last_24h=figures_compute(rows),
    )
