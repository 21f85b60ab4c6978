"""L8: contract review in English through the language picker, Mandarin by default. The engine's findings (titles,
explanations, citations) stay in Mandarin for now. Run `make locale` first (make test does)."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime

import pytest
import time_machine
from django.test import Client

from fawang.contract_review.tests.samples import LEASE

pytestmark = pytest.mark.django_db
URL = "/tools/contract-review/"


@pytest.fixture(autouse=True)
def _today() -> Iterator[None]:
    with time_machine.travel(datetime(2026, 6, 1, 2, 0, tzinfo=UTC), tick=False):
        yield


def _english() -> Client:
    client = Client()
    assert client.post("/i18n/setlang/", {"language": "en", "next": "/"}).status_code == 302
    return client


def test_the_form_and_a_report_in_english() -> None:
    client = _english()
    page = client.get(URL).content.decode()
    for phrase in ("Contract review", "Detect automatically", "Copy and paste the whole contract here."):
        assert phrase in page
    for phrase in ("<h1>合同审查</h1>", "自动识别", "开始审查"):
        assert phrase not in page
    report = client.post(URL, {"text": LEASE}).content.decode()
    assert "From its content, the system takes this to be: <strong>" in report
    assert "Risks to look at (" in report
    assert "These results come from an automatic check" in report
    assert "需要注意的风险" not in report


def test_mandarin_stays_the_default() -> None:
    body = Client().get(URL, HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "<h1>合同审查</h1>" in body
    assert "Detect automatically" not in body
