"""Tracking, messages, withdrawal, complaints and the directory (issue 4 §4-§6)."""

from __future__ import annotations

from django.test import Client

from fawang.accounts.models import User
from fawang.cases.models import Case
from fawang.cases.services import case_transition
from fawang.conftest import County, MakeCase
from fawang.notifications.models import Notification
from fawang.portal.models import CaseMessage


def _client(user: User) -> Client:
    client = Client()
    client.force_login(user)
    return client


def test_my_requests_show_only_my_cases_in_plain_words(
    personas: dict[str, User], make_case: MakeCase, county: County
) -> None:
    mine = make_case("legal_aid", requester_user=personas["citizen"], title="我的援助申请")
    make_case(title="别人的事")
    case_transition(reference=mine.reference, action="accept", actor=personas["aid_reviewer"])
    case_transition(
        reference=mine.reference,
        action="request_materials",
        actor=personas["aid_reviewer"],
        payload={"missing_items": ["收入证明", "户口簿"]},
    )
    client = _client(personas["citizen"])
    body = client.get("/me/").content.decode()
    assert "我的援助申请" in body
    assert "别人的事" not in body
    assert "需要补充：收入证明、户口簿" in body
    detail = client.get(f"/me/cases/{mine.reference}/").content.decode()
    assert "需要您补充材料" in detail
    assert "<li>户口簿</li>" in detail


def test_other_citizens_case_is_not_found(personas: dict[str, User], make_case: MakeCase) -> None:
    case = make_case(requester_user=personas["citizen"])
    client = _client(personas["citizen_b"])
    assert client.get(f"/me/cases/{case.reference}/").status_code == 404
    assert client.post(f"/me/cases/{case.reference}/", {"body": "你好"}).status_code == 404
    assert client.post(f"/me/cases/{case.reference}/withdraw/").status_code == 404
    case.refresh_from_db()
    assert (case.status, CaseMessage.objects.count()) == ("new", 0)


def test_message_reaches_the_handler_and_the_reply_reaches_the_citizen(
    personas: dict[str, User], make_case: MakeCase, county: County
) -> None:
    case = make_case(requester_user=personas["citizen"], region=county.town_x)
    response = _client(personas["citizen"]).post(
        f"/me/cases/{case.reference}/", {"body": "补充：对方电话 139…"}
    )
    assert response.status_code == 302
    message = CaseMessage.objects.get()
    assert message.from_requester is True
    clerks = set(Notification.objects.filter(kind="message").values_list("recipient__username", flat=True))
    assert clerks == {"clerk_x"}  # the window clerk of the township station where the case sits


def test_withdraw(personas: dict[str, User], make_case: MakeCase) -> None:
    case = make_case(requester_user=personas["citizen"])
    response = _client(personas["citizen"]).post(
        f"/me/cases/{case.reference}/withdraw/", {"reason": "已和解"}
    )
    assert response.status_code == 302
    case.refresh_from_db()
    assert case.status == "withdrawn"
    assert list(case.events.values_list("action", "reason")) == [("create", ""), ("withdraw", "已和解")]


def test_complaint_becomes_a_tracked_case_once(personas: dict[str, User], county: County) -> None:
    # A8: the front office takes petitions and complaints (信访投诉) online.
    client = _client(personas["citizen"])
    data = {
        "kind": "complaint",
        "title": "窗口态度差",
        "description": "某工作人员不耐烦",
        "idempotency_key": "k1",
    }
    first = client.post("/complain/", data)
    second = client.post("/complain/", data)
    case = Case.objects.get()
    assert first["Location"] == second["Location"] == f"/me/cases/{case.reference}/"
    assert (case.service_type, case.channel, case.requester_user_id) == (
        "complaint",
        "web",
        personas["citizen"].pk,
    )


def test_directory_is_public_and_filters(county: County) -> None:
    client = Client()
    assert client.get("/directory/").status_code == 200
    by_town = client.get("/directory/", {"township": county.town_x.code}).content.decode()
    assert "东镇工作站" in by_town
    assert "西镇工作站" not in by_town
    by_name = client.get("/directory/", {"q": "公证"}).content.decode()
    assert "甲县公证处" in by_name
    assert "甲县律师事务所" not in by_name


def test_home_is_public_and_staff_are_sent_to_their_queue(personas: dict[str, User]) -> None:
    assert Client().get("/").status_code == 200
    assert _client(personas["window_clerk"]).get("/")["Location"] == "/work/"
    assert _client(personas["citizen"]).get("/").status_code == 200
