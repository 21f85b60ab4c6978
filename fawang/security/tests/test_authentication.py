"""Sign-in controls tried through HTTP (M5, M15): lockout with timed release and alert, idle timeout, the
second factor for administrators, re-authentication for sensitive actions."""

from __future__ import annotations

from datetime import timedelta

import pyotp
import pytest
import time_machine
from django.test import Client

from fawang.accounts.models import User
from fawang.core import clock
from fawang.core.models import AuditAction, AuditEntry
from fawang.notifications.models import Notification
from fawang.security.models import LoginFailureCounter, TotpDevice
from fawang.security.totp import STEP_SECONDS

PASSWORD = "Passw0rd!x"


def _login(client: Client, username: str, password: str) -> str:
    response = client.post("/accounts/login/", {"username": username, "password": password})
    return response.content.decode() if response.status_code == 200 else f"->{response.status_code}"


@pytest.mark.usefixtures("real_rate_limits")
def test_five_failures_lock_then_timed_release(personas: dict[str, User]) -> None:
    start = clock.now()
    with time_machine.travel(start, tick=False) as traveller:
        client = Client()
        for _ in range(5):
            assert "用户名或密码不正确" in _login(client, "clerk", "wrong-password")
        # The 6th attempt, with the RIGHT password, is refused: the password is not even checked.
        page = _login(client, "clerk", PASSWORD)
        assert "已被临时锁定" in page
        assert "_auth_user_id" not in client.session
        row = LoginFailureCounter.objects.get(username="clerk")
        assert (row.failures, row.lock_count, row.locked_until) == (5, 1, start + timedelta(hours=1))
        # The alert: one notification per administrator (the admin persona) and one audit entry.
        assert list(
            Notification.objects.filter(kind="security_lockout").values_list("recipient__username", flat=True)
        ) == ["admin"]
        assert (
            AuditEntry.objects.filter(action=AuditAction.DENIED, summary__startswith="lockout clerk").count()
            == 1
        )
        traveller.shift(timedelta(minutes=59))
        assert "已被临时锁定" in _login(client, "clerk", PASSWORD)
        traveller.shift(timedelta(minutes=1, seconds=1))
        assert _login(client, "clerk", PASSWORD) == "->302"
        row.refresh_from_db()
        assert (row.failures, row.locked_until) == (0, None)


@pytest.mark.usefixtures("real_rate_limits")
def test_unknown_usernames_lock_the_same_way(db: None) -> None:
    client = Client()
    for _ in range(5):
        _login(client, "nobody", "x")
    assert "已被临时锁定" in _login(client, "nobody", "x")
    assert Notification.objects.count() == 0  # no administrators exist in this database


@pytest.mark.usefixtures("real_rate_limits")
def test_failures_below_threshold_reset_on_success(personas: dict[str, User]) -> None:
    client = Client()
    for _ in range(4):
        _login(client, "clerk", "wrong")
    assert _login(client, "clerk", PASSWORD) == "->302"
    assert LoginFailureCounter.objects.get(username="clerk").failures == 0


def test_login_rate_limit_per_address(db: None, rate_window: None) -> None:
    from django.test import override_settings

    with override_settings(FAWANG_RATE_LIMITS={"login": "3/m"}):
        client = Client()
        statuses = [
            client.post("/accounts/login/", {"username": f"u{i}", "password": "x"}).status_code
            for i in range(4)
        ]
    assert statuses == [200, 200, 200, 429]
    assert LoginFailureCounter.objects.count() == 3  # the refused request never reached authentication


def test_session_expires_after_30_idle_minutes(personas: dict[str, User]) -> None:
    start = clock.now()
    with time_machine.travel(start, tick=False) as traveller:
        client = Client()
        assert _login(client, "clerk", PASSWORD) == "->302"
        for _ in range(3):  # activity keeps the session alive (SESSION_SAVE_EVERY_REQUEST)
            traveller.shift(timedelta(minutes=29))
            assert client.get("/work/").status_code == 200
        traveller.shift(timedelta(minutes=30, seconds=1))
        response = client.get("/work/")
        assert (response.status_code, response["Location"]) == (302, "/accounts/login/?next=/work/")


def _code(secret: str, at_offset_steps: int = 0) -> str:
    return pyotp.TOTP(secret).at(clock.now().timestamp() + at_offset_steps * STEP_SECONDS)


@pytest.mark.usefixtures("totp_for_admins", "real_rate_limits")
def test_admin_must_enrol_then_verify_totp(personas: dict[str, User]) -> None:
    start = clock.now()
    with time_machine.travel(start, tick=False) as traveller:
        client = Client()
        assert _login(client, "admin", PASSWORD) == "->302"
        response = client.get("/work/")
        assert (response.status_code, response["Location"]) == (302, "/security/otp/setup/?next=%2Fwork%2F")
        api = client.get("/api/v1/cases/")
        assert (api.status_code, api.json()["code"]) == (403, "second_factor_required")
        page = client.get("/security/otp/setup/?next=/work/").content.decode()
        secret = TotpDevice.objects.get(user=personas["admin"]).secret
        assert secret in page
        assert "otpauth://totp/" in page
        assert client.post("/security/otp/setup/", {"code": "000000", "next": "/work/"}).status_code == 400
        confirm = client.post("/security/otp/setup/", {"code": _code(secret), "next": "/work/"})
        assert (confirm.status_code, confirm["Location"]) == (302, "/work/")
        assert client.get("/work/").status_code == 200
        # A new sign-in asks for the code; a used code (same time step) is refused as a replay.
        client.post("/accounts/logout/")
        traveller.shift(timedelta(seconds=STEP_SECONDS * 3))
        _login(client, "admin", PASSWORD)
        assert client.get("/work/")["Location"] == "/security/otp/?next=%2Fwork%2F"
        code = _code(secret)
        assert client.post("/security/otp/", {"code": code, "next": "/work/"}).status_code == 302
        assert client.get("/work/").status_code == 200
        other = Client()
        _login(other, "admin", PASSWORD)
        assert other.post("/security/otp/", {"code": code, "next": "/work/"}).status_code == 400
        assert other.get("/work/").status_code == 302


@pytest.mark.usefixtures("totp_for_admins")
def test_staff_without_required_role_are_not_asked(personas: dict[str, User]) -> None:
    client = Client()
    assert _login(client, "clerk", PASSWORD) == "->302"
    assert client.get("/work/").status_code == 200
