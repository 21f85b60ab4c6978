"""G10 kiosks: registering and managing devices in the workbench (scoped to the supervisors and administrators of the
site's jurisdiction, audited), pairing a browser with a one-time code, the device-token checks, and the closed
channel. Refused requests change nothing (STYLE §12)."""

from __future__ import annotations

import re
from datetime import timedelta
from typing import Any

import pytest
import time_machine
from django.test import Client

from fawang.accounts.models import User
from fawang.conftest import County
from fawang.core import clock
from fawang.core.models import AuditAction, AuditEntry
from fawang.directory.models import SiteKind
from fawang.directory.tests.factories import SiteFactory
from fawang.kiosk.models import Kiosk
from fawang.kiosk.selectors import kiosk_list_for_user
from fawang.kiosk.services import kiosk_register
from fawang.kiosk.tests.conftest import KioskSetup, Screen, pair
from fawang.kiosk.views import COOKIE

pytestmark = pytest.mark.django_db
UNREGISTERED = "本终端未登记或已停用，请联系工作人员"


def _client(user: User | None) -> Client:
    client = Client()
    if user is not None:
        client.force_login(user)
    return client


def _code(response: Any) -> str:
    match = re.search(r'id="pairing-code">(\d{8})<', response.content.decode())
    assert match is not None, response.content.decode()[:600]
    return match.group(1)


def _kiosk_audits() -> list[tuple[str, str]]:
    return list(
        AuditEntry.objects.filter(object_type="kiosk.Kiosk").order_by("id").values_list("action", "summary")
    )


@pytest.mark.usefixtures("kiosk_open")
@pytest.mark.parametrize(
    ("_case", "persona", "status"),
    [
        ("anonymous: to sign-in", None, 302),
        ("citizen: not staff", "citizen", 403),
        ("window clerk of the station: wrong role", "clerk_x", 403),
        ("window clerk of the other county: outsider", "outsider", 403),
        ("hotline operator: wrong role", "hotline_operator", 403),
    ],
)
def test_only_supervisors_and_administrators_register_kiosks(
    _case: str, persona: str | None, status: int, personas: dict[str, User], county: County
) -> None:
    """G10: device management is for the supervisors and administrators of the site's jurisdiction."""
    users = User.objects.count()
    client = _client(personas[persona] if persona else None)
    assert client.get("/work/kiosks/").status_code == status
    response = client.post("/work/kiosks/", {"site": county.station_x.pk, "name": "大厅1号机"})
    assert response.status_code == status
    assert not Kiosk.objects.exists()
    assert User.objects.count() == users
    assert _kiosk_audits() == []


@pytest.mark.usefixtures("kiosk_open")
@pytest.mark.parametrize("persona", ["county_supervisor", "province_supervisor", "admin"])
def test_a_supervisor_or_administrator_registers_a_kiosk_and_gets_a_pairing_code(
    persona: str, personas: dict[str, User], county: County
) -> None:
    client = _client(personas[persona])
    page = client.get("/work/kiosks/")
    assert page.status_code == 200
    assert "东镇工作站" in page.content.decode()  # a site of the jurisdiction is offered
    response = client.post("/work/kiosks/", {"site": county.station_x.pk, "name": "大厅1号机"})
    assert response.status_code == 200
    code = _code(response)
    assert f"/kiosk/pair/?code={code}" in response.content.decode()
    kiosk = Kiosk.objects.select_related("account").get()
    assert (kiosk.site, kiosk.name, kiosk.active, kiosk.token_hash) == (
        county.station_x,
        "大厅1号机",
        True,
        "",
    )
    assert code not in kiosk.pairing_digest  # stored as a keyed digest only
    account = kiosk.account
    assert (account.is_active, account.has_usable_password(), account.display_name) == (
        False,
        False,
        "自助终端：东镇工作站大厅1号机",
    )
    assert _kiosk_audits() == [(AuditAction.CREATE, "东镇工作站 · 大厅1号机")]
    assert AuditEntry.objects.get(object_type="kiosk.Kiosk").actor_id == personas[persona].pk


@pytest.mark.usefixtures("kiosk_open")
def test_a_site_outside_the_jurisdiction_is_refused(personas: dict[str, User], county: County) -> None:
    elsewhere = SiteFactory.create(kind=SiteKind.STATION, name="乙县工作站", region=county.other_county)
    client = _client(personas["county_supervisor"])
    assert "乙县工作站" not in client.get("/work/kiosks/").content.decode()
    response = client.post("/work/kiosks/", {"site": elsewhere.pk, "name": "1号机"})
    assert response.status_code == 400  # not one of the choices offered
    assert not Kiosk.objects.exists()
    with pytest.raises(Exception, match="不在您的辖区内"):
        kiosk_register(actor=personas["county_supervisor"], site_id=elsewhere.pk, name="1号机")
    assert not Kiosk.objects.exists()


@pytest.mark.usefixtures("kiosk_open")
def test_bad_registrations_are_refused_in_chinese(
    personas: dict[str, User], county: County, station_kiosk: KioskSetup
) -> None:
    client = _client(personas["county_supervisor"])
    before = _kiosk_audits()
    same = client.post("/work/kiosks/", {"site": county.station_x.pk, "name": "大厅1号机"})
    assert same.status_code == 400
    assert "东镇工作站已有名为“大厅1号机”的终端" in same.content.decode()
    blank = client.post("/work/kiosks/", {"site": county.station_x.pk, "name": ""})
    assert blank.status_code == 400
    assert "请填写终端名称" in blank.content.decode()
    assert Kiosk.objects.count() == 1
    assert _kiosk_audits() == before


def test_list_and_detail_are_scoped_to_the_jurisdiction(
    personas: dict[str, User], county: County, station_kiosk: KioskSetup, django_assert_num_queries: Any
) -> None:
    elsewhere = SiteFactory.create(kind=SiteKind.STATION, name="乙县工作站", region=county.other_county)
    other, _code_ = kiosk_register(
        actor=personas["province_supervisor"], site_id=elsewhere.pk, name="乙县1号机"
    )
    county_client = _client(personas["county_supervisor"])
    listing = county_client.get("/work/kiosks/").content.decode()
    assert "大厅1号机" in listing
    assert "乙县1号机" not in listing
    assert county_client.get(f"/work/kiosks/{other.pk}/").status_code == 404  # existence is not leaked
    assert county_client.post(f"/work/kiosks/{other.pk}/", {"op": "rename", "name": "x"}).status_code == 404
    assert _client(personas["clerk_x"]).get(f"/work/kiosks/{station_kiosk.kiosk.pk}/").status_code == 403
    assert Kiosk.objects.get(pk=other.pk).name == "乙县1号机"
    province = personas["province_supervisor"]
    province_listing = _client(province).get(f"/work/kiosks/?region={county.province.code}").content.decode()
    assert "大厅1号机" in province_listing
    assert "乙县1号机" in province_listing
    kiosk_list_for_user(user=province, region=county.province)  # grants now cached on the user
    with django_assert_num_queries(1):  # one grouped query, whatever the number of kiosks
        rows = kiosk_list_for_user(user=province, region=county.province)
    assert [(r.kiosk.name, r.requests, r.recent, r.paired, r.pairing_pending) for r in rows] == [
        ("大厅1号机", 0, 0, False, True),
        ("乙县1号机", 0, 0, False, True),
    ]


def test_rename_stop_start_and_reissue_are_audited(
    personas: dict[str, User], station_kiosk: KioskSetup
) -> None:
    kiosk = station_kiosk.kiosk
    screen = pair(station_kiosk.code)
    url = f"/work/kiosks/{kiosk.pk}/"
    client = _client(personas["county_supervisor"])

    assert client.post(url, {"op": "rename", "name": "大厅2号机"}).status_code == 302
    kiosk.refresh_from_db()
    kiosk.account.refresh_from_db()
    assert (kiosk.name, kiosk.account.display_name) == ("大厅2号机", "自助终端：东镇工作站大厅2号机")

    refused = client.post(url, {"op": "deactivate", "reason": " "})
    assert refused.status_code == 400
    assert "停用终端须填写原因" in refused.content.decode()
    assert Kiosk.objects.get(pk=kiosk.pk).active

    assert screen.get("/kiosk/").status_code == 200
    assert client.post(url, {"op": "deactivate", "reason": "设备维修"}).status_code == 302
    stopped = screen.get("/kiosk/")
    assert stopped.status_code == 403
    assert UNREGISTERED in stopped.content.decode()

    started = client.post(url, {"op": "activate"})
    assert started.status_code == 200
    assert screen.get("/kiosk/").status_code == 403  # the old browser must be paired again
    again = pair(_code(started))
    assert again.get("/kiosk/").status_code == 200

    reissued = client.post(url, {"op": "reissue"})
    assert reissued.status_code == 200
    assert again.get("/kiosk/").status_code == 403  # the re-issued token replaces the old one at once
    assert pair(_code(reissued)).get("/kiosk/").status_code == 200

    summaries = [summary for _action, summary in _kiosk_audits()]
    assert summaries == [
        "东镇工作站 · 大厅1号机",
        "终端配对",
        "改名：大厅1号机 → 大厅2号机",
        "停用：设备维修",
        "启用",
        "终端配对",
        "重新签发设备令牌",
        "终端配对",
    ]


@pytest.mark.usefixtures("kiosk_open")
def test_pages_need_the_device_token_of_an_active_kiosk(station_kiosk: KioskSetup) -> None:
    """G10: no cookie, a forged one, or an unknown token get the Chinese 403 page; nothing is written."""
    for client in (Client(), _with_cookie("not-signed"), _with_cookie("x:y:z")):
        for path in ("/kiosk/", "/kiosk/ask/", "/kiosk/j/aid/", "/kiosk/track/", "/kiosk/receipt/"):
            response = client.get(path)
            assert response.status_code == 403, path
            assert UNREGISTERED in response.content.decode()
        assert client.post("/kiosk/end/").status_code == 403
    assert Kiosk.objects.get().last_seen_at is None
    assert _kiosk_audits() == [(AuditAction.CREATE, "东镇工作站 · 大厅1号机")]


def _with_cookie(value: str) -> Client:
    client = Client()
    client.cookies[COOKIE] = value
    return client


@pytest.mark.usefixtures("kiosk_open")
def test_a_pairing_code_works_once_and_for_thirty_minutes(station_kiosk: KioskSetup, county: County) -> None:
    wrong = Client().post("/kiosk/pair/", {"code": "12345"})
    assert wrong.status_code == 400
    assert "配对码应为8位数字" in wrong.content.decode()
    with time_machine.travel(clock.now() + timedelta(minutes=31)):
        late = Client().post("/kiosk/pair/", {"code": station_kiosk.code})
    assert late.status_code == 400
    assert "配对码无效或已过期" in late.content.decode()
    assert Kiosk.objects.get().token_hash == ""
    screen = pair(station_kiosk.code)
    home = screen.get("/kiosk/")
    assert "东镇工作站" in home.content.decode()
    assert home.cookies[COOKIE]["httponly"]
    reused = Client().post("/kiosk/pair/", {"code": station_kiosk.code})
    assert reused.status_code == 400
    kiosk = Kiosk.objects.get()
    assert (kiosk.pairing_digest, kiosk.last_seen_at is not None) == ("", True)
    assert len(kiosk.token_hash) == 64
    prefilled = Client().get(f"/kiosk/pair/?code={station_kiosk.code}")
    assert f'value="{station_kiosk.code}"' in prefilled.content.decode()


def test_a_closed_channel_answers_404_and_hides_device_management(
    personas: dict[str, User], county: County, settings: Any
) -> None:
    """G10: without "kiosk" in FAWANG_OPTIONAL_CHANNELS there is no kiosk and no device management."""
    settings.FAWANG_OPTIONAL_CHANNELS = ["kiosk"]
    kiosk, code = kiosk_register(actor=personas["admin"], site_id=county.station_x.pk, name="大厅1号机")
    screen = pair(code)
    supervisor = _client(personas["county_supervisor"])
    assert "自助终端管理" in supervisor.get("/work/").content.decode()
    settings.FAWANG_OPTIONAL_CHANNELS = []
    for response in (screen.get("/kiosk/"), Client().get("/kiosk/pair/"), screen.get("/kiosk/j/aid/")):
        assert response.status_code == 404
        assert "本平台未开通自助终端服务" in response.content.decode()
    assert screen.client.post("/kiosk/pair/", {"code": "12345678"}).status_code == 404
    assert "自助终端管理" not in supervisor.get("/work/").content.decode()
    assert supervisor.get("/work/kiosks/").status_code == 404
    assert supervisor.post(f"/work/kiosks/{kiosk.pk}/", {"op": "rename", "name": "x"}).status_code == 404
    assert Kiosk.objects.get().name == "大厅1号机"
    with pytest.raises(Exception, match="本平台未开通自助终端服务"):
        kiosk_register(actor=personas["admin"], site_id=county.station_x.pk, name="2号机")


def test_the_device_list_shows_last_seen_and_requests_per_kiosk(
    personas: dict[str, User], screen: Screen, station_kiosk: KioskSetup, county: County
) -> None:
    """G10 supervision: each kiosk's last-seen time and the 工单 it took in (last 30 days and in all)."""
    from fawang.kiosk.tests.test_journeys import submit_aid

    submit_aid(screen)
    page = _client(personas["county_supervisor"]).get("/work/kiosks/").content.decode()
    row = page[page.index("<td>东镇工作站</td>") :]
    row = row[: row.index("</tr>")]
    seen = Kiosk.objects.get().last_seen_at
    assert seen is not None
    assert clock.to_local(seen).strftime("%Y-%m-%d %H:%M") in row
    assert "<td>1 / 1</td>" in row
    assert "启用" in row


@pytest.mark.usefixtures("kiosk_open", "rate_window")
def test_pairing_attempts_are_rate_limited(station_kiosk: KioskSetup, settings: Any) -> None:
    """M15: pairing spends the sign-in budget of the address, so eight digits cannot be tried at speed."""
    settings.FAWANG_RATE_LIMITS = {**settings.FAWANG_RATE_LIMITS, "login": "2/m"}
    client = Client()
    statuses = [client.post("/kiosk/pair/", {"code": "00000000"}).status_code for _ in range(2)]
    statuses.append(client.post("/kiosk/pair/", {"code": station_kiosk.code}).status_code)
    assert statuses == [400, 400, 429]
    assert Kiosk.objects.get().token_hash == ""
