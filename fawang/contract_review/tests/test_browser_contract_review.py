"""One contract review journey in Chromium (J10; L1, L11): a citizen pastes a lease on a 360-px phone, the report is
swapped in by htmx, then axe-core in normal and large-text mode, with nothing scrolling sideways."""

from __future__ import annotations

from typing import Any

import pytest

from fawang.contract_review.tests.samples import LEASE
from fawang.portal.tests.axe import axe_failures_at_both_text_sizes

pytestmark = [pytest.mark.browser, pytest.mark.usefixtures("flushable_db")]


def test_a_citizen_has_a_lease_reviewed(live_server: Any, axe_page: Any) -> None:
    axe_page.goto(f"{live_server.url}/tools/calculators/")
    axe_page.get_by_role("link", name="合同审查").first.click()
    axe_page.get_by_label("合同文字").fill(LEASE)
    axe_page.get_by_role("button", name="开始审查").click()
    axe_page.locator("#report").get_by_text("合同约定的租期是21年，超过了20年。").first.wait_for()
    assert axe_page.url.endswith("/tools/contract-review/")  # the report is shown on the same page
    assert "不构成律师意见" in axe_page.locator("#report").inner_text()
    assert axe_failures_at_both_text_sizes(axe_page) == {}
