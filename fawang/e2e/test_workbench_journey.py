"""A window clerk's day in a real browser on a 360-px phone: sign in, see the queue, accept and answer a case."""

from __future__ import annotations

from typing import Any

import pytest

from fawang.accounts.models import User
from fawang.conftest import County, MakeCase

pytestmark = [pytest.mark.browser, pytest.mark.usefixtures("flushable_db")]


def test_clerk_accepts_and_answers(
    live_server: Any, page: Any, personas: dict[str, User], make_case: MakeCase, county: County
) -> None:
    case = make_case(region=county.town_x, title="邻居占用通道")
    page.goto(f"{live_server.url}/work/")
    page.get_by_label("用户名").fill("clerk_x")
    page.get_by_label("密码").fill("Passw0rd!x")
    page.get_by_role("button", name="登录").click()
    page.get_by_role("heading", name="我的工作台").wait_for()
    page.get_by_role("link", name=case.reference).click()
    page.get_by_role("heading", name="邻居占用通道").wait_for()

    page.get_by_label("办理步骤").select_option(label="受理")
    page.get_by_role("button", name="提交").click()
    page.get_by_text("已受理").first.wait_for()

    page.get_by_label("办理步骤").select_option(label="答复")
    page.get_by_label("理由 / 答复 / 说明").fill("已告知可申请人民调解。")
    page.get_by_role("button", name="提交").click()
    page.get_by_text("已办结").first.wait_for()

    case.refresh_from_db()
    assert case.status == "resolved"
    assert list(case.events.values_list("action", flat=True)) == ["create", "accept", "answer"]
    # Large-text mode (L2) is one click and sticks.
    page.get_by_role("button", name="大字模式").click()
    assert page.evaluate("document.documentElement.getAttribute('data-large-text')") == "1"
