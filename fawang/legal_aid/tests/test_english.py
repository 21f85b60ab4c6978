"""L8: the legal-aid pages in English once the user picks English (queue, application page, roster, public policy),
Mandarin by default; the documents an English-speaking reviewer issues stay Chinese (legal texts are authoritative
only in Chinese, ADR 0106)."""

from __future__ import annotations

from datetime import UTC, datetime
from html import unescape

import pytest
import time_machine
from django.test import Client

from fawang.accounts.models import User
from fawang.conftest import County
from fawang.legal_aid.models import Document
from fawang.legal_aid.tests.helpers import client_for, maintenance_application, pdf_text, post_step

pytestmark = pytest.mark.django_db

T0 = datetime(2025, 3, 3, 2, 0, tzinfo=UTC)  # a Monday, 10:00 in Beijing


def _in_english(client: Client) -> Client:
    switched = client.post("/i18n/setlang/", {"language": "en", "next": "/"})
    assert switched.status_code == 302
    return client


def _page(client: Client, url: str) -> str:
    response = client.get(url)
    assert response.status_code == 200, (url, response.status_code)
    return unescape(response.content.decode())


def test_the_reviewer_queue_and_roster_in_english(personas: dict[str, User]) -> None:
    reviewer = _in_english(client_for(personas["aid_reviewer"]))
    queue = _page(reviewer, "/work/legal-aid/")
    for english in ("Legal aid review", "Register an application / notice", "Legal aid roster"):
        assert english in queue
    for chinese in ("法律援助审查", "登记申请 / 通知", "审查期限7日"):
        assert chinese not in queue
    roster = _page(reviewer, "/work/legal-aid/roster/")
    for english in ("Duty rota (next 31 days)", "Weighted fair share", "Add to the roster or change"):
        assert english in roster
    for chinese in ("值班安排", "加权应得", "列入名册或修改"):
        assert chinese not in roster


def test_the_application_page_in_english_and_its_documents_in_chinese(
    personas: dict[str, User], county: County
) -> None:
    with time_machine.travel(T0, tick=False):
        app = maintenance_application(personas["aid_reviewer"], county)
        reviewer = _in_english(client_for(personas["aid_reviewer"]))
        page = _page(reviewer, f"/work/legal-aid/{app.case.reference}/")
        for english in (
            "Statutory time limits",
            "Eligibility check (advisory)",
            # a matter label, marked in codes.py and translated where the page shows it
            "Claiming support for parents, children or a spouse (Art. 31(4))",
            "Personal pledge of honesty",
            "One-time notice of missing materials",
            "Decide to refuse legal aid",
            "Legal Aid Law, Art. 34",  # a statutory ground among the refusal choices
        ):
            assert english in page, english
        for chinese in (
            "法定时限",
            "资格审查（参考意见）",
            "一次性告知补充材料",
            "个人诚信承诺",
            "法律援助法第三十四条",
        ):
            assert chinese not in page, chinese
        assert "王芳" in page  # data stays as entered
        received = post_step(reviewer, app.case, "materials", {"items": "身份证复印件", "copy_kind": "copy"})
        assert received.status_code == 302
        assert "Application materials" in _page(reviewer, f"/work/legal-aid/{app.case.reference}/")
    receipt = Document.objects.get(case=app.case, kind="materials_receipt")
    text = pdf_text(reviewer.get(f"/work/legal-aid/{app.case.reference}/documents/{receipt.pk}.pdf").content)
    assert "身份证复印件（复印件）" in text  # the copy kind in the receipt stays Chinese
    assert "Copy" not in text


def test_the_public_policy_page_in_english(county: County) -> None:
    visitor = _in_english(Client())
    page = _page(visitor, f"/legal-aid/policy/?region={county.county.code}")
    for english in ("Legal aid policy", "What to bring", "Apply for legal aid online"):
        assert english in page
    for chinese in ("需要准备的材料", "在线申请法律援助", "可以申请法律援助的事项"):
        assert chinese not in page


def test_mandarin_stays_the_default(personas: dict[str, User]) -> None:
    reviewer = client_for(personas["aid_reviewer"])
    queue = _page(reviewer, "/work/legal-aid/")
    assert "法律援助审查" in queue
    assert "Legal aid review" not in queue
    assert "需要准备的材料" in _page(Client(), "/legal-aid/policy/")
