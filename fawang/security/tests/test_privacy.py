"""Masking, reveal with re-authentication and audit, confidential cases, a citizen's own data (M3, M7, M9)."""

from __future__ import annotations

import json
from collections.abc import Callable
from datetime import date, timedelta

import pytest
import time_machine
from django.test import Client

from fawang.accounts.models import User
from fawang.cases.models import Case
from fawang.core import clock
from fawang.core.errors import ConflictError, DomainError
from fawang.core.models import AuditAction, AuditEntry
from fawang.people.models import Person
from fawang.security.models import DataRequest, DataRequestStatus
from fawang.security.privacy import (
    data_request_decide,
    data_request_submit,
    person_masked,
    personal_data_export_log,
    requester_view_for,
)

PASSWORD = "Passw0rd!x"
ID_A = "11010519491231002X"


@pytest.fixture
def case(make_case: Callable[..., Case]) -> Case:
    made = make_case()
    person = made.requester
    assert person is not None
    person.id_number, person.address = ID_A, "甲县东镇东村5号"
    person.save()
    return made


def _reveals() -> int:
    return AuditEntry.objects.filter(action=AuditAction.REVEAL).count()


def test_masks() -> None:
    person = Person(name="王五", id_number=ID_A, phone="13912345678", address="甲县东镇东村5号院")
    assert person_masked(person) == {
        "name": "王五",
        "id_number": "110105********002X",
        "phone": "139****5678",
        "address": "甲县东镇东村***",
    }


def test_reveal_page_needs_reauth_and_is_audited(personas: dict[str, User], case: Case) -> None:
    client = Client()
    client.force_login(personas["window_clerk"])
    url = f"/security/reveal/{case.reference}/id_number/"
    response = client.post(url, {"purpose": "核对身份"})
    assert (response.status_code, response["Location"]) == (
        302,
        f"/security/reauth/?next={url.replace('/', '%2F')}",
    )
    assert _reveals() == 0
    assert client.post("/security/reauth/", {"password": "wrong", "next": url}).status_code == 400
    assert client.post("/security/reauth/", {"password": PASSWORD, "next": url})["Location"] == url
    page = client.post(url, {"purpose": "核对身份"}).content.decode()
    assert ID_A in page
    entry = AuditEntry.objects.filter(action=AuditAction.REVEAL).get()
    assert (entry.actor_label, entry.object_id, entry.summary) == (
        "clerk",
        str(case.requester_id),
        f"id_number via {case.reference}: 核对身份",
    )


@pytest.mark.parametrize(
    ("_case", "persona", "status"),
    [
        ("supervisor: no need for full identity (M4)", "county_supervisor", 403),
        ("clerk of another township: out of scope", "clerk_y", 404),
        ("neighbouring county", "outsider", 404),
        ("citizen B", "citizen_b", 404),
    ],
)
def test_reveal_api_refusals_change_nothing(
    personas: dict[str, User], case: Case, _case: str, persona: str, status: int
) -> None:
    client = Client()
    client.force_login(personas[persona])
    before = AuditEntry.objects.exclude(action=AuditAction.DENIED).count()
    response = client.post(
        "/api/v1/security/reveal/",
        {"reference": case.reference, "field": "phone", "password": PASSWORD},
        content_type="application/json",
    )
    assert response.status_code == status
    assert AuditEntry.objects.exclude(action=AuditAction.DENIED).count() == before
    assert _reveals() == 0


def test_reveal_api_requires_credentials(personas: dict[str, User], case: Case) -> None:
    client = Client()
    client.force_login(personas["clerk_x"])
    body = {"reference": case.reference, "field": "phone"}
    missing = client.post("/api/v1/security/reveal/", body, content_type="application/json")
    assert (missing.status_code, missing.json()["code"]) == (403, "reauth_required")
    ok = client.post(
        "/api/v1/security/reveal/", {**body, "password": PASSWORD}, content_type="application/json"
    )
    assert ok.json() == {"reference": case.reference, "field": "phone", "value": "13800000000"}
    assert _reveals() == 1


def test_confidential_requester_hidden_from_front_desk(personas: dict[str, User], case: Case) -> None:
    Case.objects.filter(pk=case.pk).update(confidential=True)
    case.refresh_from_db()
    assert requester_view_for(user=personas["clerk_x"], case=case) == {
        "name": "（保密）",
        "id_number": "",
        "phone": "",
        "address": "",
    }
    assert requester_view_for(user=personas["admin"], case=case)["phone"] == "138****0000"  # type: ignore[index]
    client = Client()
    client.force_login(personas["clerk_x"])
    response = client.post(
        "/api/v1/security/reveal/",
        {"reference": case.reference, "field": "phone", "password": PASSWORD},
        content_type="application/json",
    )
    assert response.status_code == 403
    assert _reveals() == 0
    assert AuditEntry.objects.filter(action=AuditAction.DENIED, object_type="people.Person").count() == 1


def test_export_log_requires_purpose(personas: dict[str, User]) -> None:
    with pytest.raises(DomainError):
        personal_data_export_log(
            actor=personas["admin"], what="cases.Case", count=3, purpose=" ", masked=True
        )
    entry = personal_data_export_log(
        actor=personas["admin"], what="cases.Case", count=3, purpose="季度报表", masked=True
    )
    assert (entry.action, entry.summary) == (AuditAction.EXPORT, "rows=3 masked=True purpose=季度报表")


def test_citizen_downloads_only_own_data(personas: dict[str, User], make_case: Callable[..., Case]) -> None:
    mine = make_case(requester_user=personas["citizen"], title="我的咨询")
    make_case(requester_user=personas["citizen_b"], title="别人的咨询")
    client = Client()
    client.force_login(personas["citizen"])
    response = client.get("/security/my-data/download/")
    assert response["Content-Disposition"] == 'attachment; filename="my-data.json"'
    data = json.loads(response.content)
    assert [c["reference"] for c in data["cases"]] == [mine.reference]
    assert data["account"]["username"] == "citizen"
    assert AuditEntry.objects.filter(action=AuditAction.EXPORT, object_type="security.MyData").count() == 1
    api = client.get("/api/v1/security/my-data/").json()
    assert [c["title"] for c in api["cases"]] == ["我的咨询"]


def test_deletion_request_due_date_and_decision(
    personas: dict[str, User], make_case: Callable[..., Case]
) -> None:
    citizen, other = personas["citizen"], personas["citizen_b"]
    with_case = make_case(requester_user=citizen)  # the requester Person is linked to the account
    spare = Person.objects.create(name="李四", phone="13500000000", user=other)  # no case refers to it
    with time_machine.travel(clock.now(), tick=False):
        request = data_request_submit(actor=citizen, kind="deletion", details="请删除我的信息")
        assert request.due_on == clock.local_today() + timedelta(days=15)
    with pytest.raises(ConflictError):
        data_request_submit(actor=citizen, kind="deletion")
    with pytest.raises(DomainError):
        data_request_decide(
            actor=personas["county_supervisor"], request_id=request.pk, approve=True, decision=""
        )
    done = data_request_decide(actor=personas["admin"], request_id=request.pk, approve=True, decision="")
    assert done.status == DataRequestStatus.COMPLETED
    assert done.decision == "已匿名化个人信息记录 0 条。依法保留：尚有未办结的工单。"
    assert with_case.requester_id is not None
    kept = Person.objects.get(pk=with_case.requester_id)
    assert kept.phone == "13800000000"  # a case file refers to it (I3): kept
    second = data_request_submit(actor=other, kind="deletion")
    assert second.pk is not None
    assert data_request_decide(
        actor=personas["admin"], request_id=second.pk, approve=True, decision=""
    ).decision == ("已匿名化个人信息记录 1 条。")
    spare.refresh_from_db()
    assert (spare.name, spare.phone, spare.user_id) == ("（已匿名）", "", None)


def test_data_request_page_flow(personas: dict[str, User]) -> None:
    client = Client()
    client.force_login(personas["citizen"])
    response = client.post("/security/my-data/requests/", {"kind": "copy", "details": ""})
    assert response.status_code == 302
    assert DataRequest.objects.get().due_on > date(2000, 1, 1)
    assert "查阅复制" in client.get("/security/my-data/").content.decode()
