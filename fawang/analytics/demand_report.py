"""Demand analytics for a region (K5): monthly demand by category, hot and rising topics, next-month forecasts.

Monthly counts come from the summaries (county level and above) or the raw rows; keywords come from the
question titles of the latest month against the three months before it. Only aggregates leave (K6): topics
under the small-cell threshold are not flagged.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from datetime import date, timedelta

from django.db.models import Count
from django.db.models.functions import TruncMonth

from fawang.analytics import summaries as s
from fawang.analytics.demand import Forecast, Rising, forecast_next, keywords, rising_topics
from fawang.analytics.models import CaseMonthStat
from fawang.cases.deadlines import LOCAL_TZ
from fawang.cases.models import Case
from fawang.regions.models import Region

MONTHS = 24
MAX_TEXTS = 3000


@dataclass(frozen=True)
class CategoryDemand:
    category: str
    series: list[int]  # one count per month in DemandReport.months
    forecast: Forecast


@dataclass(frozen=True)
class DemandReport:
    region: Region
    months: list[date]
    categories: list[CategoryDemand]
    hot: list[tuple[str, int]]  # latest month, by count
    rising: list[Rising]  # categories, last 3 months vs the 3 before
    keywords: list[tuple[str, float]]  # latest month
    rising_keywords: list[Rising]


def _months_until(last: date, count: int) -> list[date]:
    months = [last]
    while len(months) < count:
        months.append((months[-1] - timedelta(days=1)).replace(day=1))
    return list(reversed(months))


def _category_counts(region: Region, months: list[date]) -> dict[date, Counter[str]]:
    out: dict[date, Counter[str]] = {m: Counter() for m in months}
    if len(region.prefix) <= s.SUMMARY_MAX_PREFIX:
        s.summaries_sync()
        stats = CaseMonthStat.objects.filter(
            dim="category", month__in=months, county__startswith=region.prefix
        )
        for month, key, n in stats.values_list("month", "key", "n"):
            out[month][key or "未分类"] += n
        return out
    rows = (
        Case.objects.filter(
            region__code__startswith=region.prefix,
            submitted_at__gte=s._local(months[0]),
            submitted_at__lt=s._local(s.month_next(months[-1])),
        )
        .annotate(m=TruncMonth("submitted_at", tzinfo=LOCAL_TZ))
        .values("m", "category")
        .annotate(n=Count("pk"))
        .order_by()
    )
    for r in rows:
        out[s._as_month(r["m"])][r["category"] or "未分类"] += r["n"]
    return out


def _titles(region: Region, first: date, last: date) -> dict[str, int]:
    rows = (
        Case.objects.filter(
            region__code__startswith=region.prefix,
            submitted_at__gte=s._local(first),
            submitted_at__lt=s._local(s.month_next(last)),
        )
        .values("title")
        .annotate(n=Count("pk"))
        .order_by("-n", "title")[:MAX_TEXTS]
    )
    return {r["title"]: r["n"] for r in rows}


def demand_report(*, region: Region, last_month: date, min_count: int = 10) -> DemandReport:
    """`last_month` is the latest complete month to analyse (its first day)."""
    months = _months_until(last_month.replace(day=1), MONTHS)
    by_month = _category_counts(region, months)
    categories = sorted({c for counts in by_month.values() for c in counts})
    demand = []
    for category in categories:
        series = [by_month[m][category] for m in months]
        demand.append(CategoryDemand(category, series, forecast_next([float(v) for v in series])))
    demand.sort(key=lambda d: (-d.forecast.next_value, d.category))
    latest = by_month[months[-1]]
    recent, before = Counter[str](), Counter[str]()
    for m in months[-3:]:
        recent.update(by_month[m])
    for m in months[-6:-3]:
        before.update(by_month[m])
    now_titles = _titles(region, months[-1], months[-1])
    before_titles = _titles(region, months[-4], months[-2])
    now_words = dict(keywords(now_titles, top=60))
    now_counts = _word_counts(now_titles, now_words)
    before_counts = _word_counts(before_titles, now_words)
    return DemandReport(
        region=region,
        months=months,
        categories=demand,
        hot=sorted(latest.items(), key=lambda p: (-p[1], p[0]))[:10],
        rising=rising_topics(recent, before, min_count=min_count),
        keywords=list(now_words.items())[:20],
        rising_keywords=rising_topics(
            now_counts, {k: round(v / 3) for k, v in before_counts.items()}, min_count=min_count
        ),
    )


def _word_counts(texts: dict[str, int], words: dict[str, float]) -> dict[str, int]:
    counts: Counter[str] = Counter()
    for text, n in texts.items():
        for word in words:
            if word in text:
                counts[word] += n
    return dict(counts)
