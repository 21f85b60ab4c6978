"""The guided-application API through real HTTP (issue 4 §7): every endpoint, and refused access for each."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from pytest_django.fixtures import Settings
from rest_framework.test import APIClient

from fawang.accounts.models import User
from fawang.cases.models import Case
from fawang.conftest import County
from fawang.legal_aid.models import LegalAidApplication
from fawang.portal.models import ApplicationDraft, DraftUpload
from fawang.portal.tests.apply_helpers import ID_NUMBER, PNG


@pytest.fixture(autouse=True)
def _media(settings: Settings, tmp_path: Path) -> None:
    settings.MEDIA_ROOT = str(tmp_path / "media")


def _api(user: User | None) -> APIClient:
    client = APIClient()
    if user is not None:
        client.force_authenticate(user)
    return client


def _step(
    client: APIClient, token: str, step: str, version: int, answers: dict[str, Any], **extra: Any
) -> Any:
    return client.put(
        f"/api/v1/portal/drafts/{token}/steps/{step}/",
        {"version": version, "answers": answers, **extra},
        format="json",
    )


def _filled_draft(client: APIClient, county: County) -> dict[str, Any]:
    draft = client.post("/api/v1/portal/drafts/", {"service": "legal_aid"}, format="json").json()
    token = draft["token"]
    identity = {"name": "王小明", "phone": "13912345678", "township": county.town_x.code}
    draft = _step(client, token, "identity", draft["version"], identity, id_number=ID_NUMBER).json()
    draft = _step(
        client, token, "matter", draft["version"], {"matter": "labour_relation_or_pay", "title": "讨薪"}
    ).json()
    draft = _step(client, token, "facts", draft["version"], {"facts_and_reasons": "拖欠工资三个月"}).json()
    means = {
        "household_size": 2,
        "monthly_income_per_capita": "500",
        "has_large_assets": "no",
        "applicant_groups": [],
    }
    draft = _step(client, token, "means", draft["version"], means).json()
    return dict(_step(client, token, "check", draft["version"], {}).json())


def test_apply_for_legal_aid_through_the_api(personas: dict[str, User], county: County) -> None:
    client = _api(personas["citizen"])
    flows = client.get("/api/v1/portal/flows/").json()
    assert [f["service"] for f in flows] == ["legal_aid", "mediation", "notary", "appraisal"]
    assert [s["key"] for s in flows[0]["steps"]] == [
        "identity",
        "matter",
        "facts",
        "means",
        "check",
        "materials",
        "review",
    ]
    matter = flows[0]["steps"][1]["questions"]
    assert [(q["name"], q["mandatory"]) for q in matter] == [("matter", True), ("title", True)]
    draft = _filled_draft(client, county)
    token = draft["token"]
    assert draft["steps_done"] == ["check", "facts", "identity", "matter", "means"]
    assert "id_number" not in draft["answers"]  # kept on the person record only
    precheck = client.get(f"/api/v1/portal/drafts/{token}/precheck/").json()
    assert "不是决定" in precheck["advisory"]
    uploaded = client.post(
        f"/api/v1/portal/drafts/{token}/uploads/",
        {
            "version": draft["version"],
            "label": "身份证",
            "quantity": 1,
            "file": SimpleUploadedFile("id.png", PNG),
        },
        format="multipart",
    )
    assert uploaded.status_code == 201
    assert uploaded.json()["content_type"] == "image/png"
    draft = client.get(f"/api/v1/portal/drafts/{token}/").json()
    assert [u["label"] for u in draft["uploads"]] == ["身份证"]
    assert [d["token"] for d in client.get("/api/v1/portal/drafts/").json()] == [token]
    submitted = client.post(
        f"/api/v1/portal/drafts/{token}/submit/",
        {"version": draft["version"], "confirm": True},
        format="json",
    )
    assert submitted.status_code == 201
    reference = submitted.json()["reference"]
    again = client.post(
        f"/api/v1/portal/drafts/{token}/submit/",
        {"version": draft["version"], "confirm": True},
        format="json",
    )
    assert again.json()["reference"] == reference
    assert (Case.objects.count(), LegalAidApplication.objects.count()) == (1, 1)
    receipt = client.get(f"/api/v1/me/cases/{reference}/receipt/").json()
    assert receipt["materials"] == [["身份证", "1", receipt["date"]]]
    documents = client.get(f"/api/v1/me/cases/{reference}/documents/").json()
    assert [d["key"] for d in documents] == ["receipt"]
    pdf = client.get(documents[0]["pdf_url"])
    assert (pdf.status_code, pdf["Content-Type"]) == (200, "application/pdf")
    assert client.get("/api/v1/me/notifications/").json() == []
    assert client.get("/api/v1/portal/drafts/").json() == []


def test_stale_version_is_a_conflict_and_changes_nothing(personas: dict[str, User], county: County) -> None:
    client = _api(personas["citizen"])
    draft = client.post("/api/v1/portal/drafts/", {"service": "legal_aid"}, format="json").json()
    token, old = draft["token"], draft["version"]
    assert (
        _step(client, token, "matter", old, {"matter": "maintenance", "title": "抚养费"}).status_code == 200
    )
    stale = _step(client, token, "matter", old, {"matter": "other_civil", "title": "别的"})
    assert stale.status_code == 409
    assert "其他页面或设备" in stale.json()["detail"]
    row = ApplicationDraft.objects.get(token=token)
    assert (row.answers["title"], row.version) == ("抚养费", old + 1)


def test_invalid_answers_and_uploads_are_refused(personas: dict[str, User], county: County) -> None:
    client = _api(personas["citizen"])
    draft = client.post("/api/v1/portal/drafts/", {"service": "legal_aid"}, format="json").json()
    token = draft["token"]
    bad = _step(client, token, "means", draft["version"], {"household_size": 0, "has_large_assets": "maybe"})
    assert bad.status_code == 400
    disguised = client.post(
        f"/api/v1/portal/drafts/{token}/uploads/",
        {
            "version": draft["version"],
            "label": "身份证",
            "file": SimpleUploadedFile("id.jpg", b"MZ" + b"\0" * 100),
        },
        format="multipart",
    )
    assert disguised.status_code == 400
    assert "文件内容与扩展名" in disguised.json()["detail"]
    early = client.post(
        f"/api/v1/portal/drafts/{token}/submit/",
        {"version": draft["version"], "confirm": True},
        format="json",
    )
    assert early.status_code == 400
    row = ApplicationDraft.objects.get(token=token)
    assert (row.version, DraftUpload.objects.count(), Case.objects.count()) == (draft["version"], 0, 0)


def test_upload_remove_and_discard(personas: dict[str, User], county: County) -> None:
    client = _api(personas["citizen"])
    draft = client.post("/api/v1/portal/drafts/", {"service": "mediation"}, format="json").json()
    token = draft["token"]
    upload = client.post(
        f"/api/v1/portal/drafts/{token}/uploads/",
        {"version": draft["version"], "label": "照片", "file": SimpleUploadedFile("p.png", PNG)},
        format="multipart",
    ).json()
    version = client.get(f"/api/v1/portal/drafts/{token}/").json()["version"]
    assert (
        client.delete(f"/api/v1/portal/drafts/{token}/uploads/{upload['id']}/?version={version}").status_code
        == 204
    )
    assert DraftUpload.objects.count() == 0
    assert client.get(f"/api/v1/portal/drafts/{token}/precheck/").status_code == 404  # legal aid only
    assert client.delete(f"/api/v1/portal/drafts/{token}/").status_code == 204
    assert ApplicationDraft.objects.count() == 0


def test_appraisal_draft_refused_when_direct_commission_is_off(
    personas: dict[str, User], county: County
) -> None:
    response = _api(personas["citizen"]).post(
        "/api/v1/portal/drafts/", {"service": "appraisal"}, format="json"
    )
    assert response.status_code == 400
    assert "办案机关委托" in response.json()["detail"]
    assert ApplicationDraft.objects.count() == 0


ENDPOINTS = [
    ("get", "/api/v1/portal/flows/"),
    ("get", "/api/v1/portal/drafts/"),
    ("post", "/api/v1/portal/drafts/"),
    ("get", "/api/v1/portal/drafts/{token}/"),
    ("delete", "/api/v1/portal/drafts/{token}/"),
    ("put", "/api/v1/portal/drafts/{token}/steps/matter/"),
    ("get", "/api/v1/portal/drafts/{token}/precheck/"),
    ("post", "/api/v1/portal/drafts/{token}/uploads/"),
    ("delete", "/api/v1/portal/drafts/{token}/uploads/1/?version=1"),
    ("post", "/api/v1/portal/drafts/{token}/submit/"),
    ("get", "/api/v1/me/notifications/"),
    ("get", "/api/v1/me/cases/{reference}/receipt/"),
    ("get", "/api/v1/me/cases/{reference}/documents/"),
    ("get", "/api/v1/me/cases/{reference}/documents/receipt/pdf/"),
]


@pytest.mark.parametrize(("method", "path"), ENDPOINTS)
def test_refused_access(personas: dict[str, User], county: County, method: str, path: str) -> None:
    """Anonymous callers get 401/403; another citizen never reaches someone else's draft or case (404)."""
    owner = _api(personas["citizen"])
    draft = _filled_draft(owner, county)
    reference = owner.post(
        f"/api/v1/portal/drafts/{draft['token']}/submit/",
        {"version": draft["version"], "confirm": True},
        format="json",
    ).json()["reference"]
    other = owner.post("/api/v1/portal/drafts/", {"service": "legal_aid"}, format="json").json()
    url = path.format(token=other["token"], reference=reference)
    body: dict[str, Any] = {
        "version": other["version"],
        "answers": {"matter": "maintenance", "title": "x"},
        "confirm": True,
    }
    fmt = "json"
    if path.endswith("/uploads/"):
        body, fmt = (
            {"version": other["version"], "label": "x", "file": SimpleUploadedFile("p.png", PNG)},
            "multipart",
        )
    anonymous = getattr(_api(None), method)(url, body, format=fmt)
    assert anonymous.status_code in (401, 403)
    if "{" in path:
        if fmt == "multipart":
            body["file"] = SimpleUploadedFile("p.png", PNG)
        intruder = getattr(_api(personas["citizen_b"]), method)(url, body, format=fmt)
        assert intruder.status_code == 404
    row = ApplicationDraft.objects.get(token=other["token"])
    assert (
        row.version,
        row.answers.get("title"),
        ApplicationDraft.objects.count(),
        Case.objects.count(),
    ) == (
        other["version"],
        other["answers"].get("title"),
        2,
        1,
    )
