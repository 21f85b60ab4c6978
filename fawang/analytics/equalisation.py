"""The equalisation view (均等化, K4): per-capita services and resources by township, and how unequal they are.

For every township of the region (population > 0): cases submitted in the period per 10,000 residents, sites
(station plus village rooms) per 10,000, township mediators per 10,000, and the share of its villages with a
legal adviser. For each measure: the population-weighted Theil index split into between urban/rural and within,
the Gini coefficient, the coefficient of variation (inequality.py), the urban and rural averages, and the
townships furthest behind. Villages without a room or an adviser are listed so a bureau sees where to send
resources. Only aggregates leave this module (K6).
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from datetime import date, timedelta

from django.db.models import Count, Q
from django.db.models.functions import Substr
from django.utils.translation import gettext, gettext_noop

from fawang.analytics import summaries as s
from fawang.analytics.inequality import Unit, coefficient_of_variation, furthest_behind, gini, theil_decompose
from fawang.cases.models import Case
from fawang.directory.models import Practitioner, PractitionerKind, Site, SiteKind
from fawang.regions.models import Region, RegionLevel, UrbanRural

MEASURES: dict[str, str] = {
    "cases": gettext_noop("服务量（件/万人）"),
    "sites": gettext_noop("服务站点（个/万人）"),
    "mediators": gettext_noop("人民调解员（人/万人）"),
    "advisers": gettext_noop("法律顾问覆盖率（%）"),
}


@dataclass(frozen=True)
class TownshipRow:
    code: str
    name: str
    county: str
    urban_rural: str
    population: int
    values: dict[str, float]


@dataclass(frozen=True)
class MeasureSummary:
    code: str
    label: str
    mean: float
    urban_mean: float | None
    rural_mean: float | None
    theil: float
    theil_between: float
    theil_within: float
    gini: float
    cv: float
    behind: list[tuple[TownshipRow, float]]


@dataclass(frozen=True)
class EqualisationReport:
    region: Region
    date_from: date
    date_to: date
    townships: list[TownshipRow]
    measures: list[MeasureSummary]
    villages_without_room: int
    villages_without_adviser: int
    villages: int


def _cases_by_township(region: Region, date_from: date, date_to: date) -> Counter[str]:
    counts: Counter[str] = Counter()
    split = s.period_split(date_from, date_to)
    periods = split.edges
    if len(region.prefix) <= s.SUMMARY_MAX_PREFIX:
        s.summaries_sync()
        for key, n in s.case_counts(prefix=region.prefix, months=split.months, dim="township").items():
            counts[key] += n
    else:
        periods = [(date_from, date_to)]
    for a, b in periods:
        rows = Case.objects.filter(
            region__code__startswith=region.prefix,
            submitted_at__gte=s._local(a),
            submitted_at__lt=s._local(b + timedelta(days=1)),
        )
        for row in (
            rows.annotate(t=Substr("region__code", 1, 9)).values("t").annotate(n=Count("pk")).order_by()
        ):
            counts[row["t"]] += row["n"]
    return counts


def _by_township(qs_values: list[tuple[str, int]]) -> Counter[str]:
    counts: Counter[str] = Counter()
    for code, n in qs_values:
        counts[code[:9]] += n
    return counts


def _summary(code: str, rows: list[TownshipRow], count: int) -> MeasureSummary:
    units = [Unit(r.code, r.values[code], r.population, r.urban_rural) for r in rows]
    decomposition = theil_decompose(units)
    by_class = {
        cls: sum(u.value * u.weight for u in units if u.group == cls) / w
        if (w := sum(u.weight for u in units if u.group == cls))
        else None
        for cls in (UrbanRural.URBAN, UrbanRural.RURAL)
    }
    by_code = {r.code: r for r in rows}
    mean = sum(u.value * u.weight for u in units) / sum(u.weight for u in units)
    return MeasureSummary(
        code=code,
        label=gettext(MEASURES[code]),  # in the interface language (L8)
        mean=mean,
        urban_mean=by_class[UrbanRural.URBAN],
        rural_mean=by_class[UrbanRural.RURAL],
        theil=decomposition.total,
        theil_between=decomposition.between,
        theil_within=decomposition.within,
        gini=gini(units),
        cv=coefficient_of_variation(units),
        behind=[(by_code[u.key], gap) for u, gap in furthest_behind(units, count=count)],
    )


def equalisation_report(
    *, region: Region, date_from: date, date_to: date, behind: int = 10
) -> EqualisationReport:
    prefix = region.prefix
    towns = list(
        Region.objects.filter(code__startswith=prefix, level=RegionLevel.TOWNSHIP, population__gt=0)
        .select_related("parent")
        .order_by("code")
    )
    cases = _cases_by_township(region, date_from, date_to)
    sites = _by_township(
        list(
            Site.objects.filter(region__code__startswith=prefix, kind__in=[SiteKind.STATION, SiteKind.ROOM])
            .values_list("region__code")
            .annotate(n=Count("pk"))
        )
    )
    mediators = _by_township(
        list(
            Practitioner.objects.filter(
                active=True, kind=PractitionerKind.MEDIATOR, institution__region__code__startswith=prefix
            )
            .values_list("institution__region__code")
            .annotate(n=Count("pk"))
        )
    )
    active = Q(adviser_assignments__valid_to__isnull=True) | Q(adviser_assignments__valid_to__gte=date_to)
    villages = Region.objects.filter(code__startswith=prefix, level=RegionLevel.VILLAGE)
    village_rows = villages.annotate(
        advisers=Count(
            "adviser_assignments", filter=active & Q(adviser_assignments__valid_from__lte=date_to)
        ),
        rooms=Count("sites", filter=Q(sites__kind=SiteKind.ROOM)),
    ).values_list("code", "advisers", "rooms")
    total_v: Counter[str] = Counter()
    with_adviser: Counter[str] = Counter()
    no_room = no_adviser = 0
    for code, advisers, rooms in village_rows:
        total_v[code[:9]] += 1
        with_adviser[code[:9]] += 1 if advisers else 0
        no_room += 0 if rooms else 1
        no_adviser += 0 if advisers else 1
    rows = []
    for town in towns:
        key = town.code[:9]
        per_10k = 10_000 / town.population
        rows.append(
            TownshipRow(
                code=town.code,
                name=town.name,
                county=town.parent.name if town.parent else "",
                urban_rural=town.urban_rural,
                population=town.population,
                values={
                    "cases": cases[key] * per_10k,
                    "sites": sites[key] * per_10k,
                    "mediators": mediators[key] * per_10k,
                    "advisers": 100.0 * with_adviser[key] / total_v[key] if total_v[key] else 0.0,
                },
            )
        )
    measures = [_summary(code, rows, behind) for code in MEASURES] if rows else []
    return EqualisationReport(
        region=region,
        date_from=date_from,
        date_to=date_to,
        townships=rows,
        measures=measures,
        villages_without_room=no_room,
        villages_without_adviser=no_adviser,
        villages=sum(total_v.values()),
    )
