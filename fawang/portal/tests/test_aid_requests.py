"""C11 and C21 from the applicant's own case page: an objection to a refusal and a request that the assigned
lawyer step aside, through HTTP. Bad input and requests out of turn change nothing."""

from __future__ import annotations

from datetime import UTC, datetime

import time_machine
from django.test import Client

from fawang.accounts.models import User
from fawang.cases.models import CaseEvent
from fawang.conftest import County
from fawang.legal_aid import services as s
from fawang.legal_aid.models import LegalAidApplication, Objection, Recusal
from fawang.legal_aid.tests.helpers import maintenance_application
from fawang.notifications.models import Notification

T0 = datetime(2025, 3, 3, 2, 0, tzinfo=UTC)  # Monday 10:00 Beijing


def _client(user: User) -> Client:
    client = Client()
    client.force_login(user)
    return client


def _accepted(personas: dict[str, User], county: County) -> LegalAidApplication:
    """An application by the citizen persona (their person record), accepted for review."""
    return maintenance_application(personas["aid_reviewer"], county, account=personas["citizen"])


def _urls(app: LegalAidApplication, kind: str) -> tuple[str, str]:
    ref = app.case.reference
    return f"/me/cases/{ref}/", f"/me/cases/{ref}/legal-aid/{kind}/"


def test_the_applicant_asks_that_the_assigned_lawyer_step_aside(
    personas: dict[str, User], county: County
) -> None:
    citizen, reviewer = personas["citizen"], personas["aid_reviewer"]
    with time_machine.travel(T0, tick=False):
        app = _accepted(personas, county)
        page, post = _urls(app, "recusal")
        client = _client(citizen)
        assert "申请更换承办人员" not in client.get(page).content.decode()  # nobody assigned yet
        refused = client.post(post, {"text": "想换律师"})
        assert refused.status_code == 400
        assert "尚未指派法律援助人员" in refused.content.decode()
        s.aid_grant(actor=reviewer, application=app, reasons="符合条件")
        s.aid_assign(actor=reviewer, application=app, practitioner_id=county.lawyer.pk)
        assert "申请更换承办人员（回避）" in client.get(page).content.decode()
        blank = client.post(post, {"text": "  "})
        assert blank.status_code == 400
        assert "请写明理由。" in blank.content.decode()
        assert _client(personas["citizen_b"]).post(post, {"text": "不是我的事项"}).status_code == 404
        assert not Recusal.objects.exists()
        assert client.post(post, {"text": "承办律师是对方当事人的亲属"}).status_code == 302
        recusal = Recusal.objects.get()
        assert (recusal.requested_by, recusal.practitioner, recusal.outcome) == (citizen, county.lawyer, "")
        assert CaseEvent.objects.filter(case=app.case, action="request_recusal", actor=citizen).count() == 1
        told = Notification.objects.filter(case=app.case, kind="recusal").values_list("recipient", flat=True)
        assert reviewer.pk in set(told)  # the agency decides, so its reviewers are told
        assert citizen.pk not in set(told)
        shown = client.get(page).content.decode()
        assert "申请回避（更换承办人员）" in shown  # the step in the case's timeline
        assert "正在审查" in shown
        assert "提交回避申请" not in shown  # one pending request at a time
        again = client.post(post, {"text": "再次申请"})
        assert again.status_code == 400
        assert "已有回避申请正在审查" in again.content.decode()
        assert Recusal.objects.count() == 1


def test_the_applicant_objects_to_a_refusal(personas: dict[str, User], county: County) -> None:
    citizen = personas["citizen"]
    with time_machine.travel(T0, tick=False):
        app = _accepted(personas, county)
        page, post = _urls(app, "objection")
        client = _client(citizen)
        assert client.post(post, {"text": "还在审查中"}).status_code == 400  # nothing to object to yet
        s.aid_refuse(
            actor=personas["aid_reviewer"], application=app, ground="out_of_scope", reasons="不属于援助范围"
        )
        assert "对决定有异议" in client.get(page).content.decode()
        assert client.post(post, {"text": "追索抚养费属于法律援助范围"}).status_code == 302
        objection = Objection.objects.get()
        assert (objection.filed_by, objection.outcome) == (citizen, "")
        shown = client.get(page).content.decode()
        assert "司法行政部门正在审查" in shown
        assert "提交异议" not in shown
        assert client.post(post, {"text": "再提一次"}).status_code == 400
        assert Objection.objects.count() == 1
        assert client.post(_urls(app, "appeal")[1], {"text": "未知的请求"}).status_code == 404


def test_the_api_files_the_same_requests(personas: dict[str, User], county: County) -> None:
    """POST /api/v1/me/cases/<ref>/legal-aid/<kind>/ runs the same services: 201, then the refusal as a 400."""
    citizen = personas["citizen"]
    with time_machine.travel(T0, tick=False):
        app = _accepted(personas, county)
        s.aid_grant(actor=personas["aid_reviewer"], application=app, reasons="符合条件")
        s.aid_assign(actor=personas["aid_reviewer"], application=app, practitioner_id=county.lawyer.pk)
        client = _client(citizen)
        url = f"/api/v1/me/cases/{app.case.reference}/legal-aid/recusal/"
        assert client.post(url, {}, content_type="application/json").status_code == 400
        created = client.post(url, {"text": "承办律师与对方当事人相识"}, content_type="application/json")
        assert created.status_code == 201
        assert created.json()["kind"] == "recusal"
        assert Recusal.objects.get().requested_by == citizen
        again = client.post(url, {"text": "再次申请"}, content_type="application/json")
        assert again.status_code == 400
        assert "已有回避申请正在审查" in again.content.decode()
        assert Recusal.objects.count() == 1
