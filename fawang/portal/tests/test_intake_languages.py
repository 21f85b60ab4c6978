"""A12 on the citizen portal, through real HTTP: the guided applications (the identity screen) and the complaint form
ask for the language only where the deployment offers more than 普通话; the 工单, the citizen's case page and the
receipt carry it."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from django.test import Client
from pytest_django.fixtures import Settings

from fawang.accounts.models import User
from fawang.cases.models import Case
from fawang.conftest import County
from fawang.directory.models import Institution, InstitutionKind
from fawang.portal.models import ApplicationDraft, ApplicationReceipt
from fawang.portal.tests.apply_helpers import ID_NUMBER, open_draft, post_step

TIBETAN = ["zh", "bo", "en"]  # the national portal's Tibetan–Chinese site and English channel (A12)


@pytest.fixture(autouse=True)
def _media(settings: Settings, tmp_path: Path) -> None:
    settings.MEDIA_ROOT = str(tmp_path / "media")


def _client(user: User) -> Client:
    client = Client()
    client.force_login(user)
    return client


def _identity(client: Client, draft: ApplicationDraft, county: County, **extra: str) -> Any:
    fields = {
        "name": "王小明",
        "id_number": ID_NUMBER,
        "phone": "13912345678",
        "address": "东村3组",
        "township": county.town_x.code,
    }
    return post_step(client, draft, "identity", fields | extra)


def _mediation(client: Client, county: County, **identity: str) -> Case:
    draft = open_draft(client, "mediation")
    assert _identity(client, draft, county, **identity).status_code == 302
    post_step(client, draft, "other_party", {"other_name": "张三", "other_phone": "13700001111"})
    post_step(client, draft, "dispute", {"title": "草场边界", "facts": "两家草场边界不清。"})
    committee = Institution.objects.get(kind=InstitutionKind.MEDIATION_COMMITTEE)
    post_step(client, draft, "committee", {"committee": committee.pk})
    assert post_step(client, draft, "review", {"confirm": "on"}).status_code == 302
    return Case.objects.get()


def test_mandarin_only_the_application_does_not_ask(personas: dict[str, User], county: County) -> None:
    client = _client(personas["citizen"])
    draft = open_draft(client, "mediation")
    # The form's field (id_language), not the interface-language picker of the header (L8).
    assert 'id="id_language"' not in client.get(f"/apply/drafts/{draft.token}/identity/").content.decode()
    case = _mediation(client, county, language="bo")  # posted anyway: ignored
    assert case.language == "zh"
    assert "受理语言" not in client.get(f"/me/cases/{case.reference}/").content.decode()


def test_an_application_in_tibetan(personas: dict[str, User], county: County, settings: Settings) -> None:
    settings.FAWANG_INTAKE_LANGUAGES = TIBETAN
    client = _client(personas["citizen"])
    draft = open_draft(client, "mediation")
    page = client.get(f"/apply/drafts/{draft.token}/identity/").content.decode()
    assert 'value="bo"' in page
    assert 'value="yue"' not in page
    case = _mediation(client, county, language="bo")
    assert (case.service_type, case.language) == ("mediation", "bo")
    mine = client.get(f"/me/cases/{case.reference}/").content.decode()
    assert '<dd class="case-language">藏语</dd>' in mine
    assert ["受理语言", "藏语"] in ApplicationReceipt.objects.get(case=case).content["fields"]


def test_a_language_not_offered_is_refused_on_the_identity_screen(
    personas: dict[str, User], county: County, settings: Settings
) -> None:
    settings.FAWANG_INTAKE_LANGUAGES = TIBETAN
    client = _client(personas["citizen"])
    draft = open_draft(client, "mediation")
    response = _identity(client, draft, county, language="yue")
    assert response.status_code == 400
    draft.refresh_from_db()
    assert "language" not in draft.answers
    assert "identity" not in draft.answers.get("_done", [])


def _complaint(language: str | None, key: str) -> dict[str, str]:
    data = {"kind": "suggestion", "title": "希望增加藏语服务", "description": "窗口没有藏语翻译。"}
    return data | {"idempotency_key": key} | ({"language": language} if language else {})


def test_complaint_form_offers_the_language_where_configured(
    personas: dict[str, User], county: County, settings: Settings
) -> None:
    client = _client(personas["citizen"])
    assert 'id="id_language"' not in client.get("/complain/").content.decode()
    settings.FAWANG_INTAKE_LANGUAGES = TIBETAN
    assert (
        '<option value="en">' in client.get("/complain/").content.decode()
    )  # the picker's option has lang="en"
    assert client.post("/complain/", _complaint("yue", "k1")).status_code == 400
    assert not Case.objects.exists()
    assert client.post("/complain/", _complaint("en", "k2")).status_code == 302
    assert Case.objects.get().language == "en"
