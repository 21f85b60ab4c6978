"""Shared helpers for the legal-aid tests (no mutable module data)."""

from __future__ import annotations

import io
from typing import Any

from django.test import Client
from pypdf import PdfReader

from fawang.accounts.models import User
from fawang.cases.models import Case
from fawang.conftest import County
from fawang.legal_aid import services as s
from fawang.legal_aid.models import LegalAidApplication
from fawang.people.models import Person
from fawang.people.services import person_register


def client_for(user: User) -> Client:
    client = Client()
    client.force_login(user)
    return client


def pdf_text(data: bytes) -> str:
    """Extracted text with whitespace removed (fpdf2's CJK output extracts with spaces between glyphs)."""
    reader = PdfReader(io.BytesIO(data))
    return "".join("".join(page.extract_text().replace("\x00", "").split()) for page in reader.pages)


def maintenance_application(
    reviewer: User, county: County, *, account: User | None = None
) -> LegalAidApplication:
    """王芳's application for child maintenance (no means test: pledge), accepted for review; `account` is her
    citizen account when she applies online."""
    person = person_register(actor=reviewer, name="王芳", id_number="110101199003078574")
    if account is not None:
        Person.objects.filter(pk=person.pk).update(user=account)
    app = s.aid_application_submit(
        actor=reviewer,
        region=county.county,
        requester=person,
        title="追索抚养费",
        details=s.AidDetails(matter="maintenance", verification_mode="pledge"),
    )
    s.aid_accept(actor=reviewer, application=app)
    return app


def post_step(client: Client, case: Case, step: str, data: dict[str, Any] | None = None, **extra: Any) -> Any:
    return client.post(f"/work/legal-aid/{case.reference}/{step}/", data or {}, **extra)


def squash(text: str) -> str:
    return "".join(text.split())


def new_application(client: Client, **extra: object) -> LegalAidApplication:
    """A labour-pay application entered at the window through the workbench form (`extra` overrides fields)."""
    data = {
        "intake_kind": "application",
        "name": "刘桂兰",
        "id_number": "500231195203150022",
        "phone": "13900001111",
        "title": "追讨拖欠工资",
        "matter": "labour_relation_or_pay",
        "facts_and_reasons": "在工地务工三个月，工资未发。",
        "monthly_income_per_capita": "900",
        "household_size": "3",
        "has_large_assets": "false",
        "idempotency_key": "k-1",
        **extra,
    }
    response = client.post("/work/legal-aid/new/", data)
    assert response.status_code == 302, response.content.decode()[:2000]
    return LegalAidApplication.objects.get(case__title=data["title"])
