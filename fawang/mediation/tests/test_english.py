"""L8: the people's mediation pages in English through the language picker, Mandarin by default, and records kept in
Mandarin whatever the interface language. Run `make locale` first (make test does): English needs the compiled .mo."""

from __future__ import annotations

import pytest
import time_machine
from django.test import Client

from fawang.accounts.models import User
from fawang.accounts.roles import Role
from fawang.cases.models import CaseEvent
from fawang.conftest import MakeUser
from fawang.directory.models import Institution
from fawang.mediation.tests.helpers import client_for, mediation_application
from fawang.notifications.models import Notification
from fawang.people.models import Person

START = "2026-03-02 09:00:00+08:00"


def _english(user: User) -> Client:
    client = client_for(user)
    assert client.post("/i18n/setlang/", {"language": "en", "next": "/"}).status_code == 302
    return client


@pytest.mark.django_db
def test_the_workbench_and_a_file_in_english(personas: dict[str, User], committee: Institution) -> None:
    client = _english(personas["clerk_x"])
    home = client.get("/work/mediation/").content.decode()
    assert "People's mediation workbench" in home
    assert "Register a mediation application" in home
    assert "人民调解工作台" not in home
    form = client.get("/work/mediation/new/").content.decode()
    assert "Main facts of the dispute" in form
    assert "Applied for by a party" in form  # a choice label (Origin)
    assert "纠纷主要事实" not in form
    with time_machine.travel(START, tick=False):
        created = client.post("/work/mediation/new/", mediation_application(committee.pk))
    assert created.status_code == 302
    body = client.get(created["Location"]).content.decode()
    assert '<html lang="en"' in body
    for phrase in (
        "Mediation committee",
        "Free of charge (People's Mediation Law, Art. 4)",
        "Mediation record",
    ):
        assert phrase in body
    for phrase in ("调解委员会</dt>", "调解记录", "免费（人民调解法第4条）"):
        assert phrase not in body
    assert "宅基地边界纠纷" in body  # the case's own content stays as entered


@pytest.mark.django_db
def test_a_step_taken_in_english_is_recorded_in_mandarin(
    personas: dict[str, User], committee: Institution
) -> None:
    client = _english(personas["clerk_x"])
    with time_machine.travel(START, tick=False):
        reference = client.post("/work/mediation/new/", mediation_application(committee.pk))[
            "Location"
        ].split("/")[-2]
        page = client.get(f"/work/mediation/{reference}/").content.decode()
        party_id = page.split('name="party_id"><option value="')[1].split('"')[0]
        response = client.post(
            f"/work/mediation/{reference}/step/consent/",
            {"party_id": party_id, "consent": "consented", "note": ""},
            HTTP_HX_REQUEST="true",
        )
    assert response.status_code == 200
    assert "Agrees to mediation" in response.content.decode()
    note = CaseEvent.objects.filter(case__reference=reference).latest("id").reason
    assert "同意调解" in note
    assert "Agrees" not in note


@pytest.mark.django_db
def test_the_parties_online_page_in_english(
    personas: dict[str, User], committee: Institution, make_user: MakeUser
) -> None:
    with time_machine.travel(START, tick=False):
        created = client_for(personas["clerk_x"]).post(
            "/work/mediation/new/", mediation_application(committee.pk)
        )
    reference = str(created["Location"]).rstrip("/").split("/")[-1]
    party = make_user("zhangsan", Role.CITIZEN)
    Person.objects.filter(name="张三").update(user=party)
    client = _english(party)
    page = client.get(f"/mediation/{reference}/").content.decode()
    for phrase in (
        "Online mediation: 宅基地边界纠纷",
        "<strong>Self-help</strong> (current stage)",
        "Who you can contact at this stage: staff at the mediation intake window.",
        "Self-help: Neighbor relations and homesteads",
        "Civil Code, Art. 288",
    ):
        assert phrase in page
    for phrase in ("自助了解", "双方协商", "需要人工帮助", "民法典第288条"):
        assert phrase not in page
    with time_machine.travel(START, tick=False):
        asked = client.post(
            f"/mediation/{reference}/step/help/", {"question": "怎么准备材料？"}, HTTP_HX_REQUEST="true"
        )
    assert asked.status_code == 200
    assert "Waiting for an answer from staff" in asked.content.decode()
    assert "（自助了解）" in Notification.objects.latest("id").message  # stored in Mandarin


@pytest.mark.django_db
def test_mandarin_stays_the_default(personas: dict[str, User]) -> None:
    body = client_for(personas["clerk_x"]).get("/work/mediation/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "人民调解工作台" in body
    assert "People's mediation workbench" not in body
