"""Analytics pages under /supervision/analytics/ (K4, K5, 考核评估). Thin: parse, call a selector/service, render."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from datetime import date
from decimal import Decimal, InvalidOperation
from functools import wraps
from io import BytesIO
from typing import Any

from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop
from django.views.decorators.http import require_http_methods

from fawang.accounts.models import User
from fawang.analytics.access import analytics_prefixes_for_user, analytics_region_for_user, period_for
from fawang.analytics.demand import METHOD_LABELS
from fawang.analytics.demand_report import demand_report
from fawang.analytics.equalisation import equalisation_report
from fawang.analytics.models import Scorecard, ScorecardRun, SubjectKind
from fawang.analytics.scorecards import (
    METRICS,
    Metric,
    scorecard_create,
    scorecard_list_for_prefixes,
    scorecard_run,
)
from fawang.core import clock
from fawang.core.audit import audit_record
from fawang.core.errors import DomainError, NotFoundError
from fawang.core.models import AuditAction
from fawang.directory.models import InstitutionKind, SiteKind

View = Callable[..., HttpResponse]

# L8: the forecast methods' names of fawang.analytics.demand (pure Python, no Django), marked for the catalogue here.
_METHOD_NAMES = (gettext_noop("同期季节法（按近三月趋势调整）"), gettext_noop("简单指数平滑"))


def _metric(metric: Metric) -> Metric:
    """The metric with its label and unit in the interface language (L8)."""
    return replace(metric, label=_(metric.label), unit=_(metric.unit))


def _user(request: HttpRequest) -> User:
    return request.user  # type: ignore[return-value]  # login is enforced by middleware


def domain_errors(view: View) -> View:
    @wraps(view)
    def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        try:
            return view(request, *args, **kwargs)
        except DomainError as exc:
            return render(request, "analytics/error.html", {"message": exc.message}, status=exc.status_code)

    return wrapped


@domain_errors
def home(request: HttpRequest) -> HttpResponse:
    region = analytics_region_for_user(user=_user(request), code=request.GET.get("region"))
    return render(request, "analytics/home.html", {"region": region})


@domain_errors
def equalisation(request: HttpRequest) -> HttpResponse:
    user = _user(request)
    region = analytics_region_for_user(user=user, code=request.GET.get("region"))
    date_from, date_to = period_for(request.GET.get("from"), request.GET.get("to"))
    report = equalisation_report(region=region, date_from=date_from, date_to=date_to)
    return render(request, "analytics/equalisation.html", {"report": report})


def last_complete_month(raw: str | None) -> date:
    if raw:
        try:
            year, month = (int(p) for p in raw.split("-"))
            chosen = date(year, month, 1)
        except ValueError:
            raise DomainError(f"月份“{raw}”无效，请使用 YYYY-MM 格式。") from None
    else:
        today = clock.local_today()
        chosen = date(today.year - (today.month == 1), (today.month - 2) % 12 + 1, 1)  # the previous month
    if chosen > clock.local_today().replace(day=1) or chosen.year < 2000:
        raise DomainError(f"月份 {chosen:%Y-%m} 超出可分析的范围。")
    return chosen


@domain_errors
def demand(request: HttpRequest) -> HttpResponse:
    region = analytics_region_for_user(user=_user(request), code=request.GET.get("region"))
    report = demand_report(region=region, last_month=last_complete_month(request.GET.get("month")))
    method_labels = {k: _(v) for k, v in METHOD_LABELS.items()}
    return render(request, "analytics/demand.html", {"report": report, "method_labels": method_labels})


def _items(request: HttpRequest) -> list[tuple[str, Decimal, Decimal | None]]:
    items = []
    for code in METRICS:
        raw = request.POST.get(f"weight_{code}", "").strip()
        if not raw:
            continue
        try:
            weight = Decimal(raw)
            target_raw = request.POST.get(f"target_{code}", "").strip()
            target = Decimal(target_raw) if target_raw else None
        except InvalidOperation:
            raise DomainError("权重和目标值须为数字。") from None
        items.append((code, weight, target))
    return items


@domain_errors
@require_http_methods(["GET", "POST"])
def scorecards(request: HttpRequest) -> HttpResponse:
    user = _user(request)
    prefixes = analytics_prefixes_for_user(user=user)
    region = analytics_region_for_user(
        user=user, code=request.GET.get("region") or request.POST.get("region")
    )
    if request.method == "POST":
        card = scorecard_create(
            actor=user,
            name=request.POST.get("name", ""),
            region=region,
            subject_kind=request.POST.get("subject_kind", ""),
            subject_filter=request.POST.get("subject_filter", ""),
            items=_items(request),
        )
        return redirect("analytics:scorecard", pk=card.pk)
    return render(
        request,
        "analytics/scorecards.html",
        {
            "region": region,
            "cards": scorecard_list_for_prefixes(prefixes=prefixes),
            "metrics": [_metric(m) for m in METRICS.values()],
            "subject_kinds": SubjectKind.choices,
            "site_kinds": SiteKind.choices,
            "institution_kinds": InstitutionKind.choices,
        },
    )


def _card_for(user: User, pk: int) -> Scorecard:
    card = scorecard_list_for_prefixes(prefixes=analytics_prefixes_for_user(user=user)).filter(pk=pk).first()
    if card is None:
        raise NotFoundError()
    return card


@domain_errors
@require_http_methods(["GET", "POST"])
def scorecard(request: HttpRequest, pk: int) -> HttpResponse:
    user = _user(request)
    card = _card_for(user, pk)
    if request.method == "POST":
        date_from, date_to = period_for(request.POST.get("from"), request.POST.get("to"))
        run = scorecard_run(actor=user, scorecard=card, date_from=date_from, date_to=date_to)
        return redirect(f"{request.path}?run={run.pk}")
    runs = list(card.runs.all()[:20])
    chosen = next((r for r in runs if str(r.pk) == request.GET.get("run")), runs[0] if runs else None)
    return render(
        request,
        "analytics/scorecard.html",
        {
            "card": card,
            "items": [(i, _metric(METRICS[i.metric])) for i in card.items.all()],
            "runs": runs,
            "run": chosen,
            "rows": list(chosen.rows.all()) if chosen else [],
        },
    )


@domain_errors
def scorecard_export(request: HttpRequest, pk: int) -> HttpResponse:
    """Excel export of one assessment (aggregates only; the export is audited, K6)."""
    from openpyxl import Workbook

    user = _user(request)
    run = ScorecardRun.objects.select_related("scorecard").filter(pk=pk).first()
    if run is None:
        raise NotFoundError()
    _card_for(user, run.scorecard_id)
    items = list(run.scorecard.items.all())
    book = Workbook()
    sheet = book.worksheets[0]
    sheet.title = _("考核结果")
    sheet.append(
        [run.scorecard.name, _("%(start)s 至 %(end)s") % {"start": run.date_from, "end": run.date_to}]
    )
    header = [_("名次"), _("考核对象"), _("区划代码"), _("总分")]
    for item in items:
        label = _(METRICS[item.metric].label)
        header += [_("%(label)s（权重 %(weight)s）") % {"label": label, "weight": item.weight}, _("得分")]
    sheet.append(header)
    for row in run.rows.all():
        line: list[object] = [row.rank, row.subject_name, row.region_code, float(row.score)]
        for item in items:
            cell = row.values.get(item.metric, {})
            line += [cell.get("value"), cell.get("score")]
        sheet.append(line)
    out = BytesIO()
    book.save(out)
    audit_record(
        actor=user,
        action=AuditAction.EXPORT,
        object_type="analytics.ScorecardRun",
        object_id=run.pk,
        summary="xlsx",
    )
    response = HttpResponse(
        out.getvalue(), content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    )
    response["Content-Disposition"] = f'attachment; filename="scorecard-{run.pk}.xlsx"'
    return response
