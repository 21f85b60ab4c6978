"""L8: the notarization workbench in English through the language picker, Mandarin by default, and the official
documents in Mandarin whatever the interface language. Run `make locale` first (make test does)."""

from __future__ import annotations

import pytest
import time_machine
from django.test import Client

from fawang.accounts.models import User
from fawang.conftest import County
from fawang.mediation.tests.helpers import client_for, pdf_text
from fawang.notary.tests.helpers import notary_apply
from fawang.people.models import Person

MONDAY = "2026-03-02 09:00:00+08:00"


def _english(user: User) -> Client:
    client = client_for(user)
    assert client.post("/i18n/setlang/", {"language": "en", "next": "/"}).status_code == 302
    return client


@pytest.fixture
def reference(personas: dict[str, User], county: County) -> str:
    Person.objects.create(
        name="王芳", id_number="110101199003077571", phone="13900000000", user=personas["citizen"]
    )
    with time_machine.travel(MONDAY, tick=False):
        code, matter = notary_apply(client_for(personas["citizen"]), county)
    assert code == 201
    return str(matter["reference"])


def test_the_workbench_a_matter_and_the_slots_in_english(personas: dict[str, User], reference: str) -> None:
    client = _english(personas["window_clerk"])
    home = client.get("/work/notary/").content.decode()
    assert "Notarization workbench" in home
    assert reference in home
    assert "公证工作台" not in home
    with time_machine.travel(MONDAY, tick=False):
        body = client.get(f"/work/notary/{reference}/").content.decode()
    for phrase in ("Acceptance review", "The applicant has an interest in the matter", "Notarization fee"):
        assert phrase in body
    for phrase in ("受理审查", "公证费", "申请人与申请公证的事项有利害关系"):
        assert phrase not in body
    slots = client.get("/work/notary/slots/").content.decode()
    assert "Notarization appointment slots" in slots
    assert "增加时段" not in slots


def test_the_application_form_stays_in_mandarin(personas: dict[str, User], reference: str) -> None:
    client = _english(personas["window_clerk"])
    pdf = client.get(f"/work/notary/{reference}/application.pdf")
    assert pdf.status_code == 200
    text = pdf_text(pdf.content)
    assert "签名" in text  # SignMethod's label
    assert "Signature" not in text


def test_mandarin_stays_the_default(personas: dict[str, User], reference: str) -> None:
    body = (
        client_for(personas["window_clerk"]).get("/work/notary/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    )
    assert "公证工作台" in body
    assert "Notarization workbench" not in body
