"""One calculator journey in Chromium (J10; L1, L11): from the index to a litigation fee on a 360-px phone, the
result swapped in by htmx, then axe-core in normal and large-text mode, with nothing scrolling sideways."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest

from fawang.portal.tests.axe import axe_violations

pytestmark = [pytest.mark.browser, pytest.mark.usefixtures("flushable_db")]


@pytest.fixture
def phone(browser: Any) -> Iterator[Any]:
    """A 360-px phone page that may inject axe-core despite the site's CSP; test-only."""
    context = browser.new_context(locale="zh-CN", viewport={"width": 360, "height": 780}, bypass_csp=True)
    yield context.new_page()
    context.close()


def test_a_citizen_works_out_a_litigation_fee(live_server: Any, phone: Any) -> None:
    phone.goto(f"{live_server.url}/tools/calculators/")
    phone.get_by_role("link", name="诉讼费用").click()
    phone.get_by_label("案件或申请类型").select_option("property")
    phone.get_by_label("金额（元）").fill("100000")
    phone.get_by_role("button", name="计算").click()
    phone.locator("#result").get_by_text("2,300.00元").first.wait_for()
    assert phone.url.endswith("/tools/calculators/litigation-fee/")  # the result is shown on the same page
    assert "不构成律师意见" in phone.locator("#result").inner_text()
    failures: dict[str, Any] = {}
    for mode in ("0", "1"):
        phone.evaluate(f"document.documentElement.setAttribute('data-large-text', '{mode}')")
        found = axe_violations(phone)
        overflow = phone.evaluate("document.documentElement.scrollWidth - window.innerWidth")
        if overflow > 0:
            found.append({"id": "horizontal-scroll", "impact": "serious", "help": f"{overflow}px too wide"})
        if found:
            failures[f"large={mode}"] = found
    assert failures == {}
