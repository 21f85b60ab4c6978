"""The summary tables as a measurement source for the indicator registry (supervision/indicators.py).

For the indicators listed in HANDLERS and scopes at county level or above, whole months are read from the
summaries and the partial months at the ends of the period from the raw rows (the indicator's own reference
measure), and the two are added. Every other indicator or scope returns None: the registry then measures raw.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable

from fawang.analytics import summaries as s
from fawang.supervision.indicators import Indicator
from fawang.supervision.measures import (
    MEDIATION_AGREED,
    Measurement,
    child_prefix_length,
    finished_cases,
    rated_finished_count,
    region_population,
)
from fawang.supervision.periods import Scope

Handler = Callable[[Indicator, Scope, s.Split], Measurement]


def _edges(indicator: Indicator, scope: Scope, split: s.Split) -> list[Measurement]:
    return [indicator.measure(Scope(region=scope.region, date_from=a, date_to=b)) for a, b in split.edges]


def _sorted_by_count(counts: Counter[str]) -> tuple[tuple[str, int], ...]:
    return tuple(sorted(((k, n) for k, n in counts.items() if n), key=lambda p: (-p[1], p[0])))


def _merge(counts: Counter[str], parts: list[Measurement]) -> Counter[str]:
    for part in parts:
        for key, n in part.breakdown:
            counts[key] += n
    return counts


def _total(indicator: Indicator, scope: Scope, split: s.Split) -> Measurement:
    n = sum(s.case_counts(prefix=scope.prefix, months=split.months, dim="all").values())
    n += sum(m.numerator or 0 for m in _edges(indicator, scope, split))
    return Measurement(numerator=n)


def _dimension(dim: str) -> Handler:
    def handler(indicator: Indicator, scope: Scope, split: s.Split) -> Measurement:
        counts = _merge(
            s.case_counts(prefix=scope.prefix, months=split.months, dim=dim), _edges(indicator, scope, split)
        )
        pairs = _sorted_by_count(counts)
        return Measurement(numerator=sum(n for _, n in pairs), breakdown=pairs)

    return handler


def _by_region(indicator: Indicator, scope: Scope, split: s.Split) -> Measurement:
    length = child_prefix_length(scope.region)
    if length <= s.SUMMARY_MAX_PREFIX:
        counts = s.case_counts_by(
            prefix=scope.prefix,
            months=split.months,
            dim="all",
            key_of=lambda c, k, m: c[:length].ljust(12, "0"),
        )
    else:
        counts = s.case_counts_by(
            prefix=scope.prefix,
            months=split.months,
            dim="township",
            key_of=lambda c, k, m: k[:length].ljust(12, "0"),
        )
    pairs = _sorted_by_count(_merge(counts, _edges(indicator, scope, split)))
    return Measurement(numerator=sum(n for _, n in pairs), breakdown=pairs)


def _by_month(indicator: Indicator, scope: Scope, split: s.Split) -> Measurement:
    counts = s.case_counts_by(
        prefix=scope.prefix, months=split.months, dim="all", key_of=lambda c, k, m: m.strftime("%Y-%m")
    )
    counts = _merge(counts, _edges(indicator, scope, split))
    pairs = tuple(sorted((k, n) for k, n in counts.items() if n))
    return Measurement(numerator=sum(n for _, n in pairs), breakdown=pairs)


def _clock(rule_code: str | None) -> Handler:
    def handler(indicator: Indicator, scope: Scope, split: s.Split) -> Measurement:
        met, total = s.clock_counts(
            prefix=scope.prefix,
            months=split.months,
            rule_code=rule_code,
            completed_only=rule_code is not None,
        )
        for part in _edges(indicator, scope, split):
            met += part.numerator or 0
            total += part.denominator or 0
        return Measurement(numerator=met, denominator=total)

    return handler


def _granted(indicator: Indicator, scope: Scope, split: s.Split) -> Measurement:
    return Measurement(
        numerator=s.grants(prefix=scope.prefix, date_from=scope.date_from, date_to=scope.date_to).count()
    )


def _recipients(indicator: Indicator, scope: Scope, split: s.Split) -> Measurement:
    rows = s.grants(prefix=scope.prefix, date_from=scope.date_from, date_to=scope.date_to)
    people = rows.filter(requester_id__isnull=False).values("requester_id").distinct().count()
    anonymous = rows.filter(requester_id__isnull=True).count()
    return Measurement(numerator=people + anonymous, denominator=region_population(scope.region))


def _participation(indicator: Indicator, scope: Scope, split: s.Split) -> Measurement:
    """Finished cases from the summaries (whole months) and the raw rows (edges); rated ones from the ratings."""
    finished = sum(s.case_counts(prefix=scope.prefix, months=split.months, dim=s.FINISHED_DIM).values())
    for a, b in split.edges:
        finished += finished_cases(Scope(region=scope.region, date_from=a, date_to=b)).count()
    return Measurement(numerator=rated_finished_count(scope), denominator=finished)


def _mediation(indicator: Indicator, scope: Scope, split: s.Split) -> Measurement:
    counts = s.case_counts(prefix=scope.prefix, months=split.months, dim=s.MEDIATION_DIM)
    agreed, total = counts[MEDIATION_AGREED], sum(counts.values())
    for part in _edges(indicator, scope, split):
        agreed += part.numerator or 0
        total += part.denominator or 0
    return Measurement(numerator=agreed, denominator=total)


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
}


class SummarySource:
    """Registered with the indicator registry at start-up (apps.py)."""

    def measure(self, indicator: Indicator, scope: Scope) -> Measurement | None:
        handler = HANDLERS.get(indicator.code)
        if handler is None or len(scope.prefix) > s.SUMMARY_MAX_PREFIX:
            return None
        s.summaries_sync()
        return handler(indicator, scope, s.period_split(scope.date_from, scope.date_to))

    def covers(self, code: str) -> bool:
        return code in HANDLERS


SOURCE = SummarySource()


def covered_codes() -> list[str]:
    return sorted(HANDLERS)
