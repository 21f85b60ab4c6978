"""Sign-in lockout (M5): after FAWANG_LOCKOUT_THRESHOLD consecutive failures for one username, further attempts are
refused without checking the password until FAWANG_LOCKOUT_SECONDS have passed; administrators are alerted
(a notification to every administrator and an audit entry). A success resets the counter."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import Q

from fawang.accounts.backends import mobile_number_or_empty
from fawang.accounts.models import User
from fawang.accounts.roles import Role
from fawang.core import clock
from fawang.core.audit import audit_record
from fawang.core.crypto import blind_index
from fawang.core.models import AuditAction
from fawang.notifications.services import notification_send
from fawang.security.models import LoginFailureCounter


@dataclass(frozen=True)
class LockState:
    locked: bool
    until: datetime | None
    failures: int


PHONE_KEY_PREFIX = "phone:"


def _normalise(username: str) -> str:
    """The counter key. A mobile number typed at sign-in is keyed by its blind index, so the counters never hold
    the number in clear (M3); any other username is kept as typed."""
    phone = mobile_number_or_empty(username)
    if phone:
        return PHONE_KEY_PREFIX + blind_index(phone)
    return username.strip()[:150]


def _account_for(key: str) -> User | None:
    if key.startswith(PHONE_KEY_PREFIX):
        return User.objects.filter(phone_bidx=key.removeprefix(PHONE_KEY_PREFIX)).first()
    return User.objects.filter(username=key).first()


def login_lock_state(*, username: str) -> LockState:
    """Whether this username is locked now. An expired lock counts as released (the counter restarts)."""
    row = LoginFailureCounter.objects.filter(username=_normalise(username)).first()
    if row is None:
        return LockState(locked=False, until=None, failures=0)
    now = clock.now()
    if row.locked_until is not None and row.locked_until > now:
        return LockState(locked=True, until=row.locked_until, failures=row.failures)
    failures = 0 if row.locked_until is not None else row.failures
    return LockState(locked=False, until=None, failures=failures)


def _counter_for_update(username: str) -> LoginFailureCounter:
    try:
        with transaction.atomic():
            LoginFailureCounter.objects.get_or_create(username=username)
    except IntegrityError:  # a concurrent failure created it first
        pass
    return LoginFailureCounter.objects.select_for_update().get(username=username)


def admin_recipients() -> list[User]:
    today = clock.local_today()
    return list(
        User.objects.filter(is_active=True)
        .filter(
            Q(is_superuser=True)
            | Q(
                role_assignments__role=Role.ADMIN.value,
            )
            & (Q(role_assignments__valid_to__isnull=True) | Q(role_assignments__valid_to__gte=today))
        )
        .distinct()
        .order_by("id")
    )


@transaction.atomic
def login_failure_record(*, username: str) -> LockState:
    """Count one failed attempt; lock and alert when the threshold is reached. Safe under concurrency."""
    name = _normalise(username)
    row = _counter_for_update(name)
    now = clock.now()
    if row.locked_until is not None and row.locked_until <= now:
        row.failures, row.locked_until = 0, None  # the timed release
    row.failures += 1
    row.last_failure_at = now
    threshold = settings.FAWANG_LOCKOUT_THRESHOLD
    just_locked = row.locked_until is None and row.failures >= threshold
    if just_locked:
        row.locked_until = now + timedelta(seconds=settings.FAWANG_LOCKOUT_SECONDS)
        row.lock_count += 1
    row.save(update_fields=["failures", "last_failure_at", "locked_until", "lock_count"])
    if just_locked:
        _alert(row)
    return LockState(locked=row.locked_until is not None, until=row.locked_until, failures=row.failures)


def _alert(row: LoginFailureCounter) -> None:
    until = clock.to_local(row.locked_until) if row.locked_until else None
    user = _account_for(row.username)
    label = user.get_username() if user is not None else row.username
    message = (
        f"账户 {label} 连续 {row.failures} 次登录失败，已锁定至 {until:%Y-%m-%d %H:%M}。"
        "如非本人操作，请核查来源地址（见审计日志）。"
    )
    audit_record(
        actor=None,
        action=AuditAction.DENIED,
        object_type="accounts.User",
        object_id=user.pk if user else "",
        summary=f"lockout {row.username} failures={row.failures} until={row.locked_until:%Y-%m-%dT%H:%M%z}",
    )
    notification_send(
        recipients=admin_recipients(),
        case=None,
        kind="security_lockout",
        message=message,
        key=f"lockout:{row.username}:{row.lock_count}",
    )


@transaction.atomic
def login_success_record(*, username: str, typed: str = "") -> None:
    """Clear the failure count. Failures are counted under what was typed (a phone number under its blind index),
    which need not be the account's username, so both keys are reset."""
    keys = {_normalise(name) for name in (username, typed) if name}
    LoginFailureCounter.objects.filter(username__in=keys).update(failures=0, locked_until=None)


@transaction.atomic
def login_lock_release(*, actor: User, username: str) -> None:
    """An administrator lifts a lock before it expires (audited)."""
    LoginFailureCounter.objects.filter(username=_normalise(username)).update(failures=0, locked_until=None)
    audit_record(
        actor=actor,
        action=AuditAction.PERMISSION,
        object_type="accounts.User",
        object_id=_normalise(username),
        summary="lockout released",
    )
