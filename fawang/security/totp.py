"""Time-based one-time passwords (RFC 6238, pyotp) as the second factor (M5): optional for staff, required for the
roles in FAWANG_TOTP_REQUIRED_ROLES (administrators by default) and for superusers. No QR image: the enrolment page
shows the base32 secret and the otpauth:// URI, which every authenticator app accepts."""

from __future__ import annotations

import pyotp
from django.conf import settings
from django.db import transaction

from fawang.accounts.models import User
from fawang.accounts.selectors import user_roles
from fawang.core import clock
from fawang.core.audit import audit_record
from fawang.core.errors import DomainError
from fawang.core.models import AuditAction
from fawang.security.models import TotpDevice

SESSION_OTP_OK = "fawang_otp_ok"
STEP_SECONDS = 30


def totp_device_for(*, user: User) -> TotpDevice | None:
    return TotpDevice.objects.filter(user=user).first()


def totp_required(*, user: User) -> bool:
    """Whether this user must pass the second factor: an enrolled device, or a role that requires one."""
    if not user.is_authenticated:
        return False
    required_roles = set(settings.FAWANG_TOTP_REQUIRED_ROLES)
    if user.is_superuser and "admin" in required_roles:
        return True
    if {r.value for r in user_roles(user=user)} & required_roles:
        return True
    return TotpDevice.objects.filter(user=user, confirmed_at__isnull=False).exists()


def totp_provisioning_uri(*, device: TotpDevice) -> str:
    return pyotp.TOTP(device.secret).provisioning_uri(
        name=device.user.get_username(), issuer_name=settings.FAWANG_TOTP_ISSUER
    )


@transaction.atomic
def totp_device_begin(*, actor: User) -> TotpDevice:
    """Start (or restart) enrolment with a fresh secret. A confirmed device is replaced only through reset."""
    device = TotpDevice.objects.select_for_update().filter(user=actor).first()
    if device is not None and device.confirmed:
        raise DomainError("您已启用动态口令。如需更换设备，请先联系管理员重置。")
    if device is None:
        return TotpDevice.objects.create(user=actor, secret=pyotp.random_base32())
    device.secret = pyotp.random_base32()
    device.save(update_fields=["secret", "updated_at"])
    return device


def _step_matching(secret: str, code: str) -> int | None:
    """The time step (of now-1, now, now+1) at which `code` is valid, to refuse replays of a used code."""
    code = code.strip().replace(" ", "")
    if not (code.isdigit() and len(code) == 6):
        return None
    totp = pyotp.TOTP(secret)
    now = clock.now()
    current = int(now.timestamp()) // STEP_SECONDS
    for step in (current - 1, current, current + 1):
        if totp.at(step * STEP_SECONDS) == code:
            return step
    return None


@transaction.atomic
def totp_device_confirm(*, actor: User, code: str) -> TotpDevice:
    device = TotpDevice.objects.select_for_update().filter(user=actor).first()
    if device is None:
        raise DomainError("请先开始绑定动态口令。")
    step = _step_matching(device.secret, code)
    if step is None:
        raise DomainError("动态口令不正确，请核对手机上显示的6位数字。")
    device.confirmed_at = clock.now()
    device.last_used_step = step
    device.save(update_fields=["confirmed_at", "last_used_step", "updated_at"])
    audit_record(
        actor=actor,
        action=AuditAction.PERMISSION,
        object_type="accounts.User",
        object_id=actor.pk,
        summary="totp enabled",
    )
    return device


@transaction.atomic
def totp_verify(*, user: User, code: str) -> bool:
    """True for a valid code not used before (each time step is accepted once)."""
    device = TotpDevice.objects.select_for_update().filter(user=user, confirmed_at__isnull=False).first()
    if device is None:
        return False
    step = _step_matching(device.secret, code)
    if step is None or step <= device.last_used_step:
        audit_record(
            actor=user,
            action=AuditAction.LOGIN_FAILED,
            object_type="accounts.User",
            object_id=user.pk,
            summary="totp failed",
        )
        return False
    device.last_used_step = step
    device.save(update_fields=["last_used_step", "updated_at"])
    return True


@transaction.atomic
def totp_device_reset(*, actor: User, user: User) -> None:
    """An administrator removes a lost device; the user enrols again at next sign-in (audited)."""
    if not ({r.value for r in user_roles(user=actor)} & {"admin"} or actor.is_superuser):
        raise DomainError("只有系统管理员可以重置动态口令。")
    TotpDevice.objects.filter(user=user).delete()
    audit_record(
        actor=actor,
        action=AuditAction.PERMISSION,
        object_type="accounts.User",
        object_id=user.pk,
        summary="totp reset",
    )
