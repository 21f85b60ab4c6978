"""Re-authentication before sensitive actions (M5): revealing full personal data, exports, role changes.

Pages: decorate the view with `@reauth_required`; a user who has not confirmed their password (and second factor,
if enrolled) within FAWANG_REAUTH_SECONDS is sent to /security/reauth/ and back.
API: call `reauth_api_check(request=request, password=..., otp=...)` in the endpoint: a fresh session passes;
otherwise the request must carry the password (and a one-time code when the user has a second factor).
"""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any, TypeVar
from urllib.parse import urlencode

from django.conf import settings
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.urls import reverse

from fawang.accounts.models import User
from fawang.core import clock
from fawang.core.audit import audit_record
from fawang.core.errors import DomainError, PermissionDeniedError
from fawang.core.models import AuditAction
from fawang.security.lockout import login_failure_record, login_lock_state, login_success_record
from fawang.security.totp import totp_device_for, totp_verify

SESSION_REAUTH_AT = "fawang_reauth_at"

V = TypeVar("V", bound=Callable[..., HttpResponse])


class ReauthRequiredError(PermissionDeniedError):
    def __init__(self) -> None:
        super().__init__("此操作需要重新验证身份：请提供登录密码（已启用动态口令的，还需动态口令）。")
        self.code = "reauth_required"


def reauth_is_fresh(request: HttpRequest) -> bool:
    if not hasattr(request, "session"):
        return False
    at = request.session.get(SESSION_REAUTH_AT)
    if not isinstance(at, int | float):
        return False
    age = clock.now().timestamp() - at
    return 0 <= age <= settings.FAWANG_REAUTH_SECONDS


def reauth_credentials_check(*, user: User, password: str, otp: str = "") -> None:
    """Check the password (and one-time code if enrolled), counting failures toward the lockout; raise on error."""
    username = user.get_username()
    if login_lock_state(username=username).locked:
        raise DomainError("账户因多次验证失败已被临时锁定，请稍后再试。", code="locked")
    if not user.check_password(password):
        login_failure_record(username=username)
        audit_record(
            actor=user,
            action=AuditAction.LOGIN_FAILED,
            object_type="accounts.User",
            object_id=user.pk,
            summary="reauth failed",
        )
        raise DomainError("密码不正确。", code="reauth_failed")
    device = totp_device_for(user=user)
    if device is not None and device.confirmed and not totp_verify(user=user, code=otp):
        login_failure_record(username=username)
        raise DomainError("动态口令不正确。", code="reauth_failed")
    login_success_record(username=username)


def reauth_mark(request: HttpRequest) -> None:
    request.session[SESSION_REAUTH_AT] = clock.now().timestamp()


def reauth_verify(*, request: HttpRequest, user: User, password: str, otp: str = "") -> None:
    reauth_credentials_check(user=user, password=password, otp=otp)
    reauth_mark(request)
    audit_record(
        actor=user, action=AuditAction.LOGIN, object_type="accounts.User", object_id=user.pk, summary="reauth"
    )


def reauth_api_check(*, request: Any, password: str = "", otp: str = "") -> None:
    """For DRF endpoints: pass with a fresh session, or with the credentials in the request body."""
    if reauth_is_fresh(request):
        return
    if not password:
        raise ReauthRequiredError()
    reauth_credentials_check(user=request.user, password=password, otp=otp)


def reauth_required(view: V) -> V:
    @wraps(view)
    def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if reauth_is_fresh(request):
            return view(request, *args, **kwargs)
        target = reverse("security:reauth") + "?" + urlencode({"next": request.get_full_path()})
        if getattr(request, "htmx", False):
            response = HttpResponse(status=204)
            response["HX-Redirect"] = target
            return response
        return HttpResponseRedirect(target)

    return wrapped  # type: ignore[return-value]  # same signature as the wrapped view
