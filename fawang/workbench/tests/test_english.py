"""L8: the staff queue, the case page and the intake form in English once the user picks English in the language
picker; Mandarin stays the default. Through the Django test client (the catalogues must be compiled: `make locale`,
which `make test` runs)."""

from __future__ import annotations

import pytest
from django.test import Client

from fawang.accounts.models import User
from fawang.conftest import MakeCase

pytestmark = pytest.mark.django_db


def _client(user: User, *, english: bool) -> Client:
    client = Client()
    client.force_login(user)
    if english:
        assert client.post("/i18n/setlang/", {"language": "en", "next": "/"}).status_code == 302
    return client


def test_queue_case_page_and_intake_in_english(personas: dict[str, User], make_case: MakeCase) -> None:
    case = make_case(title="东镇的事")
    client = _client(personas["window_clerk"], english=True)
    queue = client.get("/work/").content.decode()
    assert "My workbench" in queue
    assert "Open cases" in queue
    assert "Due soon" in queue
    assert "东镇的事" in queue  # the case's own title is data: it stays as entered
    assert "我的工作台" not in queue
    assert "待办工单" not in queue
    page = client.get(f"/work/cases/{case.reference}/").content.decode()
    assert "Back to the workbench" in page
    assert "Statutory time limits" in page
    assert "Not yet assigned" in page
    assert "Create case" in page  # the history's first step (action_label)
    assert "法定时限" not in page
    assert "尚未分派" not in page
    assert "办理记录" not in page
    intake = client.get("/work/intake/").content.decode()
    assert "Accept and create case" in intake
    assert "Answer on the spot (legal consultation)" in intake  # a form choice
    assert "受理并生成工单" not in intake
    assert "当场解答内容" not in intake


def test_mandarin_stays_the_default(personas: dict[str, User], make_case: MakeCase) -> None:
    case = make_case()
    client = _client(personas["window_clerk"], english=False)
    assert "我的工作台" in client.get("/work/").content.decode()
    page = client.get(f"/work/cases/{case.reference}/").content.decode()
    assert "法定时限" in page
    assert "Statutory time limits" not in page
