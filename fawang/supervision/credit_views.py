"""Pages of the practitioners' credit record (O3): find a practitioner, record a sanction, mark one quashed."""

from __future__ import annotations

from datetime import date

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from fawang.core import clock
from fawang.core.errors import DomainError
from fawang.directory.models import SanctionKind
from fawang.supervision.credit import (
    SanctionInput,
    practitioner_credit_for_supervisor,
    practitioner_sanction_quash,
    practitioner_sanction_record,
    practitioner_search_for_supervisor,
)
from fawang.supervision.views import _refuse, _staff


def _date(raw: str, label: str) -> date:
    try:
        return date.fromisoformat(raw)
    except ValueError:
        raise DomainError(f"{label}“{raw}”无效，请使用 YYYY-MM-DD 格式。") from None


@require_GET
def practitioner_search(request: HttpRequest) -> HttpResponse:
    """/supervision/practitioners/?q=: practitioners of the user's jurisdiction by name, licence number or institution."""
    query = request.GET.get("q", "")[:50]
    try:
        found = practitioner_search_for_supervisor(user=_staff(request), query=query)
    except DomainError as exc:
        return _refuse(request, exc)
    return render(request, "supervision/practitioners.html", {"query": query, "found": found})


@require_http_methods(["GET", "POST"])
def practitioner_credit(request: HttpRequest, practitioner_id: int) -> HttpResponse:
    try:
        user = _staff(request)
        practitioner, credit, history = practitioner_credit_for_supervisor(
            user=user, practitioner_id=practitioner_id
        )
    except DomainError as exc:
        return _refuse(request, exc)
    status = 200
    if request.method == "POST":
        try:
            until = request.POST.get("suspended_until", "")
            practitioner_sanction_record(
                actor=user,
                practitioner_id=practitioner.pk,
                sanction=SanctionInput(
                    kind=request.POST.get("kind", ""),
                    authority=request.POST.get("authority", ""),
                    decision_number=request.POST.get("decision_number", ""),
                    decided_on=_date(request.POST.get("decided_on", ""), "决定日期"),
                    suspended_until=_date(until, "停止执业截止日期") if until else None,
                    summary=request.POST.get("summary", ""),
                ),
            )
        except DomainError as exc:
            messages.error(request, exc.message)
            status = 400
        else:
            messages.success(request, _("处罚（处分）已登记，已在“找服务”中公示。"))
            return redirect("supervision:practitioner-credit", practitioner_id=practitioner.pk)
    context = {
        "practitioner": practitioner,
        "credit": credit,
        "history": history,
        "kinds": SanctionKind.choices,
        "today": clock.local_today(),
        "form": request.POST if status == 400 else {},
    }
    return render(request, "supervision/practitioner_credit.html", context, status=status)


@require_POST
def sanction_quash(request: HttpRequest, sanction_id: int) -> HttpResponse:
    try:
        user = _staff(request)
        row = practitioner_sanction_quash(
            actor=user,
            sanction_id=sanction_id,
            quashed_on=_date(request.POST.get("quashed_on", ""), "撤销日期"),
            reason=request.POST.get("reason", ""),
        )
    except DomainError as exc:
        return _refuse(request, exc)
    messages.success(request, _("已标记为撤销，不再公示，也不再限制执业。"))
    return redirect("supervision:practitioner-credit", practitioner_id=row.practitioner_id)
