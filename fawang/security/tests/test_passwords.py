"""Password policy (M5): length, character classes, no reuse of the last 5 — through the real change form."""

from __future__ import annotations

import pytest
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.test import Client

from fawang.accounts.models import User
from fawang.security.models import PasswordHistory


@pytest.mark.parametrize(
    ("_case", "password", "code"),
    [
        ("too short (9 < 10)", "Ab1!Ab1!x", "password_too_short"),
        ("two classes only", "abcdefgh1234", "password_too_simple"),
        ("all digits", "8461937205", "password_entirely_numeric"),
        ("common password", "Password1!", "password_too_common"),
    ],
)
def test_weak_passwords_refused(db: None, _case: str, password: str, code: str) -> None:
    user = User.objects.create_user(username="u", password="Start#Pass2026")
    with pytest.raises(ValidationError) as info:
        validate_password(password, user)
    assert code in [e.code for e in info.value.error_list]


def test_strong_password_accepted(db: None) -> None:
    user = User.objects.create_user(username="u", password="Start#Pass2026")
    validate_password("Qingshan#River42", user)


def test_history_keeps_five_and_refuses_reuse(db: None) -> None:
    user = User.objects.create_user(username="u", password="Pass#word0001")
    for i in range(2, 8):
        user.set_password(f"Pass#word000{i}")
        user.save()
    assert PasswordHistory.objects.filter(user=user).count() == 5
    for recent in ("Pass#word0007", "Pass#word0003"):  # current and 4 before it
        with pytest.raises(ValidationError) as info:
            validate_password(recent, user)
        assert [e.code for e in info.value.error_list] == ["password_reused"]
    validate_password("Pass#word0002", user)  # the 6th most recent may be used again


def test_change_form_applies_policy(db: None) -> None:
    user = User.objects.create_user(username="u", password="Pass#word0001")
    client = Client()
    client.force_login(user)
    reused = client.post(
        "/accounts/password/",
        {"old_password": "Pass#word0001", "new_password1": "Pass#word0001", "new_password2": "Pass#word0001"},
    )
    assert reused.status_code == 200
    assert "最近 5 次" in reused.content.decode()
    ok = client.post(
        "/accounts/password/",
        {
            "old_password": "Pass#word0001",
            "new_password1": "Hill$Stream2031",
            "new_password2": "Hill$Stream2031",
        },
    )
    assert ok.status_code == 302
    user.refresh_from_db()
    assert user.check_password("Hill$Stream2031")
    # create_user stores its hash directly (no history row); every later change is recorded.
    assert list(PasswordHistory.objects.filter(user=user).values_list("password_hash", flat=True)) == [
        user.password
    ]
