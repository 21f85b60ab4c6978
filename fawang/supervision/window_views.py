"""The window posts page of a physical site (G6): list, open, change, close and reopen windows."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from fawang.cases.states import INTAKE_SERVICE_CHOICES
from fawang.core.errors import DomainError
from fawang.supervision.views import _refuse, _staff
from fawang.supervision.windows import window_post_save, window_post_set_open, window_posts_for_site


def _int(raw: str, label: str) -> int:
    try:
        return int(raw)
    except ValueError:
        raise DomainError(f"{label}“{raw}”无效，请填写整数。") from None


@require_http_methods(["GET", "POST"])
def window_posts(request: HttpRequest, site_id: int) -> HttpResponse:
    try:
        user = _staff(request)
        site, windows = window_posts_for_site(user=user, site_id=site_id)
    except DomainError as exc:
        return _refuse(request, exc)
    if request.method == "POST":
        post = request.POST
        try:
            window_id = _int(post["window_id"], "窗口编号") if post.get("window_id") else None
            operation = post.get("op", "save")
            if operation == "save":
                window_post_save(
                    actor=user,
                    site_id=site.pk,
                    window_id=window_id,
                    number=_int(post.get("number", ""), "窗口号"),
                    name=post.get("name", ""),
                    service_types=post.getlist("service_types"),
                )
            elif operation in ("close", "open") and window_id is not None:
                window_post_set_open(
                    actor=user,
                    site_id=site.pk,
                    window_id=window_id,
                    open_=operation == "open",
                    reason=post.get("reason", ""),
                )
            else:
                raise DomainError("无法识别的操作。")
        except DomainError as exc:
            messages.error(request, exc.message)
            status = 400
        else:
            messages.success(request, _("窗口设置已保存。"))
            return redirect("supervision:site-windows", site_id=site.pk)
    else:
        status = 200
    return render(
        request,
        "supervision/windows.html",
        {"site": site, "windows": windows, "services": INTAKE_SERVICE_CHOICES, "posted": request.POST},
        status=status,
    )
