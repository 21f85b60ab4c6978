"""Notification texts to a flagged person (M14; 法律援助法 Art.32): every notification to a requester goes through
`notification_text_for`, the rule `notify_case_requester` uses, so someone else reading the screen learns nothing
about the matter. Unflagged people keep the informative text."""

from __future__ import annotations

import pytest

from fawang.accounts.models import User
from fawang.cases.models import Case
from fawang.conftest import MakeCase
from fawang.legal_aid.models import LegalAidApplication
from fawang.legal_aid.services import aid_feedback_handle, aid_feedback_submit
from fawang.notifications.models import Notification
from fawang.notifications.services import FLAGGED_MESSAGE
from fawang.people.services import ContactSafety, person_contact_safety_set
from fawang.portal.services import case_message_post

pytestmark = pytest.mark.django_db


def _flag(case: Case, citizen: User) -> None:
    assert case.requester is not None
    person_contact_safety_set(actor=citizen, person=case.requester, safety=ContactSafety(channel="portal"))


def _aid_cases(make_case: MakeCase, personas: dict[str, User]) -> tuple[Case, Case]:
    flagged = make_case("legal_aid", requester_user=personas["citizen"], title="离婚及人身安全保护令")
    plain = make_case("legal_aid", requester_user=personas["citizen_b"], title="欠薪")
    _flag(flagged, personas["citizen"])
    return flagged, plain


def _messages(kind: str) -> dict[str, str]:
    return dict(Notification.objects.filter(kind=kind).values_list("recipient__username", "message"))


def test_legal_aid_feedback_outcome_is_neutral_for_a_flagged_recipient(
    make_case: MakeCase, personas: dict[str, User]
) -> None:
    """M14; 法律援助法 Art.56: the outcome of a complaint names the matter and the outcome, unless flagged."""
    for case in _aid_cases(make_case, personas):
        application = LegalAidApplication.objects.create(case=case, agency_region="甲县")
        requester = case.requester_user
        assert requester is not None
        feedback = aid_feedback_submit(
            actor=requester, application=application, kind="complaint", content="律师不回电话"
        )
        aid_feedback_handle(actor=personas["aid_reviewer"], feedback=feedback, outcome="已约谈承办律师")
    messages = _messages("legal_aid_feedback")
    assert messages["citizen"] == FLAGGED_MESSAGE
    assert "已约谈承办律师" in messages["citizen_b"]


def test_reply_to_a_flagged_requester_does_not_name_the_case(
    make_case: MakeCase, personas: dict[str, User]
) -> None:
    """M14: "您的事项 FW… 有新的答复" would tell a reader of the phone that a matter exists and which one."""
    flagged, plain = _aid_cases(make_case, personas)
    for case in (flagged, plain):
        case_message_post(actor=personas["aid_reviewer"], reference=case.reference, body="请补充收入证明。")
    messages = _messages("message")
    assert messages["citizen"] == FLAGGED_MESSAGE
    assert messages["citizen_b"] == f"您的事项 {plain.reference} 有新的答复。"
