"""Safe contact on the staff side through real HTTP (M14; 法律援助法 Art.32): the banner on the case page instead of
the registered number, the staff form and who may use it, and the audited reveal giving the safe number only."""

from __future__ import annotations

import pytest
from django.test import Client

from fawang.accounts.models import User
from fawang.cases.models import Case
from fawang.conftest import MakeCase
from fawang.core.errors import DomainError
from fawang.core.models import AuditAction, AuditEntry
from fawang.people.models import Person
from fawang.people.services import ContactSafety, person_contact_safety_set
from fawang.security.privacy import person_field_reveal

pytestmark = pytest.mark.django_db
SAFE = "13912345678"


def _client(user: User) -> Client:
    client = Client()
    client.force_login(user)
    return client


def _requester(case: Case) -> Person:
    assert case.requester_id is not None
    return Person.objects.get(pk=case.requester_id)


def _flag(case: Case, actor: User, **kwargs: str) -> Person:
    assert case.requester is not None
    return person_contact_safety_set(
        actor=actor, person=case.requester, safety=ContactSafety(**kwargs), case=case
    )


def test_case_page_shows_the_banner_and_not_the_registered_number(
    make_case: MakeCase, personas: dict[str, User]
) -> None:
    """M14: the case page a clerk calls from shows the safe channel, never the registered number (even masked)."""
    case = make_case()
    _flag(case, personas["window_clerk"], channel="safe_phone", safe_phone=SAFE, note="勿留言，勿提及事由")
    page = _client(personas["window_clerk"]).get(f"/work/cases/{case.reference}/")
    html = page.content.decode()
    assert page.status_code == 200
    assert "⚠ 安全联系：请勿拨打登记电话" in html
    assert "安全电话 139****5678" in html
    assert "注意事项：勿留言，勿提及事由" in html
    assert "138****0000" not in html
    assert "13800000000" not in html
    assert SAFE not in html  # masked like every number on the page (M3)


def test_case_page_of_an_unflagged_requester_has_no_banner(
    make_case: MakeCase, personas: dict[str, User]
) -> None:
    case = make_case()
    html = _client(personas["window_clerk"]).get(f"/work/cases/{case.reference}/").content.decode()
    assert "安全联系：" not in html
    assert "138****0000" in html
    assert f"/work/cases/{case.reference}/contact-safety/" in html


def test_portal_only_requester_shows_no_number_at_all(make_case: MakeCase, personas: dict[str, User]) -> None:
    case = make_case(requester_user=personas["citizen"])
    _flag(case, personas["aid_reviewer"], channel="portal")
    html = _client(personas["aid_reviewer"]).get(f"/work/cases/{case.reference}/").content.decode()
    assert "仅可通过平台站内消息" in html
    assert "（不可电话联系，见安全联系提示）" in html
    assert "138****0000" not in html


def test_clerk_sets_the_flag_through_the_staff_form(make_case: MakeCase, personas: dict[str, User]) -> None:
    """M14: the staff form writes through the service (audited) and returns to the case page."""
    case = make_case()
    client = _client(personas["window_clerk"])
    form = client.get(f"/work/cases/{case.reference}/contact-safety/")
    assert form.status_code == 200
    assert "申请人安全联系设置" in form.content.decode()
    response = client.post(
        f"/work/cases/{case.reference}/contact-safety/",
        {"channel": "trusted_contact", "safe_phone": SAFE, "safe_contact_name": "王姐", "note": ""},
    )
    assert response.status_code == 302
    assert response["Location"] == f"/work/cases/{case.reference}/"
    person = _requester(case)
    assert (person.contact_channel, person.safe_phone, person.safe_contact_name) == (
        "trusted_contact",
        SAFE,
        "王姐",
    )
    assert (
        AuditEntry.objects.filter(
            action=AuditAction.UPDATE, summary=f"contact safety usual → trusted_contact via {case.reference}"
        ).count()
        == 1
    )


def test_bad_staff_input_shows_a_chinese_error_and_changes_nothing(
    make_case: MakeCase, personas: dict[str, User]
) -> None:
    case = make_case()
    response = _client(personas["hotline_operator"]).post(
        f"/work/cases/{case.reference}/contact-safety/", {"channel": "safe_phone", "safe_phone": ""}
    )
    assert response.status_code == 400
    assert "请填写可以安全拨打的电话号码" in response.content.decode()
    assert _requester(case).contact_channel == "usual"


@pytest.mark.parametrize(
    ("_case", "persona", "status"),
    [
        ("M14: anonymous goes to the login page", None, 302),
        ("M14: a clerk of the neighbouring county cannot see the case", "outsider", 404),
        ("M14: a supervisor reads but does not set", "county_supervisor", 403),
        ("M14: the window clerk may", "window_clerk", 302),
    ],
)
def test_staff_form_authorization(
    make_case: MakeCase, personas: dict[str, User], _case: str, persona: str | None, status: int
) -> None:
    case = make_case()
    client = _client(personas[persona]) if persona else Client()
    response = client.post(f"/work/cases/{case.reference}/contact-safety/", {"channel": "in_person"})
    assert response.status_code == status
    expected = "in_person" if persona == "window_clerk" else "usual"
    assert _requester(case).contact_channel == expected
    if persona != "window_clerk":
        assert not AuditEntry.objects.filter(action=AuditAction.UPDATE, object_type="people.Person").exists()


def test_reveal_gives_the_safe_number_and_refuses_the_address(
    make_case: MakeCase, personas: dict[str, User]
) -> None:
    """M14: the audited full-number reveal (M3) hands out the safe number; the address is not given out."""
    case = make_case()
    _flag(case, personas["window_clerk"], channel="safe_phone", safe_phone=SAFE)
    clerk = personas["window_clerk"]
    assert person_field_reveal(actor=clerk, reference=case.reference, field="phone") == SAFE
    assert (
        AuditEntry.objects.filter(
            action=AuditAction.REVEAL, summary=f"phone (safe route) via {case.reference}"
        ).count()
        == 1
    )
    with pytest.raises(DomainError, match="请勿拨打登记电话"):
        person_field_reveal(actor=clerk, reference=case.reference, field="address")


def test_reveal_of_an_in_person_only_requester_gives_no_number(
    make_case: MakeCase, personas: dict[str, User]
) -> None:
    case = make_case()
    _flag(case, personas["window_clerk"], channel="in_person")
    with pytest.raises(DomainError, match="当面沟通"):
        person_field_reveal(actor=personas["window_clerk"], reference=case.reference, field="phone")
    assert not AuditEntry.objects.filter(action=AuditAction.REVEAL).exists()


def test_legal_aid_page_shows_the_banner_and_not_the_registered_number(
    make_case: MakeCase, personas: dict[str, User]
) -> None:
    """M14: the legal-aid reviewer's page, where the applicant is phoned about missing materials."""
    case = make_case("legal_aid", requester_user=personas["citizen"])
    _flag(case, personas["citizen"], channel="trusted_contact", safe_phone=SAFE, safe_contact_name="王姐")
    page = _client(personas["aid_reviewer"]).get(f"/work/legal-aid/{case.reference}/")
    html = page.content.decode()
    assert page.status_code == 200
    assert "仅可通过可信联系人 王姐（电话 139****5678）联系" in html
    assert "138****0000" not in html
    assert f"/work/cases/{case.reference}/contact-safety/" in html
