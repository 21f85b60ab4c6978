"""Safe contact and quick exit in the portal (M14; 法律援助法 Art.32): the citizen's own form under 我的, the 快速离开
button and `Cache-Control: no-store` on the sensitive pages, and minimal notifications for a flagged person."""

from __future__ import annotations

from collections.abc import Callable
from contextlib import AbstractContextManager
from typing import Any

import pytest
from django.test import Client

from fawang.accounts.models import User
from fawang.cases.services import case_transition
from fawang.conftest import MakeCase
from fawang.core.models import AuditAction, AuditEntry
from fawang.notifications.models import Notification
from fawang.people.models import Person

pytestmark = pytest.mark.django_db
SAFE = "13912345678"
EXIT = "http://neutral.test/weather/"
CaptureOnCommit = Callable[..., AbstractContextManager[list[Callable[[], Any]]]]


@pytest.fixture(autouse=True)
def _exit_url(settings: Any) -> None:
    settings.FAWANG_QUICK_EXIT_URL = EXIT


def _client(user: User) -> Client:
    client = Client()
    client.force_login(user)
    return client


def _assert_quick_exit(html: str) -> None:
    assert f'<a id="quick-exit" class="quick-exit" href="{EXIT}"' in html
    assert 'aria-label="快速离开：' in html
    assert ">快速离开</a>" in html
    assert "/static/portal/quick-exit.js" in html


def _assert_no_store(response: Any) -> None:
    assert "no-store" in response["Cache-Control"]


def test_citizen_sets_a_safe_channel_from_my_page(personas: dict[str, User]) -> None:
    """M14: 我的 links to the form; the form has the quick exit, is never cached, and saves through the service."""
    citizen = personas["citizen"]
    person = Person.objects.create(name="李女士", phone="13800000000", user=citizen)
    client = _client(citizen)
    assert "/me/contact-safety/" in client.get("/me/").content.decode()
    page = client.get("/me/contact-safety/")
    assert page.status_code == 200
    _assert_quick_exit(page.content.decode())
    _assert_no_store(page)
    response = client.post(
        "/me/contact-safety/", {"channel": "safe_phone", "safe_phone": SAFE, "note": "只在工作日上午联系"}
    )
    assert response.status_code == 302
    assert response["Location"] == "/me/"
    person.refresh_from_db()
    assert (person.contact_channel, person.safe_phone, person.contact_note) == (
        "safe_phone",
        SAFE,
        "只在工作日上午联系",
    )
    assert (
        AuditEntry.objects.filter(
            action=AuditAction.UPDATE, actor=citizen, summary="contact safety usual → safe_phone"
        ).count()
        == 1
    )


def test_bad_input_shows_a_chinese_error_and_changes_nothing(personas: dict[str, User]) -> None:
    person = Person.objects.create(name="李女士", phone="13800000000", user=personas["citizen"])
    response = _client(personas["citizen"]).post(
        "/me/contact-safety/", {"channel": "safe_phone", "safe_phone": "12"}
    )
    assert response.status_code == 400
    assert "请填写可以安全拨打的电话号码（7到12位数字）" in response.content.decode()
    person.refresh_from_db()
    assert (person.contact_channel, person.safe_phone) == ("usual", "")
    assert not AuditEntry.objects.filter(object_type="people.Person").exists()


def test_without_a_person_record_the_page_asks_for_identity_first(personas: dict[str, User]) -> None:
    html = _client(personas["citizen"]).get("/me/contact-safety/").content.decode()
    assert "请先补充实名信息" in html
    _assert_quick_exit(html)


def test_anonymous_is_sent_to_sign_in() -> None:
    assert Client().get("/me/contact-safety/").status_code == 302


@pytest.mark.parametrize(
    ("_case", "path", "signed_in"),
    [
        ("M14: the complaint page", "/complain/", True),
        ("M14: the legal-aid start page, signed out", "/apply/legal-aid/", False),
        ("M14: the legal-aid start page, signed in", "/apply/legal-aid/", True),
    ],
)
def test_sensitive_pages_have_quick_exit_and_no_store(
    personas: dict[str, User], _case: str, path: str, signed_in: bool
) -> None:
    client = _client(personas["citizen"]) if signed_in else Client()
    response = client.get(path)
    assert response.status_code == 200
    _assert_quick_exit(response.content.decode())
    _assert_no_store(response)


def test_legal_aid_steps_have_quick_exit_and_mediation_does_not(personas: dict[str, User]) -> None:
    """M14: every step of the legal-aid application; other services keep their plain pages."""
    client = _client(personas["citizen"])
    opened = client.post("/apply/legal-aid/")
    assert opened.status_code == 302
    step = client.get(opened["Location"])
    assert step.status_code == 200
    _assert_quick_exit(step.content.decode())
    _assert_no_store(step)
    mediation = client.get("/apply/mediation/").content.decode()
    assert 'id="quick-exit"' not in mediation


def test_progress_notification_of_a_flagged_person_says_nothing_about_the_matter(
    personas: dict[str, User], make_case: MakeCase, django_capture_on_commit_callbacks: CaptureOnCommit
) -> None:
    """M14: someone else may read the phone; the in-portal message carries no title or step."""
    citizen = personas["citizen"]
    flagged = make_case("legal_aid", requester_user=citizen, title="离婚及人身安全保护令")
    assert flagged.requester is not None
    _client(citizen).post("/me/contact-safety/", {"channel": "portal"})
    plain = make_case("legal_aid", requester_user=personas["citizen_b"], title="欠薪")
    for case in (flagged, plain):
        with django_capture_on_commit_callbacks(execute=True):
            case_transition(reference=case.reference, action="accept", actor=personas["aid_reviewer"])
    messages = dict(
        Notification.objects.filter(kind="progress").values_list("recipient__username", "message")
    )
    assert messages["citizen"] == "您有一条新消息，请登录后查看。"
    assert "欠薪" in messages["citizen_b"]
