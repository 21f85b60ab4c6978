"""The second factor gate (M5): a signed-in user who must pass TOTP reaches only the second-factor pages, sign-out
and public pages until they do. Session-authenticated API calls get 403 in the meantime."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any
from urllib.parse import urlencode

from django.http import HttpRequest, HttpResponse, HttpResponseRedirect, JsonResponse
from django.urls import reverse

from fawang.core.access import is_public
from fawang.security.totp import SESSION_OTP_OK, totp_device_for, totp_required

ALLOWED_URL_NAMES = frozenset({"security:otp-verify", "security:otp-setup", "accounts:logout"})


class SecondFactorMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_view(
        self, request: HttpRequest, view_func: Callable[..., Any], view_args: Any, view_kwargs: Any
    ) -> HttpResponse | None:
        user = request.user
        if not user.is_authenticated or request.session.get(SESSION_OTP_OK):
            return None
        match = request.resolver_match
        if is_public(view_func) or (match is not None and match.view_name in ALLOWED_URL_NAMES):
            return None
        if request.path.startswith("/static/"):
            return None
        if SESSION_OTP_OK in request.session:  # decided at sign-in (signals.py): False means "not yet"
            pass
        elif not totp_required(user=user):
            request.session[SESSION_OTP_OK] = True  # a session from before this gate existed
            return None
        if request.path.startswith("/api/"):
            return JsonResponse(
                {"detail": "请先完成动态口令验证。", "code": "second_factor_required"}, status=403
            )
        device = totp_device_for(user=user)
        name = "security:otp-verify" if device is not None and device.confirmed else "security:otp-setup"
        return HttpResponseRedirect(reverse(name) + "?" + urlencode({"next": request.get_full_path()}))
