"""/api/v1/legal-aid/: create (idempotent), advisory pre-check (J6, J9), status, documents."""

from __future__ import annotations

from rest_framework.test import APIClient

from fawang.accounts.models import User
from fawang.cases.models import Case
from fawang.conftest import County
from fawang.legal_aid.models import LegalAidApplication
from fawang.legal_aid.services import aid_accept
from fawang.legal_aid.tests.helpers import pdf_text, squash


def _api(user: User) -> APIClient:
    client = APIClient()
    client.force_authenticate(user)
    return client


BODY = {
    "name": "周敏",
    "id_number": "500231195203150022",
    "region_code": "990101000000",
    "title": "离婚后抚养费",
    "matter": "maintenance",
    "monthly_income_per_capita": "800.00",
    "has_large_assets": False,
}


def test_citizen_applies_online_once_per_key_and_follows_progress(
    personas: dict[str, User], county: County
) -> None:
    citizen = _api(personas["citizen"])
    first = citizen.post("/api/v1/legal-aid/applications/", BODY, format="json", HTTP_IDEMPOTENCY_KEY="web-1")
    second = citizen.post(
        "/api/v1/legal-aid/applications/", BODY, format="json", HTTP_IDEMPOTENCY_KEY="web-1"
    )
    assert (first.status_code, second.status_code) == (201, 201)
    assert first.json()["reference"] == second.json()["reference"]
    assert (Case.objects.count(), LegalAidApplication.objects.count()) == (1, 1)
    body = first.json()
    assert (body["status"], body["eligibility"]["verdict"], body["eligibility"]["missing"]) == (
        "new",
        "unknown",
        [],
    )
    window = citizen.post("/api/v1/legal-aid/applications/", {**BODY, "channel": "window"}, format="json")
    assert window.status_code == 400
    assert Case.objects.count() == 1

    app = LegalAidApplication.objects.get()
    aid_accept(actor=personas["aid_reviewer"], application=app)
    status = citizen.get(f"/api/v1/legal-aid/applications/{body['reference']}/").json()
    assert (status["status"], status["next_actor_role"]) == ("under_review", "aid_reviewer")
    docs = citizen.get(f"/api/v1/legal-aid/applications/{body['reference']}/documents/").json()
    assert [d["kind"] for d in docs] == ["acceptance_notice"]
    text = pdf_text(citizen.get(docs[0]["pdf_url"]).content)
    assert squash("法律援助申请受理通知书") in text
    assert body["reference"] in text
    other = _api(personas["citizen_b"])
    assert other.get(f"/api/v1/legal-aid/applications/{body['reference']}/").status_code == 404


def test_pre_check_is_advisory_and_explains(personas: dict[str, User]) -> None:
    response = _api(personas["citizen"]).post(
        "/api/v1/legal-aid/eligibility-check/",
        {
            "date": "2024-08-01",
            "agency_region": "上海市",
            "matter": "maintenance",
            "monthly_income_per_capita": "3190.00",
            "has_large_assets": False,
        },
        format="json",
    )
    body = response.json()
    assert (response.status_code, body["verdict"], body["means_test"], body["rule_version"]) == (
        200,
        "eligible",
        "passed",
        "shanghai/2024-07-17",
    )
    assert "法律援助法第三十四条" in body["legal_basis"]
    assert "仅供参考" in body["advisory"]
    assert APIClient().post("/api/v1/legal-aid/eligibility-check/", {}, format="json").status_code in (
        401,
        403,
    )
