"""Legal-culture site pages (P4): the public list by region, and the editors' registry."""

from __future__ import annotations

from django.contrib import messages
from django.http import FileResponse, HttpRequest, HttpResponse, HttpResponseBase
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from fawang.core.access import public
from fawang.core.errors import DomainError, NotFoundError, PermissionDeniedError
from fawang.education.access import education_staff_require
from fawang.education.culture.forms import ArchiveForm, CultureSiteForm
from fawang.education.culture.selectors import (
    culture_site_get_for_staff,
    culture_site_get_public,
    culture_site_list_for_staff,
    culture_site_list_public,
)
from fawang.education.culture.services import SiteDetails, culture_site_archive, culture_site_create
from fawang.education.filters import region_filter_choices, region_filter_parse
from fawang.education.models import FREE_OPEN_BASIS, CultureSiteKind
from fawang.education.web import forbidden, not_found, signed_in_user


@public
@require_GET
def site_list(request: HttpRequest) -> HttpResponse:
    raw = request.GET.get("region", "")
    kind = request.GET.get("kind", "")
    error = ""
    try:
        region = region_filter_parse(raw)
    except DomainError as exc:
        region, error = None, exc.message
    kind = kind if kind in CultureSiteKind.values else ""
    sites = list(culture_site_list_public(region=region, kind=kind)[:300]) if not error else []
    context = {
        "sites": sites,
        "region_code": raw.strip(),
        "kind": kind,
        "kinds": CultureSiteKind.choices,
        "choices": region_filter_choices(
            culture_site_list_public().order_by().values_list("region__code", flat=True).distinct()
        ),
        "error": error,
        "basis": FREE_OPEN_BASIS,
    }
    template = (
        "education/culture/partials/list.html"
        if getattr(request, "htmx", False)
        else "education/culture/list.html"
    )
    return render(request, template, context, status=400 if error else 200)


@public
@require_GET
def site_photo(request: HttpRequest, site_id: int) -> HttpResponseBase:
    try:
        site = culture_site_get_public(site_id=site_id)
    except NotFoundError:
        return not_found(request)
    if not site.photo:
        return not_found(request)
    return FileResponse(site.photo.open("rb"))


@require_http_methods(["GET", "POST"])
def manage(request: HttpRequest) -> HttpResponse:
    try:
        user = signed_in_user(request)
        prefixes = education_staff_require(user=user)
    except PermissionDeniedError as exc:
        return forbidden(request, exc.message)
    form = CultureSiteForm(
        request.POST if request.method == "POST" else None,
        request.FILES if request.method == "POST" else None,
        prefixes=prefixes,
    )
    if request.method == "POST" and form.is_valid():
        try:
            culture_site_create(actor=user, details=SiteDetails(**form.cleaned_data))
        except DomainError as exc:
            form.add_error(None, exc.message)
        else:
            messages.success(request, _("法治文化阵地已登记。"))
            return redirect("education:culture-sites-manage")
    return render(
        request,
        "education/culture/manage.html",
        {"form": form, "sites": culture_site_list_for_staff(user=user)[:300], "archive_form": ArchiveForm()},
        status=400 if form.errors else 200,
    )


@require_POST
def archive(request: HttpRequest, site_id: int) -> HttpResponse:
    try:
        user = signed_in_user(request)
        site = culture_site_get_for_staff(user=user, site_id=site_id)
    except NotFoundError:
        return not_found(request)
    except PermissionDeniedError as exc:
        return forbidden(request, exc.message)
    form = ArchiveForm(request.POST)
    try:
        culture_site_archive(
            actor=user, site=site, reason=form.data.get("reason", "") if form.is_valid() else ""
        )
    except DomainError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, _("已停用。"))
    return redirect("education:culture-sites-manage")
