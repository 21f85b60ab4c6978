"""Scoped reads for the hotline (STYLE §3). A centre is in scope when its site lies in the user's region subtree
under a hotline role: operators (and admins) work there; supervisors and quality inspectors watch it."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta

from django.db.models import Q, QuerySet

from fawang.accounts.models import User
from fawang.accounts.roles import Role
from fawang.accounts.selectors import grant_list_for_user
from fawang.cases.languages import DEFAULT_LANGUAGE, language_label
from fawang.cases.models import Case, CaseDeadline, ClockState
from fawang.cases.working_calendar import working_calendar
from fawang.core import clock
from fawang.core.crypto import blind_index_candidates
from fawang.core.errors import NotFoundError, PermissionDeniedError
from fawang.hotline.hours import LOCAL_TZ, Span, hours_open_at
from fawang.hotline.models import (
    Call,
    Callback,
    CallbackKind,
    CallbackSlot,
    CallbackStatus,
    CallState,
    HotlineCentre,
    OpeningHours,
    QualityReview,
    SeatSession,
)
from fawang.people.idcard import phone_mask
from fawang.people.models import Person
from fawang.people.selectors import (
    ContactRoute,
    person_contact_route,
    person_flagged_by_phones,
    person_list_by_phone,
)

OPERATOR_ROLES = frozenset({Role.HOTLINE_OPERATOR, Role.ADMIN})
SUPERVISION_ROLES = frozenset({Role.SUPERVISOR, Role.QUALITY_INSPECTOR, Role.ADMIN})
INSPECTOR_ROLES = frozenset({Role.QUALITY_INSPECTOR, Role.ADMIN})
# Who changes a centre's published hours and callback capacity (B2, B5, X2): its supervisors and administrators.
CENTRE_ADMIN_ROLES = frozenset({Role.SUPERVISOR, Role.ADMIN})


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
class PublicCentre:
    name: str
    hours: list[Span]


def centre_list_public() -> list[PublicCentre]:
    """Every call centre with its published hours (B2), for the public hotline page (L3). No personal data."""
    centres = HotlineCentre.objects.select_related("site").prefetch_related("opening_hours").order_by("code")
    return [
        PublicCentre(c.site.name, [Span(h.weekday, h.opens, h.closes) for h in c.opening_hours.all()])
        for c in centres
    ]


@dataclass(frozen=True)
class CallerHistory:
    persons: list[Person]
    group_labels: list[str]
    earlier_calls: list[Call]
    cases: list[Case]
    open_deadlines: list[CaseDeadline]
    # M14: safe-contact instructions of the people registered under this number, shown before anything else.
    contact_routes: list[ContactRoute] = field(default_factory=list)
    # A12: the language of the caller's latest earlier 工单 ("" without one), so the agent can greet in it.
    last_language: str = ""

    @property
    def last_language_label(self) -> str:
        return language_label(self.last_language) if self.last_language else ""


def caller_history(*, call: Call, limit: int = 10) -> CallerHistory:
    """What the console pops on ringing (B7): earlier calls and 工单 of this number, group tags, open deadlines."""
    number = call.caller_number
    persons = list(person_list_by_phone(phone=number)) if number else []
    earlier = (
        list(
            Call.objects.filter(  # the number is encrypted (M3): match its blind index under every index key
                caller_number_bidx__in=blind_index_candidates(number.strip()), offered_at__lt=call.offered_at
            )
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
    routes = [route for p in persons if (route := person_contact_route(person=p)).restricted]
    last = next((c.language for c in cases if c.pk != call.case_id), "")
    return CallerHistory(persons, labels, earlier, cases, deadlines, routes, last)


@dataclass(frozen=True)
class LanguageHelp:
    """A12, for the agent on a call in a language other than 普通话: whether they declared it and, if not, who at the
    centre did (transfer targets)."""

    speaks: bool
    agents: list[SeatSession]


def call_language_help(*, user: User, call: Call) -> LanguageHelp | None:
    """None for a 普通话 call, or for a user not signed in at a seat (a supervisor reading the call): nobody to
    hand it to."""
    if call.language == DEFAULT_LANGUAGE:
        return None
    session = session_current(user=user)
    if session is None:
        return None
    if call.language in (session.languages or []):
        return LanguageHelp(speaks=True, agents=[])
    return LanguageHelp(speaks=False, agents=transfer_targets_for_call(user=user, call=call))


def transfer_targets_for_call(*, user: User, call: Call) -> list[SeatSession]:
    """A12: agents signed in at the call's centre, other than the user, who take calls in the call's language
    (a dialect or minority language the answering agent may not speak). Empty for 普通话 calls."""
    if call.language == DEFAULT_LANGUAGE:
        return []
    centre_check(user=user, centre=call.centre, roles=OPERATOR_ROLES)
    sessions = (
        SeatSession.objects.filter(seat__centre_id=call.centre_id, ended_at__isnull=True)
        .exclude(agent=user)
        .select_related("seat", "agent")
        .order_by("seat__code")
    )
    # JSON `contains` is not available on SQLite; a centre has a few dozen open sessions at most.
    return [s for s in sessions if call.language in (s.languages or [])]


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
    ).select_related("claimed_by", "call", "case__requester", "centre__site")
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
    _flagged_attach([*due_now, *later])
    return CallbackQueue(due_now, upcoming)


def _flagged_attach(callbacks: list[Callback]) -> None:
    """For the callbacks without a requester, whose number it is (M14), looked up for the whole queue at once so that
    `callback_contact` runs no query per row."""
    unknown = [cb for cb in callbacks if cb.case is None or cb.case.requester is None]
    flagged = person_flagged_by_phones(phones={cb.phone for cb in unknown})
    for cb in unknown:
        cb.flagged_person = flagged.get(cb.phone)  # type: ignore[attr-defined]  # set for callback_contact


def callback_get_for_user(*, user: User, callback_id: int) -> Callback:
    callback = (
        Callback.objects.filter(
            pk=callback_id, centre__in=centre_list_for_user(user=user, roles=OPERATOR_ROLES)
        )
        .select_related("call", "case__requester", "centre")
        .first()
    )
    if callback is None:
        raise NotFoundError("未找到该回拨任务，或您无权查看。")
    return callback


@dataclass(frozen=True)
class CallbackContact:
    """`phone` is the number a callback may dial: the stored one, a flagged requester's safe one, or "" (no call)."""

    restricted: bool
    phone: str
    instruction: str = ""


def callback_contact(*, callback: Callback) -> CallbackContact:
    """Asked each time a callback is shown or claimed (M14; 法律援助法 Art.32). The stored number is what could be
    dialled at booking; a requester flagged since then is reached only through their route, so a queue row, the API
    or a claim never offers their registered number."""
    requester = callback.case.requester if callback.case is not None else None
    if requester is None:  # no requester to ask: a flagged person whose registered number this is
        if hasattr(callback, "flagged_person"):  # looked up for a whole queue (_flagged_attach)
            requester = callback.flagged_person
        else:
            requester = person_flagged_by_phones(phones=[callback.phone]).get(callback.phone)
    route = person_contact_route(person=requester)
    if not route.restricted:
        return CallbackContact(restricted=False, phone=callback.phone)
    return CallbackContact(restricted=True, phone=route.phone, instruction=route.instruction)


def callback_phone_shown(*, callback: Callback, viewer: User | None) -> str:
    """The number a viewer sees for a callback: the dialable one (`callback_contact`), in full only to the agent who
    claimed the callback (M3, audited at claim), masked to everyone else."""
    phone = callback_contact(callback=callback).phone
    if not phone:
        return ""
    if (
        callback.status == CallbackStatus.CLAIMED
        and viewer is not None
        and callback.claimed_by_id == viewer.pk
    ):
        return phone
    return phone_mask(phone)


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


def centre_get_for_user(*, user: User, centre_id: int, roles: frozenset[Role]) -> HotlineCentre:
    centre = centre_list_for_user(user=user, roles=roles).filter(pk=centre_id).first()
    if centre is None:
        raise NotFoundError("未找到该热线中心，或您无权管理。")
    return centre


@dataclass(frozen=True)
class SlotRow:
    """One callback slot of a day (X2). capacity None: nothing configured here or last week, so no limit."""

    starts_at: datetime
    capacity: int | None
    copied: bool  # the capacity is last week's (a missing slot copies last week's)
    booked: int

    @property
    def room(self) -> int | None:
        return None if self.capacity is None else max(self.capacity - self.booked, 0)

    @property
    def has_room(self) -> bool:
        return self.capacity is None or self.booked < self.capacity


COPY_WEEKS = 52  # how far back a missing slot looks for the same slot of an earlier week
BOOKING_LEAD = timedelta(hours=2)  # X2: the public books slots more than 2 hours ahead (the alert's horizon)
BOOKING_DAYS = 7  # how far ahead the public may book (the agents' queue shows the next 7 days, X2)


def _midnight(day: date) -> datetime:
    return datetime.combine(day, time(0), tzinfo=LOCAL_TZ)


def _copies(day: date, earlier: list[CallbackSlot]) -> dict[datetime, int]:
    """`day`'s copies of earlier slots (ascending, any weekday): the latest configured capacity of the same local
    weekday and time within COPY_WEEKS, so a later week overwrites an earlier one."""
    start = _midnight(day)
    since = start - timedelta(weeks=COPY_WEEKS)
    copies: dict[datetime, int] = {}
    for slot in earlier:
        local = slot.starts_at.astimezone(LOCAL_TZ)
        if since <= slot.starts_at < start and local.weekday() == day.weekday():
            copies[datetime.combine(day, local.time(), tzinfo=LOCAL_TZ)] = slot.capacity
    return copies


def slot_copies(*, centre: HotlineCentre, day: date) -> dict[datetime, int]:
    """Capacity each slot of `day` copies when it has none of its own (X2: a missing slot copies last week's; last
    week's, when missing too, was itself a copy, so the latest configured week counts). Keys are `day`'s slots."""
    start = _midnight(day)
    earlier = CallbackSlot.objects.filter(
        centre=centre,
        starts_at__gte=start - timedelta(weeks=COPY_WEEKS),
        starts_at__lt=start,
        starts_at__week_day=(day.isoweekday() % 7) + 1,  # Django: 1 = Sunday (in the local time zone)
    ).order_by("starts_at")
    return _copies(day, list(earlier))


def slot_days(*, centre: HotlineCentre, first_day: date, days: int) -> dict[date, list[SlotRow]]:
    """Every slot of `days` local days from `first_day` with its capacity (or last week's) and the callbacks booked
    in it, in two queries whatever the number of days. A read only: the copy of last week's capacity is stored
    when a booking needs it (services.callbacks.slot_capacity)."""
    start = _midnight(first_day)
    end = _midnight(first_day + timedelta(days=days))
    step = timedelta(minutes=centre.slot_minutes)
    slots = list(
        CallbackSlot.objects.filter(
            centre=centre, starts_at__gte=start - timedelta(weeks=COPY_WEEKS), starts_at__lt=end
        ).order_by("starts_at")
    )
    set_here = {s.starts_at: s.capacity for s in slots if s.starts_at >= start}
    booked: dict[datetime, int] = {}
    # The same count as services.callbacks.slot_booked: priority and automatic callbacks do not use capacity.
    for window_start in (
        Callback.objects.filter(
            centre=centre,
            kind=CallbackKind.CALLBACK,
            priority=False,
            window_start__gte=start,
            window_start__lt=end,
        )
        .exclude(status=CallbackStatus.CANCELLED)
        .values_list("window_start", flat=True)
    ):
        local = window_start.astimezone(LOCAL_TZ)
        midnight = _midnight(local.date())
        key = midnight + ((local - midnight) // step) * step
        booked[key] = booked.get(key, 0) + 1
    result: dict[date, list[SlotRow]] = {}
    for offset in range(days):
        day = first_day + timedelta(days=offset)
        last_week = _copies(day, slots)
        rows = []
        at = _midnight(day)
        day_end = _midnight(day + timedelta(days=1))
        while at < day_end:
            key = at.astimezone(LOCAL_TZ)
            capacity = set_here.get(key)
            copied = capacity is None and key in last_week
            rows.append(
                SlotRow(
                    key, capacity if capacity is not None else last_week.get(key), copied, booked.get(key, 0)
                )
            )
            at += step
        result[day] = rows
    return result


def slot_rows(*, centre: HotlineCentre, day: date) -> list[SlotRow]:
    """Every slot of one local day (see slot_days)."""
    return slot_days(centre=centre, first_day=day, days=1)[day]


def online_slot_refusal(*, starts_at: datetime, now: datetime, spans: list[Span]) -> str:
    """Why the public may not book the slot starting at `starts_at` (X2), room apart; "" when it may: more than two
    hours ahead, within BOOKING_DAYS, inside the staffed hours (B2). One rule for the list and the booking."""
    if starts_at <= now + BOOKING_LEAD:
        return "只能预约两小时以后的时段。"
    if starts_at >= now + timedelta(days=BOOKING_DAYS):
        return f"只能预约 {BOOKING_DAYS} 天内的时段。"
    if not hours_open_at(spans, starts_at):
        return "该时段不在人工服务时间内，请另选时段。"
    return ""


def online_slot_days(*, centre: HotlineCentre, now: datetime) -> list[tuple[date, list[SlotRow]]]:
    """The slots the public may book (online_slot_refusal) that have room; days without one are left out."""
    spans = hours_spans(centre=centre)
    days = slot_days(centre=centre, first_day=clock.to_local(now).date(), days=BOOKING_DAYS + 1)
    offered = []
    for day, rows in days.items():
        free = [
            r
            for r in rows
            if r.has_room and not online_slot_refusal(starts_at=r.starts_at, now=now, spans=spans)
        ]
        if free:
            offered.append((day, free))
    return offered


def online_centre_list() -> list[HotlineCentre]:
    """Every 12348 centre, for the public to choose from (names only: nothing personal)."""
    return list(HotlineCentre.objects.select_related("site__region").order_by("code"))


def online_centre_by_id(*, centres: list[HotlineCentre], centre_id: object) -> HotlineCentre | None:
    """The centre of `online_centre_list` the caller named (a form or query value), if it is one."""
    return next((c for c in centres if str(c.pk) == str(centre_id)), None)


def online_centre_for(*, user: User, centres: list[HotlineCentre]) -> HotlineCentre | None:
    """The centre serving the citizen's registered region (the deepest one whose site's region contains it),
    else the first centre."""
    person = Person.objects.filter(user=user).select_related("region").first()
    code = person.region.code if person is not None and person.region is not None else ""
    covering = [c for c in centres if code.startswith(c.site.region.prefix)]
    covering.sort(key=lambda c: len(c.site.region.prefix), reverse=True)
    ranked = covering or centres
    return ranked[0] if ranked else None


def online_booking_list(*, user: User) -> QuerySet[Callback]:
    """The callbacks a citizen booked on the web, newest first (their own: no other scope to check)."""
    return (
        Callback.objects.filter(created_by=user, booked_online=True)
        .select_related("centre__site")
        .order_by("-window_start")
    )


def online_booking_open(*, user: User) -> Callback | None:
    return (
        online_booking_list(user=user)
        .filter(status__in=[CallbackStatus.OPEN, CallbackStatus.CLAIMED])
        .first()
    )


def callback_list_by_phone(*, phone: str) -> QuerySet[Callback]:
    """Callbacks booked for a number (the number is encrypted, M3: matched by its blind index)."""
    value = phone.strip()
    if not value:
        return Callback.objects.none()
    return Callback.objects.filter(phone_bidx__in=blind_index_candidates(value)).order_by("-window_end")
