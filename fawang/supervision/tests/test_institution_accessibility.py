"""L6 (无障碍环境建设法 Art.41; 法律援助法 Art.45): supervisors in scope and administrators record the accessible
services an institution offers; legal-aid centres short of the minimum are listed as 待整改. Through HTTP."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
import time_machine
from django.test import Client

from fawang.accounts.models import User
from fawang.accounts.roles import Role
from fawang.conftest import County, MakeUser
from fawang.core.errors import PermissionDeniedError
from fawang.core.models import AuditEntry
from fawang.directory.models import Institution, InstitutionKind
from fawang.directory.tests.factories import InstitutionFactory
from fawang.supervision.accessibility import (
    aid_centre_shortfall_list_for_user,
    institution_accessibility_set,
    institution_search_for_supervisor,
)

NOW = datetime(2026, 11, 26, 2, 0, tzinfo=UTC)  # 2026-11-26 10:00 in Beijing
MINIMUM = ["barrier_free_access", "sign_language", "braille_large_print", "home_visit"]
pytestmark = pytest.mark.usefixtures("traveller")


@pytest.fixture
def traveller() -> Iterator[time_machine.Traveller]:
    with time_machine.travel(NOW, tick=False) as traveller:
        yield traveller


def _client(user: User) -> Client:
    client = Client()
    client.force_login(user)
    return client


def _page(institution: Institution) -> str:
    return f"/supervision/institutions/{institution.pk}/accessibility/"


def _state(institution: Institution) -> tuple[Any, ...]:
    row = Institution.objects.get(pk=institution.pk)
    return (
        row.accessible_services,
        row.accessibility_note,
        row.accessibility_recorded_at,
        row.accessibility_recorded_by_id,
        AuditEntry.objects.filter(object_type="directory.Institution").count(),
    )


def _shortfall_rows(page: str) -> list[str]:
    start, end = page.index('id="shortfalls"'), page.index('id="search-heading"')
    section = page[start:end]
    return [chunk.split("</tr>")[0] for chunk in section.split("<tr data-shortfall=")[1:]]


@pytest.mark.parametrize("recorder", ["county_supervisor", "admin", "province_supervisor"])
def test_a_supervisor_in_scope_or_an_administrator_records_it(
    county: County, personas: dict[str, User], recorder: str
) -> None:
    """L6: the declaration is saved in the declared order, stamped, published and audited."""
    client = _client(personas[recorder])
    response = client.post(
        _page(county.law_firm),
        {"services": ["remote", "sign_language", "sign_language"], "note": "  手语服务请提前预约  "},
    )
    assert response.status_code == 302
    firm = Institution.objects.get(pk=county.law_firm.pk)
    assert firm.accessible_services == ["sign_language", "remote"]
    assert firm.accessibility_note == "手语服务请提前预约"
    assert firm.accessibility_recorded_at == NOW
    assert firm.accessibility_recorded_by == personas[recorder]
    audit = AuditEntry.objects.filter(object_type="directory.Institution").get()
    assert (audit.actor, audit.action, audit.object_id) == (personas[recorder], "update", str(firm.pk))
    assert (
        audit.summary
        == "甲县律师事务所 无障碍服务：手语服务（国家通用手语）、电话或视频远程服务（原：未登记）"
    )
    shown = client.get(_page(county.law_firm)).content.decode()
    assert "目前公示：手语服务（国家通用手语）、电话或视频远程服务（手语服务请提前预约）" in shown
    assert "无障碍服务已登记" in shown


def test_the_same_declaration_again_writes_nothing(
    county: County, personas: dict[str, User], traveller: time_machine.Traveller
) -> None:
    client = _client(personas["county_supervisor"])
    client.post(_page(county.aid_centre), {"services": MINIMUM})
    before = _state(county.aid_centre)
    traveller.shift(timedelta(minutes=5))
    again = client.post(_page(county.aid_centre), {"services": list(reversed(MINIMUM))}, follow=True)
    assert "与原登记相同，未作改动。" in again.content.decode()
    assert _state(county.aid_centre) == before


def test_declaring_nothing_is_a_declaration(county: County, personas: dict[str, User]) -> None:
    """An institution that offers none is recorded as such: the directory says 暂不提供, not 暂未登记."""
    assert _client(personas["county_supervisor"]).post(_page(county.notary_office), {}).status_code == 302
    office = Institution.objects.get(pk=county.notary_office.pk)
    assert (office.accessible_services, office.accessibility_recorded_at) == ([], NOW)
    audit = AuditEntry.objects.filter(object_type="directory.Institution").get()
    assert audit.summary == "甲县公证处 无障碍服务：无（原：未登记）"


@pytest.mark.parametrize(
    ("_case", "data", "message"),
    [
        ("an unknown service", {"services": ["sign_language", "ramp"]}, "无法识别的无障碍服务：ramp。请从列表中选择。"),
        ("a note over 200 characters", {"services": ["remote"], "note": "说" * 201}, "无障碍服务说明最多200个字。"),
    ],
)  # fmt: skip
def test_bad_input_is_refused_and_changes_nothing(
    county: County, personas: dict[str, User], _case: str, data: dict[str, Any], message: str
) -> None:
    client = _client(personas["county_supervisor"])
    client.post(_page(county.law_firm), {"services": ["home_visit"], "note": "原说明"})
    before = _state(county.law_firm)
    response = client.post(_page(county.law_firm), data)
    assert response.status_code == 400
    page = response.content.decode()
    assert message in page
    assert _state(county.law_firm) == before
    assert 'value="ramp"' not in page  # the form offers the declared table only


@pytest.mark.parametrize(
    ("_case", "who", "status"),
    [
        ("a window clerk is not a supervisor", "window_clerk", 403),
        ("an aid reviewer of the centre itself does not declare for it", "aid_reviewer", 403),
        ("a citizen", "citizen", 403),
    ],
)
def test_other_roles_are_refused_and_change_nothing(
    county: County, personas: dict[str, User], _case: str, who: str, status: int
) -> None:
    before = _state(county.aid_centre)
    client = _client(personas[who])
    assert client.post(_page(county.aid_centre), {"services": MINIMUM}).status_code == status
    assert client.get("/supervision/institutions/").status_code == status
    assert _state(county.aid_centre) == before


def test_anonymous_is_sent_to_sign_in(county: County) -> None:
    before = _state(county.aid_centre)
    response = Client().post(_page(county.aid_centre), {"services": MINIMUM})
    assert response.status_code == 302
    assert "/accounts/login/" in response["Location"]
    assert _state(county.aid_centre) == before


def test_out_of_scope_supervisor_neither_sees_nor_records(
    county: County, personas: dict[str, User], make_user: MakeUser
) -> None:
    """K2: a supervisor of the neighbouring county gets 403 on the page and the service; nothing changes."""
    other = make_user("sup_other", Role.SUPERVISOR, region=county.other_county)
    before = _state(county.aid_centre)
    client = _client(other)
    assert client.get(_page(county.aid_centre)).status_code == 403
    assert client.post(_page(county.aid_centre), {"services": MINIMUM}).status_code == 403
    with pytest.raises(PermissionDeniedError):
        institution_accessibility_set(actor=other, institution=county.aid_centre, services=MINIMUM)
    listing = client.get("/supervision/institutions/", {"q": "甲县"}).content.decode()
    assert "甲县法律援助中心" not in listing
    assert _shortfall_rows(listing) == []
    assert _state(county.aid_centre) == before
    assert client.get("/supervision/institutions/999999/accessibility/").status_code == 404


def test_a_quality_inspector_sees_but_does_not_record(
    county: County, personas: dict[str, User], make_user: MakeUser
) -> None:
    """L6: supervisors and administrators record; the county's quality inspector reads the lists only."""
    inspector = make_user("inspector", Role.QUALITY_INSPECTOR, region=county.county)
    client = _client(inspector)
    before = _state(county.aid_centre)
    page = client.get(_page(county.aid_centre)).content.decode()
    assert "只有本辖区的督办管理员和系统管理员可以登记。" in page
    assert 'name="services"' not in page
    refused = client.post(_page(county.aid_centre), {"services": MINIMUM})
    assert refused.status_code == 403
    assert "只有本辖区的督办管理员和系统管理员可以登记机构的无障碍服务。" in refused.content.decode()
    assert _state(county.aid_centre) == before
    assert len(_shortfall_rows(client.get("/supervision/institutions/").content.decode())) == 1


def test_aid_centres_short_of_the_minimum_are_listed_to_rectify(
    county: County, personas: dict[str, User]
) -> None:
    """L6: aid centres must offer the minimum (Art.41 para 1); an unrecorded one and one short of it are 待整改,
    the unrecorded first; a compliant one and other kinds short of everything are not listed."""
    supervisor = personas["county_supervisor"]
    client = _client(supervisor)
    town_centre = InstitutionFactory.create(
        kind=InstitutionKind.LEGAL_AID_CENTRE, name="东镇法律援助工作站", region=county.town_x
    )
    InstitutionFactory.create(
        kind=InstitutionKind.LEGAL_AID_CENTRE, name="乙县法律援助中心", region=county.other_county
    )
    client.post(_page(town_centre), {"services": ["barrier_free_access", "remote", "home_visit"]})
    client.post(_page(county.law_firm), {})
    rows = _shortfall_rows(client.get("/supervision/institutions/").content.decode())
    assert len(rows) == 2
    assert "甲县法律援助中心" in rows[0]
    assert "未登记" in rows[0]
    assert "无障碍通道和设施、手语服务（国家通用手语）、盲文或大字材料、上门服务" in rows[0]
    assert "东镇法律援助工作站" in rows[1]
    assert "2026-11-26" in rows[1]
    assert "手语服务（国家通用手语）、盲文或大字材料</td>" in rows[1]
    assert "<strong>待整改</strong>" in rows[1]
    detail = client.get(_page(town_centre)).content.decode()
    assert "待整改：</strong>缺少 手语服务（国家通用手语）、盲文或大字材料。" in detail
    audit = AuditEntry.objects.filter(
        object_type="directory.Institution", object_id=str(town_centre.pk)
    ).get()
    assert audit.summary.endswith("；缺少法定服务：手语服务（国家通用手语）、盲文或大字材料")

    client.post(_page(town_centre), {"services": [*MINIMUM, "remote"]})
    client.post(_page(county.aid_centre), {"services": MINIMUM})
    page = client.get("/supervision/institutions/").content.decode()
    assert _shortfall_rows(page) == []
    assert "辖区内的法律援助机构均已提供法定的无障碍服务。" in page
    assert "已达到法定最低要求。" in client.get(_page(county.aid_centre)).content.decode()


def test_search_finds_institutions_of_the_jurisdiction(county: County, personas: dict[str, User]) -> None:
    client = _client(personas["county_supervisor"])
    client.post(_page(county.law_firm), {"services": ["remote"]})
    page = client.get("/supervision/institutions/", {"kind": "law_firm"}).content.decode()
    assert "查找结果（1）" in page
    assert "甲县律师事务所" in page
    assert "电话或视频远程服务" in page
    by_name = client.get("/supervision/institutions/", {"q": "公证"}).content.decode()
    assert "甲县公证处" in by_name
    assert "未登记" in by_name
    bad = client.get("/supervision/institutions/", {"kind": "tavern"})
    assert bad.status_code == 400
    assert "请选择机构类型。" in bad.content.decode()


def test_the_lists_read_one_query_each(
    county: County, personas: dict[str, User], django_assert_num_queries: Any
) -> None:
    """The 待整改 list and the search are one query each, however many aid centres (no query per row)."""
    for n in range(3):
        InstitutionFactory.create(
            kind=InstitutionKind.LEGAL_AID_CENTRE, name=f"测试法律援助工作站{n}", region=county.town_y
        )
    supervisor = personas["county_supervisor"]
    assert len(aid_centre_shortfall_list_for_user(user=supervisor)) == 4  # grants are read (and cached) here
    with django_assert_num_queries(1):
        assert len(aid_centre_shortfall_list_for_user(user=supervisor)) == 4
    with django_assert_num_queries(1):
        found = institution_search_for_supervisor(user=supervisor, query="法律援助", kind="legal_aid_centre")
    assert [i.name for i in found] == ["甲县法律援助中心", *(f"测试法律援助工作站{n}" for n in range(3))]
