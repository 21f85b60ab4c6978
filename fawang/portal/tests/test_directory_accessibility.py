"""L6: the public directory (找服务, page and `GET /api/v1/directory/`) shows each institution's accessible services
and filters to the institutions offering one; the markup names them in words, also in large-text mode (L2)."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client
from rest_framework.test import APIClient

from fawang.accounts.models import User
from fawang.conftest import County
from fawang.directory.tests.factories import InstitutionFactory
from fawang.supervision.accessibility import institution_accessibility_set


@pytest.fixture
def declared(county: County, personas: dict[str, User]) -> County:
    """The aid centre offers sign language among others, the law firm declares none, the notary office is unrecorded."""
    supervisor = personas["county_supervisor"]
    institution_accessibility_set(
        actor=supervisor,
        institution=county.aid_centre,
        services=["barrier_free_access", "sign_language", "braille_large_print", "home_visit"],
        note="手语服务请提前一天预约",
    )
    institution_accessibility_set(actor=supervisor, institution=county.law_firm, services=[])
    return county


def _cards(page: str) -> dict[str, str]:
    start = page.index("<h2>服务机构")
    end = page.index("<h2>法律服务人员", start) if "<h2>法律服务人员" in page else len(page)
    cards = page[start:end].split('<div class="card">')[1:]
    return {card.split("<strong>")[1].split("</strong>")[0]: card.split("</div>")[0] for card in cards}


def test_the_page_shows_each_institutions_accessible_services(declared: County) -> None:
    cards = _cards(Client().get("/directory/", {"q": "甲县"}).content.decode())
    assert (
        "无障碍服务：无障碍通道和设施、手语服务（国家通用手语）、盲文或大字材料、上门服务（手语服务请提前一天预约）"
        in cards["甲县法律援助中心"]
    )
    assert "无障碍服务：暂不提供" in cards["甲县律师事务所"]
    assert "无障碍服务：暂未登记" in cards["甲县公证处"]


def test_the_page_filters_to_institutions_offering_a_service(declared: County) -> None:
    """L6: 手语服务 finds the aid centre only; sites and practitioners are not listed under this filter."""
    page = Client().get("/directory/", {"accessible_service": "sign_language"}).content.decode()
    assert list(_cards(page)) == ["甲县法律援助中心"]
    assert "服务站点（0）" in page
    assert "法律服务人员（0）" in page
    assert "按无障碍服务查找时，只列出提供该服务的法律服务机构。" in page
    assert _cards(Client().get("/directory/", {"accessible_service": "remote"}).content.decode()) == {}
    bad = Client().get("/directory/", {"accessible_service": "ramp"}).content.decode()
    assert "请从列表中选择无障碍服务。" in bad


def test_the_filter_is_labelled_and_works_in_large_text_mode(declared: County) -> None:
    """L1, L2: the select has its label; the services are words, not colours or icons; large-text mode is kept."""
    client = Client()
    client.cookies["large_text"] = "1"
    page = client.get("/directory/", {"accessible_service": "sign_language"}).content.decode()
    assert 'data-large-text="1"' in page
    assert '<label for="id_accessible_service">无障碍服务（为残疾人、老年人提供）</label>' in page
    assert 'id="id_accessible_service"' in page
    assert '<option value="sign_language" selected>手语服务（国家通用手语）</option>' in page
    assert list(_cards(page)) == ["甲县法律援助中心"]


def test_the_htmx_partial_filters_too(declared: County) -> None:
    page = (
        Client()
        .get("/directory/", {"accessible_service": "home_visit"}, headers={"HX-Request": "true"})
        .content.decode()
    )
    assert "<h1>" not in page
    assert list(_cards(page)) == ["甲县法律援助中心"]


def test_the_api_shows_and_filters(declared: County, django_assert_num_queries: Any) -> None:
    api = APIClient()
    everything = api.get("/api/v1/directory/", {"q": "甲县"}).json()["institutions"]
    by_name = {i["name"]: i for i in everything}
    aid = by_name["甲县法律援助中心"]
    assert [s["code"] for s in aid["accessible_services"]] == [
        "barrier_free_access",
        "sign_language",
        "braille_large_print",
        "home_visit",
    ]
    assert aid["accessible_services"][1] == {"code": "sign_language", "name": "手语服务（国家通用手语）"}
    assert aid["accessibility_note"] == "手语服务请提前一天预约"
    assert aid["accessibility_recorded_at"] is not None
    firm = by_name["甲县律师事务所"]
    assert (firm["accessible_services"], firm["accessibility_recorded_at"] is None) == ([], False)
    notary = by_name["甲县公证处"]
    assert (notary["accessible_services"], notary["accessibility_recorded_at"]) == ([], None)

    with django_assert_num_queries(1):  # the institutions only: no site, practitioner or sanction queries
        filtered = api.get("/api/v1/directory/", {"accessible_service": "sign_language"}).json()
    assert [i["name"] for i in filtered["institutions"]] == ["甲县法律援助中心"]
    assert (filtered["sites"], filtered["practitioners"]) == ([], [])


def test_the_api_refuses_an_unknown_service(declared: County) -> None:
    response = APIClient().get("/api/v1/directory/", {"accessible_service": "ramp"})
    assert response.status_code == 400
    assert "无法识别的无障碍服务“ramp”" in response.content.decode()


def test_the_filter_reaches_past_the_first_page_of_institutions(
    county: County, personas: dict[str, User]
) -> None:
    """The filter scans the candidates, not just the 50 listed without it: the one offering it sorts after 55
    others (region code order)."""
    for n in range(55):
        InstitutionFactory.create(name=f"甲县第{n:02d}律师事务所", region=county.county)
    far = InstitutionFactory.create(name="西镇法律服务所", region=county.town_y)
    assert far.pk not in [i["id"] for i in APIClient().get("/api/v1/directory/").json()["institutions"]]
    institution_accessibility_set(
        actor=personas["county_supervisor"], institution=far, services=["accompaniment"]
    )
    found = APIClient().get("/api/v1/directory/", {"accessible_service": "accompaniment"}).json()
    assert [i["name"] for i in found["institutions"]] == ["西镇法律服务所"]
