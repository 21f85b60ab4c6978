"""L8: the supervision pages switch to English through the language picker, and stay in Mandarin by default.

Needs the compiled catalogues (`make locale`; `make test` runs it)."""

from __future__ import annotations

from datetime import datetime

import pytest
import time_machine
from django.test import Client

from fawang.accounts.models import User
from fawang.cases.deadlines import LOCAL_TZ
from fawang.supervision.tests.conftest import Dataset

pytestmark = pytest.mark.django_db

AFTER = datetime(2026, 4, 10, 12, 0, tzinfo=LOCAL_TZ)
DASHBOARD = "/supervision/r/990101000000/?from=2026-03-01&to=2026-03-31"
SITES = "/supervision/sites/?region=990101000000"


def _client(user: User, language: str | None) -> Client:
    client = Client()
    client.force_login(user)
    if language is not None:
        client.post("/i18n/setlang/", {"language": language, "next": "/"})
    return client


@pytest.fixture(autouse=True)
def _after_march() -> object:
    with time_machine.travel(AFTER, tick=False):
        yield


def test_the_dashboard_in_english(dataset: Dataset, personas: dict[str, User]) -> None:
    page = _client(personas["county_supervisor"], "en").get(DASHBOARD).content.decode()
    assert 'Period March 1, 2026 to March 31, 2026: accepted <strong id="total">8</strong> cases.' in page
    assert ">Key indicators</h2>" in page
    assert ">Legal aid decided within 7 days</a>" in page
    assert 'aria-label="Monthly intake chart; the data is in the service volume by month table below"' in page
    for chinese in ("督办监测", "统计期间", "主要指标", "法律援助7日内作出决定率", "导出 Excel", "暂无数据"):
        assert chinese not in page, chinese


def test_site_readiness_and_the_public_page_in_english(dataset: Dataset, personas: dict[str, User]) -> None:
    page = _client(personas["county_supervisor"], "en").get(SITES).content.decode()
    assert "<h1>Site readiness: " in page
    assert "<th>Last inspection</th>" in page
    assert "站点建设达标" not in page
    assert "最近检查" not in page
    public = Client()
    public.post("/i18n/setlang/", {"language": "en", "next": "/"})
    listing = public.get("/supervision/public/").content.decode()
    assert "<h1>Public legal service data</h1>" in listing
    assert "Nothing published yet." in listing
    assert "公共法律服务数据公开" not in listing


def test_mandarin_stays_the_default(dataset: Dataset, personas: dict[str, User]) -> None:
    page = _client(personas["county_supervisor"], None).get(DASHBOARD).content.decode()
    assert "统计期间 2026年3月1日 至 2026年3月31日，受理工单" in page
    assert ">法律援助7日内作出决定率</a>" in page
    assert "Key indicators" not in page
