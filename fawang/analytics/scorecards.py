"""Assessment (考核评估): configurable scorecards of weighted metrics per site or institution and period.

A Scorecard names the region, the kind of subject (sites — by default township stations — or institutions)
and its weighted metrics (ScorecardItem). `scorecard_run` measures every subject in the region for a period,
scores and ranks them (scoring.py) and stores the result as a ScorecardRun: the history of assessments, each
exportable to Excel. Metrics are defined here, once: a site's work is the work of its area (a station: its
township; a centre: its county), an institution's is what its practitioners or the institution itself handled.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal
from typing import Any

from django.db import transaction
from django.db.models import Count, Q, QuerySet
from django.db.models.functions import Coalesce, Substr
from django.utils.translation import gettext_noop

from fawang.accounts.models import User
from fawang.analytics.models import Scorecard, ScorecardItem, ScorecardRow, ScorecardRun, SubjectKind
from fawang.analytics.scoring import Criterion, score_subjects
from fawang.analytics.summaries import _local
from fawang.cases.models import Case, CaseDeadline, ClockState
from fawang.cases.states import DueState
from fawang.core.audit import audit_record
from fawang.core.errors import DomainError
from fawang.core.models import AuditAction
from fawang.directory.models import Institution, InstitutionKind, Site, SiteKind
from fawang.regions.models import Region


@dataclass(frozen=True)
class Subject:
    id: int
    name: str
    region_code: str
    key: str  # the grouping key: a region prefix for sites, the institution id for institutions


Counts = dict[str, int]
Query = Callable[[QuerySet[Any], str], QuerySet[Any]]


@dataclass(frozen=True)
class Metric:
    code: str
    label: str
    higher_is_better: bool
    unit: str


METRICS: dict[str, Metric] = {
    m.code: m
    for m in (
        Metric("volume", gettext_noop("服务量"), True, gettext_noop("件")),
        Metric("closed_rate", gettext_noop("办结率"), True, "%"),
        Metric("on_time", gettext_noop("法定时限按时完成率"), True, "%"),
        Metric("overdue_open", gettext_noop("当前超期未办结"), False, gettext_noop("件")),
        Metric("satisfaction", gettext_noop("好评率"), True, "%"),
    )
}


def _subjects(scorecard: Scorecard) -> list[Subject]:
    prefix = scorecard.region.prefix
    if scorecard.subject_kind == SubjectKind.SITE:
        kind = scorecard.subject_filter or SiteKind.STATION
        sites = Site.objects.filter(region__code__startswith=prefix, kind=kind).select_related("region")
        return [
            Subject(s.pk, s.name, s.region.code, s.region.prefix)
            for s in sites.order_by("region__code", "pk")
        ]
    institutions = Institution.objects.filter(region__code__startswith=prefix).select_related("region")
    if scorecard.subject_filter:
        institutions = institutions.filter(kind=scorecard.subject_filter)
    return [
        Subject(i.pk, i.name, i.region.code, str(i.pk)) for i in institutions.order_by("region__code", "pk")
    ]


def _grouped(rows: QuerySet[Any], field: str, length: int) -> Counts:
    key = Substr(field, 1, length)
    return {
        str(r["k"]): int(r["n"]) for r in rows.annotate(k=key).values("k").annotate(n=Count("pk")).order_by()
    }


def _measure(
    scorecard: Scorecard, subjects: list[Subject], date_from: date, date_to: date
) -> dict[str, dict[str, Decimal | None]]:
    from fawang.evaluation.models import Grade, Rating, RatingState

    start, end = _local(date_from), _local(date_to + timedelta(days=1))
    prefix = scorecard.region.prefix
    sites = scorecard.subject_kind == SubjectKind.SITE
    length = len(subjects[0].key) if sites and subjects else 9
    case_field = "region__code" if sites else "handler_institution_id"
    cases = Case.objects.filter(
        region__code__startswith=prefix, submitted_at__gte=start, submitted_at__lt=end
    )

    def by_subject(rows: QuerySet[Any], field: str) -> Counts:
        if sites:
            return _grouped(rows, field, length)
        inst = field.replace("region__code", "handler_institution_id")
        practitioner = inst.replace("handler_institution_id", "handler_practitioner__institution_id")
        return {
            str(r["k"]): int(r["n"])
            for r in rows.annotate(k=Coalesce(inst, practitioner))
            .values("k")
            .annotate(n=Count("pk"))
            .order_by()
        }

    volume = by_subject(cases, case_field)
    closed = by_subject(cases.filter(closed_at__isnull=False), case_field)
    overdue = by_subject(
        Case.objects.filter(
            region__code__startswith=prefix, closed_at__isnull=True, due_state=DueState.OVERDUE
        ),
        case_field,
    )
    clocks = CaseDeadline.objects.filter(
        case__region__code__startswith=prefix,
        state__in=[ClockState.MET, ClockState.BREACHED],
        stopped_at__gte=start,
        stopped_at__lt=end,
    )
    clock_field = "case__" + case_field
    clocks_total = by_subject(clocks, clock_field)
    clocks_met = by_subject(clocks.filter(state=ClockState.MET), clock_field)
    ratings = Rating.objects.filter(
        state=RatingState.VALID, region__code__startswith=prefix, rated_at__gte=start, rated_at__lt=end
    )
    rating_field = "region__code" if sites else "handler_institution_id"
    rated = by_subject(ratings, rating_field) if sites else _plain(ratings, rating_field)
    good = (
        by_subject(ratings.filter(grade=Grade.GOOD), rating_field)
        if sites
        else _plain(ratings.filter(grade=Grade.GOOD), rating_field)
    )

    def pct(num: Counts, den: Counts, key: str) -> Decimal | None:
        return Decimal(100) * num.get(key, 0) / den[key] if den.get(key) else None

    return {
        str(s.id): {
            "volume": Decimal(volume.get(s.key, 0)),
            "closed_rate": pct(closed, volume, s.key),
            "on_time": pct(clocks_met, clocks_total, s.key),
            "overdue_open": Decimal(overdue.get(s.key, 0)),
            "satisfaction": pct(good, rated, s.key),
        }
        for s in subjects
    }


def _plain(rows: QuerySet[Any], field: str) -> Counts:
    return {str(r[field]): int(r["n"]) for r in rows.values(field).annotate(n=Count("pk")).order_by()}


@transaction.atomic
def scorecard_create(
    *,
    actor: User,
    name: str,
    region: Region,
    subject_kind: str,
    items: list[tuple[str, Decimal, Decimal | None]],
    subject_filter: str = "",
    description: str = "",
) -> Scorecard:
    name = name.strip()
    if not name:
        raise DomainError("请填写考核方案名称。")
    if subject_kind not in SubjectKind.values:
        raise DomainError("考核对象只能是服务站点或法律服务机构。")
    allowed = SiteKind.values if subject_kind == SubjectKind.SITE else InstitutionKind.values
    if subject_filter and subject_filter not in allowed:
        raise DomainError(f"未知的对象类型：{subject_filter}。")
    if not items:
        raise DomainError("考核方案至少需要一项指标。")
    seen = set()
    for metric, weight, _ in items:
        if metric not in METRICS:
            raise DomainError(f"未知的考核指标：{metric}。")
        if metric in seen:
            raise DomainError(f"考核指标“{METRICS[metric].label}”重复。")
        if weight <= 0:
            raise DomainError(f"考核指标“{METRICS[metric].label}”的权重必须为正数。")
        seen.add(metric)
    scorecard = Scorecard.objects.create(
        name=name[:100],
        region=region,
        subject_kind=subject_kind,
        subject_filter=subject_filter,
        description=description,
        created_by=actor,
    )
    ScorecardItem.objects.bulk_create(
        [ScorecardItem(scorecard=scorecard, metric=m, weight=w, target=t) for m, w, t in items]
    )
    audit_record(
        actor=actor, action=AuditAction.CREATE, object_type="analytics.Scorecard", object_id=scorecard.pk
    )
    return scorecard


@transaction.atomic
def scorecard_run(*, actor: User, scorecard: Scorecard, date_from: date, date_to: date) -> ScorecardRun:
    """Measure, score and rank every subject for the period; store the result (history)."""
    from fawang.supervision.periods import period_check

    period_check(date_from, date_to)
    items = list(scorecard.items.all())
    criteria = [Criterion(i.metric, i.weight, METRICS[i.metric].higher_is_better, i.target) for i in items]
    subjects = _subjects(scorecard)
    values = _measure(scorecard, subjects, date_from, date_to)
    scored = score_subjects(values, criteria)
    run = ScorecardRun.objects.create(
        scorecard=scorecard,
        date_from=date_from,
        date_to=date_to,
        computed_by=actor,
        weights={
            i.metric: {"weight": str(i.weight), "target": None if i.target is None else str(i.target)}
            for i in items
        },
    )
    by_id = {str(s.id): s for s in subjects}
    ScorecardRow.objects.bulk_create(
        [
            ScorecardRow(
                run=run,
                subject_id=int(row.subject),
                subject_name=by_id[row.subject].name,
                region_code=by_id[row.subject].region_code,
                values={
                    c.metric: {
                        "value": None
                        if values[row.subject][c.metric] is None
                        else str(round(values[row.subject][c.metric] or Decimal(0), 2)),
                        "score": str(row.scores[c.metric]),
                    }
                    for c in criteria
                },
                score=row.total,
                rank=row.rank,
            )
            for row in scored
        ]
    )
    audit_record(
        actor=actor,
        action=AuditAction.CREATE,
        object_type="analytics.ScorecardRun",
        object_id=run.pk,
        summary=f"{scorecard.name} {date_from}~{date_to}",
    )
    return run


def scorecard_list_for_prefixes(*, prefixes: list[str]) -> QuerySet[Scorecard]:
    q = Q(pk__in=[])
    for p in prefixes:
        q |= Q(region__code__startswith=p)
    return Scorecard.objects.filter(q).select_related("region")
