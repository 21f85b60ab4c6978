"""Window posts (G6): configured per physical site by its supervisors, offered at intake, printed on the receipt,
shown to the citizen with the three stages of front intake, back-office handling and feedback."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client
from rest_framework.test import APIClient

from fawang.accounts.models import User
from fawang.accounts.roles import Role
from fawang.cases.models import Case
from fawang.cases.services import case_transition
from fawang.cases.states import Status
from fawang.conftest import County, MakeUser
from fawang.core.errors import DomainError, NotFoundError, PermissionDeniedError
from fawang.core.models import AuditEntry
from fawang.directory.models import WindowPost
from fawang.legal_aid.models import WindowReceipt
from fawang.portal.presenters import citizen_stages
from fawang.supervision.windows import window_post_save, window_post_set_open


def _open(actor: User, site_id: int, number: int, name: str, services: tuple[str, ...] = ()) -> WindowPost:
    return window_post_save(actor=actor, site_id=site_id, number=number, name=name, service_types=services)


@pytest.mark.parametrize(
    ("status", "states"),
    [
        (Status.NEW, ["current", "todo", "todo"]),
        (Status.ACCEPTED, ["done", "current", "todo"]),
        (Status.AWAITING_MATERIALS, ["done", "current", "todo"]),
        (Status.ASSIGNED, ["done", "current", "todo"]),
        (Status.RESOLVED, ["done", "done", "done"]),
        (Status.REJECTED, ["done", "done", "done"]),
        (Status.WITHDRAWN, ["done", "done", "done"]),
    ],
)
def test_three_stages_follow_the_status(status: str, states: list[str]) -> None:
    stages = citizen_stages(status)
    assert [s.label for s in stages] == ["前台受理", "后台办理", "结果反馈"]
    assert [s.state for s in stages] == states


def test_windows_are_configured_audited_and_closed_not_deleted(
    county: County, personas: dict[str, User]
) -> None:
    supervisor = personas["county_supervisor"]
    aid = _open(supervisor, county.centre.pk, 2, "法律援助", ("legal_aid",))
    general = _open(supervisor, county.centre.pk, 1, " 综合受理 ")
    assert general.name == "综合受理"
    assert general.takes("notary")
    assert aid.takes("legal_aid")
    assert not aid.takes("notary")
    assert aid.services_display == "法律援助"
    assert general.services_display == "综合受理（各类服务）"
    changed = window_post_save(
        actor=supervisor,
        site_id=county.centre.pk,
        window_id=aid.pk,
        number=2,
        name="法律援助与调解",
        service_types=["mediation", "legal_aid", "mediation"],
    )
    assert changed.service_types == ["legal_aid", "mediation"]  # the list order, each once
    with pytest.raises(DomainError, match="须填写原因"):
        window_post_set_open(actor=supervisor, site_id=county.centre.pk, window_id=aid.pk, open_=False)
    closed = window_post_set_open(
        actor=supervisor, site_id=county.centre.pk, window_id=aid.pk, open_=False, reason="人员调整"
    )
    assert (closed.active, closed.closed_reason) == (False, "人员调整")
    reopened = window_post_set_open(actor=supervisor, site_id=county.centre.pk, window_id=aid.pk, open_=True)
    assert (reopened.active, reopened.closed_reason) == (True, "")
    assert AuditEntry.objects.filter(object_type="directory.WindowPost").count() == 5


@pytest.mark.parametrize(
    ("number", "name", "services", "message"),
    [
        (0, "综合", (), "1 至 99"),
        (100, "综合", (), "1 至 99"),
        (3, "  ", (), "请填写窗口名称"),
        (3, "窗" * 51, (), "窗口名称过长"),
        (3, "综合", ("resettlement",), "未知的服务类型：resettlement"),
        (1, "另一个一号", (), "已有 1 号窗口（综合受理）"),
    ],
)
def test_bad_input_is_refused_in_chinese_and_changes_nothing(
    county: County, personas: dict[str, User], number: int, name: str, services: tuple[str, ...], message: str
) -> None:
    supervisor = personas["county_supervisor"]
    _open(supervisor, county.centre.pk, 1, "综合受理")
    with pytest.raises(DomainError, match=message):
        _open(supervisor, county.centre.pk, number, name, services)
    assert list(WindowPost.objects.values_list("number", "name")) == [(1, "综合受理")]


def test_jurisdiction_and_kind_of_site(
    county: County, personas: dict[str, User], make_user: MakeUser
) -> None:
    """K2: only supervisors of the site's jurisdiction; a window belongs to a physical site."""
    other = make_user("sup_other", Role.SUPERVISOR, region=county.other_county)
    with pytest.raises(PermissionDeniedError, match="不在您的辖区内"):
        _open(other, county.centre.pk, 1, "综合受理")
    with pytest.raises(PermissionDeniedError, match="没有督办监测权限"):
        _open(personas["window_clerk"], county.centre.pk, 1, "综合受理")
    window = _open(personas["province_supervisor"], county.centre.pk, 1, "综合受理")
    with pytest.raises(NotFoundError, match="该站点没有这个窗口"):
        window_post_set_open(
            actor=personas["county_supervisor"], site_id=county.station_x.pk, window_id=window.pk, open_=True
        )
    assert not WindowPost.objects.exclude(pk=window.pk).exists()


def test_windows_page(client: Client, county: County, personas: dict[str, User]) -> None:
    url = f"/supervision/sites/{county.centre.pk}/windows/"
    client.force_login(personas["window_clerk"])
    assert client.get(url).status_code == 403
    client.force_login(personas["county_supervisor"])
    assert "尚未设置窗口" in client.get(url).content.decode()
    created = client.post(
        url, {"op": "save", "number": "2", "name": "法律援助", "service_types": ["legal_aid"]}
    )
    assert created.status_code == 302
    window = WindowPost.objects.get()
    bad = client.post(url, {"op": "save", "number": "二", "name": "公证"})
    assert bad.status_code == 400
    assert "窗口号“二”无效" in bad.content.decode()
    assert client.post(url, {"op": "close", "window_id": str(window.pk), "reason": "装修"}).status_code == 302
    page = client.get(url).content.decode()
    assert "已停用：装修" in page
    assert WindowPost.objects.count() == 1
    assert "窗口设置" in client.get("/supervision/sites/").content.decode()


def _intake(clerk: Client, **extra: str) -> Any:
    form = {
        "name": "王大爷",
        "phone": "13900001111",
        "service_type": "consultation",
        "channel": "window",
        "title": "欠薪怎么办",
        "handling": "case",
        **extra,
    }
    return clerk.post("/work/intake/", form)


def test_intake_names_the_window_on_receipt_portal_and_api(county: County, personas: dict[str, User]) -> None:
    supervisor = personas["county_supervisor"]
    station = county.station_x  # clerk_x works there
    general = _open(supervisor, station.pk, 1, "综合受理")
    notary = _open(supervisor, station.pk, 2, "公证", ("notary",))
    elsewhere = _open(supervisor, county.centre.pk, 1, "综合受理")
    closed = _open(supervisor, station.pk, 3, "临时窗口")
    window_post_set_open(
        actor=supervisor, site_id=station.pk, window_id=closed.pk, open_=False, reason="撤并"
    )
    clerk = Client()
    clerk.force_login(personas["clerk_x"])
    form_page = clerk.get("/work/intake/").content.decode()
    assert "2号窗口（公证）：公证" in form_page
    assert "临时窗口" not in form_page
    assert "甲县公共法律服务中心 1号窗口" not in form_page

    for window, message in (
        (notary, "不受理“法律咨询”"),
        (elsewhere, "不属于您所在的站点"),
        (closed, "已停用"),
    ):
        refused = _intake(clerk, window=str(window.pk), idempotency_key=f"k{window.pk}")
        assert refused.status_code == 400
        assert message in refused.content.decode()
    assert not Case.objects.exists()

    done = _intake(clerk, window=str(general.pk), idempotency_key="ok")
    case = Case.objects.get()
    assert WindowReceipt.objects.get(case=case).window == general
    receipt = clerk.get(done["Location"]).content.decode()
    assert "东镇工作站 1号窗口（综合受理）" in receipt

    citizen = personas["citizen"]
    Case.objects.filter(pk=case.pk).update(requester_user=citizen)
    portal = Client()
    portal.force_login(citizen)
    page = portal.get(f"/me/cases/{case.reference}/").content.decode()
    assert "<dt>受理窗口</dt><dd>东镇工作站 1号窗口（综合受理）</dd>" in page
    assert '<li class="current" aria-current="step">前台受理' in page
    case_transition(reference=case.reference, action="accept", actor=personas["clerk_x"])
    page = portal.get(f"/me/cases/{case.reference}/").content.decode()
    assert '<li class="current" aria-current="step">后台办理' in page
    api = APIClient()
    api.force_authenticate(citizen)
    rows = api.get("/api/v1/me/cases/").json()
    rows = rows.get("results", rows) if isinstance(rows, dict) else rows
    assert [r["stage"] for r in rows] == ["后台办理"]


def test_public_directory_shows_open_windows(
    client: Client, county: County, personas: dict[str, User]
) -> None:
    supervisor = personas["county_supervisor"]
    _open(supervisor, county.centre.pk, 1, "综合受理")
    aid = _open(supervisor, county.centre.pk, 2, "法律援助", ("legal_aid",))
    window_post_set_open(
        actor=supervisor, site_id=county.centre.pk, window_id=aid.pk, open_=False, reason="调整"
    )
    page = client.get("/directory/", {"q": "公共法律服务中心"}).content.decode()
    assert "窗口：1号窗口 综合受理" in page
    assert "2号窗口" not in page  # closed
