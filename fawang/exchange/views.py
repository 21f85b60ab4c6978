"""The upstream-exchange supervision page (K11): counts per target and the failing or dead messages, with
"重新发送". Thin: parse, call a selector or service, render (htmx row swap or full page)."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from fawang.accounts.models import User
from fawang.accounts.selectors import user_is_staff_member
from fawang.core.errors import DomainError, NotFoundError, PermissionDeniedError
from fawang.core.workbench_views import HtmxHttpRequest
from fawang.exchange.selectors import exchange_problem_list_for_user, exchange_summary_for_user
from fawang.exchange.services import exchange_message_retry
from fawang.regions.models import Region
from fawang.supervision.selectors import supervision_home_region


def _staff(request: HttpRequest) -> User:
    user = request.user
    if not isinstance(user, User) or not user_is_staff_member(user=user):
        raise PermissionDeniedError(_("上报交换页面仅供工作人员使用。"))
    return user


def _region(request: HttpRequest, user: User, raw: str) -> Region:
    if not raw:
        return supervision_home_region(user=user)
    region = Region.objects.filter(code=raw).first()
    if region is None:
        raise NotFoundError(_("未找到区划代码 %(code)s。") % {"code": raw})
    return region


def _refuse(request: HttpRequest, exc: DomainError) -> HttpResponse:
    return render(request, "supervision/error.html", {"message": exc.message}, status=exc.status_code)


def home(request: HttpRequest) -> HttpResponse:
    """/supervision/exchange/?region=CODE"""
    try:
        user = _staff(request)
        region = _region(request, user, request.GET.get("region", ""))
        summary = exchange_summary_for_user(user=user, region=region)
        problems = exchange_problem_list_for_user(user=user, region=region)
    except DomainError as exc:
        return _refuse(request, exc)
    return render(request, "exchange/home.html", {"region": region, "summary": summary, "problems": problems})


@require_POST
def retry(request: HtmxHttpRequest, message_id: int) -> HttpResponse:
    region = request.POST.get("region", "")
    try:
        user = _staff(request)
        message = exchange_message_retry(actor=user, message_id=message_id)
    except DomainError as exc:
        if request.htmx:
            row = '<tr id="exchange-message-{}"><td colspan="7" class="error" role="alert">{}</td></tr>'
            return HttpResponse(format_html(row, message_id, exc.message), status=exc.status_code)
        return _refuse(request, exc)
    if request.htmx:
        return render(request, "exchange/partials/message_row.html", {"m": message, "region_code": region})
    messages.success(
        request,
        _("已重新排队发送：%(reference)s（%(kind)s）。")
        % {"reference": message.case.reference, "kind": message.get_kind_display()},
    )
    url = reverse("exchange:home")
    return redirect(f"{url}?region={region}" if region.isdigit() else url)
