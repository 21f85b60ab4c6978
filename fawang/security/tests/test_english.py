"""L8: the audit log, the compliance report and the incident pages in English once the administrator picks English
in the language picker; the citizen's own-data page too. Mandarin stays the default. Through the Django test client
(the catalogues must be compiled: `make locale`, which `make test` runs)."""

from __future__ import annotations

import pytest
from django.test import Client

from fawang.accounts.models import User

pytestmark = pytest.mark.django_db


def _client(user: User, *, english: bool) -> Client:
    client = Client()
    client.force_login(user)
    if english:
        assert client.post("/i18n/setlang/", {"language": "en", "next": "/"}).status_code == 302
    return client


def test_audit_pages_in_english(personas: dict[str, User]) -> None:
    client = _client(personas["admin"], english=True)
    audit = client.get("/work/audit/").content.decode()
    assert "Audit log" in audit
    assert "Cybersecurity Law, Art. 21" in audit
    assert "审计日志" not in audit
    assert "没有符合条件的记录" not in audit
    report = client.get("/work/audit/compliance/?date_from=2026-01-01&date_to=2026-12-31").content.decode()
    assert "Findings to follow up" in report
    assert "Personal Information Protection Law, Art. 52" in report  # a finding, built in Python
    assert "Audit log (counted only, never deleted)" in report  # a retention rule's label
    assert "Access and copy" in report  # DataRequestKind label
    assert "需要跟进的事项" not in report
    assert "从未执行" not in report
    incidents = client.get("/work/audit/incidents/").content.decode()
    assert "Register a new incident" in incidents
    assert "Incident title" in incidents  # form label
    assert "登记新事件" not in incidents
    assert "事件名称" not in incidents


def test_my_data_page_in_english(personas: dict[str, User]) -> None:
    page = _client(personas["citizen"], english=True).get("/security/my-data/").content.decode()
    assert "My personal information" in page
    assert "Download my data (JSON)" in page
    assert "我的个人信息" not in page
    assert "提出请求" not in page


def test_mandarin_stays_the_default(personas: dict[str, User]) -> None:
    page = _client(personas["admin"], english=False).get("/work/audit/").content.decode()
    assert "审计日志" in page
    assert "Audit log" not in page
