"""A county supervisor in a real browser (360 px): dashboard with charts, drill down county → township → the
cases behind a number → one case, and the case view is audited (K2)."""

from __future__ import annotations

from typing import Any

import pytest

from fawang.accounts.models import User
from fawang.conftest import County, MakeCase
from fawang.core.models import AuditEntry

pytestmark = [pytest.mark.browser, pytest.mark.usefixtures("flushable_db")]


def test_supervisor_drills_down_to_a_case(
    live_server: Any,
    page: Any,  # noqa: F811  # the imported Playwright fixture
    personas: dict[str, User],
    make_case: MakeCase,
    county: County,
) -> None:
    east = make_case(region=county.town_x, title="东镇劳动争议咨询")
    make_case(region=county.town_x, title="东镇邻里纠纷", channel="hotline")
    make_case(region=county.town_y, title="西镇婚姻家庭咨询")
    page.goto(f"{live_server.url}/supervision/")
    page.get_by_label("用户名").fill("supervisor")
    page.get_by_label("密码").fill("Passw0rd!x")
    page.get_by_role("button", name="登录").click()
    page.get_by_role("heading", name="督办监测：甲县").wait_for()
    assert page.locator("#total").inner_text() == "3"
    page.locator("#chart-months svg").first.wait_for()  # ECharts, served from node_modules, drew the trend
    page.locator("#table-children").get_by_role("link", name="东镇").click()
    page.get_by_role("heading", name="督办监测：东镇").wait_for()
    assert page.locator("#total").inner_text() == "2"
    page.locator("#table-volume_by_channel").get_by_role("link", name="窗口").first.click()
    page.get_by_role("heading", name="工单明细").wait_for()
    assert page.locator("#case-count").inner_text() == "1"
    views_before = AuditEntry.objects.filter(
        action="view", object_type="cases.Case", object_id=east.reference
    ).count()
    page.get_by_role("link", name=east.reference).click()
    page.get_by_role("heading", name=f"工单 {east.reference}").wait_for()
    assert page.get_by_text("东镇劳动争议咨询").first.is_visible()
    assert (
        AuditEntry.objects.filter(action="view", object_type="cases.Case", object_id=east.reference).count()
        == views_before + 1
    )
