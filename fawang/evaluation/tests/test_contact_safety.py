"""Safe contact in the rectification follow-up (M14; 法律援助法 Art.32; H4): the verifier who calls the rater back
is shown the safe number, masked and then revealed, never the registered one; a rater who may not be phoned gets
no number and no reveal button."""

from __future__ import annotations

import pytest
from django.test import Client

from fawang.accounts.models import User
from fawang.conftest import MakeCase
from fawang.core.models import AuditEntry
from fawang.evaluation.models import Rectification
from fawang.evaluation.tests.conftest import FinishedCase
from fawang.people.models import Person
from fawang.people.services import ContactSafety, person_contact_safety_set

pytestmark = pytest.mark.django_db
SAFE = "13912345678"


def _login(user: User) -> Client:
    client = Client()
    client.force_login(user)
    return client


def _bad_rating_by_flagged_rater(finished_case: FinishedCase, citizen: User, **safety: str) -> Rectification:
    case = finished_case()
    assert case.requester is not None
    person_contact_safety_set(actor=citizen, person=case.requester, safety=ContactSafety(**safety))
    data = {"level": "2", "comment": "态度不好", "channel": "web"}
    assert _login(citizen).post(f"/work/evaluation/rate/{case.reference}/", data).status_code == 302
    return Rectification.objects.get()


def test_follow_up_call_uses_the_safe_number(
    finished_case: FinishedCase, personas: dict[str, User], inspector: User
) -> None:
    rect = _bad_rating_by_flagged_rater(
        finished_case, personas["citizen"], channel="safe_phone", safe_phone=SAFE
    )
    verifier = _login(inspector)
    page = verifier.get(f"/work/evaluation/rectifications/{rect.pk}/").content.decode()
    assert "⚠ 安全联系：请勿拨打登记电话" in page
    assert "安全电话 139****5678" in page
    assert "138****0000" not in page
    revealed = verifier.post(f"/work/evaluation/rectifications/{rect.pk}/contact/").content.decode()
    assert f"安全电话 {SAFE}" in revealed
    assert "13800000000" not in revealed
    assert AuditEntry.objects.filter(action="reveal", object_type="evaluation.Rating").count() == 1


def test_rater_who_may_not_be_phoned_gets_no_number(
    finished_case: FinishedCase, personas: dict[str, User], inspector: User
) -> None:
    rect = _bad_rating_by_flagged_rater(finished_case, personas["citizen"], channel="portal")
    verifier = _login(inspector)
    page = verifier.get(f"/work/evaluation/rectifications/{rect.pk}/").content.decode()
    assert "（不可电话回访）" in page
    assert "查看完整号码" not in page
    revealed = verifier.post(f"/work/evaluation/rectifications/{rect.pk}/contact/").content.decode()
    assert "13800000000" not in revealed
    assert Person.objects.get(user=personas["citizen"]).phone == "13800000000"  # kept, just never offered


def test_complaint_page_warns_the_staff_who_reply(make_case: MakeCase, personas: dict[str, User]) -> None:
    """M14: the complaint reply page carries the complainant's instruction for staff, not for the complainant."""
    citizen = personas["citizen"]
    case = make_case("complaint", requester_user=citizen, title="窗口态度")
    assert case.requester is not None
    person_contact_safety_set(actor=citizen, person=case.requester, safety=ContactSafety(channel="in_person"))
    staff_page = _login(personas["admin"]).get(f"/work/evaluation/complaints/{case.reference}/")
    assert staff_page.status_code == 200
    assert "⚠ 安全联系：请勿拨打登记电话" in staff_page.content.decode()
    own_page = _login(citizen).get(f"/work/evaluation/complaints/{case.reference}/")
    assert own_page.status_code == 200
    assert "安全联系：" not in own_page.content.decode()
