"""L8: the analytics pages switch to English through the language picker, and stay in Mandarin by default.

Needs the compiled catalogues (`make locale`; `make test` runs it)."""

from __future__ import annotations

import pytest
from django.test import Client

from fawang.accounts.models import User

pytestmark = pytest.mark.django_db


def _client(user: User, language: str | None) -> Client:
    client = Client()
    client.force_login(user)
    if language is not None:
        client.post("/i18n/setlang/", {"language": language, "next": "/"})
    return client


def test_the_analytics_pages_in_english(personas: dict[str, User]) -> None:
    client = _client(personas["county_supervisor"], "en")
    home = client.get("/supervision/analytics/").content.decode()
    assert "<h1>Analytics: " in home
    assert ">Equalization of public legal services</a>" in home
    equalisation = client.get("/supervision/analytics/equalisation/").content.decode()
    assert "<caption>Inequality (0 means fully equal)</caption>" in equalisation
    assert "<th>Gini coefficient</th>" in equalisation
    assert "Services (cases per 10,000 residents)" in equalisation
    scorecards = client.get("/supervision/analytics/scorecards/").content.decode()
    assert "No scorecards yet." in scorecards
    assert "Service volume (cases, higher is better)" in scorecards
    for page in (home, equalisation, scorecards):
        for chinese in ("统计分析", "均等化", "基尼系数", "考核方案", "越高越好"):
            assert chinese not in page, chinese


def test_mandarin_stays_the_default(personas: dict[str, User]) -> None:
    client = _client(personas["county_supervisor"], None)
    assert "<h1>统计分析：" in client.get("/supervision/analytics/").content.decode()
    scorecards = client.get("/supervision/analytics/scorecards/").content.decode()
    assert "服务量（件，越高越好）" in scorecards
    assert "Analytics" not in scorecards
