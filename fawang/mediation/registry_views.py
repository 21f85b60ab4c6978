"""The committee register page and the notice to the basic court (D10), /work/mediation/committees/.

Window clerks (司法所) and administrators (县司法局) register members; supervisors read. The place is one of the user's
jurisdictions (default: the first); dates default to this year so far."""

from __future__ import annotations

from datetime import date

from django.conf import settings
from django.contrib import messages
from django.http import HttpRequest, HttpResponse, QueryDict
from django.shortcuts import redirect, render
from django.utils import translation
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from fawang.accounts.models import User
from fawang.accounts.roles import Role
from fawang.accounts.selectors import grant_list_for_user, user_roles
from fawang.core import clock
from fawang.core.audit import audit_record
from fawang.core.errors import DomainError
from fawang.core.models import AuditAction
from fawang.core.workbench_views import day, flag, integer, pdf_response, text, user_of
from fawang.mediation.documents import court_notice_document
from fawang.mediation.models import MemberRole
from fawang.mediation.registry import Register, committee_register
from fawang.mediation.services import committee_member_add
from fawang.regions.models import Region

READERS = frozenset({Role.ADMIN, Role.WINDOW_CLERK, Role.SUPERVISOR})
EDITORS = frozenset({Role.ADMIN, Role.WINDOW_CLERK})


def _places(user: User) -> list[Region]:
    prefixes = [
        g.region_prefix for g in grant_list_for_user(user=user) if g.role in READERS and g.region_prefix
    ]
    return list(Region.objects.filter(code__in=[p.ljust(12, "0") for p in prefixes]).order_by("code"))


def _register(places: list[Region], query: QueryDict) -> Register:
    code = text(query, "region")
    place = next((r for r in places if r.code == code), None) if code else (places[0] if places else None)
    if place is None:
        raise DomainError(_("请选择您辖区内的地区。"))
    today = clock.local_today()
    since = day(query, "since") if text(query, "since") else date(today.year, 1, 1)
    on = day(query, "on") if text(query, "on") else today
    if since > on:
        raise DomainError(_("统计起始日期不能晚于截止日期。"))
    return committee_register(region=place, since=since, on=on)


@require_http_methods(["GET", "POST"])
def register(request: HttpRequest) -> HttpResponse:
    user = user_of(request)
    roles = user_roles(user=user)
    if not roles & (EDITORS if request.method == "POST" else READERS):
        return render(request, "workbench/forbidden.html", status=403)
    error = ""
    places = _places(user)
    try:
        reg = _register(places, request.GET)
    except DomainError as exc:
        return render(request, "mediation/register.html", {"error": exc.message}, status=400)
    if request.method == "POST":
        committees = {r.committee.pk: r.committee for r in reg.rows}
        try:
            committee = committees.get(integer(request.POST, "committee"))
            if committee is None:
                raise DomainError(_("请选择本辖区的人民调解委员会。"))
            member = committee_member_add(
                actor=user,
                committee=committee,
                name=text(request.POST, "name"),
                gender=text(request.POST, "gender"),
                role=text(request.POST, "role") or MemberRole.MEMBER,
                term_start=day(request.POST, "term_start"),
                term_end=day(request.POST, "term_end"),
                ethnic_minority=flag(request.POST, "ethnic_minority"),
            )
        except DomainError as exc:
            error = exc.message
        else:
            messages.success(
                request,
                _("已登记%(committee)s委员%(name)s。")
                % {"committee": member.committee.name, "name": member.name},
            )
            return redirect(request.get_full_path())
    context = {
        "reg": reg,
        "places": places,
        "can_edit": bool(roles & EDITORS),
        "roles": MemberRole.choices,
        "error": error,
    }
    return render(request, "mediation/register.html", context, status=400 if error else 200)


@require_GET
def court_notice(request: HttpRequest) -> HttpResponse:
    """Art.6: the bureau informs the basic court of the committees, their members and the changes."""
    user = user_of(request)
    if not user_roles(user=user) & READERS:
        return render(request, "workbench/forbidden.html", status=403)
    try:
        reg = _register(_places(user), request.GET)
    except DomainError as exc:
        return render(request, "mediation/register.html", {"error": exc.message}, status=400)
    audit_record(
        actor=user,
        action=AuditAction.EXPORT,
        object_type="mediation.CommitteeRegister",
        object_id=f"{reg.region.code}:{reg.since}:{reg.on}",
    )
    with translation.override(settings.LANGUAGE_CODE):  # an official document, in the source language
        content = court_notice_document(reg).render()
    return pdf_response(content, f"committees-{reg.region.code}-{reg.on}.pdf")
