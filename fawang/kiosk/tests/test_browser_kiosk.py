"""G10 in Chromium: a touch-screen kiosk is paired once, a person makes a legal-aid pre-application one question per
screen and gets the receipt with a masked name, 完成 clears the screen, and a page left alone returns home by itself
(the idle reset). axe-core checks the kiosk's home and a question screen (L1, L11)."""

from __future__ import annotations

from typing import Any

import pytest

from fawang.accounts.models import User
from fawang.cases.models import Case
from fawang.conftest import County
from fawang.kiosk.services import kiosk_register
from fawang.kiosk.tests.conftest import id_number
from fawang.portal.tests.axe import axe_violations

pytestmark = [pytest.mark.browser, pytest.mark.usefixtures("flushable_db")]
ID = id_number("44010619780101002")


def _next(page: Any) -> None:
    page.get_by_role("button", name="下一步").click()
    page.wait_for_load_state("networkidle")


def test_pre_application_at_a_kiosk_then_clear_and_idle_reset(
    live_server: Any, browser: Any, personas: dict[str, User], county: County, settings: Any
) -> None:
    settings.FAWANG_OPTIONAL_CHANNELS = ["kiosk"]
    settings.FAWANG_KIOSK_IDLE_SECONDS = 120
    _kiosk, code = kiosk_register(
        actor=personas["county_supervisor"], site_id=county.station_x.pk, name="大厅1号机"
    )
    # A portrait touch screen; CSP bypassed only so that the test can inject axe-core.
    context = browser.new_context(locale="zh-CN", viewport={"width": 1080, "height": 1920}, bypass_csp=True)
    page = context.new_page()
    base = live_server.url

    page.goto(f"{base}/kiosk/pair/?code={code}")
    page.get_by_role("button", name="配对").click()
    page.get_by_role("heading", name="您好！请选择要办理的事情").wait_for()
    assert axe_violations(page) == []

    page.get_by_role("link", name="法律援助预申请").click()
    page.get_by_text("第 1 步，共 7 步").wait_for()
    assert axe_violations(page) == []
    page.get_by_label("请求确认劳动关系或者支付劳动报酬").check()
    _next(page)
    page.get_by_label("简单说说事情经过").fill("工地拖欠我三个月工资。")
    _next(page)
    page.get_by_label("困难", exact=True).check()
    _next(page)
    page.get_by_label("您的姓名").fill("陈秀英")
    _next(page)
    page.get_by_label("您的身份证号码").fill(ID)
    _next(page)
    page.get_by_label("您的手机号码").fill("13912344321")
    _next(page)
    page.get_by_label("我确认以上内容真实").check()
    page.get_by_role("button", name="确认提交").click()
    page.get_by_role("heading", name="自助终端受理回执").wait_for()
    case = Case.objects.get()
    assert (case.channel, case.service_type, case.region_id) == ("kiosk", "legal_aid", county.town_x.pk)
    assert page.get_by_text(case.reference).first.is_visible()
    assert page.get_by_text("陈**").is_visible()
    assert "陈秀英" not in page.content()
    assert page.get_by_role("button", name="打印回执").is_visible()

    page.get_by_role("button", name="完成").click()
    page.get_by_text("您填写的内容已全部清除").wait_for()
    page.go_back()  # nothing of the earlier visit comes back
    page.wait_for_load_state("networkidle")
    assert case.reference not in page.content()

    # Idle reset: a screen left alone returns home and the server forgets what was typed.
    settings.FAWANG_KIOSK_IDLE_SECONDS = 3
    page.goto(f"{base}/kiosk/")
    page.get_by_role("link", name="智能咨询").click()
    page.get_by_label("请说说您遇到的问题").fill("邻居占用通道怎么办")
    page.get_by_text("您填写的内容已全部清除").wait_for(timeout=15_000)
    assert page.url.endswith("/kiosk/?cleared=1")
    page.get_by_role("link", name="智能咨询").click()
    assert page.get_by_label("请说说您遇到的问题").input_value() == ""
    assert Case.objects.count() == 1
    context.close()
