"""Device management in the staff workbench (/work/kiosks/, G10): supervisors and administrators register the kiosks
of the physical sites in their jurisdiction, rename, stop and start them and re-issue their tokens, with the same
scope rule and audit as the sites' other settings (window posts, G6). Hidden and 404 while the channel is closed."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods

from fawang.accounts.models import User
from fawang.accounts.selectors import user_is_staff_member
from fawang.core.errors import DomainError, NotFoundError, PermissionDeniedError
from fawang.kiosk.forms import KioskRegisterForm
from fawang.kiosk.models import Kiosk
from fawang.kiosk.selectors import (
    kiosk_channel_open,
    kiosk_get_for_user,
    kiosk_list_for_user,
    kiosk_sites_for_user,
)
from fawang.kiosk.services import (
    PAIRING_TTL,
    kiosk_register,
    kiosk_rename,
    kiosk_set_active,
    kiosk_token_reissue,
)
from fawang.regions.models import Region
from fawang.supervision.selectors import supervision_home_region


def _staff(request: HttpRequest) -> User:
    user = request.user
    if not isinstance(user, User) or not user_is_staff_member(user=user):
        raise PermissionDeniedError(_("自助终端管理仅供工作人员使用。"))
    return user


def _refuse(request: HttpRequest, exc: DomainError) -> HttpResponse:
    return render(request, "kiosk/staff/error.html", {"message": exc.message}, status=exc.status_code)


def _closed() -> DomainError:
    return NotFoundError(_("本平台未开通自助终端服务（FAWANG_OPTIONAL_CHANNELS 未列出 kiosk）。"))


def _region(request: HttpRequest, user: User) -> Region:
    code = request.GET.get("region", "")
    if not code:
        return supervision_home_region(user=user)
    region = Region.objects.filter(code=code).first()
    if region is None:
        raise NotFoundError(_("未找到区划代码 %(code)s。") % {"code": code})
    return region


def _paired(request: HttpRequest, kiosk: Kiosk, code: str) -> HttpResponse:
    """The one time the pairing code is shown: it is stored only as a keyed digest."""
    url = request.build_absolute_uri(f"{reverse('kiosk:pair')}?code={code}")
    minutes = int(PAIRING_TTL.total_seconds() // 60)
    context = {"kiosk": kiosk, "code": code, "url": url, "minutes": minutes}
    return render(request, "kiosk/staff/paired.html", context)


@never_cache
@require_http_methods(["GET", "POST"])
def kiosk_list(request: HttpRequest) -> HttpResponse:
    try:
        user = _staff(request)
        if not kiosk_channel_open():
            raise _closed()
        sites = kiosk_sites_for_user(user=user)
        region = _region(request, user)
        rows = kiosk_list_for_user(user=user, region=region)
    except DomainError as exc:
        return _refuse(request, exc)
    form = KioskRegisterForm(request.POST or None, sites=sites)
    if request.method == "POST" and form.is_valid():
        try:
            kiosk, code = kiosk_register(
                actor=user, site_id=form.cleaned_data["site"], name=form.cleaned_data["name"]
            )
        except DomainError as exc:
            form.add_error(None, exc.message)
        else:
            return _paired(request, kiosk, code)
    context = {"rows": rows, "region": region, "form": form}
    return render(request, "kiosk/staff/list.html", context, status=400 if form.errors else 200)


@never_cache
@require_http_methods(["GET", "POST"])
def kiosk_detail(request: HttpRequest, kiosk_id: int) -> HttpResponse:
    try:
        user = _staff(request)
        if not kiosk_channel_open():
            raise _closed()
        kiosk = kiosk_get_for_user(user=user, kiosk_id=kiosk_id)
    except DomainError as exc:
        return _refuse(request, exc)
    if request.method == "GET":
        return render(request, "kiosk/staff/detail.html", {"kiosk": kiosk})
    operation = request.POST.get("op", "")
    code = ""
    try:
        if operation == "rename":
            kiosk = kiosk_rename(actor=user, kiosk_id=kiosk.pk, name=request.POST.get("name", ""))
        elif operation in ("deactivate", "activate"):
            kiosk, code = kiosk_set_active(
                actor=user,
                kiosk_id=kiosk.pk,
                active=operation == "activate",
                reason=request.POST.get("reason", ""),
            )
        elif operation == "reissue":
            kiosk, code = kiosk_token_reissue(actor=user, kiosk_id=kiosk.pk)
        else:
            raise DomainError(_("无法识别的操作。"))
    except DomainError as exc:
        if exc.status_code != 400:
            return _refuse(request, exc)
        return render(
            request, "kiosk/staff/detail.html", {"kiosk": kiosk, "error": exc.message}, status=exc.status_code
        )
    if code:
        return _paired(request, kiosk, code)
    messages.success(request, _("已保存。"))
    return redirect("kiosk_admin:detail", kiosk_id=kiosk.pk)
