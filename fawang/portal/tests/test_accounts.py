"""Citizen accounts: SMS code, registration with consent, real-name details (issue 4 §1, M1, I2)."""

from __future__ import annotations

import re
from typing import Any

import pytest
from django.test import Client

from fawang.accounts.models import RoleAssignment, User
from fawang.conftest import County
from fawang.core.crypto import blind_index
from fawang.people.models import Person
from fawang.portal.models import Consent, SmsChallenge
from fawang.portal.sms import ConsoleSmsSender

PHONE = "13912345678"


@pytest.fixture(autouse=True)
def _empty_outbox() -> None:
    ConsoleSmsSender.outbox.clear()


@pytest.fixture(autouse=True)
def _sms_on_commit(monkeypatch: pytest.MonkeyPatch) -> None:
    """SMS leave on commit; the test transaction never commits, so run on-commit callbacks at once."""
    from django.db import transaction

    monkeypatch.setattr(transaction, "on_commit", lambda func, using=None, robust=False: func())


def _code(client: Client, phone: str = PHONE) -> str:
    response = client.post("/register/code/", {"phone": phone})
    assert response.status_code == 200
    sent_to, text = ConsoleSmsSender.outbox[-1]
    assert sent_to == phone
    match = re.search(r"\d{6}", text)
    assert match is not None
    return match.group(0)


def _register(client: Client, code: str = "", **overrides: str) -> Any:
    data = {"phone": PHONE, "code": code, "name": "王小明", "password": "Minh@2026secure", "consent": "on"}
    data.update(overrides)
    return client.post("/register/", data)


@pytest.mark.django_db
def test_register_then_land_on_my_requests() -> None:
    client = Client()
    response = _register(client, _code(client))
    assert response.status_code == 302
    assert response["Location"] == "/me/"
    user = User.objects.get(phone_bidx=blind_index(PHONE))  # M3: the username is opaque, the number encrypted
    assert user.username.startswith("citizen-")
    assert list(RoleAssignment.objects.filter(user=user).values_list("role", flat=True)) == ["citizen"]
    assert Person.objects.get(user=user).name == "王小明"
    assert Consent.objects.filter(user=user, notice_version="2026-11").count() == 1
    assert client.get("/me/").status_code == 200


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("_case", "overrides", "message"),
    [
        ("no consent", {"consent": ""}, "个人信息保护告知书"),
        ("wrong code", {"code": "000000"}, "验证码不正确"),
        ("weak password", {"password": "12345678901"}, "密码"),
        ("bad phone", {"phone": "12345"}, "11位"),
        ("no name", {"name": " "}, "姓名："),
    ],
)
def test_bad_registration_creates_nothing(_case: str, overrides: dict[str, str], message: str) -> None:
    client = Client()
    code = _code(client)
    if overrides.get("code") == "000000" and code == "000000":
        pytest.skip("the random code happened to be 000000")
    response = _register(client, **({"code": code} | overrides))
    assert response.status_code == 400
    assert message in response.content.decode()
    assert not User.objects.filter(phone_bidx=blind_index(PHONE)).exists()
    assert Person.objects.count() == 0


@pytest.mark.django_db
def test_code_rate_limit_and_single_use() -> None:
    client = Client()
    code = _code(client)
    again = client.post("/register/code/", {"phone": PHONE})
    assert again.status_code == 400
    assert "一分钟后" in again.content.decode()
    assert SmsChallenge.objects.filter(phone_bidx=blind_index(PHONE)).count() == 1
    assert _register(client, code).status_code == 302
    client.logout()
    reuse = _register(Client(), code, phone=PHONE)
    assert reuse.status_code == 400  # already registered, and the code is spent


@pytest.mark.django_db
def test_codes_are_not_stored_in_clear() -> None:
    client = Client()
    code = _code(client)
    assert code not in SmsChallenge.objects.get().code_hash


def _citizen(client: Client) -> User:
    _register(client, _code(client))
    return User.objects.get(phone_bidx=blind_index(PHONE))


@pytest.mark.django_db
def test_identity_checks_the_id_number() -> None:
    client = Client()
    user = _citizen(client)
    bad = client.post("/me/identity/", {"name": "王小明", "id_number": "11010519491231002Y"})
    assert bad.status_code == 400
    assert "格式不正确" in bad.content.decode()
    good = client.post("/me/identity/", {"name": "王小明", "id_number": "11010519491231002X"})
    assert good.status_code == 302
    person = Person.objects.get(user=user)
    assert (person.id_number, person.gender, str(person.birth_date)) == (
        "11010519491231002X",
        "F",
        "1949-12-31",
    )


@pytest.mark.django_db
def test_identity_links_a_person_met_at_a_window_and_refuses_someone_elses(county: County) -> None:
    window_person = Person.objects.create(name="王小明", id_number="500231199001011233", phone="13800000000")
    client = Client()
    user = _citizen(client)
    assert (
        client.post("/me/identity/", {"name": "王小明", "id_number": "500231199001011233"}).status_code == 302
    )
    window_person.refresh_from_db()
    assert window_person.user_id == user.pk
    other = User.objects.create_user(username="13700000000", password="x")
    window_person.user = other
    window_person.save()
    taken = client.post("/me/identity/", {"name": "王小明", "id_number": "500231199001011233"})
    assert taken.status_code == 400
    assert "其他账户" in taken.content.decode()
