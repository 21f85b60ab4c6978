"""Cross-cutting request handling: login by default, request info for the audit log, security headers."""

from collections.abc import Callable
from typing import Any

from django.conf import settings
from django.contrib.auth.views import redirect_to_login
from django.http import HttpRequest, HttpResponse, HttpResponseBadRequest
from django.http.multipartparser import MultiPartParserError
from django.utils import translation
from django.utils.cache import patch_vary_headers

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


class ChosenLanguageMiddleware:
    """L8: the interface language is the one the user chose (the language cookie set by the picker), else Mandarin.

    Unlike Django's LocaleMiddleware, the browser's Accept-Language is not consulted: a Chinese bureau's site opens in
    Mandarin for everyone, and a picker on every page switches it (remembered like the large-text mode, L2)."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        chosen = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME, "")
        language = chosen if chosen in dict(settings.LANGUAGES) else settings.LANGUAGE_CODE
        translation.activate(language)
        request.LANGUAGE_CODE = language  # as LocaleMiddleware sets it
        response = self.get_response(request)
        response.headers.setdefault("Content-Language", language)
        patch_vary_headers(response, ("Cookie",))
        return response


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


class SecurityHeadersMiddleware:
    """Headers Django's SecurityMiddleware does not set (M15): a Permissions-Policy that switches off device APIs,
    Cross-Origin-Resource-Policy, and `Cache-Control: no-store` on responses to signed-in users, so pages with
    personal data are not kept by shared or browser caches."""

    PERMISSIONS_POLICY = "camera=(), microphone=(), geolocation=(), payment=(), usb=(), interest-cohort=()"

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        response.headers.setdefault("Permissions-Policy", self.PERMISSIONS_POLICY)
        response.headers.setdefault("Cross-Origin-Resource-Policy", "same-origin")
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated and "Cache-Control" not in response.headers:
            response.headers["Cache-Control"] = "no-store"
        return response


class RejectNulBytesMiddleware:
    """Refuse NUL characters in parameters and bodies with a 400: PostgreSQL text cannot hold them, and no
    legitimate form or JSON field needs them (file contents in multipart uploads are not inspected)."""

    MESSAGE = "请求中包含无效字符，请检查后重新提交。"
    MALFORMED = "请求体格式无效（multipart 分隔符缺失或损坏），请检查后重新提交。"

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        try:
            has_nul = self._has_nul(request)
        except MultiPartParserError:
            # Django would answer 400 too, but only after logging a traceback; a clear message is enough.
            return HttpResponseBadRequest(self.MALFORMED, content_type="text/plain; charset=utf-8")
        if has_nul:
            return HttpResponseBadRequest(self.MESSAGE, content_type="text/plain; charset=utf-8")
        return self.get_response(request)

    @staticmethod
    def _has_nul(request: HttpRequest) -> bool:
        query = str(request.META.get("QUERY_STRING", ""))
        if "%00" in query or "\x00" in query or "%5Cu0000" in query.lower():
            return True
        content_type = request.content_type or ""
        if content_type.startswith("multipart/"):
            return any("\x00" in value for values in request.POST.lists() for value in values[1])
        body = request.body if request.method in ("POST", "PUT", "PATCH") else b""
        return b"\x00" in body or b"%00" in body or b"\\u0000" in body
