"""Tracking (issue 4 §2, §4): replies, notifications, deadlines, the one-time notice, documents (scoped, audited)."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.test import Client

from fawang.accounts.models import User
from fawang.cases.services import case_transition
from fawang.conftest import County
from fawang.core.models import AuditEntry
from fawang.knowledge.services import consultation_request_human
from fawang.legal_aid.services import AidDetails, aid_accept, aid_application_submit, aid_request_materials
from fawang.notifications.models import Notification
from fawang.people.models import Person


def _client(user: User) -> Client:
    client = Client()
    client.force_login(user)
    return client


def test_asked_human_answer_reaches_my_requests_with_a_notification(
    personas: dict[str, User], county: County, django_capture_on_commit_callbacks: Any
) -> None:
    citizen = personas["citizen"]
    request = consultation_request_human(
        actor=citizen,
        question="公司拖欠工资怎么办？",
        shown={"category": "劳动纠纷"},
        region=county.town_x,
        channel="web",
        requester_user=citizen,
    )
    reference = request.case.reference
    client = _client(citizen)
    assert reference in client.get("/me/").content.decode()
    clerk = personas["clerk_x"]
    with django_capture_on_commit_callbacks(execute=True):
        case_transition(reference=reference, action="accept", actor=clerk)
        case_transition(
            reference=reference, action="answer", actor=clerk, reason="可以向劳动争议仲裁委员会申请仲裁。"
        )
    notes = Notification.objects.filter(recipient=citizen, kind="progress").order_by("created_at", "id")
    assert [n.message.split("：")[-1] for n in notes] == [
        "受理。请到“我的事项”查看。",
        "答复。请到“我的事项”查看。",
    ]
    home = client.get("/me/").content.decode()
    assert "新消息（2）" in home
    detail = client.get(f"/me/cases/{reference}/").content.decode()
    assert "可以向劳动争议仲裁委员会申请仲裁。" in detail
    assert "评价本次服务" in detail
    assert Notification.objects.filter(recipient=citizen, read_at__isnull=True).count() == 0
    assert "新消息" not in client.get("/me/").content.decode()


def _aid_case(personas: dict[str, User], county: County) -> Any:
    citizen = personas["citizen"]
    person = Person.objects.create(name="王小明", phone="13912345678", user=citizen)
    app = aid_application_submit(
        actor=citizen,
        region=county.town_x,
        requester=person,
        requester_user=citizen,
        title="讨要工资",
        channel="web",
        details=AidDetails(matter="labour_relation_or_pay", facts_and_reasons="拖欠工资"),
    )
    reviewer = personas["aid_reviewer"]
    aid_accept(actor=reviewer, application=app)
    aid_request_materials(
        actor=reviewer, application=app, items=["收入证明", "劳动合同"], reply_by=date(2099, 1, 31)
    )
    return app


def test_one_time_notice_deadlines_and_documents(personas: dict[str, User], county: County) -> None:
    app = _aid_case(personas, county)
    reference = app.case.reference
    client = _client(personas["citizen"])
    page = client.get(f"/me/cases/{reference}/").content.decode()
    assert "<li>收入证明</li>" in page
    assert "请在 2099年1月31日 前补充" in page
    assert "暂停计时" in page  # the review clock pauses while materials are awaited (C6, T5)
    assert "法律援助申请受理通知书（PDF）" in page
    assert "法律援助申请补充材料一次性告知书（PDF）" in page
    from fawang.legal_aid.models import Document

    notice = Document.objects.get(case=app.case, kind="missing_items_notice")
    url = f"/me/cases/{reference}/documents/aid-{notice.pk}.pdf"
    before = AuditEntry.objects.filter(object_type="portal.IssuedDocument").count()
    response = client.get(url)
    assert (response.status_code, response["Content-Type"]) == (200, "application/pdf")
    assert response.content.startswith(b"%PDF")
    assert AuditEntry.objects.filter(object_type="portal.IssuedDocument").count() == before + 1


def test_documents_are_refused_to_others(personas: dict[str, User], county: County) -> None:
    app = _aid_case(personas, county)
    from fawang.legal_aid.models import Document

    notice = Document.objects.get(case=app.case, kind="missing_items_notice")
    url = f"/me/cases/{app.case.reference}/documents/aid-{notice.pk}.pdf"
    before = AuditEntry.objects.filter(object_type="portal.IssuedDocument").count()
    assert _client(personas["citizen_b"]).get(url).status_code == 404
    assert _client(personas["clerk_y"]).get(url).status_code == 404  # another township's clerk
    assert Client().get(url).status_code == 302  # anonymous: to the login page
    assert (
        _client(personas["citizen"])
        .get(f"/me/cases/{app.case.reference}/documents/aid-999999.pdf")
        .status_code
        == 404
    )
    assert AuditEntry.objects.filter(object_type="portal.IssuedDocument").count() == before
    assert _client(personas["aid_reviewer"]).get(url).status_code == 200  # the handling agency may
