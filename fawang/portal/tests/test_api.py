"""The portal API through real HTTP (issue 4 §7), including refused access."""

from __future__ import annotations

import re

import pytest
from rest_framework.test import APIClient

from fawang.accounts.models import User
from fawang.conftest import County, MakeCase
from fawang.portal.models import CaseMessage
from fawang.portal.sms import ConsoleSmsSender


@pytest.fixture(autouse=True)
def _sms_now(monkeypatch: pytest.MonkeyPatch) -> None:
    from django.db import transaction

    ConsoleSmsSender.outbox.clear()
    monkeypatch.setattr(transaction, "on_commit", lambda func, using=None, robust=False: func())


@pytest.mark.django_db
def test_register_and_token_then_my_cases() -> None:
    client = APIClient()
    assert (
        client.post("/api/v1/portal/sms-codes/", {"phone": "13911112222"}, format="json").status_code == 202
    )
    match = re.search(r"\d{6}", ConsoleSmsSender.outbox[-1][1])
    assert match is not None
    created = client.post(
        "/api/v1/portal/register/",
        {
            "phone": "13911112222",
            "code": match.group(0),
            "name": "李四",
            "password": "Lisi@2026secure",
            "consent": True,
        },
        format="json",
    )
    assert created.status_code == 201
    token = client.post(
        "/api/v1/portal/token/", {"phone": "13911112222", "password": "Lisi@2026secure"}, format="json"
    )
    assert token.status_code == 200
    client.credentials(HTTP_AUTHORIZATION=f"Token {token.json()['token']}")
    assert client.get("/api/v1/me/cases/").json() == []


@pytest.mark.django_db
def test_bad_password_and_anonymous_are_refused() -> None:
    client = APIClient()
    bad = client.post("/api/v1/portal/token/", {"phone": "13900000000", "password": "x"}, format="json")
    assert bad.status_code == 400
    assert "不正确" in bad.json()["detail"]
    assert client.get("/api/v1/me/cases/").status_code in (401, 403)


def test_my_case_and_messages(personas: dict[str, User], make_case: MakeCase) -> None:
    mine = make_case(requester_user=personas["citizen"])
    other = make_case()
    client = APIClient()
    client.force_authenticate(personas["citizen"])
    assert [c["reference"] for c in client.get("/api/v1/me/cases/").json()] == [mine.reference]
    detail = client.get(f"/api/v1/me/cases/{mine.reference}/").json()
    assert detail["status_plain"] == "已提交，等待受理"
    assert detail["language"] == "zh"  # A12: the intake language
    assert client.get(f"/api/v1/me/cases/{other.reference}/").status_code == 404
    posted = client.post(f"/api/v1/me/cases/{mine.reference}/messages/", {"body": "请尽快"}, format="json")
    assert posted.status_code == 201
    refused = client.post(f"/api/v1/me/cases/{other.reference}/messages/", {"body": "x"}, format="json")
    assert refused.status_code == 404
    assert CaseMessage.objects.count() == 1


def test_directory_api(county: County) -> None:
    data = APIClient().get("/api/v1/directory/", {"township": county.town_x.code}).json()
    assert [s["name"] for s in data["sites"]] == ["东镇工作站", "东村工作室"]
