"""L8: the forensic appraisal workbench in English once the appraiser picks English, Mandarin by default; the
handover receipt an English-speaking appraiser issues stays Chinese (ADR 0106)."""

from __future__ import annotations

from html import unescape

import pytest
import time_machine
from django.test import Client

from fawang.accounts.models import User
from fawang.accounts.roles import Role
from fawang.appraisal.models import MaterialHandover
from fawang.conftest import County, MakeUser
from fawang.directory.models import InstitutionKind, Practitioner, PractitionerKind
from fawang.directory.tests.factories import InstitutionFactory, PractitionerFactory
from fawang.mediation.tests.helpers import pdf_text

pytestmark = pytest.mark.django_db
MONDAY = "2026-03-02 09:00:00+08:00"


@pytest.fixture
def appraiser(county: County, make_user: MakeUser) -> Practitioner:
    institution = InstitutionFactory.create(
        kind=InstitutionKind.APPRAISAL_INSTITUTION, name="甲县司法鉴定所", region=county.county
    )
    user = make_user("appraiser_en", Role.APPRAISER, institution=institution)
    return PractitionerFactory.create(
        kind=PractitionerKind.APPRAISER, name="周鉴定人", institution=institution, user=user
    )


def _client(user: User | None, language: str | None = None) -> Client:
    client = Client()
    if user is not None:
        client.force_login(user)
    if language:
        assert client.post("/i18n/setlang/", {"language": language, "next": "/"}).status_code == 302
    return client


def _commission(clerk: User, appraiser: Practitioner) -> str:
    response = _client(clerk).post(
        "/api/v1/appraisal/commissions/",
        {
            "institution_id": appraiser.institution_id,
            "client_kind": "court",
            "client_name": "甲县人民法院",
            "client_handler": "刘明",
            "client_phone": "02300000000",
            "matter": "伤残等级鉴定",
            "purpose": "民事诉讼",
            "requirements": "评定伤残等级",
            "background": "交通事故致原告受伤",
            "receiving_appraiser_id": appraiser.pk,
        },
        content_type="application/json",
    )
    assert response.status_code == 201, response.content
    return str(response.json()["reference"])


def test_the_appraisal_pages_in_english(personas: dict[str, User], appraiser: Practitioner) -> None:
    with time_machine.travel(MONDAY, tick=False):
        reference = _commission(personas["window_clerk"], appraiser)
        assert appraiser.user is not None
        lead = _client(appraiser.user, "en")
        home = lead.get("/work/appraisal/").content.decode()
        assert "Forensic appraisal workbench" in home
        assert "司法鉴定工作台" not in home
        detail = unescape(lead.get(f"/work/appraisal/{reference}/").content.decode())
        for english in (
            "甲县人民法院 (People's court), handled by 刘明",  # the client kind is translated, the names are not
            "Decision to accept (within 7 working days)",
            "Risks of the appraisal",  # one of the nine items of the commission agreement
            "Medical records and imaging",  # a material kind
            "The matter is outside this institution's scope of forensic appraisal business",  # Art.15 ground
        ):
            assert english in detail, english
        for chinese in (
            "受理决定（7个工作日内）",
            "鉴定风险提示",
            "病历、影像资料",
            "委托鉴定事项超出本机构",
        ):
            assert chinese not in detail, chinese
        logged = lead.post(
            f"/work/appraisal/{reference}/step/material/",
            {
                "name": "病历",
                "kind": "medical",
                "quantity": "1册",
                "condition": "完好",
                "storage": "柜A",
                "handed_by": "刘明",
            },
            HTTP_HX_REQUEST="true",
        )
        assert logged.status_code == 200
        assert "病历 (Medical records and imaging, 1册, 完好, 柜A, 2026-03-02 09:00)" in unescape(
            logged.content.decode()
        )
        receipt = MaterialHandover.objects.get()
        text = pdf_text(lead.get(f"/work/appraisal/{reference}/{receipt.receipt_number}.pdf").content)
    assert "病历；病历、影像资料；数量1册" in text
    assert "委托人移交鉴定机构" in text


def test_mandarin_stays_the_default(personas: dict[str, User], appraiser: Practitioner) -> None:
    with time_machine.travel(MONDAY, tick=False):
        reference = _commission(personas["window_clerk"], appraiser)
        assert appraiser.user is not None
        detail = _client(appraiser.user).get(f"/work/appraisal/{reference}/").content.decode()
    assert "受理决定（7个工作日内）" in detail
    assert "甲县人民法院（人民法院），承办人 刘明" in detail
    assert "Decision to accept" not in detail
