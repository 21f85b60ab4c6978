"""The standards page (C3): administrators add and revise hardship standards with their sources; reviewers
and supervisors read them. Mounted under /work/legal-aid/standards/ by fawang/legal_aid/urls.py.
"""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from fawang.accounts.models import User
from fawang.accounts.roles import Role
from fawang.accounts.selectors import user_roles
from fawang.accounts.services import system_actor
from fawang.core.errors import DomainError, NotFoundError, PermissionDeniedError
from fawang.eligibility.forms import AreaForm, StandardForm, standard_initial
from fawang.eligibility.models import HardshipArea
from fawang.eligibility.selectors import area_list, standard_get, standard_list
from fawang.eligibility.services import (
    hardship_area_create,
    hardship_standard_create,
    hardship_standard_revise,
    standards_ensure_seeded,
)

READERS = frozenset({Role.ADMIN, Role.AID_REVIEWER, Role.SUPERVISOR})


def _user(request: HttpRequest, *, edit: bool) -> User:
    user = request.user
    if not isinstance(user, User):
        raise PermissionDeniedError(_("请先登录。"))
    roles = user_roles(user=user)
    if not roles & (frozenset({Role.ADMIN}) if edit else READERS):
        raise PermissionDeniedError(_("只有系统管理员可以修改经济困难标准。") if edit else _("您无权查看。"))
    return user


def standards(request: HttpRequest) -> HttpResponse:
    try:
        user = _user(request, edit=False)
    except PermissionDeniedError:
        return render(request, "workbench/forbidden.html", status=403)
    standards_ensure_seeded(actor=system_actor())
    return render(
        request,
        "eligibility/standards.html",
        {"standards": standard_list(), "areas": area_list(), "can_edit": Role.ADMIN in user_roles(user=user)},
    )


@require_http_methods(["GET", "POST"])
def standard_new(request: HttpRequest) -> HttpResponse:
    try:
        user = _user(request, edit=True)
    except PermissionDeniedError:
        return render(request, "workbench/forbidden.html", status=403)
    form = StandardForm(request.POST or None)
    areas = area_list()
    area_key = request.POST.get("area") or request.GET.get("area") or ""
    if request.method == "POST" and form.is_valid():
        area = HardshipArea.objects.filter(key=area_key).first()
        try:
            if area is None:
                raise DomainError(_("请选择适用地区。"))
            standard = hardship_standard_create(
                actor=user, area=area, data=form.data_dict(), reason=form.cleaned_data["reason"]
            )
        except DomainError as exc:
            form.add_error(None, exc.message)
        else:
            messages.success(request, _("已新增经济困难标准 %(version)s。") % {"version": standard.version})
            return redirect("legal_aid:standards")
    return render(
        request,
        "eligibility/standard_form.html",
        {"form": form, "areas": areas, "area_key": area_key, "standard": None},
        status=400 if form.errors else 200,
    )


@require_http_methods(["GET", "POST"])
def standard_edit(request: HttpRequest, pk: int) -> HttpResponse:
    try:
        user = _user(request, edit=True)
        standard = standard_get(pk=pk)
    except PermissionDeniedError:
        return render(request, "workbench/forbidden.html", status=403)
    except NotFoundError:
        return render(request, "workbench/not_found.html", status=404)
    form = StandardForm(request.POST or None, initial=standard_initial(standard))
    if request.method == "POST" and form.is_valid():
        try:
            hardship_standard_revise(
                actor=user,
                standard=standard,
                data=form.data_dict(),
                reason=form.cleaned_data["reason"],
                withdrawn=request.POST.get("withdrawn") == "on",
            )
        except DomainError as exc:
            form.add_error(None, exc.message)
        else:
            messages.success(request, _("已修订经济困难标准 %(version)s。") % {"version": standard.version})
            return redirect("legal_aid:standards")
    return render(
        request,
        "eligibility/standard_form.html",
        {
            "form": form,
            "standard": standard,
            "revisions": standard.revisions.select_related("actor").order_by("-revision"),
        },
        status=400 if form.errors else 200,
    )


@require_http_methods(["GET", "POST"])
def area_new(request: HttpRequest) -> HttpResponse:
    try:
        user = _user(request, edit=True)
    except PermissionDeniedError:
        return render(request, "workbench/forbidden.html", status=403)
    form = AreaForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        try:
            area = hardship_area_create(
                actor=user,
                key=d["key"],
                province=d["province"],
                prefecture=d["prefecture"],
                county=d["county"],
                code=d["code"],
                aliases=[a.strip() for a in d["aliases"].replace("，", ",").split(",")],
            )
        except DomainError as exc:
            form.add_error(None, exc.message)
        else:
            messages.success(request, _("已新增地区 %(area)s。") % {"area": area})
            return redirect(f"/work/legal-aid/standards/new/?area={area.key}")
    return render(request, "eligibility/area_form.html", {"form": form}, status=400 if form.errors else 200)
