"""The summary tables as a measurement source for the indicator registry (supervision/indicators.py).

For the indicators listed in HANDLERS and scopes at county level or above, whole months are read from the
summaries and the partial months at the ends of the period from the raw rows (the indicator's own reference
measure), and the two are added. Every other indicator or scope returns None: the registry then measures raw.

Each summary table is read once per scope (`_Reads`), whether one indicator is asked for (`measure`) or all of
them (`measure_many`, what the dashboard and `fawang indicators` use): three grouped queries instead of one query
per indicator, two small reads of the voided ratings (which the summaries count and the indicators must not), and
one sync of the summaries instead of one per indicator (issue 7 §8).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from functools import cached_property

from django.db.models import Count, Q, Sum
from django.db.models.functions import Substr

from fawang.analytics import dimensions as d
from fawang.analytics import summaries as s
from fawang.analytics.models import CaseMonthStat, ClockMonthStat
from fawang.cases.models import ClockState
from fawang.evaluation.models import Grade, RatingState
from fawang.supervision.indicators import Indicator
from fawang.supervision.measures import (
    MEDIATION_AGREED,
    Measurement,
    child_prefix_length,
    finished_rated_only_voided,
    ratings,
    region_population,
)
from fawang.supervision.periods import Scope

# CaseMonthStat dimensions the handlers read; "township" only below county level (child regions are townships).
_CASE_DIMS = (
    "all",
    "channel",
    "service_type",
    "category",
    d.FINISHED_DIM,
    d.RATED_DIM,
    d.MEDIATION_DIM,
    d.RATING_DIM,
    d.CALL_DIM,
)


@dataclass(frozen=True)
class _CaseRow:
    dim: str
    key: str
    month: date
    part: str  # the county code cut to the child-region prefix (at most the six digits a summary row has)
    n: int


class _Reads:
    """The summary rows of one scope's whole months, each table read once and only when a handler needs it."""

    def __init__(self, scope: Scope) -> None:
        self.scope = scope
        self.split = s.period_split(scope.date_from, scope.date_to)
        self.child_length = child_prefix_length(scope.region)

    @cached_property
    def case_rows(self) -> list[_CaseRow]:
        if not self.split.months:
            return []
        dims = _CASE_DIMS + (("township",) if self.child_length > s.SUMMARY_MAX_PREFIX else ())
        rows = (
            CaseMonthStat.objects.filter(
                dim__in=dims, month__in=self.split.months, county__startswith=self.scope.prefix
            )
            .annotate(part=Substr("county", 1, min(self.child_length, s.SUMMARY_MAX_PREFIX)))
            .values("dim", "key", "month", "part")
            .annotate(total=Sum("n"))
            .order_by()
        )
        return [_CaseRow(r["dim"], r["key"], r["month"], r["part"], int(r["total"])) for r in rows]

    def case_counts(self, dim: str, key_of: Callable[[_CaseRow], str] = lambda r: r.key) -> Counter[str]:
        counts: Counter[str] = Counter()
        for row in self.case_rows:
            if row.dim == dim:
                counts[key_of(row)] += row.n
        return counts

    @cached_property
    def clock_rows(self) -> list[tuple[str, str, bool, int]]:
        """(rule_code, state, completed, n) over the whole months."""
        if not self.split.months:
            return []
        rows = (
            ClockMonthStat.objects.filter(month__in=self.split.months, county__startswith=self.scope.prefix)
            .values("rule_code", "state", "completed")
            .annotate(total=Sum("n"))
            .order_by()
        )
        return [(r["rule_code"], r["state"], bool(r["completed"]), int(r["total"])) for r in rows]

    @cached_property
    def grants(self) -> dict[str, int]:
        """Grants in the whole period (GrantFact keeps the moment, so no edges): all, distinct recipients, anonymous."""
        counts = s.grants(
            prefix=self.scope.prefix, date_from=self.scope.date_from, date_to=self.scope.date_to
        ).aggregate(
            total=Count("pk"),
            people=Count("requester_id", distinct=True),
            anonymous=Count("pk", filter=Q(requester_id__isnull=True)),
        )
        return {k: int(v or 0) for k, v in counts.items()}

    @cached_property
    def whole_months(self) -> Scope | None:
        months = self.split.months
        if not months:
            return None
        return Scope(
            region=self.scope.region,
            date_from=months[0],
            date_to=s.month_next(months[-1]) - timedelta(days=1),
        )

    @cached_property
    def valid_ratings(self) -> Counter[str]:
        """Valid ratings of the whole months by summaries.rating_key: all counted ones less the voided ones."""
        counts = self.case_counts(d.RATING_DIM)
        if self.whole_months is not None:
            voided = (
                ratings(self.whole_months, RatingState.VOIDED)
                .annotate(hot=s.hotline_rating_flag())
                .values("grade", "hot")
                .annotate(n=Count("pk"))
                .order_by()
            )
            for r in voided:
                counts[d.rating_key(r["grade"], bool(r["hot"]))] -= r["n"]
        return counts

    @cached_property
    def population(self) -> int:
        return region_population(self.scope.region)

    def edges(self, indicator: Indicator) -> list[Measurement]:
        """The partial months at either end, measured from the raw rows by the indicator's reference measure."""
        region = self.scope.region
        return [indicator.measure(Scope(region=region, date_from=a, date_to=b)) for a, b in self.split.edges]


Handler = Callable[[Indicator, _Reads], Measurement]


def _sorted_by_count(counts: Counter[str]) -> tuple[tuple[str, int], ...]:
    return tuple(sorted(((k, n) for k, n in counts.items() if n), key=lambda p: (-p[1], p[0])))


def _merge(counts: Counter[str], parts: list[Measurement]) -> Counter[str]:
    for part in parts:
        for key, n in part.breakdown:
            counts[key] += n
    return counts


def _total(indicator: Indicator, reads: _Reads) -> Measurement:
    n = sum(reads.case_counts("all").values())
    n += sum(m.numerator or 0 for m in reads.edges(indicator))
    return Measurement(numerator=n)


def _dimension(dim: str) -> Handler:
    def handler(indicator: Indicator, reads: _Reads) -> Measurement:
        pairs = _sorted_by_count(_merge(reads.case_counts(dim), reads.edges(indicator)))
        return Measurement(numerator=sum(n for _, n in pairs), breakdown=pairs)

    return handler


def _by_region(indicator: Indicator, reads: _Reads) -> Measurement:
    length = reads.child_length
    if length <= s.SUMMARY_MAX_PREFIX:
        counts = reads.case_counts("all", lambda r: r.part[:length].ljust(12, "0"))
    else:
        counts = reads.case_counts("township", lambda r: r.key[:length].ljust(12, "0"))
    pairs = _sorted_by_count(_merge(counts, reads.edges(indicator)))
    return Measurement(numerator=sum(n for _, n in pairs), breakdown=pairs)


def _by_month(indicator: Indicator, reads: _Reads) -> Measurement:
    counts = _merge(reads.case_counts("all", lambda r: r.month.strftime("%Y-%m")), reads.edges(indicator))
    pairs = tuple(sorted((k, n) for k, n in counts.items() if n))
    return Measurement(numerator=sum(n for _, n in pairs), breakdown=pairs)


def _share(indicator: Indicator, reads: _Reads, numerator: int, denominator: int) -> Measurement:
    """A ratio over the whole months plus the raw counts of the partial months at either end."""
    for part in reads.edges(indicator):
        numerator += part.numerator or 0
        denominator += part.denominator or 0
    return Measurement(numerator=numerator, denominator=denominator)


def _clock(rule_code: str | None) -> Handler:
    def handler(indicator: Indicator, reads: _Reads) -> Measurement:
        met = total = 0
        for rule, state, completed, n in reads.clock_rows:
            # One rule: only clocks whose case reached the completing step; all clocks (compliance): every one.
            if rule_code is not None and (rule != rule_code or not completed):
                continue
            total += n
            if state == ClockState.MET:
                met += n
        return _share(indicator, reads, met, total)

    return handler


def _granted(indicator: Indicator, reads: _Reads) -> Measurement:
    return Measurement(numerator=reads.grants["total"])


def _recipients(indicator: Indicator, reads: _Reads) -> Measurement:
    """Distinct requesters plus grants without one, as measures.legal_aid_recipients counts them."""
    return Measurement(
        numerator=reads.grants["people"] + reads.grants["anonymous"], denominator=reads.population
    )


def _participation(indicator: Indicator, reads: _Reads) -> Measurement:
    """Finished cases with a rating in any state, less those whose every rating was voided, over finished cases."""
    finished = sum(reads.case_counts(d.FINISHED_DIM).values())
    rated = sum(reads.case_counts(d.RATED_DIM).values())
    if reads.whole_months is not None:
        rated -= finished_rated_only_voided(reads.whole_months)
    return _share(indicator, reads, rated, finished)


def _mediation(indicator: Indicator, reads: _Reads) -> Measurement:
    counts = reads.case_counts(d.MEDIATION_DIM)
    return _share(indicator, reads, counts[MEDIATION_AGREED], sum(counts.values()))


def _satisfaction(hotline_only: bool) -> Handler:
    def handler(indicator: Indicator, reads: _Reads) -> Measurement:
        good = total = 0
        for grade in Grade.values:
            for hotline in (True,) if hotline_only else (True, False):
                n = reads.valid_ratings[d.rating_key(grade, hotline)]
                total += n
                good += n if grade == Grade.GOOD else 0
        return _share(indicator, reads, good, total)

    return handler


def _bad(indicator: Indicator, reads: _Reads) -> Measurement:
    n = sum(reads.valid_ratings[d.rating_key(Grade.BAD, hotline)] for hotline in (True, False))
    return Measurement(numerator=n + sum(part.numerator or 0 for part in reads.edges(indicator)))


def _answer_rate(indicator: Indicator, reads: _Reads) -> Measurement:
    counts = reads.case_counts(d.CALL_DIM)
    answered = counts[d.CALL_ANSWERED]
    return _share(indicator, reads, answered, answered + counts[d.CALL_UNANSWERED])


HANDLERS: dict[str, Handler] = {
    "volume.total": _total,
    "volume.by_channel": _dimension("channel"),
    "volume.by_service": _dimension("service_type"),
    "volume.by_category": _dimension("category"),
    "volume.by_region": _by_region,
    "volume.by_month": _by_month,
    "legal_aid.decided_in_time": _clock("legal_aid.review"),
    "legal_aid.assigned_in_time": _clock("legal_aid.assign"),
    "mediation.within_month": _clock("mediation.conclude"),
    "notary.on_time": _clock("notary.issue"),
    "appraisal.on_time": _clock("appraisal.complete"),
    "complaint.replied_in_time": _clock("complaint.reply"),
    "deadline.compliance": _clock(None),
    "legal_aid.granted": _granted,
    "legal_aid.recipients_per_10k": _recipients,
    "rating.participation": _participation,
    "mediation.success_rate": _mediation,
    "rating.satisfaction": _satisfaction(hotline_only=False),
    "hotline.satisfaction": _satisfaction(hotline_only=True),
    "rating.bad": _bad,
    "hotline.answer_rate": _answer_rate,
}


class SummarySource:
    """Registered with the indicator registry at start-up (apps.py)."""

    def measure(self, indicator: Indicator, scope: Scope) -> Measurement | None:
        return self.measure_many([indicator], scope).get(indicator.code)

    def measure_many(self, indicators: Sequence[Indicator], scope: Scope) -> dict[str, Measurement]:
        """The covered ones among `indicators`, from one sync and one read of each summary table."""
        covered = [i for i in indicators if i.code in HANDLERS]
        if not covered or len(scope.prefix) > s.SUMMARY_MAX_PREFIX:
            return {}
        s.summaries_sync()
        reads = _Reads(scope)
        return {i.code: HANDLERS[i.code](i, reads) for i in covered}

    def covers(self, code: str) -> bool:
        return code in HANDLERS


SOURCE = SummarySource()


def covered_codes() -> list[str]:
    return sorted(HANDLERS)
