"""L8: the resettlement and village adviser pages in English through the language picker, Mandarin by default.
Run `make locale` first (make test does): English needs the compiled .mo."""

from __future__ import annotations

from datetime import date

import pytest
from django.test import Client

from fawang.accounts.models import User
from fawang.conftest import County
from fawang.mediation.tests.helpers import client_for
from fawang.people.models import Person
from fawang.resettlement.models import ResettlementRecord
from fawang.resettlement.services import resettlement_record_open


@pytest.fixture
def record(personas: dict[str, User], county: County) -> ResettlementRecord:
    return resettlement_record_open(
        actor=personas["admin"],
        person=Person.objects.create(name="陈某某", phone="13700000000"),
        township=county.town_x,
        released_on=date(2026, 10, 8),
        released_from="重庆市某监狱",
        handed_over_on=date(2026, 10, 9),
        needs=["work", "relief"],
        plan="介绍就业，申请临时救助。",
        unable_to_work_without_support=True,
    )


def _english(user: User) -> Client:
    client = client_for(user)
    assert client.post("/i18n/setlang/", {"language": "en", "next": "/"}).status_code == 302
    return client


def test_the_list_a_file_and_the_figures_in_english(
    personas: dict[str, User], record: ResettlementRecord
) -> None:
    client = _english(personas["admin"])
    home = client.get("/work/resettlement/").content.decode()
    assert "Resettlement support" in home
    assert f"No. {record.pk}" in home
    assert "衔接登记" not in home
    body = client.get(f"/work/resettlement/{record.pk}/").content.decode()
    for phrase in (f"Resettlement support file no. {record.pk}", "Employment", "Support plan"):
        assert phrase in body
    for phrase in ("帮扶计划", "安置帮扶档案", "就业、"):
        assert phrase not in body
    assert "介绍就业，申请临时救助。" in body  # the record's own content stays as entered
    figures = _english(personas["county_supervisor"]).get("/work/resettlement/figures/").content.decode()
    assert "Being supported: 1; support ended: 0" in figures
    assert "帮扶中" not in figures


def test_mandarin_stays_the_default(personas: dict[str, User], record: ResettlementRecord) -> None:
    body = (
        client_for(personas["admin"]).get("/work/resettlement/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    )
    assert "衔接登记" in body
    assert "Register a handover" not in body
