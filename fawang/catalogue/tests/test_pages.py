"""The 事项清单 pages and API through the real HTTP client (G3, G4)."""

from __future__ import annotations

from io import BytesIO
from typing import Any

import pytest
from django.test import Client
from openpyxl import load_workbook
from pytest_django import DjangoAssertNumQueries

from fawang.accounts.models import User
from fawang.catalogue.models import ServiceItem
from fawang.catalogue.services import catalogue_item_create, catalogue_item_retire
from fawang.catalogue.tests.factories import item_input
from fawang.conftest import County
from fawang.core.models import AuditEntry
from fawang.regions.models import Region

pytestmark = pytest.mark.django_db


def _client(user: User | None = None) -> Client:
    client = Client()
    if user is not None:
        client.force_login(user)
    return client


def _form(**overrides: Any) -> dict[str, Any]:
    data: dict[str, Any] = {
        "code": "T100",
        "name": "法治宣传教育",
        "kind": "education",
        "target_group": "社会公众",
        "content": "普法讲座。",
        "modes": ["window", "visit"],
        "fee_status": "free",
        "fee_basis": "",
        "provider_kind": "justice_bureau",
        "provider_name": "",
        "basis": "八五普法规划",
        "effective_from": "2020-01-01",
        "effective_to": "",
        "order": "10",
    }
    data.update(overrides)
    return data


# ---- public page -------------------------------------------------------------------------------------------------


def test_the_public_page_lists_the_items_in_force_grouped_by_kind(
    editor: User, free_item: ServiceItem, charged_item: ServiceItem
) -> None:
    """G3: anyone sees each item's target group, content, modes, fee status, provider and basis."""
    catalogue_item_create(
        actor=editor, province=free_item.province, data=item_input(code="T9", name="已撤销的咨询")
    )
    catalogue_item_retire(actor=editor, item=ServiceItem.objects.get(code="T9"), reason="合并")
    response = _client().get("/services/")
    assert response.status_code == 200
    page = response.content.decode()
    assert page.index('id="kind-consultation"') < page.index('id="kind-notary"')
    assert "已撤销的咨询" not in page
    for text in ("社会公众", "窗口、热线", "公共法律服务中心（站、室）", "《中华人民共和国公证法》"):
        assert text in page
    assert "收费：按价格主管部门核定的标准收取" in page
    notary = page[page.index('id="kind-notary"') :]
    assert 'href="/apply/notary/"' in notary
    consultation = page[page.index('id="kind-consultation"') : page.index('id="kind-notary"')]
    assert '<span class="badge">免费</span>' in consultation
    assert 'href="/knowledge/ask"' in consultation


def test_the_public_page_asks_which_province_when_several_publish(
    free_item: ServiceItem, other_editor: User, other_province: Region
) -> None:
    catalogue_item_create(actor=other_editor, province=other_province, data=item_input(name="外省咨询"))
    chooser = _client().get("/services/")
    assert chooser.status_code == 200
    assert "外省咨询" not in chooser.content.decode()
    assert 'value="980000000000"' in chooser.content.decode()
    chosen = _client().get("/services/", {"province": "980000000000"})
    assert "外省咨询" in chosen.content.decode()
    assert _client().get("/services/", {"province": "110000000000"}).status_code == 404


def test_the_portal_home_links_to_the_catalogue(db: None) -> None:
    assert 'href="/services/"' in _client().get("/").content.decode()


# ---- editor pages ----------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("persona", "status"),
    [
        ("anonymous", 302),
        ("citizen", 403),
        ("admin", 403),
        ("county_supervisor", 403),
        ("province_supervisor", 200),
    ],
)
def test_who_may_open_the_editor(
    personas: dict[str, User], free_item: ServiceItem, persona: str, status: int
) -> None:
    """G3 per province: only the province's own supervisor or administrator edits; county staff do not."""
    client = _client(personas.get(persona))
    for url in ("/work/catalogue/", "/work/catalogue/new/", f"/work/catalogue/{free_item.pk}/"):
        response = client.get(url)
        assert response.status_code == status, url
    if status == 302:
        assert response["Location"].startswith("/accounts/login/")


def test_the_editor_list_filters_by_kind_with_htmx(
    editor: User,
    free_item: ServiceItem,
    charged_item: ServiceItem,
    django_assert_num_queries: DjangoAssertNumQueries,
) -> None:
    client = _client(editor)
    client.get("/work/catalogue/")  # warm the session
    # session, user, grants, provinces, items; then the session's activity stamp (savepoint, update, release)
    with django_assert_num_queries(8):
        response = client.get("/work/catalogue/", {"kind": "notary"}, HTTP_HX_REQUEST="true")
    page = response.content.decode()
    assert response.status_code == 200
    assert "<html" not in page
    assert "公证服务" in page
    assert "法律咨询" not in page


def test_an_editor_creates_an_item_through_the_form(editor: User, county: County) -> None:
    response = _client(editor).post("/work/catalogue/new/", _form(province=county.province.pk))
    assert response.status_code == 302
    item = ServiceItem.objects.get()
    assert (item.province, item.kind, item.modes) == (county.province, "education", ["window", "visit"])


def test_g4_the_form_refuses_a_charged_free_item_and_saves_nothing(editor: User, county: County) -> None:
    """G4: the editor sees the Chinese message; no row, no audit entry."""
    client = _client(editor)  # signing in is audited too
    audits = AuditEntry.objects.count()
    response = client.post(
        "/work/catalogue/new/",
        _form(province=county.province.pk, fee_status="charged", fee_basis="每场500元"),
    )
    assert response.status_code == 400
    assert "“法治宣传教育”属于免费公共法律服务，不能设为收费" in response.content.decode()
    assert ServiceItem.objects.count() == 0
    assert AuditEntry.objects.count() == audits


def test_g4_the_edit_form_refuses_charging_a_free_item(editor: User, free_item: ServiceItem) -> None:
    response = _client(editor).post(
        f"/work/catalogue/{free_item.pk}/",
        _form(code="T001", kind="consultation", fee_status="charged", fee_basis="按时计费"),
    )
    assert response.status_code == 400
    assert "“法律咨询”属于免费公共法律服务，不能设为收费" in response.content.decode()
    free_item.refresh_from_db()
    assert (free_item.fee_status, free_item.kind, free_item.name) == ("free", "consultation", "法律咨询")


def test_an_editor_edits_an_item_through_the_form(editor: User, free_item: ServiceItem) -> None:
    response = _client(editor).post(
        f"/work/catalogue/{free_item.pk}/",
        _form(code="T001", name="法律咨询（含视频咨询）", kind="consultation", modes=["online"]),
    )
    assert response.status_code == 302
    free_item.refresh_from_db()
    assert (free_item.name, free_item.modes, free_item.updated_by) == (
        "法律咨询（含视频咨询）",
        ["online"],
        editor,
    )


def test_another_provinces_editor_gets_403_and_changes_nothing(
    other_editor: User, free_item: ServiceItem
) -> None:
    """G3 scoping: the item is public, so the refusal is 403, not 404; nothing is written."""
    client = _client(other_editor)
    assert client.get(f"/work/catalogue/{free_item.pk}/").status_code == 403
    assert client.post(f"/work/catalogue/{free_item.pk}/", _form(name="改名")).status_code == 403
    assert client.post(f"/work/catalogue/{free_item.pk}/retire/", {"reason": "无"}).status_code == 403
    free_item.refresh_from_db()
    assert (free_item.name, free_item.active) == ("法律咨询", True)
    assert client.get("/work/catalogue/999999/").status_code == 404


def test_anonymous_cannot_retire(free_item: ServiceItem) -> None:
    response = _client().post(f"/work/catalogue/{free_item.pk}/retire/", {"reason": "无"})
    assert response.status_code == 302
    free_item.refresh_from_db()
    assert free_item.active is True


def test_an_editor_retires_an_item(editor: User, free_item: ServiceItem) -> None:
    client = _client(editor)
    assert client.post(f"/work/catalogue/{free_item.pk}/retire/", {"reason": ""}).status_code == 302
    free_item.refresh_from_db()
    assert free_item.active is True
    assert (
        client.post(f"/work/catalogue/{free_item.pk}/retire/", {"reason": "并入综合窗口"}).status_code == 302
    )
    free_item.refresh_from_db()
    assert (free_item.active, free_item.retire_reason) == (False, "并入综合窗口")


# ---- public API ------------------------------------------------------------------------------------------------


def test_the_public_api_lists_the_items_in_force(
    free_item: ServiceItem, charged_item: ServiceItem, django_assert_num_queries: DjangoAssertNumQueries
) -> None:
    """G3 over the public API: anonymous, read-only; fee basis only for charged items; G4 flag per item."""
    with django_assert_num_queries(2):  # publishing provinces, items
        response = _client().get("/api/v1/catalogue/items/")
    assert response.status_code == 200
    body = response.json()
    assert (body["province_code"], body["province_name"]) == ("990000000000", "测试省")
    assert [(i["code"], i["fee_status"], i["free_by_rule"], i["fee_basis"]) for i in body["items"]] == [
        ("T001", "free", True, ""),
        ("T070", "charged", False, "按价格主管部门核定的标准收取"),
    ]
    assert body["items"][0]["modes"] == ["window", "hotline"]
    assert body["items"][1]["provider"] == "公证机构"


def test_the_public_api_is_read_only_and_names_the_province(
    free_item: ServiceItem, other_editor: User, other_province: Region
) -> None:
    catalogue_item_create(actor=other_editor, province=other_province, data=item_input())
    client = _client()
    assert client.get("/api/v1/catalogue/items/").status_code == 400
    assert (
        client.get("/api/v1/catalogue/items/", {"province": "980000000000"}).json()["province_name"] == "外省"
    )
    assert client.get("/api/v1/catalogue/items/", {"province": "110000000000"}).status_code == 404
    assert client.post("/api/v1/catalogue/items/", {}).status_code == 405
    assert ServiceItem.objects.count() == 2


def test_an_editor_exports_the_list_to_excel_and_the_export_is_audited(
    editor: User, free_item: ServiceItem, charged_item: ServiceItem
) -> None:
    client = _client(editor)
    audits = AuditEntry.objects.filter(action="export").count()
    response = client.get("/work/catalogue/export.xlsx")
    assert response.status_code == 200
    sheet = load_workbook(BytesIO(response.content)).active
    assert sheet is not None
    rows = [tuple(r) for r in sheet.iter_rows(values_only=True)]
    header = rows.index(next(r for r in rows if r[0] == "省（区、市）"))
    assert [r[1] for r in rows[header + 1 :]] == ["T001", "T070"]
    assert rows[header + 2][7:9] == ("收费", "按价格主管部门核定的标准收取")
    assert AuditEntry.objects.filter(action="export").count() == audits + 1


def test_county_staff_cannot_export(personas: dict[str, User], free_item: ServiceItem) -> None:
    assert _client(personas["admin"]).get("/work/catalogue/export.xlsx").status_code == 403
