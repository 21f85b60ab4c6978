"""Monitoring over HTTP (N8): `GET /metrics` for Prometheus, and the 运行监测 page for administrators.
Thin: check access, call the selector (through the collector for /metrics), render."""

from __future__ import annotations

from django.conf import settings
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext
from django.views.decorators.http import require_GET

from fawang.accounts.models import User
from fawang.accounts.selectors import user_is_admin
from fawang.core import clock
from fawang.core.access import public
from fawang.monitoring.exposition import bearer_token_valid, metrics_exposition
from fawang.monitoring.presenters import operations_context
from fawang.monitoring.selectors import monitoring_report_get


@public  # no session: Prometheus presents the bearer token (reviewed in the authorisation matrix)
@require_GET
def metrics(request: HttpRequest) -> HttpResponse:
    """/metrics: aggregates only. No token configured: 404, as if the URL did not exist. Wrong or missing: 401."""
    token = settings.FAWANG_METRICS_TOKEN
    if not token:
        raise Http404()
    if not bearer_token_valid(authorization=request.headers.get("Authorization", ""), token=token):
        response = HttpResponse(
            "需要有效的访问令牌（Authorization: Bearer <FAWANG_METRICS_TOKEN>）。\n",
            status=401,
            content_type="text/plain; charset=utf-8",
        )
        response["WWW-Authenticate"] = 'Bearer realm="fawang-metrics"'
        return response
    body, content_type = metrics_exposition(accept=request.headers.get("Accept", ""))
    response = HttpResponse(body, content_type=content_type)
    response["Cache-Control"] = "no-store"
    return response


@require_GET
def operations(request: HttpRequest) -> HttpResponse:
    """/supervision/operations/: the same figures with their thresholds, for system administrators only."""
    user = request.user
    if not isinstance(user, User) or not user_is_admin(user=user):
        message = gettext("运行监测页面仅供系统管理员使用。")
        return render(request, "security/forbidden.html", {"message": message}, status=403)
    report = monitoring_report_get(now=clock.now())
    return render(request, "monitoring/operations.html", operations_context(report))
