"""The service guide in Chromium (X5; L1, L9, L11): a citizen on a 360-px phone answers two questions by tapping
plain links, reaches the mediation form with the path carried along, and every screen passes axe-core in normal and
large-text mode with nothing scrolling sideways. The public 12348 page (L3) is checked the same way."""

from __future__ import annotations

from typing import Any
from urllib.parse import parse_qs, urlsplit

import pytest

from fawang.portal.tests.axe import axe_failures_at_both_text_sizes

pytestmark = [pytest.mark.browser, pytest.mark.usefixtures("flushable_db")]


def test_a_citizen_is_guided_to_mediation(live_server: Any, axe_page: Any) -> None:
    page = axe_page
    failures: dict[str, Any] = {}

    def check(name: str) -> None:
        page.wait_for_load_state("networkidle")
        for mode, found in axe_failures_at_both_text_sizes(page).items():
            failures[f"{name} ({mode})"] = found

    page.goto(f"{live_server.url}/guide/")
    page.get_by_role("heading", name="您遇到了哪类事情？").wait_for()
    check("first question")
    page.get_by_role("link", name="和邻居、家人、物业或别人闹矛盾").click()
    page.get_by_role("heading", name="双方愿意坐下来商量吗？").wait_for()
    check("second question")
    page.get_by_role("link", name="愿意商量").click()
    page.get_by_role("heading", name="建议您申请人民调解").wait_for()
    assert "人民调解法第四条" in page.locator("main").inner_text()
    check("recommendation")
    page.get_by_role("link", name="上一步").click()  # back works without JavaScript
    page.get_by_role("heading", name="双方愿意坐下来商量吗？").wait_for()
    page.get_by_role("link", name="愿意商量").click()
    page.locator("main a.button").click()
    page.wait_for_url("**/apply/mediation/**")
    assert parse_qs(urlsplit(page.url).query)["triage"] == ["service_guide:1:dispute.willing"]
    # Not signed in: the path rides on the sign-in link's `next`, to reach the draft after login.
    assert "dispute.willing" in (page.get_by_role("link", name="登录后开始填写").get_attribute("href") or "")
    check("mediation form")
    page.goto(f"{live_server.url}/hotline/")
    assert page.get_by_role("link", name="一键拨打").first.get_attribute("href") == "tel:12348"
    check("hotline page")
    assert failures == {}
