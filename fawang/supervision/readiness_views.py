"""Pages of site readiness (G7): the list of sites with their shortfalls, and recording an inspection."""

from __future__ import annotations

from datetime import date

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from fawang.core import clock
from fawang.core.errors import DomainError
from fawang.supervision.readiness import (
    site_inspection_form_data,
    site_inspection_record,
    site_readiness_list_for_user,
)
from fawang.supervision.selectors import supervision_home_region
from fawang.supervision.tables import XLSX, Table, table_to_xlsx
from fawang.supervision.views import _refuse, _region, _staff


def readiness_list(request: HttpRequest) -> HttpResponse:
    """/supervision/sites/?region=CODE[&format=xlsx]: sites not yet inspected or furthest behind first."""
    try:
        user = _staff(request)
        code = request.GET.get("region", "")
        region = _region(code) if code else supervision_home_region(user=user)
        rows = site_readiness_list_for_user(user=user, region=region)
    except DomainError as exc:
        return _refuse(request, exc)
    if request.GET.get("format") == "xlsx":
        table = Table(
            key="site_readiness",
            title=_("站点建设达标情况"),
            headers=(_("站点"), _("类型"), _("所在区划"), _("最近检查"), _("缺少的项目")),
            rows=[
                (
                    r.site.name,
                    r.site.get_kind_display(),
                    r.site.region.name,
                    str(r.latest.inspected_on) if r.latest else _("未检查"),
                    _("、").join(r.missing_labels),
                )
                for r in rows
            ],
        )
        response = HttpResponse(table_to_xlsx(table, subtitle=region.name), content_type=XLSX)
        response["Content-Disposition"] = 'attachment; filename="site_readiness.xlsx"'
        return response
    ready = sum(1 for r in rows if r.ready)
    return render(
        request,
        "supervision/readiness.html",
        {"region": region, "rows": rows, "ready": ready, "total": len(rows)},
    )


@require_http_methods(["GET", "POST"])
def inspection_record(request: HttpRequest, site_id: int) -> HttpResponse:
    try:
        user = _staff(request)
        site, items, history = site_inspection_form_data(user=user, site_id=site_id)
    except DomainError as exc:
        return _refuse(request, exc)
    if request.method == "POST":
        try:
            raw_day = request.POST.get("inspected_on", "")
            try:
                day = date.fromisoformat(raw_day)
            except ValueError:
                raise DomainError(f"检查日期“{raw_day}”无效，请使用 YYYY-MM-DD 格式。") from None
            site_inspection_record(
                actor=user,
                site_id=site.pk,
                inspected_on=day,
                present=request.POST.getlist("present"),
                note=request.POST.get("note", ""),
            )
        except DomainError as exc:
            messages.error(request, exc.message)
        else:
            messages.success(request, _("检查结果已记录。"))
            return redirect("supervision:site-inspect", site_id=site.pk)
    return render(
        request,
        "supervision/inspection.html",
        {"site": site, "items": items, "history": history, "today": clock.local_today()},
    )
