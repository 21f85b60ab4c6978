"""Mediation, notarisation with booking, and judicial appraisal through the guided forms (D1, D2, E1-E3, F7)."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

import pytest
from django.test import Client
from pytest_django.fixtures import Settings

from fawang.accounts.models import User
from fawang.cases.models import Case
from fawang.conftest import County
from fawang.core import clock
from fawang.directory.models import Institution, InstitutionKind
from fawang.directory.tests.factories import InstitutionFactory
from fawang.mediation.models import MediationCase
from fawang.notary.models import NotaryBooking, NotaryMatter
from fawang.notary.services import notary_slot_create
from fawang.portal.models import ApplicationDraft, ApplicationReceipt
from fawang.portal.tests.apply_helpers import identity, open_draft, png, post_step, upload


@pytest.fixture(autouse=True)
def _media(settings: Settings, tmp_path: Path) -> None:
    settings.MEDIA_ROOT = str(tmp_path / "media")


def _client(user: User) -> Client:
    client = Client()
    client.force_login(user)
    return client


def test_mediation_application(personas: dict[str, User], county: County) -> None:
    client = _client(personas["citizen"])
    draft = open_draft(client, "mediation")
    committee = Institution.objects.get(kind=InstitutionKind.MEDIATION_COMMITTEE)
    assert identity(client, draft, county.town_x.code).status_code == 302
    assert (
        post_step(
            client, draft, "other_party", {"other_name": "张三", "other_phone": "13700001111"}
        ).status_code
        == 302
    )
    assert (
        post_step(
            client, draft, "dispute", {"title": "邻居占用通道", "facts": "堆放杂物三个月。"}
        ).status_code
        == 302
    )
    page = client.get(f"/apply/drafts/{draft.token}/committee/").content.decode()
    assert "东镇调委会" in page
    response = post_step(
        client, draft, "committee", {"committee": committee.pk, "mediator": county.mediator.pk}
    )
    assert response.status_code == 302
    assert post_step(client, draft, "review", {"confirm": "on"}).status_code == 302
    mediation = MediationCase.objects.select_related("case").get()
    case = mediation.case
    assert (case.service_type, case.channel, case.handler_institution_id, case.handler_practitioner_id) == (
        "mediation",
        "web",
        committee.pk,
        county.mediator.pk,
    )
    assert sorted(mediation.parties.values_list("person__name", "side", "consent")) == [
        ("张三", "respondent", "pending"),
        ("王小明", "applicant", "consented"),
    ]
    assert ApplicationReceipt.objects.get(case=case).content["items"] == []
    mediator = _client(personas["mediator"])
    assert case.reference in mediator.get("/work/").content.decode()


def _notary_draft(
    client: Client, county: County, attend: str = "self", matter: str = "kinship"
) -> ApplicationDraft:
    draft = open_draft(client, "notary")
    identity(client, draft, county.town_x.code)
    response = post_step(client, draft, "matter", {"matter_code": matter, "attend": attend})
    assert response.status_code == 302, response.content.decode()[-3000:]
    return draft


def test_notary_application_books_a_slot(personas: dict[str, User], county: County) -> None:
    start = clock.now() + timedelta(days=2)
    slot = notary_slot_create(
        actor=personas["notary"],
        office=county.notary_office,
        starts_at=start,
        ends_at=start + timedelta(minutes=30),
        capacity=1,
        notary=county.notary,
    )
    client = _client(personas["citizen"])
    draft = _notary_draft(client, county)
    assert (
        post_step(client, draft, "purpose", {"purpose": "出国留学", "documents": "亲属关系证明"}).status_code
        == 302
    )
    page = client.get(f"/apply/drafts/{draft.token}/slot/").content.decode()
    assert "（剩 1 个）" in page
    assert (
        post_step(client, draft, "slot", {"office": county.notary_office.pk, "slot": slot.pk}).status_code
        == 302
    )
    materials = client.get(f"/apply/drafts/{draft.token}/materials/").content.decode()
    assert "亲属关系证明（户籍、婚姻登记等）" in materials  # the notary catalogue's Art.18 checklist
    assert upload(client, draft, "户口簿", png()).status_code == 302
    submitted = post_step(client, draft, "review", {"confirm": "on"})
    matter = NotaryMatter.objects.select_related("case").get()
    assert submitted["Location"] == f"/me/cases/{matter.case.reference}/receipt/"
    booking = NotaryBooking.objects.get()
    assert (booking.slot_id, booking.status, booking.person_id) == (
        slot.pk,
        "booked",
        matter.case.requester_id,
    )
    assert (matter.matter_code, matter.purpose, matter.proofs_count, matter.case.channel) == (
        "kinship",
        "出国留学",
        1,
        "web",
    )
    assert f"预约号 {booking.pk}" in matter.other_notes
    slot.refresh_from_db()
    assert slot.booked == 1


def test_notary_slot_full_refuses_and_creates_nothing(personas: dict[str, User], county: County) -> None:
    start = clock.now() + timedelta(days=2)
    slot = notary_slot_create(
        actor=personas["notary"],
        office=county.notary_office,
        starts_at=start,
        ends_at=start + timedelta(minutes=30),
        capacity=1,
    )
    client = _client(personas["citizen"])
    draft = _notary_draft(client, county)
    post_step(client, draft, "purpose", {"purpose": "出国留学", "documents": "亲属关系证明"})
    post_step(client, draft, "slot", {"office": county.notary_office.pk, "slot": slot.pk})
    type(slot).objects.filter(pk=slot.pk).update(booked=1)  # someone else took the last place meanwhile
    response = post_step(client, draft, "review", {"confirm": "on"})
    assert response.status_code == 409
    assert "该时段已约满" in response.content.decode()
    assert (Case.objects.count(), NotaryBooking.objects.count(), NotaryMatter.objects.count()) == (0, 0, 0)


def test_will_cannot_be_done_by_an_agent(personas: dict[str, User], county: County) -> None:
    client = _client(personas["citizen"])
    draft = open_draft(client, "notary")
    identity(client, draft, county.town_x.code)
    response = post_step(
        client,
        draft,
        "matter",
        {
            "matter_code": "will",
            "attend": "agent",
            "agent_name": "王大",
            "agent_relationship": "儿子",
            "agent_authority": "代办",
        },
    )
    assert response.status_code == 400
    assert "必须本人亲自到公证处办理" in response.content.decode()
    draft.refresh_from_db()
    assert "matter" not in draft.answers.get("_done", [])


def test_appraisal_gives_guidance_when_direct_commission_is_off(
    personas: dict[str, User], county: County
) -> None:
    InstitutionFactory.create(
        kind=InstitutionKind.APPRAISAL_INSTITUTION, name="甲县司法鉴定所", region=county.county
    )
    client = _client(personas["citizen"])
    page = client.get("/apply/appraisal/").content.decode()
    assert "不接受个人直接委托" in page
    assert "甲县司法鉴定所" in page
    assert client.post("/apply/appraisal/").status_code == 200  # the guidance again, no draft
    assert ApplicationDraft.objects.count() == 0


def test_appraisal_direct_commission_where_the_province_allows(
    personas: dict[str, User], county: County, settings: Settings
) -> None:
    settings.FAWANG_APPRAISAL_DIRECT_COMMISSION = True
    institution = InstitutionFactory.create(
        kind=InstitutionKind.APPRAISAL_INSTITUTION, name="甲县司法鉴定所", region=county.county
    )
    client = _client(personas["citizen"])
    draft = open_draft(client, "appraisal")
    identity(client, draft, county.town_x.code)
    matter = {
        "matter": "伤残等级",
        "purpose": "工伤赔偿",
        "requirements": "按国家标准",
        "background": "工地摔伤",
    }
    assert post_step(client, draft, "matter", matter).status_code == 302
    assert post_step(client, draft, "institution", {"institution": institution.pk}).status_code == 302
    assert post_step(client, draft, "review", {"confirm": "on"}).status_code == 302
    case = Case.objects.get()
    assert (case.service_type, case.handler_institution_id, case.appraisal.client_kind) == (
        "appraisal",
        institution.pk,
        "citizen",
    )
    assert case.reference in client.get("/me/").content.decode()
