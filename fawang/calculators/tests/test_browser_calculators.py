"""One calculator journey in Chromium (J10; L1, L11): from the index to a litigation fee on a 360-px phone, the
result swapped in by htmx, then axe-core in normal and large-text mode, with nothing scrolling sideways."""

from __future__ import annotations

from typing import Any

import pytest

from fawang.portal.tests.axe import axe_failures_at_both_text_sizes

pytestmark = [pytest.mark.browser, pytest.mark.usefixtures("flushable_db")]


def test_a_citizen_works_out_a_litigation_fee(live_server: Any, axe_page: Any) -> None:
    axe_page.goto(f"{live_server.url}/tools/calculators/")
    axe_page.get_by_role("link", name="诉讼费用").click()
    axe_page.get_by_label("案件或申请类型").select_option("property")
    axe_page.get_by_label("金额（元）").fill("100000")
    axe_page.get_by_role("button", name="计算").click()
    axe_page.locator("#result").get_by_text("2,300.00元").first.wait_for()
    assert axe_page.url.endswith("/tools/calculators/litigation-fee/")  # the result is shown on the same page
    assert "不构成律师意见" in axe_page.locator("#result").inner_text()
    assert axe_failures_at_both_text_sizes(axe_page) == {}
