"""Pages of institutions' accessible services (L6): the aid centres to rectify with a search of the jurisdiction's
institutions, and recording what one institution offers."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from fawang.core.errors import DomainError
from fawang.directory.models import AccessibleService, InstitutionKind
from fawang.supervision.accessibility import (
    aid_centre_shortfall_list_for_user,
    institution_accessibility_for_supervisor,
    institution_accessibility_set,
    institution_search_for_supervisor,
)
from fawang.supervision.views import _refuse, _staff


@require_GET
def institution_list(request: HttpRequest) -> HttpResponse:
    """/supervision/institutions/?q=&kind=: the aid centres short of the minimum (待整改), then a search."""
    query = request.GET.get("q", "")[:50]
    kind = request.GET.get("kind", "")[:30]
    try:
        user = _staff(request)
        shortfalls = aid_centre_shortfall_list_for_user(user=user)
        found = institution_search_for_supervisor(user=user, query=query, kind=kind)
    except DomainError as exc:
        return _refuse(request, exc)
    context = {
        "shortfalls": shortfalls,
        "query": query,
        "kind": kind,
        "kinds": InstitutionKind.choices,
        "found": found,
        "searched": bool(query.strip() or kind),
    }
    return render(request, "supervision/institutions.html", context)


@require_http_methods(["GET", "POST"])
def institution_accessibility(request: HttpRequest, institution_id: int) -> HttpResponse:
    try:
        user = _staff(request)
        view = institution_accessibility_for_supervisor(user=user, institution_id=institution_id)
    except DomainError as exc:
        return _refuse(request, exc)
    status = 200
    chosen = view.institution.accessible_services
    note = view.institution.accessibility_note
    if request.method == "POST":
        chosen, note = request.POST.getlist("services"), request.POST.get("note", "")
        try:
            changed = institution_accessibility_set(
                actor=user, institution=view.institution, services=chosen, note=note
            )
        except DomainError as exc:
            if exc.status_code != 400:
                return _refuse(request, exc)
            messages.error(request, exc.message)
            status = 400
        else:
            messages.success(
                request,
                _("无障碍服务已登记，已在“找服务”中公示。") if changed else _("与原登记相同，未作改动。"),
            )
            return redirect("supervision:institution-accessibility", institution_id=institution_id)
    required = {r.service.value for r in view.required}
    context = {
        "view": view,
        "institution": view.institution,
        "options": [(code, label, code in required) for code, label in AccessibleService.choices],
        "chosen": chosen,
        "note": note,
    }
    return render(request, "supervision/institution_accessibility.html", context, status=status)
