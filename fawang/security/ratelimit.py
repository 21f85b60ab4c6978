"""Rate limits (M15) on sign-in, SMS, search and intake: fixed-window counters in the Django cache.

The cache is FAWANG_RATE_LIMIT_CACHE (locmem by default: per process; set REDIS_URL so that every worker shares
the counters in production). Rates are "<count>/<s|m|h|d>" strings in FAWANG_RATE_LIMITS, keyed by scope.

    rate_limit_hit(scope="sms", key=phone)          -> raises RateLimitedError (HTTP 429) when over
    @rate_limited("search")                         -> page decorator, keyed by user or client address
    throttle_classes = [scoped_throttle("intake")]  -> DRF throttle with the same counters
    FAWANG_RATE_LIMITED_VIEWS                       -> central table {url name: (methods, scope)} applied by
                                                       RateLimitMiddleware to pages and API alike
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from functools import wraps
from typing import Any, TypeVar

from django.conf import settings
from django.core.cache import caches
from django.http import HttpRequest, HttpResponse, JsonResponse
from rest_framework.throttling import BaseThrottle

from fawang.core import clock
from fawang.core.errors import DomainError

_UNITS = {"s": 1, "m": 60, "h": 3600, "d": 86400}

V = TypeVar("V", bound=Callable[..., HttpResponse])


class RateLimitedError(DomainError):
    status_code = 429

    def __init__(self, retry_after: int) -> None:
        super().__init__(f"操作过于频繁，请 {retry_after} 秒后再试。", code="rate_limited")
        self.retry_after = retry_after


def parse_rate(rate: str) -> tuple[int, int]:
    count, _, unit = rate.partition("/")
    if not count.isdigit() or unit not in _UNITS:
        raise ValueError(f"rate must look like '30/m', got {rate!r}")
    return int(count), _UNITS[unit]


def _rate(scope: str) -> tuple[int, int]:
    return parse_rate(settings.FAWANG_RATE_LIMITS[scope])


def rate_limit_hit(*, scope: str, key: str) -> int:
    """Count one hit for (scope, key); raise RateLimitedError once the window's budget is spent. Returns the count."""
    limit, window = _rate(scope)
    now = int(clock.now().timestamp())
    bucket = now // window
    digest = hashlib.sha256(key.encode("utf-8")).hexdigest()[
        :32
    ]  # keys may hold phone numbers: never stored raw
    cache_key = f"fawang:rl:{scope}:{bucket}:{digest}"
    cache = caches[settings.FAWANG_RATE_LIMIT_CACHE]
    cache.add(cache_key, 0, timeout=window + 5)
    try:
        count = cache.incr(cache_key)
    except ValueError:  # expired between add and incr
        cache.set(cache_key, 1, timeout=window + 5)
        count = 1
    if count > limit:
        raise RateLimitedError(retry_after=(bucket + 1) * window - now)
    return int(count)


def client_key(request: Any) -> str:
    user = getattr(request, "user", None)
    if user is not None and user.is_authenticated:
        return f"user:{user.pk}"
    return f"ip:{request.META.get('REMOTE_ADDR', '')}"


def rate_limited(scope: str, *, methods: tuple[str, ...] = ("GET", "POST")) -> Callable[[V], V]:
    """Page decorator: a 429 page with the Chinese message when over the limit."""

    def decorate(view: V) -> V:
        @wraps(view)
        def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
            if request.method in methods:
                try:
                    rate_limit_hit(scope=scope, key=client_key(request))
                except RateLimitedError as exc:
                    response = HttpResponse(exc.message, status=429, content_type="text/plain; charset=utf-8")
                    response["Retry-After"] = str(exc.retry_after)
                    return response
            return view(request, *args, **kwargs)

        return wrapped  # type: ignore[return-value]  # same signature as the wrapped view

    return decorate


class ScopedRateThrottle(BaseThrottle):
    """DRF throttle over the same counters. Subclass with `scope = "<name>"` or use scoped_throttle()."""

    scope = ""
    methods: tuple[str, ...] = ("POST",)

    def __init__(self) -> None:
        self._wait: int | None = None

    def allow_request(self, request: Any, view: Any) -> bool:
        if request.method not in self.methods:
            return True
        try:
            rate_limit_hit(scope=self.scope, key=client_key(request))
        except RateLimitedError as exc:
            self._wait = exc.retry_after
            return False
        return True

    def wait(self) -> float | None:
        return self._wait


def scoped_throttle(scope: str, *, methods: tuple[str, ...] = ("POST",)) -> type[ScopedRateThrottle]:
    return type(f"{scope.title()}Throttle", (ScopedRateThrottle,), {"scope": scope, "methods": methods})


class RateLimitMiddleware:
    """Applies FAWANG_RATE_LIMITED_VIEWS: {"namespace:url-name": ("POST", "scope")}, so a new endpoint gets a limit
    by adding one row to settings instead of touching its view."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_view(
        self, request: HttpRequest, view_func: Any, view_args: Any, view_kwargs: Any
    ) -> HttpResponse | None:
        match = request.resolver_match
        if match is None:
            return None
        rule = settings.FAWANG_RATE_LIMITED_VIEWS.get(match.view_name)
        if rule is None or request.method not in rule[0].split(","):
            return None
        try:
            rate_limit_hit(scope=rule[1], key=client_key(request))
        except RateLimitedError as exc:
            response: HttpResponse
            if request.path.startswith("/api/"):
                response = JsonResponse({"detail": exc.message, "code": exc.code}, status=429)
            else:
                response = HttpResponse(exc.message, status=429, content_type="text/plain; charset=utf-8")
            response["Retry-After"] = str(exc.retry_after)
            return response
        return None
