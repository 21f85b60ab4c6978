"""The citizens' `/login/` page has the staff page's lockout (M5; issue 8 §1): 5 failures for one number lock it
for FAWANG_LOCKOUT_SECONDS, even against the right password, alert the administrators, then release on time.
Also: the development SMS sender logs the number masked, with the code still readable (M3; issue 8 §3)."""

from __future__ import annotations

import logging
from datetime import timedelta
from typing import Any

import pytest
import time_machine
from django.test import Client

from fawang.accounts.models import User
from fawang.accounts.roles import Role
from fawang.conftest import County, MakeUser
from fawang.core import clock
from fawang.core.crypto import blind_index
from fawang.core.models import AuditAction, AuditEntry
from fawang.notifications.models import Notification
from fawang.portal.sms import ConsoleSmsSender
from fawang.security.models import LoginFailureCounter

pytestmark = pytest.mark.django_db
PHONE = "13912345670"
PASSWORD = "Minh@2026secure"


def _login(password: str) -> tuple[int, str, bool]:
    response = Client().post("/login/", {"username": PHONE, "password": password})
    signed_in = "_auth_user_id" in response.wsgi_request.session
    return response.status_code, response.content.decode(), signed_in


def test_five_failures_lock_the_number_alert_and_release_on_time(
    county: County, make_user: MakeUser, settings: Any
) -> None:
    settings.FAWANG_LOCKOUT_THRESHOLD, settings.FAWANG_LOCKOUT_SECONDS = 5, 3600  # the defaults, pinned
    admin = make_user("admin_lock", Role.ADMIN, region=county.county)
    citizen = make_user("citizen_lock", Role.CITIZEN)
    citizen.phone = PHONE
    citizen.set_password(PASSWORD)
    citizen.save()
    start = clock.now()
    with time_machine.travel(start, tick=False):
        for attempt in range(1, 5):
            code, body, signed_in = _login("Wrong@2026secure")
            assert (code, signed_in) == (200, False)
            assert "手机号或密码不正确" in body, attempt
        assert not Notification.objects.filter(kind="security_lockout").exists()
        _login("Wrong@2026secure")  # the fifth failure locks
        counter = LoginFailureCounter.objects.get()
        assert counter.username == "phone:" + blind_index(PHONE)  # never the number itself (M3)
        assert (counter.failures, counter.locked_until) == (5, start + timedelta(hours=1))
        code, body, signed_in = _login(PASSWORD)  # right password, but locked: not even checked
        assert (code, signed_in) == (200, False)
        assert "已被临时锁定" in body
        alert = Notification.objects.get(kind="security_lockout")
        assert alert.recipient == admin
        assert PHONE not in alert.message
        entry = AuditEntry.objects.get(action=AuditAction.DENIED, summary__startswith="lockout")
        assert entry.object_id == str(citizen.pk)
    with time_machine.travel(start + timedelta(hours=1, seconds=1), tick=False):
        code, _, signed_in = _login(PASSWORD)
        assert (code, signed_in) == (302, True)
    counter.refresh_from_db()
    assert (counter.failures, counter.locked_until) == (0, None)  # a success resets the counter


def test_a_success_before_the_threshold_resets_the_count(make_user: MakeUser) -> None:
    citizen = make_user("citizen_reset", Role.CITIZEN)
    citizen.phone = PHONE
    citizen.set_password(PASSWORD)
    citizen.save()
    for _ in range(3):
        _login("Wrong@2026secure")
    assert LoginFailureCounter.objects.get().failures == 3
    assert _login(PASSWORD)[2] is True
    assert LoginFailureCounter.objects.get().failures == 0
    assert User.objects.get(pk=citizen.pk).phone == PHONE


def test_console_sms_sender_masks_the_number_but_keeps_the_code(caplog: pytest.LogCaptureFixture) -> None:
    ConsoleSmsSender.outbox.clear()
    with caplog.at_level(logging.WARNING, logger="fawang.sms"):
        ConsoleSmsSender().send(PHONE, "【法网】您的验证码是 482913，10分钟内有效。")
    logged = "\n".join(record.getMessage() for record in caplog.records if record.name == "fawang.sms")
    assert "139****5670" in logged
    assert PHONE not in logged
    assert "482913" in logged  # developers still read the code from the console
    assert ConsoleSmsSender.outbox[-1] == (PHONE, "【法网】您的验证码是 482913，10分钟内有效。")
