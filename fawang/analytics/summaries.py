"""Summary tables behind fast indicators at province scale (issue 7 §8; ADR 0072; X9, K10).

Three derived tables, all rebuildable from the case, rating and call tables:

* CaseMonthStat — cases by local month of submission and county, counted along one dimension at a time
  (all, channel, service type, category, township): the volume indicators. The same table holds monthly counts
  of finished cases (closed, rated), mediation outcomes, ratings (by grade and hotline or not) and calls offered
  in staffed hours (answered or not): the participation, satisfaction and answer-rate indicators.
* ClockMonthStat — statutory clocks stopped in a local month, by county, rule, state and whether the case
  reached the step that completes the rule (COMPLETING): the on-time indicators.
* GrantFact — one row per legal-aid grant: grants and distinct recipients over any period.

**Kept current from the event log.** Every change to a case writes a CaseEvent (STYLE §4), so before each read
`summaries_sync` looks at the events after its watermark, recomputes the months those cases touch (their
submission months and their clocks' stop months, every county) and their grant facts, and moves the watermark.
Ratings and calls have watermarks of their own: a new rating (its month and its case's closing month) and a new
call event (the months of the call's events) mark months the same way. A rating's counted fields never change
after it is written; the one later change, voiding on appeal (H5), is subtracted when read (few rows, an index).
Rows committed out of id order are caught by remembering the ids missing below the watermark (the last
SYNC_OVERLAP ids) and looking at just those again at the next sync; the nightly
`analytics_refresh --full` is the backstop. A big backlog (a bulk load) triggers a full rebuild instead, which on
PostgreSQL runs the statements of pg_rebuild.py. What each dimension counts is declared in dimensions.py.

**Used only where exact.** `SummarySource` answers an indicator only for scopes at county level or above; whole
months come from the tables and the partial months at either end of the period from the raw rows (the reference
measure of supervision/measures.py), so a number never depends on which path produced it. Tests and
`analytics_verify` compare both paths on every covered indicator.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from typing import Any

from django.db import connection, models, transaction
from django.db.models import BooleanField, CharField, Count, Exists, Max, OuterRef, Q, QuerySet, Value, When
from django.db.models import Case as SqlCase
from django.db.models.functions import Substr, TruncMonth

from fawang.analytics.dimensions import (
    CALL_ANSWERED,
    CALL_DIM,
    CALL_UNANSWERED,
    CASE_DIMS,
    COMPLETING,
    FINISHED_DIM,
    MEDIATION_DIM,
    RATED_DIM,
    RATING_DIM,
    rating_key,
)
from fawang.analytics.models import CaseMonthStat, ClockMonthStat, GrantFact, SummaryState
from fawang.analytics.pg_rebuild import pg_rebuild_statements
from fawang.cases.deadlines import LOCAL_TZ
from fawang.cases.models import Case, CaseDeadline, CaseEvent, ClockState
from fawang.cases.states import ServiceType, Status
from fawang.core import clock
from fawang.evaluation.models import Rating
from fawang.hotline.models import Call, CallEvent
from fawang.supervision.measures import HOTLINE_RATING, MEDIATION_ENDS

SYNC_OVERLAP = 500  # ids missing this close below the newest one are looked at again (late commits)
FULL_REBUILD_AT = 20_000  # touched cases above which a full rebuild is cheaper than month-by-month
SUMMARY_MAX_PREFIX = 6  # county level and above
# Bump when the summaries gain or change a dimension: the next sync then rebuilds them in full.
SUMMARY_LAYOUT = 2


def month_start(day: date) -> date:
    return day.replace(day=1)


def month_next(month: date) -> date:
    return (month + timedelta(days=32)).replace(day=1)


def _local(moment: date) -> datetime:
    return datetime.combine(moment, time.min, tzinfo=LOCAL_TZ)


def _months_q(field: str, months: Iterable[date] | None) -> Q:
    if months is None:
        return Q()
    q = Q(pk__in=[])
    for month in sorted(set(months)):
        q |= Q(**{f"{field}__gte": _local(month), f"{field}__lt": _local(month_next(month))})
    return q


def _as_month(value: datetime | date) -> date:
    if isinstance(value, datetime):
        return value.astimezone(LOCAL_TZ).date().replace(day=1)
    return value.replace(day=1)


# --- rebuilding -------------------------------------------------------------------------------------------


def _case_stats(months: Iterable[date] | None) -> list[CaseMonthStat]:
    base = Case.objects.filter(_months_q("submitted_at", months)).annotate(
        m=TruncMonth("submitted_at", tzinfo=LOCAL_TZ), county=Substr("region__code", 1, 6)
    )
    rows: list[CaseMonthStat] = []
    for dim, field in CASE_DIMS.items():
        qs: QuerySet[Case] = base
        if dim == "all":
            qs = qs.annotate(k=Value(""))
        elif dim == "township":
            qs = qs.annotate(k=Substr("region__code", 1, 9))
        else:
            qs = qs.annotate(k=Substr(field, 1, 20))
        for r in qs.values("m", "county", "k").annotate(n=Count("pk")).order_by():
            rows.append(
                CaseMonthStat(
                    month=_as_month(r["m"]), county=r["county"], dim=dim, key=r["k"] or "", n=r["n"]
                )
            )
    ends = (
        CaseEvent.objects.filter(
            _months_q("at", months), action__in=MEDIATION_ENDS, case__service_type=ServiceType.MEDIATION
        )
        .annotate(m=TruncMonth("at", tzinfo=LOCAL_TZ), county=Substr("case__region__code", 1, 6))
        .values("m", "county", "action")
        .annotate(n=Count("pk"))
        .order_by()
    )
    for e in ends:
        rows.append(
            CaseMonthStat(
                month=_as_month(e["m"]), county=e["county"], dim=MEDIATION_DIM, key=e["action"], n=e["n"]
            )
        )
    return rows + _finished_stats(months) + _rating_stats(months) + _call_stats(months)


def _finished_stats(months: Iterable[date] | None) -> list[CaseMonthStat]:
    rows = (
        Case.objects.filter(_months_q("closed_at", months), closed_at__isnull=False)
        .exclude(status=Status.WITHDRAWN)
        .annotate(
            m=TruncMonth("closed_at", tzinfo=LOCAL_TZ),
            county=Substr("region__code", 1, 6),
            rated=Exists(Rating.objects.filter(case_id=OuterRef("pk"))),
        )
        .values("m", "county", "rated")
        .annotate(n=Count("pk"))
        .order_by()
    )
    counts: Counter[tuple[str, str, date]] = Counter()  # (dim, county, month)
    for r in rows:
        place = (r["county"], _as_month(r["m"]))
        counts[(FINISHED_DIM, *place)] += r["n"]
        if r["rated"]:
            counts[(RATED_DIM, *place)] += r["n"]
    return [
        CaseMonthStat(month=month, county=county, dim=dim, key="", n=n)
        for (dim, county, month), n in counts.items()
    ]


def hotline_rating_flag() -> SqlCase:
    """True for a rating of a hotline service (supervision/measures.py HOTLINE_RATING), as an annotation."""
    return SqlCase(When(HOTLINE_RATING, then=Value(True)), default=Value(False), output_field=BooleanField())


def _rating_stats(months: Iterable[date] | None) -> list[CaseMonthStat]:
    rows = (
        Rating.objects.filter(_months_q("rated_at", months))
        .annotate(
            m=TruncMonth("rated_at", tzinfo=LOCAL_TZ),
            county=Substr("region__code", 1, 6),
            hot=hotline_rating_flag(),
        )
        .values("m", "county", "grade", "hot")
        .annotate(n=Count("pk"))
        .order_by()
    )
    return [
        CaseMonthStat(
            month=_as_month(r["m"]),
            county=r["county"],
            dim=RATING_DIM,
            key=rating_key(r["grade"], bool(r["hot"])),
            n=r["n"],
        )
        for r in rows
    ]


def _call_stats(months: Iterable[date] | None) -> list[CaseMonthStat]:
    answered = SqlCase(
        When(answered_at__isnull=False, then=Value(CALL_ANSWERED)),
        default=Value(CALL_UNANSWERED),
        output_field=CharField(),
    )
    rows = (
        Call.objects.filter(_months_q("offered_at", months), out_of_hours=False)
        .annotate(
            m=TruncMonth("offered_at", tzinfo=LOCAL_TZ),
            county=Substr("centre__site__region__code", 1, 6),
            k=answered,
        )
        .values("m", "county", "k")
        .annotate(n=Count("pk"))
        .order_by()
    )
    return [
        CaseMonthStat(month=_as_month(r["m"]), county=r["county"], dim=CALL_DIM, key=r["k"], n=r["n"])
        for r in rows
    ]


def _completed_expression() -> SqlCase:
    # `case_id IN (subquery)` rather than a correlated EXISTS: PostgreSQL hashes the subquery once.
    whens = [
        When(
            Q(rule_code=rule) & Q(case_id__in=CaseEvent.objects.filter(action__in=actions).values("case_id")),
            then=Value(True),
        )
        for rule, actions in COMPLETING.items()
    ]
    return SqlCase(*whens, default=Value(False), output_field=BooleanField())


def _clock_stats(months: Iterable[date] | None) -> list[ClockMonthStat]:
    rows = (
        CaseDeadline.objects.filter(state__in=[ClockState.MET, ClockState.BREACHED], stopped_at__isnull=False)
        .filter(_months_q("stopped_at", months))
        .annotate(
            m=TruncMonth("stopped_at", tzinfo=LOCAL_TZ),
            county=Substr("case__region__code", 1, 6),
            done=_completed_expression(),
        )
        .values("m", "county", "rule_code", "state", "done")
        .annotate(n=Count("pk"))
        .order_by()
    )
    return [
        ClockMonthStat(
            month=_as_month(r["m"]),
            county=r["county"],
            rule_code=r["rule_code"],
            state=r["state"],
            completed=bool(r["done"]),
            n=r["n"],
        )
        for r in rows
    ]


def _grant_facts(case_ids: list[int] | None) -> list[GrantFact]:
    events = CaseEvent.objects.filter(action="grant", case__service_type=ServiceType.LEGAL_AID)
    if case_ids is not None:
        events = events.filter(case_id__in=case_ids)
    seen: set[int] = set()
    facts = []
    for case_id, at, code, requester in events.order_by("case_id", "at", "id").values_list(
        "case_id", "at", "case__region__code", "case__requester_id"
    ):
        if case_id in seen:
            continue
        seen.add(case_id)
        facts.append(GrantFact(case_id=case_id, at=at, county=code[:6], requester_id=requester))
    return facts


def _rewrite_months(case_months: set[date] | None, clock_months: set[date] | None) -> None:
    if case_months is None:
        CaseMonthStat.objects.all().delete()
    elif case_months:
        CaseMonthStat.objects.filter(month__in=case_months).delete()
    if case_months is None or case_months:
        CaseMonthStat.objects.bulk_create(_case_stats(case_months), batch_size=5000)
    if clock_months is None:
        ClockMonthStat.objects.all().delete()
    elif clock_months:
        ClockMonthStat.objects.filter(month__in=clock_months).delete()
    if clock_months is None or clock_months:
        ClockMonthStat.objects.bulk_create(_clock_stats(clock_months), batch_size=5000)


def _gaps(state: SummaryState) -> list[tuple[type[models.Model], list[int]]]:
    gaps = state.gaps or {}
    return [
        (CaseEvent, gaps.get("events", [])),
        (Rating, gaps.get("ratings", [])),
        (CallEvent, gaps.get("calls", [])),
    ]


def _new_rows(
    model: type[models.Model], fields: tuple[str, ...], *, watermark: int, top: int, gaps: list[int]
) -> tuple[list[tuple[Any, ...]], list[int]]:
    """The rows added since the last sync (their `fields`), and the ids still missing just below the top.

    An id is taken when a transaction inserts and the row becomes visible when it commits, so a row may appear
    below the watermark after a sync has passed it (a concurrent transaction committing late), or never (a
    rollback). The ids missing among the last SYNC_OVERLAP are kept and only they are looked at again: a row is
    counted once, not at every sync that follows it."""
    rows = list(
        model._default_manager.filter(Q(id__gt=watermark, id__lte=top) | Q(id__in=gaps)).values_list(
            "id", *fields
        )
    )
    seen = {row[0] for row in rows}
    floor = top - SYNC_OVERLAP
    window = range(max(watermark, floor) + 1, top + 1)
    missing = sorted({i for i in (*gaps, *window) if i > floor and i not in seen})
    return [row[1:] for row in rows], missing


@dataclass(frozen=True)
class _Tops:
    """The newest ids of the three logs the summaries follow."""

    events: int
    ratings: int
    calls: int

    @classmethod
    def read(cls) -> _Tops:
        return cls(
            events=CaseEvent.objects.aggregate(top=Max("id"))["top"] or 0,
            ratings=Rating.objects.aggregate(top=Max("id"))["top"] or 0,
            calls=CallEvent.objects.aggregate(top=Max("id"))["top"] or 0,
        )

    def seen_by(self, state: SummaryState) -> bool:
        """Nothing new since the state was written: no id above a watermark, and no missing id has appeared."""
        if not (
            state.layout == SUMMARY_LAYOUT
            and self.events <= state.event_watermark
            and self.ratings <= state.rating_watermark
            and self.calls <= state.call_watermark
        ):
            return False
        return not any(
            model._default_manager.filter(id__in=ids).exists() for model, ids in _gaps(state) if ids
        )

    def store(self, state: SummaryState) -> None:
        state.event_watermark, state.rating_watermark, state.call_watermark = (
            self.events,
            self.ratings,
            self.calls,
        )


@dataclass(frozen=True)
class SyncResult:
    full: bool
    touched_cases: int
    case_months: int
    clock_months: int
    watermark: int


def _state_locked() -> SummaryState:
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            # Room for the hashed `case_id IN (...)` of _completed_expression; without it PostgreSQL rescans.
            cursor.execute("SET LOCAL work_mem = '256MB'")
    SummaryState.objects.get_or_create(id=1)
    return SummaryState.objects.select_for_update().get(id=1)


@transaction.atomic
def summaries_rebuild() -> SyncResult:
    """Rebuild every summary from the raw rows (analytics_refresh --full; after a bulk load)."""
    state = _state_locked()
    tops = _Tops.read()
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            for statement in pg_rebuild_statements():
                cursor.execute(statement)
    else:
        _rewrite_months(None, None)
        GrantFact.objects.all().delete()
        GrantFact.objects.bulk_create(_grant_facts(None), batch_size=5000)
    tops.store(state)
    state.gaps = {
        key: _new_rows(model, (), watermark=top - SYNC_OVERLAP, top=top, gaps=[])[1]
        for key, model, top in (
            ("events", CaseEvent, tops.events),
            ("ratings", Rating, tops.ratings),
            ("calls", CallEvent, tops.calls),
        )
    }
    state.layout = SUMMARY_LAYOUT
    state.full_rebuilds += 1
    state.save()
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            for table in ("analytics_casemonthstat", "analytics_clockmonthstat", "analytics_grantfact"):
                cursor.execute(f"ANALYZE {table}")
    return SyncResult(True, -1, -1, -1, tops.events)


@transaction.atomic
def summaries_sync() -> SyncResult:
    """Bring the summaries up to the latest CaseEvent, Rating and CallEvent (cheap when nothing changed: three
    indexed MAX queries, and a probe of the missing ids when there are any)."""
    tops = _Tops.read()
    state = SummaryState.objects.filter(id=1).first()
    if state is not None and tops.seen_by(state):
        return SyncResult(False, 0, 0, 0, state.event_watermark)
    state = _state_locked()
    if tops.seen_by(state):
        return SyncResult(False, 0, 0, 0, state.event_watermark)
    if state.layout != SUMMARY_LAYOUT or state.event_watermark == 0:
        return summaries_rebuild()
    gaps = state.gaps or {}
    events, event_gaps = _new_rows(
        CaseEvent,
        ("case_id",),
        watermark=state.event_watermark,
        top=tops.events,
        gaps=gaps.get("events", []),
    )
    rated, rating_gaps = _new_rows(
        Rating,
        ("rated_at", "case_id"),
        watermark=state.rating_watermark,
        top=tops.ratings,
        gaps=gaps.get("ratings", []),
    )
    calls, call_gaps = _new_rows(
        CallEvent, ("call_ref",), watermark=state.call_watermark, top=tops.calls, gaps=gaps.get("calls", [])
    )
    touched = sorted({case_id for (case_id,) in events})
    call_refs = sorted({ref for (ref,) in calls})
    if len(touched) + len(rated) + len(call_refs) > FULL_REBUILD_AT:
        return summaries_rebuild()
    case_months = {_as_month(at) for at, _ in rated} | _call_months(call_refs)
    # A new rating changes the rated-finished count of its case's closing month: recount that case's months.
    counted = set(touched) | {case_id for _, case_id in rated}
    for submitted, closed in Case.objects.filter(pk__in=counted).values_list("submitted_at", "closed_at"):
        case_months.add(_as_month(submitted))
        if closed is not None:  # the finished dimensions count cases by their closing month
            case_months.add(_as_month(closed))
    for at in CaseEvent.objects.filter(case_id__in=touched, action__in=MEDIATION_ENDS).values_list(
        "at", flat=True
    ):
        case_months.add(_as_month(at))  # the mediation dimension counts concluding events by their month
    clock_months = {
        _as_month(at)
        for at in CaseDeadline.objects.filter(case_id__in=touched, stopped_at__isnull=False).values_list(
            "stopped_at", flat=True
        )
        if at is not None
    }
    _rewrite_months(case_months, clock_months)
    GrantFact.objects.filter(case_id__in=touched).delete()
    GrantFact.objects.bulk_create(_grant_facts(touched), batch_size=5000)
    tops.store(state)
    state.gaps = {"events": event_gaps, "ratings": rating_gaps, "calls": call_gaps}
    state.refreshed_at = clock.now()
    state.save(
        update_fields=["event_watermark", "rating_watermark", "call_watermark", "gaps", "refreshed_at"]
    )
    return SyncResult(False, len(counted), len(case_months), len(clock_months), tops.events)


def _call_months(call_refs: list[str]) -> set[date]:
    """The months a call may be counted in: its offer time comes from its earliest event (hotline/fold.py), which
    a late event can move, so every month one of its events falls in, and the month it is counted in now."""
    if not call_refs:
        return set()
    events = CallEvent.objects.filter(call_ref__in=call_refs).values_list("occurred_at", flat=True)
    offered = Call.objects.filter(call_ref__in=call_refs).values_list("offered_at", flat=True)
    return {_as_month(at) for at in (*events, *offered)}


# --- reading ----------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Split:
    """A period cut into whole local months (from the summaries) and the partial days at either end (raw)."""

    months: list[date]
    edges: list[tuple[date, date]]


def period_split(date_from: date, date_to: date) -> Split:
    months: list[date] = []
    edges: list[tuple[date, date]] = []
    first_full = date_from if date_from.day == 1 else month_next(date_from)
    if first_full > date_to:
        return Split([], [(date_from, date_to)])
    if first_full > date_from:
        edges.append((date_from, first_full - timedelta(days=1)))
    month = first_full
    while month_next(month) - timedelta(days=1) <= date_to:
        months.append(month)
        month = month_next(month)
    if month <= date_to:
        edges.append((month, date_to))
    return Split(months, edges)


def case_counts(*, prefix: str, months: list[date], dim: str) -> Counter[str]:
    """Summed counts of one dimension over whole months, for a county-or-above prefix."""
    counts: Counter[str] = Counter()
    if not months:
        return counts
    rows = CaseMonthStat.objects.filter(dim=dim, month__in=months, county__startswith=prefix)
    for key, n in rows.values_list("key", "n"):
        counts[key] += n
    return counts


def case_counts_by(
    *, prefix: str, months: list[date], dim: str, key_of: Callable[[str, str, date], str]
) -> Counter[str]:
    counts: Counter[str] = Counter()
    if not months:
        return counts
    rows = CaseMonthStat.objects.filter(dim=dim, month__in=months, county__startswith=prefix)
    for county, key, month, n in rows.values_list("county", "key", "month", "n"):
        counts[key_of(county, key, month)] += n
    return counts


def clock_counts(
    *, prefix: str, months: list[date], rule_code: str | None, completed_only: bool
) -> tuple[int, int]:
    """(met, total) of clocks stopped in whole months."""
    if not months:
        return 0, 0
    rows = ClockMonthStat.objects.filter(month__in=months, county__startswith=prefix)
    if rule_code is not None:
        rows = rows.filter(rule_code=rule_code)
    if completed_only:
        rows = rows.filter(completed=True)
    met = total = 0
    for state, n in rows.values_list("state", "n"):
        total += n
        if state == ClockState.MET:
            met += n
    return met, total


def grants(*, prefix: str, date_from: date, date_to: date) -> QuerySet[GrantFact]:
    return GrantFact.objects.filter(
        county__startswith=prefix, at__gte=_local(date_from), at__lt=_local(date_to + timedelta(days=1))
    )


def summary_source_install() -> None:
    """Register the summary source with the indicator registry when that registry is installed."""
    try:
        from fawang.supervision.indicators import indicator_source_register
    except ImportError:  # pragma: no cover - the registry ships with the supervision app
        return
    from fawang.analytics.source import SOURCE

    indicator_source_register(SOURCE)
