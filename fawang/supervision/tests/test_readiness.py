"""Site readiness inspections (G7): the checklist per kind of site, history, shortfalls first, jurisdiction."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from django.test import Client, override_settings

from fawang.accounts.models import User
from fawang.accounts.roles import Role
from fawang.conftest import County, MakeUser
from fawang.core import clock
from fawang.core.errors import DomainError, PermissionDeniedError
from fawang.core.models import AuditEntry
from fawang.supervision.models import SiteInspection
from fawang.supervision.readiness import items_for, site_inspection_record, site_readiness_list_for_user

CENTRE_ITEMS = [i.code for i in items_for("centre")]
DAY = date(2026, 3, 2)


def test_checklist_depends_on_the_kind_of_site() -> None:
    assert "barcode" in CENTRE_ITEMS
    assert "ups" in CENTRE_ITEMS
    room = [i.code for i in items_for("room")]
    assert room == ["office", "notice_board", "barrier_free"]
    assert items_for("online") == ()  # the network platform has no building
    with override_settings(FAWANG_SITE_READINESS_ITEMS=[["ramp", "坡道", ["room"]]]):
        assert [(i.code, i.label) for i in items_for("room")] == [("ramp", "坡道")]


def test_an_inspection_records_what_is_missing(county: County, personas: dict[str, User]) -> None:
    supervisor = personas["county_supervisor"]
    present = [c for c in CENTRE_ITEMS if c not in ("ups", "barrier_free")]
    inspection = site_inspection_record(
        actor=supervisor, site_id=county.centre.pk, inspected_on=DAY, present=present, note="限期三个月整改"
    )
    assert inspection.missing == ["ups", "barrier_free"]
    assert inspection.present == present
    entry = AuditEntry.objects.filter(object_type="supervision.SiteInspection").get()
    assert entry.summary == "甲县公共法律服务中心 缺 2 项"


def test_bad_input_changes_nothing(county: County, personas: dict[str, User]) -> None:
    supervisor = personas["county_supervisor"]
    with pytest.raises(DomainError, match="不适用于公共法律服务工作室：barcode"):
        site_inspection_record(
            actor=supervisor, site_id=county.room_x.pk, inspected_on=DAY, present=["barcode"]
        )
    with pytest.raises(DomainError, match="不能晚于今天"):
        site_inspection_record(
            actor=supervisor,
            site_id=county.room_x.pk,
            inspected_on=clock.local_today() + timedelta(days=1),
            present=[],
        )
    with pytest.raises(DomainError, match="未找到该站点"):
        site_inspection_record(actor=supervisor, site_id=10**9, inspected_on=DAY, present=[])
    assert not SiteInspection.objects.exists()


def test_jurisdiction(county: County, personas: dict[str, User], make_user: MakeUser) -> None:
    """K2: a supervisor of another county, and staff without supervision rights, are refused."""
    other = make_user("sup_other", Role.SUPERVISOR, region=county.other_county)
    with pytest.raises(PermissionDeniedError, match="不在您的辖区内"):
        site_inspection_record(actor=other, site_id=county.centre.pk, inspected_on=DAY, present=[])
    with pytest.raises(PermissionDeniedError, match="没有督办监测权限"):
        site_readiness_list_for_user(user=personas["window_clerk"], region=county.county)
    with pytest.raises(PermissionDeniedError):
        site_readiness_list_for_user(user=other, region=county.county)
    assert site_readiness_list_for_user(user=personas["province_supervisor"], region=county.county)


def test_list_puts_uninspected_and_furthest_behind_first(county: County, personas: dict[str, User]) -> None:
    supervisor = personas["county_supervisor"]
    record = site_inspection_record
    record(actor=supervisor, site_id=county.centre.pk, inspected_on=DAY, present=[])
    record(
        actor=supervisor,
        site_id=county.centre.pk,
        inspected_on=DAY + timedelta(days=30),
        present=CENTRE_ITEMS,
    )
    record(actor=supervisor, site_id=county.station_x.pk, inspected_on=DAY, present=["office"])
    record(actor=supervisor, site_id=county.room_x.pk, inspected_on=DAY, present=["office", "notice_board"])
    rows = site_readiness_list_for_user(user=supervisor, region=county.county)
    assert [(r.site.name, len(r.missing_labels), r.ready) for r in rows] == [
        ("西镇工作站", 0, False),  # never inspected
        ("东镇工作站", 8, False),
        ("东村工作室", 1, False),
        ("甲县公共法律服务中心", 0, True),  # the latest inspection counts, not the first
    ]
    assert rows[2].missing_labels == ["无障碍通道"]


def test_pages(client: Client, county: County, personas: dict[str, User]) -> None:
    client.force_login(personas["window_clerk"])
    assert client.get("/supervision/sites/").status_code == 403
    client.force_login(personas["county_supervisor"])
    url = f"/supervision/sites/{county.station_x.pk}/inspect/"
    page = client.get(url).content.decode()
    assert "身份证读卡器" in page
    assert "不间断电源" not in page
    response = client.post(
        url, {"inspected_on": "2026-03-02", "present": ["office", "hall"], "note": "缺标识"}
    )
    assert response.status_code == 302
    assert SiteInspection.objects.get().missing[:2] == ["waiting", "window_signs"]
    page = client.post(url, {"inspected_on": "03/02/2026"}, follow=True).content.decode()
    assert "检查日期“03/02/2026”无效" in page
    assert SiteInspection.objects.count() == 1
    listing = client.get("/supervision/sites/").content.decode()
    assert "最近一次检查全部达标：0 / 4 个站点" in listing
    export = client.get("/supervision/sites/?format=xlsx")
    assert export["Content-Type"].startswith("application/vnd.openxmlformats")
    assert client.get(f"/supervision/sites/?region={county.other_county.code}").status_code == 403
