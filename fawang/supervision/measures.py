"""Raw-row measurements: the reference implementation of every indicator (X9: reviewed queries, one place).

Each function takes a Scope and returns a Measurement (counts only; indicators.py turns counts into rates,
scales and targets). A faster source (summary tables) may replace any of them through indicators.py's
`indicator_source_register`, and must return the same counts; tests compare the two.
Each `*_cases` function returns the 工单 behind the number, for drill-down (K2).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Count, Exists, F, OuterRef, Q, QuerySet, Sum
from django.db.models.functions import Substr, TruncMonth

from fawang.cases.deadlines import LOCAL_TZ
from fawang.cases.models import Case, CaseDeadline, CaseEvent, ClockState
from fawang.cases.states import Channel, ServiceType, Status
from fawang.core import clock
from fawang.directory.models import Practitioner, PractitionerKind, Site, SiteKind, VillageAdviserAssignment
from fawang.education.models import EducationEvent, EventAttendance
from fawang.evaluation.models import (
    FINISHED_RECTIFICATION_STATES,
    Grade,
    Rating,
    RatingChannel,
    RatingState,
    Rectification,
    RectificationState,
)
from fawang.regions.models import PREFIX_LENGTH, Region, RegionLevel
from fawang.supervision.models import SurveyResponse
from fawang.supervision.periods import Scope


@dataclass(frozen=True)
class Measurement:
    """Counts behind one indicator value. `breakdown` is ((key, count), ...) for volume tables."""

    numerator: int | None = None
    denominator: int | None = None
    breakdown: tuple[tuple[str, int], ...] = field(default=())
    available: bool = True
    reason: str = ""


def unavailable(reason: str) -> Measurement:
    return Measurement(available=False, reason=reason)


# --- shared filters -----------------------------------------------------------------------------------------


def cases_submitted(scope: Scope) -> QuerySet[Case]:
    return Case.objects.filter(
        region__code__startswith=scope.prefix, submitted_at__gte=scope.start, submitted_at__lt=scope.end
    )


def _breakdown(rows: Iterable[Mapping[str, Any]], key: str) -> tuple[tuple[str, int], ...]:
    pairs = [(str(row[key] or ""), int(row["n"])) for row in rows]
    return tuple(sorted(pairs, key=lambda p: (-p[1], p[0])))


def _grouped(scope: Scope, field_name: str) -> Measurement:
    rows = cases_submitted(scope).values(field_name).annotate(n=Count("pk")).order_by()
    pairs = _breakdown(rows, field_name)
    return Measurement(numerator=sum(n for _, n in pairs), breakdown=pairs)


# --- volumes (K2, K1) ---------------------------------------------------------------------------------------


def volume_total(scope: Scope) -> Measurement:
    return Measurement(numerator=cases_submitted(scope).count())


def volume_by_channel(scope: Scope) -> Measurement:
    return _grouped(scope, "channel")


def volume_by_service(scope: Scope) -> Measurement:
    return _grouped(scope, "service_type")


def volume_by_category(scope: Scope) -> Measurement:
    return _grouped(scope, "category")


def child_prefix_length(region: Region) -> int:
    level = region.level if region.level == RegionLevel.VILLAGE else region.level + 1
    return PREFIX_LENGTH[RegionLevel(level)]


def volume_by_region(scope: Scope) -> Measurement:
    """Grouped by the child region (the next level down) the 工单 belongs to; keys are child region codes."""
    length = child_prefix_length(scope.region)
    rows = (
        cases_submitted(scope)
        .annotate(part=Substr("region__code", 1, length))
        .values("part")
        .annotate(n=Count("pk"))
        .order_by()
    )
    pairs = tuple((str(p).ljust(12, "0"), n) for p, n in _breakdown(rows, "part"))
    return Measurement(numerator=sum(n for _, n in pairs), breakdown=pairs)


def volume_by_month(scope: Scope) -> Measurement:
    rows = (
        cases_submitted(scope)
        .annotate(month=TruncMonth("submitted_at", tzinfo=LOCAL_TZ))
        .values("month")
        .annotate(n=Count("pk"))
        .order_by("month")
    )
    pairs = tuple((row["month"].astimezone(LOCAL_TZ).strftime("%Y-%m"), int(row["n"])) for row in rows)
    return Measurement(numerator=sum(n for _, n in pairs), breakdown=pairs)


# --- statutory clocks (C5, D6, E5, F6, K2) ------------------------------------------------------------------


def _clocks(
    scope: Scope, rule_code: str | None, completing_actions: tuple[str, ...]
) -> QuerySet[CaseDeadline]:
    rows = CaseDeadline.objects.filter(
        state__in=[ClockState.MET, ClockState.BREACHED],
        stopped_at__gte=scope.start,
        stopped_at__lt=scope.end,
        case__region__code__startswith=scope.prefix,
    )
    if rule_code is not None:
        rows = rows.filter(rule_code=rule_code)
    if completing_actions:
        rows = rows.filter(
            Exists(CaseEvent.objects.filter(case_id=OuterRef("case_id"), action__in=completing_actions))
        )
    return rows


def _clock_share(scope: Scope, rule_code: str | None, actions: tuple[str, ...]) -> Measurement:
    counts = _clocks(scope, rule_code, actions).aggregate(
        total=Count("pk"), met=Count("pk", filter=Q(state=ClockState.MET))
    )
    return Measurement(numerator=counts["met"], denominator=counts["total"])


def clock_cases(
    scope: Scope, rule_code: str | None, actions: tuple[str, ...], key: str | None
) -> QuerySet[Case]:
    rows = _clocks(scope, rule_code, actions)
    if key == "met":
        rows = rows.filter(state=ClockState.MET)
    elif key == "breached":
        rows = rows.filter(state=ClockState.BREACHED)
    return Case.objects.filter(pk__in=rows.values("case_id"))


def legal_aid_decided_in_time(scope: Scope) -> Measurement:
    return _clock_share(scope, "legal_aid.review", ("grant", "refuse"))


def legal_aid_assigned_in_time(scope: Scope) -> Measurement:
    return _clock_share(scope, "legal_aid.assign", ("assign",))


def mediation_within_month(scope: Scope) -> Measurement:
    return _clock_share(scope, "mediation.conclude", ("resolve",))


def notary_on_time(scope: Scope) -> Measurement:
    return _clock_share(scope, "notary.issue", ("resolve",))


def appraisal_on_time(scope: Scope) -> Measurement:
    return _clock_share(scope, "appraisal.complete", ("resolve",))


def complaint_replied_in_time(scope: Scope) -> Measurement:
    return _clock_share(scope, "complaint.reply", ("reply",))


def deadline_compliance(scope: Scope) -> Measurement:
    return _clock_share(scope, None, ())


# --- legal aid volume and reach (H7, K1) --------------------------------------------------------------------


def _granted_events(scope: Scope) -> QuerySet[CaseEvent]:
    return CaseEvent.objects.filter(
        action="grant",
        case__service_type=ServiceType.LEGAL_AID,
        at__gte=scope.start,
        at__lt=scope.end,
        case__region__code__startswith=scope.prefix,
    )


def granted_cases(scope: Scope) -> QuerySet[Case]:
    return Case.objects.filter(pk__in=_granted_events(scope).values("case_id"))


def legal_aid_granted(scope: Scope) -> Measurement:
    return Measurement(numerator=granted_cases(scope).count())


def region_population(region: Region) -> int:
    """The node's population if recorded, else the sum over its nearest descendants that have one."""
    if region.population:
        return int(region.population)
    total = 0
    covered: list[str] = []
    rows = (
        Region.objects.filter(code__startswith=region.prefix, population__gt=0)
        .order_by("level", "code")
        .values_list("code", "level", "population")
    )
    for code, level, population in rows:
        prefix = code[: PREFIX_LENGTH[RegionLevel(level)]]
        if any(prefix.startswith(c) for c in covered):
            continue
        covered.append(prefix)
        total += int(population)
    return total


def legal_aid_recipients(scope: Scope) -> Measurement:
    """Distinct people granted aid in the period; a grant without a recorded requester counts once."""
    cases = granted_cases(scope)
    people = cases.filter(requester__isnull=False).values("requester_id").distinct().count()
    anonymous = cases.filter(requester__isnull=True).count()
    return Measurement(numerator=people + anonymous, denominator=region_population(scope.region))


# --- ratings and rectification (H1-H7, B3, B4) --------------------------------------------------------------


def ratings(scope: Scope, state: str = RatingState.VALID) -> QuerySet[Rating]:
    """Ratings given in the scope (valid ones unless told otherwise)."""
    return Rating.objects.filter(
        state=state,
        region__code__startswith=scope.prefix,
        rated_at__gte=scope.start,
        rated_at__lt=scope.end,
    )


def _rating_share(rows: QuerySet[Rating]) -> Measurement:
    counts = rows.aggregate(total=Count("pk"), good=Count("pk", filter=Q(grade=Grade.GOOD)))
    return Measurement(numerator=counts["good"], denominator=counts["total"])


# A rating of a hotline service: the matter came in by phone, or the caller rated the call itself after it (B4).
HOTLINE_CASE_CHANNELS = (Channel.HOTLINE.value, Channel.HOTLINE_12345.value)
HOTLINE_RATING = Q(case_channel__in=HOTLINE_CASE_CHANNELS) | Q(channel=RatingChannel.HOTLINE_IVR)


def rating_satisfaction(scope: Scope) -> Measurement:
    return _rating_share(ratings(scope))


def hotline_satisfaction(scope: Scope) -> Measurement:
    return _rating_share(ratings(scope).filter(HOTLINE_RATING))


def rating_bad(scope: Scope) -> Measurement:
    return Measurement(numerator=ratings(scope).filter(grade=Grade.BAD).count())


def rating_cases(scope: Scope, key: str | None, hotline: bool = False) -> QuerySet[Case]:
    rows = ratings(scope)
    if hotline:
        rows = rows.filter(HOTLINE_RATING)
    if key in Grade.values:
        rows = rows.filter(grade=key)
    return Case.objects.filter(pk__in=rows.values("case_id"))


def finished_cases(scope: Scope) -> QuerySet[Case]:
    return Case.objects.filter(
        region__code__startswith=scope.prefix,
        closed_at__gte=scope.start,
        closed_at__lt=scope.end,
    ).exclude(status=Status.WITHDRAWN)


def finished_rated_only_voided(scope: Scope) -> int:
    """Finished cases whose every rating was voided (H5), found from the few voided ratings: the monthly summaries
    count a case as rated when it has any rating, and subtract these (analytics/source.py)."""
    return (
        Rating.objects.filter(
            state=RatingState.VOIDED,
            case__region__code__startswith=scope.prefix,
            case__closed_at__gte=scope.start,
            case__closed_at__lt=scope.end,
        )
        .exclude(case__status=Status.WITHDRAWN)
        .exclude(Exists(Rating.objects.filter(case_id=OuterRef("case_id"), state=RatingState.VALID)))
        .values("case_id")
        .distinct()
        .count()
    )


def rating_participation(scope: Scope) -> Measurement:
    cases = finished_cases(scope)
    rated = cases.filter(Exists(Rating.objects.filter(case_id=OuterRef("pk"), state=RatingState.VALID)))
    return Measurement(numerator=rated.count(), denominator=cases.count())


def _rectification_cohort(scope: Scope) -> QuerySet[Rectification]:
    """Rectifications that came due in the period, less those still open and not yet due (undecided)."""
    now = clock.now()
    return Rectification.objects.filter(
        region__code__startswith=scope.prefix,
        effective_due_at__gt=scope.start,
        effective_due_at__lte=scope.end,
    ).exclude(~Q(state__in=FINISHED_RECTIFICATION_STATES) & Q(effective_due_at__gt=now))


def rectification_on_time(scope: Scope) -> Measurement:
    rows = _rectification_cohort(scope)
    on_time = rows.filter(state__in=FINISHED_RECTIFICATION_STATES, finished_at__lte=F("effective_due_at"))
    return Measurement(numerator=on_time.count(), denominator=rows.count())


def rectification_cases(scope: Scope, key: str | None) -> QuerySet[Case]:
    rows = _rectification_cohort(scope)
    if key == "late":
        rows = rows.exclude(state__in=FINISHED_RECTIFICATION_STATES, finished_at__lte=F("effective_due_at"))
    return Case.objects.filter(pk__in=rows.values("case_id"))


def rectification_followed_up(scope: Scope) -> Measurement:
    """H4: closed real-name rectifications whose rater was reached and rated the fix."""
    rows = Rectification.objects.filter(
        region__code__startswith=scope.prefix,
        state=RectificationState.CLOSED,
        finished_at__gte=scope.start,
        finished_at__lt=scope.end,
        real_name=True,
    )
    done = rows.filter(rater_reached=True, rerating_level__isnull=False)
    return Measurement(numerator=done.count(), denominator=rows.count())


# --- network coverage and resources (K1, K4, O4) ------------------------------------------------------------


def _regions_at(scope: Scope, level: RegionLevel) -> QuerySet[Region]:
    return Region.objects.filter(code__startswith=scope.prefix, level=level)


def township_station_coverage(scope: Scope) -> Measurement:
    townships = _regions_at(scope, RegionLevel.TOWNSHIP)
    with_station = townships.filter(
        Exists(Site.objects.filter(region_id=OuterRef("pk"), kind=SiteKind.STATION))
    )
    return Measurement(numerator=with_station.count(), denominator=townships.count())


def village_adviser_coverage(scope: Scope) -> Measurement:
    villages = _regions_at(scope, RegionLevel.VILLAGE)
    active = VillageAdviserAssignment.objects.filter(
        village_id=OuterRef("pk"), valid_from__lte=scope.date_to
    ).filter(Q(valid_to__isnull=True) | Q(valid_to__gte=scope.date_to))
    return Measurement(numerator=villages.filter(Exists(active)).count(), denominator=villages.count())


def _practitioners(scope: Scope, kind: str | None) -> int:
    rows = Practitioner.objects.filter(active=True, institution__region__code__startswith=scope.prefix)
    if kind is not None:
        rows = rows.filter(kind=kind)
    return rows.count()


def lawyers_per_10k(scope: Scope) -> Measurement:
    return Measurement(
        numerator=_practitioners(scope, PractitionerKind.LAWYER), denominator=region_population(scope.region)
    )


def practitioners_per_10k(scope: Scope) -> Measurement:
    return Measurement(numerator=_practitioners(scope, None), denominator=region_population(scope.region))


# --- surveys: the awareness, first-choice and satisfaction triad (H7, K1) ------------------------------------


def _survey(scope: Scope) -> QuerySet[SurveyResponse]:
    return SurveyResponse.objects.filter(
        region__code__startswith=scope.prefix,
        responded_on__gte=scope.date_from,
        responded_on__lte=scope.date_to,
    )


def survey_awareness(scope: Scope) -> Measurement:
    rows = _survey(scope).filter(aware__isnull=False)
    return Measurement(numerator=rows.filter(aware=True).count(), denominator=rows.count())


def survey_first_choice(scope: Scope) -> Measurement:
    rows = _survey(scope).filter(first_choice__isnull=False)
    return Measurement(numerator=rows.filter(first_choice=True).count(), denominator=rows.count())


def survey_satisfaction(scope: Scope) -> Measurement:
    rows = _survey(scope).filter(satisfaction__isnull=False)
    return Measurement(numerator=rows.filter(satisfaction__gte=4).count(), denominator=rows.count())


# --- not yet measurable -------------------------------------------------------------------------------------


def hotline_answer_rate(scope: Scope) -> Measurement:
    """B1: answered ÷ offered, for calls offered in the period while the centre was staffed (the hotline module's
    definition, fawang/hotline/service_levels.py), at hotline centres whose site lies in the region subtree."""
    from fawang.hotline.models import Call

    calls = Call.objects.filter(
        centre__site__region__code__startswith=scope.prefix,
        offered_at__gte=scope.start,
        offered_at__lt=scope.end,
        out_of_hours=False,
    )
    counts = calls.aggregate(offered=Count("pk"), answered=Count("pk", filter=Q(answered_at__isnull=False)))
    return Measurement(numerator=counts["answered"], denominator=counts["offered"])


# The two ways a mediation ends (D3, D4, D6): `resolve` needs the agreement in effect (workflow guard
# agreement_in_effect), `terminate` needs the termination notice (termination_recorded).
MEDIATION_AGREED = "resolve"
MEDIATION_ENDS = (MEDIATION_AGREED, "terminate")


def _mediation_ends(scope: Scope) -> QuerySet[CaseEvent]:
    return CaseEvent.objects.filter(
        action__in=MEDIATION_ENDS,
        case__service_type=ServiceType.MEDIATION,
        case__region__code__startswith=scope.prefix,
        at__gte=scope.start,
        at__lt=scope.end,
    )


def mediation_success(scope: Scope) -> Measurement:
    """D3/D4: concluding events of mediations in the period; agreed = the agreement took effect."""
    counts = _mediation_ends(scope).aggregate(
        total=Count("pk"), agreed=Count("pk", filter=Q(action=MEDIATION_AGREED))
    )
    return Measurement(numerator=counts["agreed"], denominator=counts["total"])


def mediation_concluded_cases(scope: Scope, key: str | None) -> QuerySet[Case]:
    rows = _mediation_ends(scope)
    if key in MEDIATION_ENDS:
        rows = rows.filter(action=key)
    return Case.objects.filter(pk__in=rows.values("case_id"))


# --- on-site 普法 events (P3) --------------------------------------------------------------------------------


def _education_events_held(scope: Scope) -> QuerySet[EducationEvent]:
    """Events in the region subtree that started in the period and whose attendance has been recorded."""
    return EducationEvent.objects.filter(
        region__code__startswith=scope.prefix,
        starts_at__gte=scope.start,
        starts_at__lt=scope.end,
        attendance_recorded_at__isnull=False,
    )


def education_events_held(scope: Scope) -> Measurement:
    return Measurement(numerator=_education_events_held(scope).count())


def education_participants(scope: Scope) -> Measurement:
    """The attendance counts (every audience group) of the events held in the period, summed: 人次, not persons."""
    total = EventAttendance.objects.filter(event__in=_education_events_held(scope).values("pk")).aggregate(
        n=Sum("count")
    )["n"]
    return Measurement(numerator=int(total or 0))
