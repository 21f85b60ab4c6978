"""axe-core in Chromium on a 360-px phone (L1, L2, L9, L11): key citizen pages and a workbench page have no serious
or critical WCAG 2.1 AA violations, in normal and in large-text (适老化) mode, and nothing scrolls sideways."""

from __future__ import annotations

from typing import Any

import pytest

from fawang.accounts.models import User
from fawang.conftest import County, MakeCase
from fawang.portal.tests.axe import axe_failures_at_both_text_sizes, axe_violations

pytestmark = [pytest.mark.browser, pytest.mark.usefixtures("flushable_db")]


def _login(page: Any, url: str, username: str) -> None:
    page.context.clear_cookies()
    page.goto(f"{url}/login/")
    page.get_by_label("手机号").fill(username)
    page.get_by_label("密码").fill("Passw0rd!x")
    page.get_by_role("button", name="登录").click()
    page.wait_for_load_state("networkidle")


def _check(page: Any, url: str, failures: dict[str, Any]) -> None:
    page.goto(url)
    page.wait_for_load_state("networkidle")
    for mode, found in axe_failures_at_both_text_sizes(page).items():
        failures[f"{url} ({mode})"] = found


def test_key_pages_pass_axe(
    live_server: Any, axe_page: Any, personas: dict[str, User], county: County, make_case: MakeCase
) -> None:
    page = axe_page
    base = live_server.url
    failures: dict[str, Any] = {}
    for path in (
        "/",
        "/register/",
        "/login/",
        "/apply/",
        "/apply/legal-aid/",
        "/directory/?q=东",
        "/knowledge/ask",
    ):
        _check(page, base + path, failures)
    case = make_case("consultation", requester_user=personas["citizen"], title="邻居噪音")
    _login(page, base, "citizen")
    page.goto(f"{base}/apply/legal-aid/")
    page.get_by_role("button", name="开始填写").click()
    page.wait_for_load_state("networkidle")
    draft_url = page.url.rsplit("/", 2)[0]
    for step in ("identity", "matter", "means", "check", "materials", "review"):
        _check(page, f"{draft_url}/{step}/", failures)
    for path in ("/me/", f"/me/cases/{case.reference}/", "/apply/mediation/", "/apply/notary/"):
        _check(page, base + path, failures)
    page.context.clear_cookies()
    page.goto(f"{base}/accounts/login/")
    page.get_by_label("用户名").fill("clerk_x")
    page.get_by_label("密码").fill("Passw0rd!x")
    page.get_by_role("button", name="登录").click()
    page.get_by_role("heading", name="我的工作台").wait_for()
    _check(page, f"{base}/work/", failures)
    assert failures == {}


def test_the_check_can_fail(axe_page: Any) -> None:
    """The axe check is not vacuous: a page with an unlabelled field and an image without text fails it."""
    axe_page.set_content(
        '<html lang="zh-CN"><head><title>t</title></head><body><main><img src="x.png"><input type="text"></main></body></html>'
    )
    assert {v["id"] for v in axe_violations(axe_page)} == {"image-alt", "label"}


def test_a_citizen_books_a_12348_callback_on_a_phone(
    live_server: Any, axe_page: Any, personas: dict[str, User], county: County
) -> None:
    """X2 in the browser: the booking page passes axe, a slot is chosen and booked, and the booking is listed."""
    from datetime import datetime, time, timedelta

    from fawang.core import clock
    from fawang.directory.models import SiteKind
    from fawang.directory.tests.factories import SiteFactory
    from fawang.hotline.hours import LOCAL_TZ
    from fawang.hotline.models import Callback, CallbackSlot
    from fawang.hotline.services.seats import centre_ensure

    site = SiteFactory.create(kind=SiteKind.HOTLINE, name="甲县12348热线", region=county.county)
    centre = centre_ensure(actor=personas["admin"], site=site, code="DJ12348", seats=1)
    tomorrow_ten = datetime.combine(clock.local_today() + timedelta(days=1), time(10), tzinfo=LOCAL_TZ)
    CallbackSlot.objects.create(centre=centre, starts_at=tomorrow_ten, capacity=3)
    citizen = personas["citizen"]
    citizen.phone = "13900001234"
    citizen.save()
    page, base = axe_page, live_server.url
    failures: dict[str, Any] = {}
    _login(page, base, "citizen")
    _check(page, f"{base}/me/callbacks/", failures)
    assert failures == {}
    slot = page.locator(f'input[value="{tomorrow_ten.isoformat()}"]')
    day = page.locator("details").filter(has=slot)
    if day.get_attribute("open") is None:  # the first day listed is open; tomorrow may be the second
        day.locator("summary").click()
    slot.check()
    page.get_by_label("想咨询的问题").fill("公司拖欠三个月工资，怎么维权？")
    page.get_by_role("button", name="确认预约").click()
    page.get_by_text("已预约").first.wait_for()
    assert page.get_by_role("button", name="取消预约").count() == 1
    callback = Callback.objects.get()
    assert (callback.window_start, callback.booked_online) == (tomorrow_ten, True)
