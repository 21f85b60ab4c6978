"""Cross-cutting request handling: login by default, request info for the audit log."""

from collections.abc import Callable
from typing import Any

from django.contrib.auth.views import redirect_to_login
from django.http import HttpRequest, HttpResponse

from fawang.core.access import is_public
from fawang.core.request_context import RequestInfo, reset_request_info, set_request_info


class LoginRequiredByDefaultMiddleware:
    """Pages need a signed-in user unless marked @public; the API, admin and static files handle auth themselves."""

    EXEMPT_PREFIXES = ("/api/", "/admin/", "/static/", "/media/")

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_view(
        self, request: HttpRequest, view_func: Callable[..., Any], view_args: Any, view_kwargs: Any
    ) -> HttpResponse | None:
        if request.user.is_authenticated or is_public(view_func):
            return None
        if request.path.startswith(self.EXEMPT_PREFIXES):
            return None
        return redirect_to_login(request.get_full_path())


class RequestContextMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        token = set_request_info(
            RequestInfo(
                ip_address=request.META.get("REMOTE_ADDR") or None,
                user_agent=str(request.META.get("HTTP_USER_AGENT", "")),
            )
        )
        try:
            return self.get_response(request)
        finally:
            reset_request_info(token)
