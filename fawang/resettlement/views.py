"""Resettlement workbench (/work/resettlement/) for the named roles (R1-R2), aggregate figures, and the village
adviser's service log (/work/resettlement/advisers/, O4)."""

from __future__ import annotations

from datetime import timedelta

from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from fawang.accounts.roles import Role
from fawang.accounts.selectors import grant_list_for_user, user_roles
from fawang.core import clock
from fawang.core.errors import DomainError, NotFoundError
from fawang.core.workbench_views import day, flag, integer, text, user_of
from fawang.directory.models import AdviserServiceKind
from fawang.people.services import person_register
from fawang.regions.models import Region, RegionLevel
from fawang.resettlement import adviser_log, services
from fawang.resettlement.access import resettlement_prefixes
from fawang.resettlement.models import MeasureKind, Need, VisitMethod
from fawang.resettlement.selectors import (
    resettlement_public_figures,
    resettlement_record_get_for_user,
    resettlement_record_list_for_user,
)


def _forbidden(request: HttpRequest) -> HttpResponse:
    return render(request, "workbench/forbidden.html", status=403)


@require_http_methods(["GET", "POST"])
def home(request: HttpRequest) -> HttpResponse:
    user = user_of(request)
    prefixes = resettlement_prefixes(user=user)
    if not prefixes:
        return _forbidden(request)
    townships = [
        t
        for t in Region.objects.filter(level=RegionLevel.TOWNSHIP)
        if any(t.code.startswith(p) for p in prefixes)
    ]
    error = ""
    if request.method == "POST":
        data = request.POST
        try:
            township = next((t for t in townships if t.pk == integer(data, "township")), None)
            if township is None:
                raise DomainError(_("请选择您有权衔接的乡镇。"))
            person = person_register(
                actor=user,
                name=text(data, "name"),
                id_number=text(data, "id_number"),
                phone=text(data, "phone"),
                address=text(data, "address"),
            )
            record = services.resettlement_record_open(
                actor=user,
                person=person,
                township=township,
                released_on=day(data, "released_on"),
                released_from=text(data, "released_from"),
                handed_over_on=day(data, "handed_over_on"),
                needs=data.getlist("needs"),
                plan=text(data, "plan"),
                unable_to_work_without_support=flag(data, "unable_to_work"),
            )
        except DomainError as exc:
            error = exc.message
        else:
            return redirect("resettlement:detail", record_id=record.pk)
    context = {
        "records": resettlement_record_list_for_user(user=user)[:200],
        "townships": townships,
        "needs": Need.choices,
        "error": error,
    }
    return render(request, "resettlement/home.html", context, status=400 if error else 200)


@require_GET
def detail(request: HttpRequest, record_id: int) -> HttpResponse:
    try:
        record = resettlement_record_get_for_user(user=user_of(request), record_id=record_id)
    except NotFoundError:
        return render(request, "workbench/not_found.html", status=404)
    context = {
        "r": record,
        "measures": record.measures.all(),
        "visits": record.visits.all(),
        "measure_kinds": MeasureKind.choices,
        "visit_methods": VisitMethod.choices,
        "need_labels": [Need(n).label for n in record.needs],
    }
    return render(request, "resettlement/detail.html", context)


@require_POST
def step(request: HttpRequest, record_id: int, name: str) -> HttpResponse:
    user, data = user_of(request), request.POST
    try:
        if name == "measure":
            services.resettlement_measure_add(
                actor=user,
                record_id=record_id,
                kind=text(data, "kind"),
                description=text(data, "description"),
                taken_on=day(data, "taken_on"),
            )
        elif name == "visit":
            services.resettlement_visit_record(
                actor=user,
                record_id=record_id,
                visited_on=day(data, "visited_on"),
                method=text(data, "method"),
                notes=text(data, "notes"),
                next_visit_on=day(data, "next_visit_on") if text(data, "next_visit_on") else None,
            )
        elif name == "close":
            services.resettlement_record_close(actor=user, record_id=record_id, note=text(data, "note"))
        else:
            raise NotFoundError()
    except NotFoundError:
        return render(request, "workbench/not_found.html", status=404)
    except DomainError as exc:
        return render(
            request, "resettlement/error.html", {"error": exc.message, "record_id": record_id}, status=400
        )
    return redirect("resettlement:detail", record_id=record_id)


@require_GET
def figures(request: HttpRequest) -> HttpResponse:
    """Aggregate-only publication (R2): supervisors and administrators see counts, never records."""
    user = user_of(request)
    grants = [
        g
        for g in grant_list_for_user(user=user)
        if g.role in (Role.SUPERVISOR, Role.ADMIN) and g.region_prefix
    ]
    if not grants:
        return _forbidden(request)
    region = Region.objects.filter(code=grants[0].region_prefix.ljust(12, "0")).first()  # type: ignore[union-attr]
    if region is None:
        return _forbidden(request)
    totals, towns = resettlement_public_figures(region=region)
    today = clock.local_today()
    advisers = adviser_log.adviser_service_counts(
        region=region, date_from=today - timedelta(days=365), date_to=today
    )
    labels = dict(AdviserServiceKind.choices)
    return render(
        request,
        "resettlement/figures.html",
        {"region": region, "totals": totals, "towns": towns, "advisers": advisers, "labels": labels},
    )


@require_http_methods(["GET", "POST"])
def advisers(request: HttpRequest) -> HttpResponse:
    user = user_of(request)
    if Role.VILLAGE_ADVISER not in user_roles(user=user):
        return _forbidden(request)
    villages = list(adviser_log.adviser_villages(user=user))
    error = ""
    if request.method == "POST":
        data = request.POST
        try:
            village = next((v for v in villages if v.pk == integer(data, "village")), None)
            if village is None:
                raise DomainError(_("只能记录本人担任法律顾问的村（社区）的服务。"))
            adviser_log.adviser_service_log_record(
                actor=user,
                village=village,
                kind=text(data, "kind"),
                happened_on=day(data, "happened_on"),
                topic=text(data, "topic"),
                summary=text(data, "summary"),
                attendees=integer(data, "attendees") if text(data, "attendees") else 0,
            )
        except DomainError as exc:
            error = exc.message
        else:
            return redirect("resettlement:advisers")
    context = {
        "villages": villages,
        "kinds": AdviserServiceKind.choices,
        "error": error,
        "entries": adviser_log.adviser_service_list_for_user(user=user)[:100],
    }
    return render(request, "resettlement/advisers.html", context, status=400 if error else 200)
