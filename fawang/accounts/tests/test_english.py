"""L8 for the staff sign-in and password pages: in English once the picker is set, with the sign-in refusal and
the role names shown on staff pages; in Mandarin otherwise.

The English texts come from the compiled catalogue (`make locale`; `make test` compiles it first)."""

from __future__ import annotations

import pytest
from django.test import Client
from django.utils import translation

from fawang.accounts.models import User
from fawang.accounts.roles import Role, role_label

pytestmark = pytest.mark.django_db


def _in_english(client: Client) -> Client:
    switched = client.post("/i18n/setlang/", {"language": "en", "next": "/accounts/login/"})
    assert (switched.status_code, switched["Location"]) == (302, "/accounts/login/")
    return client


def test_the_staff_sign_in_in_mandarin_by_default() -> None:
    page = Client().get("/accounts/login/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "<h1>工作人员登录</h1>" in page
    assert "Staff sign-in" not in page


def test_the_staff_sign_in_in_english(personas: dict[str, User]) -> None:
    client = _in_english(Client())
    page = client.get("/accounts/login/").content.decode()
    assert "<h1>Staff sign-in</h1>" in page
    assert '<label for="id_username">Username</label>' in page
    for chinese in ("工作人员登录", "用户名", "密码"):
        assert chinese not in page
    refused = client.post(
        "/accounts/login/", {"username": personas["window_clerk"].username, "password": "wrong"}
    )
    assert "Wrong username or password. Please try again." in refused.content.decode()
    assert "用户名或密码不正确" not in refused.content.decode()


def test_the_password_page_in_english(personas: dict[str, User]) -> None:
    client = Client()
    client.force_login(personas["window_clerk"])
    _in_english(client)
    page = client.get("/accounts/password/").content.decode()
    assert "<h1>Change password</h1>" in page
    assert "differ from your last 5 passwords" in page
    assert "修改密码" not in page


def test_role_names_follow_the_interface_language() -> None:
    with translation.override("zh-hans"):
        assert role_label(Role.VILLAGE_ADVISER) == "村（居）法律顾问"
    with translation.override("en"):
        assert role_label(Role.VILLAGE_ADVISER) == "Village legal adviser"
        assert role_label(Role.HOTLINE_OPERATOR) == "12348 hotline agent"
