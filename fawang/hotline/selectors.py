"""Scoped reads for the hotline (STYLE §3). A centre is in scope when its site lies in the user's region subtree
under a hotline role: operators (and admins) work there; supervisors and quality inspectors watch it."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from django.db.models import Q, QuerySet

from fawang.accounts.models import User
from fawang.accounts.roles import Role
from fawang.accounts.selectors import grant_list_for_user
from fawang.cases.models import Case, CaseDeadline, ClockState
from fawang.cases.working_calendar import working_calendar
from fawang.core import clock
from fawang.core.errors import NotFoundError, PermissionDeniedError
from fawang.hotline.hours import Span
from fawang.hotline.models import (
    Call,
    Callback,
    CallbackStatus,
    CallState,
    HotlineCentre,
    OpeningHours,
    QualityReview,
    SeatSession,
)
from fawang.people.models import Person
from fawang.people.selectors import person_list_by_phone

OPERATOR_ROLES = frozenset({Role.HOTLINE_OPERATOR, Role.ADMIN})
SUPERVISION_ROLES = frozenset({Role.SUPERVISOR, Role.QUALITY_INSPECTOR, Role.ADMIN})
INSPECTOR_ROLES = frozenset({Role.QUALITY_INSPECTOR, Role.ADMIN})


def centre_list_for_user(*, user: User, roles: frozenset[Role]) -> QuerySet[HotlineCentre]:
    if not user.is_authenticated:
        return HotlineCentre.objects.none()
    q = Q(pk__in=[])
    for grant in grant_list_for_user(user=user):
        if grant.role in roles and grant.region_prefix is not None:
            q |= Q(site__region__code__startswith=grant.region_prefix)
    return HotlineCentre.objects.filter(q).select_related("site", "site__region").order_by("code")


def centre_check(*, user: User, centre: HotlineCentre, roles: frozenset[Role]) -> None:
    if not centre_list_for_user(user=user, roles=roles).filter(pk=centre.pk).exists():
        raise PermissionDeniedError("您不是该热线中心的工作人员。")


def call_get_for_user(*, user: User, call_ref: str, roles: frozenset[Role] = OPERATOR_ROLES) -> Call:
    call = (
        Call.objects.filter(call_ref=call_ref, centre__in=centre_list_for_user(user=user, roles=roles))
        .select_related("centre__site", "seat", "agent", "case")
        .first()
    )
    if call is None:
        raise NotFoundError("未找到该来电，或您无权查看。")
    return call


def session_current(*, user: User) -> SeatSession | None:
    return (
        SeatSession.objects.filter(agent=user, ended_at__isnull=True)
        .select_related("seat__centre__site")
        .first()
    )


def call_pop_for_agent(*, user: User) -> Call | None:
    """The call ringing at, or being talked on, the agent's seat; else the agent's last call not yet wrapped up."""
    session = session_current(user=user)
    if session is None:
        return None
    live = (
        Call.objects.filter(
            Q(current_seat=session.seat, state=CallState.TALKING)
            | Q(ringing_seat=session.seat, state=CallState.RINGING)
        )
        .order_by("-offered_at")
        .first()
    )
    if live is not None:
        return live
    return (
        Call.objects.filter(
            agent=user,
            state=CallState.ENDED,
            wrapped_up_at__isnull=True,
            ended_at__gte=clock.now() - timedelta(hours=12),
        )
        .order_by("-ended_at")
        .first()
    )


def hours_spans(*, centre: HotlineCentre) -> list[Span]:
    return [Span(h.weekday, h.opens, h.closes) for h in OpeningHours.objects.filter(centre=centre)]


@dataclass(frozen=True)
class CallerHistory:
    persons: list[Person]
    group_labels: list[str]
    earlier_calls: list[Call]
    cases: list[Case]
    open_deadlines: list[CaseDeadline]


def caller_history(*, call: Call, limit: int = 10) -> CallerHistory:
    """What the console pops on ringing (B7): earlier calls and 工单 of this number, group tags, open deadlines."""
    number = call.caller_number
    persons = list(person_list_by_phone(phone=number)) if number else []
    earlier = (
        list(
            Call.objects.filter(caller_number=number, offered_at__lt=call.offered_at)
            .select_related("case")
            .order_by("-offered_at")[:limit]
        )
        if number
        else []
    )
    case_q = Q(requester__in=persons) | Q(pk__in=[c.case_id for c in earlier if c.case_id])
    cases = list(Case.objects.filter(case_q).order_by("-submitted_at")[:limit]) if persons or earlier else []
    deadlines = list(
        CaseDeadline.objects.filter(case__in=cases, state=ClockState.RUNNING)
        .select_related("case")
        .order_by("due_at")
    )
    labels = sorted({label for p in persons for label in p.group_labels})
    return CallerHistory(persons, labels, earlier, cases, deadlines)


@dataclass(frozen=True)
class CallbackDay:
    day: str
    working_day: bool
    items: list[Callback]


@dataclass(frozen=True)
class CallbackQueue:
    due_now: list[Callback]
    upcoming: list[CallbackDay]


def callback_queue_for_user(*, user: User, now: datetime | None = None, days: int = 7) -> CallbackQueue:
    """Due now, then the next `days` working days on the statutory calendar (X2, T3)."""
    now = now or clock.now()
    open_ = Callback.objects.filter(
        centre__in=centre_list_for_user(user=user, roles=OPERATOR_ROLES),
        status__in=[CallbackStatus.OPEN, CallbackStatus.CLAIMED],
    ).select_related("claimed_by", "call", "case", "centre__site")
    due_now = list(open_.filter(window_start__lte=now).order_by("-priority", "window_end", "pk"))
    calendar = working_calendar()
    today = clock.to_local(now).date()
    last = calendar.add_working_days(today, days)
    later = list(open_.filter(window_start__gt=now).order_by("window_start", "pk"))
    grouped: dict[str, list[Callback]] = {}
    for callback in later:
        day = clock.to_local(callback.window_start).date()
        if day <= last:
            grouped.setdefault(day.isoformat(), []).append(callback)
    upcoming = []
    day = today
    while day <= last:
        upcoming.append(
            CallbackDay(day.isoformat(), calendar.is_working_day(day), grouped.get(day.isoformat(), []))
        )
        day += timedelta(days=1)
    return CallbackQueue(due_now, upcoming)


def callback_get_for_user(*, user: User, callback_id: int) -> Callback:
    callback = (
        Callback.objects.filter(
            pk=callback_id, centre__in=centre_list_for_user(user=user, roles=OPERATOR_ROLES)
        )
        .select_related("call", "case", "centre")
        .first()
    )
    if callback is None:
        raise NotFoundError("未找到该回拨任务，或您无权查看。")
    return callback


def quality_list_for_user(*, user: User) -> QuerySet[QualityReview]:
    return (
        QualityReview.objects.filter(
            call__centre__in=centre_list_for_user(user=user, roles=SUPERVISION_ROLES)
        )
        .select_related("call", "call__seat", "call__agent", "inspector")
        .order_by("total", "-sampled_at")
    )


def feedback_list_for_user(*, user: User) -> QuerySet[CaseDeadline]:
    """Hotline 工单 whose result must go back to the caller (A5) or whose escalation is running (A6)."""
    return (
        CaseDeadline.objects.filter(
            rule_code__in=["hotline.feedback", "hotline.escalate"],
            state__in=[ClockState.RUNNING, ClockState.PAUSED],
            case__calls__centre__in=centre_list_for_user(user=user, roles=OPERATOR_ROLES),
        )
        .select_related(
            "case", "case__handler_site", "case__handler_institution", "case__handler_practitioner"
        )
        .distinct()
        .order_by("due_at")
    )
