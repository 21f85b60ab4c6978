"""Online legal-aid application (A2, C7, C19, J6, J9, J11, M15): guided screens, pre-check, uploads, receipt."""

from __future__ import annotations

from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from pytest_django.fixtures import Settings as SettingsWrapper

from fawang.accounts.models import User
from fawang.cases.models import Attachment, Case
from fawang.conftest import County
from fawang.legal_aid.models import LegalAidApplication
from fawang.portal.models import ApplicationDraft, ApplicationReceipt, DraftUpload
from fawang.portal.tests.apply_helpers import PDF, identity, open_draft, png, post_step, upload


@pytest.fixture(autouse=True)
def _media(settings: SettingsWrapper, tmp_path: Path) -> None:
    settings.MEDIA_ROOT = str(tmp_path / "media")


def _client(user: User) -> Client:
    client = Client()
    client.force_login(user)
    return client


def _fill(client: Client, draft: ApplicationDraft, county: County) -> None:
    assert identity(client, draft, county.town_x.code).status_code == 302
    assert (
        post_step(
            client, draft, "matter", {"matter": "labour_relation_or_pay", "title": "工地拖欠三个月工资"}
        ).status_code
        == 302
    )
    assert (
        post_step(client, draft, "facts", {"facts_and_reasons": "2026年8月起工地未发工资。"}).status_code
        == 302
    )
    means = {"household_size": 3, "monthly_income_per_capita": "600", "has_large_assets": "no"}
    assert post_step(client, draft, "means", means).status_code == 302


def test_apply_with_precheck_upload_and_receipt(personas: dict[str, User], county: County) -> None:
    client = _client(personas["citizen"])
    assert client.get("/apply/legal-aid/").status_code == 200
    draft = open_draft(client, "legal-aid")
    _fill(client, draft, county)
    check = client.get(f"/apply/drafts/{draft.token}/check/").content.decode()
    assert "资格自测结果" in check
    assert "不是决定" in check  # advisory only (J6, J9)
    assert post_step(client, draft, "check", {}).status_code == 302
    assert upload(client, draft, "身份证正反面", png(), quantity=2).status_code == 302
    pdf = SimpleUploadedFile("劳动合同.pdf", PDF, content_type="application/pdf")
    assert upload(client, draft, "劳动合同", pdf).status_code == 302
    review = client.get(f"/apply/drafts/{draft.token}/review/").content.decode()
    assert "工地拖欠三个月工资" in review
    assert "身份证正反面 × 2" in review
    submitted = post_step(client, draft, "review", {"confirm": "on"})
    case = Case.objects.get()
    assert submitted["Location"] == f"/me/cases/{case.reference}/receipt/"
    app = LegalAidApplication.objects.get(case=case)
    assert (case.service_type, case.channel, case.requester_user_id, case.region_id) == (
        "legal_aid",
        "web",
        personas["citizen"].pk,
        county.town_x.pk,
    )
    assert (app.matter, app.household_size, str(app.monthly_income_per_capita), app.has_large_assets) == (
        "labour_relation_or_pay",
        3,
        "600.00",
        False,
    )
    assert app.snapshots.count() == 1  # the module assessed it (X4)
    assert sorted(Attachment.objects.filter(case=case).values_list("size", flat=True)) == sorted(
        [len(PDF), 67]
    )
    receipt = ApplicationReceipt.objects.get(case=case)
    day = receipt.content["date"]
    assert receipt.content["items"] == [["身份证正反面", 2, day], ["劳动合同", 1, day]]
    page = client.get(submitted["Location"]).content.decode()
    assert case.reference in page
    assert "<td>身份证正反面</td><td>2</td>" in page
    pdf_response = client.get(f"/me/cases/{case.reference}/receipt.pdf")
    assert (pdf_response.status_code, pdf_response["Content-Type"]) == (200, "application/pdf")
    assert pdf_response.content.startswith(b"%PDF")
    # Submitting again (double click, back button) creates nothing twice.
    again = client.post(f"/apply/drafts/{draft.token}/review/", {"version": 1, "confirm": "on"})
    assert again["Location"] == submitted["Location"]
    assert (
        Case.objects.count(),
        LegalAidApplication.objects.count(),
        ApplicationReceipt.objects.count(),
    ) == (1, 1, 1)
    assert "工地拖欠三个月工资" in client.get("/me/").content.decode()


@pytest.mark.parametrize(
    ("_case", "name", "content", "message"),
    [
        ("exe renamed to .jpg (M15)", "证件.jpg", b"MZ\x90\x00" + b"\x00" * 200, "文件内容与扩展名"),
        ("html page", "材料.html", b"<html><script>alert(1)</script></html>", "不支持的文件类型"),
        ("empty file", "空.png", b"", "提交的是空文件"),
    ],
)
def test_disguised_or_bad_uploads_are_refused_and_nothing_is_stored(
    personas: dict[str, User],
    county: County,
    tmp_path: Path,
    _case: str,
    name: str,
    content: bytes,
    message: str,
) -> None:
    client = _client(personas["citizen"])
    draft = open_draft(client, "legal-aid")
    version = draft.version
    response = upload(client, draft, "身份证", SimpleUploadedFile(name, content))
    assert response.status_code == 400
    assert message in response.content.decode()
    draft.refresh_from_db()
    assert (DraftUpload.objects.count(), draft.version) == (0, version)
    media = tmp_path / "media"
    assert not media.exists() or not any(p.is_file() for p in media.rglob("*"))


def test_oversized_upload_is_refused(
    personas: dict[str, User], county: County, settings: SettingsWrapper
) -> None:
    settings.FAWANG_UPLOAD_MAX_BYTES = 50
    client = _client(personas["citizen"])
    draft = open_draft(client, "legal-aid")
    response = upload(client, draft, "身份证", png())
    assert response.status_code == 400
    assert "文件过大" in response.content.decode()
    assert DraftUpload.objects.count() == 0


def test_stale_screen_is_refused_with_a_message(personas: dict[str, User], county: County) -> None:
    client = _client(personas["citizen"])
    draft = open_draft(client, "legal-aid")
    old = draft.version
    assert (
        post_step(client, draft, "matter", {"matter": "maintenance", "title": "索要抚养费"}).status_code
        == 302
    )
    stale = client.post(
        f"/apply/drafts/{draft.token}/matter/", {"version": old, "matter": "other_civil", "title": "别的事"}
    )
    assert stale.status_code == 409
    assert "已在其他页面或设备上修改过" in stale.content.decode()
    draft.refresh_from_db()
    assert (draft.answers["matter"], draft.answers["title"], draft.version) == (
        "maintenance",
        "索要抚养费",
        old + 1,
    )


def test_bad_id_number_saves_nothing(personas: dict[str, User], county: County) -> None:
    client = _client(personas["citizen"])
    draft = open_draft(client, "legal-aid")
    response = identity(client, draft, county.town_x.code, id_number="11010519491231002Y")
    assert response.status_code == 400
    assert "格式不正确" in response.content.decode()
    draft.refresh_from_db()
    assert (draft.version, "identity" in draft.answers.get("_done", [])) == (1, False)


def test_unfinished_draft_cannot_be_submitted(personas: dict[str, User], county: County) -> None:
    client = _client(personas["citizen"])
    draft = open_draft(client, "legal-aid")
    response = post_step(client, draft, "review", {"confirm": "on"})
    assert response.status_code == 400
    assert "还有没填完的部分" in response.content.decode()
    assert Case.objects.count() == 0


def test_someone_elses_draft_is_not_found(personas: dict[str, User], county: County) -> None:
    owner = _client(personas["citizen"])
    draft = open_draft(owner, "legal-aid")
    intruder = _client(personas["citizen_b"])
    assert intruder.get(f"/apply/drafts/{draft.token}/matter/").status_code == 404
    assert post_step(intruder, draft, "matter", {"matter": "maintenance", "title": "x"}).status_code == 404
    assert upload(intruder, draft, "x", png()).status_code == 404
    assert intruder.post(f"/apply/drafts/{draft.token}/discard/").status_code == 404
    draft.refresh_from_db()
    assert (draft.version, DraftUpload.objects.count(), ApplicationDraft.objects.count()) == (1, 0, 1)


def test_resume_link_and_answers_reused_across_forms(personas: dict[str, User], county: County) -> None:
    client = _client(personas["citizen"])
    draft = open_draft(client, "legal-aid")
    _fill(client, draft, county)
    assert client.get(f"/apply/drafts/{draft.token}/")["Location"] == f"/apply/drafts/{draft.token}/check/"
    assert open_draft(client, "legal-aid").pk == draft.pk  # one open draft per service
    assert "继续填写" in client.get("/me/").content.decode()
    post_step(client, draft, "check", {})
    post_step(client, draft, "review", {"confirm": "on"})
    mediation = open_draft(client, "mediation")
    assert {k: mediation.answers.get(k) for k in ("name", "phone", "township", "address")} == {
        "name": "王小明",
        "phone": "13912345678",
        "township": county.town_x.code,
        "address": "东村3组",
    }
    page = client.get(f"/apply/drafts/{mediation.token}/identity/").content.decode()
    assert 'value="王小明"' in page
    assert "已实名登记" in page  # the ID number is not asked again


def test_anonymous_is_sent_to_log_in(county: County) -> None:
    client = Client()
    assert client.get("/apply/legal-aid/").status_code == 200
    response = client.post("/apply/legal-aid/")
    assert response["Location"] == "/login/?next=/apply/legal-aid/"
    assert ApplicationDraft.objects.count() == 0
