"""L8: the upstream-exchange page in English once the supervisor picks English in the language picker, with its
status and kind labels; Mandarin stays the default. The records sent upstream stay in Chinese whatever the acting
user's interface language."""

from __future__ import annotations

import pytest
from django.test import Client
from django.utils import translation

from fawang.accounts.models import User
from fawang.cases.models import Case
from fawang.exchange.mapping import envelope
from fawang.exchange.models import Kind
from fawang.exchange.tests.test_page import PAGE, world  # noqa: F401  # the page's world fixture

pytestmark = pytest.mark.django_db


def _client(user: User, *, english: bool) -> Client:
    client = Client()
    client.force_login(user)
    if english:
        assert client.post("/i18n/setlang/", {"language": "en", "next": "/"}).status_code == 302
    return client


def test_the_exchange_page_in_english(world: dict[str, Case], personas: dict[str, User]) -> None:  # noqa: F811
    page = _client(personas["county_supervisor"], english=True).get(PAGE).content.decode()
    assert "Upstream exchange: 甲县" in page  # the region's name is data
    assert "Failed messages and messages whose retries have stopped" in page
    assert "Retries stopped" in page  # MessageStatus label
    assert "Case accepted" in page  # Kind label
    assert "Send again" in page
    assert "上报交换" not in page
    assert "重新发送" not in page
    assert "已停止重试" not in page


def test_mandarin_stays_the_default(world: dict[str, Case], personas: dict[str, User]) -> None:  # noqa: F811
    page = _client(personas["county_supervisor"], english=False).get(PAGE).content.decode()
    assert "上报交换：甲县" in page
    assert "Upstream exchange" not in page


def test_upstream_records_stay_in_chinese_under_an_english_interface() -> None:
    with translation.override("en"):
        body = envelope(kind=Kind.CASE_ACCEPTED, idempotency_key="k", sender="s", record={})
    assert body["kind_name"] == "办件受理"
