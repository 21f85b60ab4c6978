"""L8: what the people app puts on staff pages (the safe-contact banner, its instruction and the safe-contact form)
in English once the user picks English, Mandarin by default."""

from __future__ import annotations

import pytest
from django.test import Client

from fawang.accounts.models import User
from fawang.cases.models import Case
from fawang.conftest import MakeCase
from fawang.people.services import ContactSafety, person_contact_safety_set

pytestmark = pytest.mark.django_db


def _flagged(make_case: MakeCase, personas: dict[str, User]) -> Case:
    case = make_case()
    assert case.requester is not None
    person_contact_safety_set(
        actor=personas["window_clerk"],
        person=case.requester,
        safety=ContactSafety(channel="safe_phone", safe_phone="13912345678", note="只在工作日上午联系"),
        case=case,
    )
    return case


def _client(user: User, language: str | None = None) -> Client:
    client = Client()
    client.force_login(user)
    if language:
        assert client.post("/i18n/setlang/", {"language": language, "next": "/"}).status_code == 302
    return client


def test_the_banner_and_the_form_in_english(make_case: MakeCase, personas: dict[str, User]) -> None:
    case = _flagged(make_case, personas)
    clerk = _client(personas["window_clerk"], "en")
    page = clerk.get(f"/work/cases/{case.reference}/").content.decode()
    assert "⚠ Safe contact: do not call the registered number" in page
    assert "contact only through safe phone 139****5678." in page
    assert "Notes: 只在工作日上午联系" in page  # the note is the person's own words
    assert "安全联系：请勿拨打登记电话" not in page
    form = clerk.get(f"/work/cases/{case.reference}/contact-safety/").content.decode()
    for english in ("How staff should make contact", "Only by calling the given safe phone number"):
        assert english in form
    for chinese in ("工作人员应如何联系", "仅拨打指定的安全电话"):
        assert chinese not in form
    refused = clerk.post(
        f"/work/cases/{case.reference}/contact-safety/", {"channel": "safe_phone", "note": "x" * 201}
    )
    assert "Keep the notes to 200 characters or fewer." in refused.content.decode()


def test_mandarin_stays_the_default(make_case: MakeCase, personas: dict[str, User]) -> None:
    case = _flagged(make_case, personas)
    page = _client(personas["window_clerk"]).get(f"/work/cases/{case.reference}/").content.decode()
    assert "⚠ 安全联系：请勿拨打登记电话" in page
    assert "注意事项：只在工作日上午联系" in page
    assert "Safe contact" not in page
