"""axe-core on the public 事项清单 page (G3; L1, L11): no serious or critical WCAG 2.1 AA violation on a 360-px phone,
in normal and in large-text (适老化) mode, and nothing scrolls sideways."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest

from fawang.accounts.models import User
from fawang.catalogue.demo import catalogue_demo_build
from fawang.conftest import County
from fawang.portal.tests.axe import axe_violations

pytestmark = [pytest.mark.browser, pytest.mark.usefixtures("flushable_db")]


@pytest.fixture
def phone(browser: Any) -> Iterator[Any]:
    """A 360-px phone page that may inject axe-core despite the site's CSP; test-only."""
    context = browser.new_context(locale="zh-CN", viewport={"width": 360, "height": 780}, bypass_csp=True)
    yield context.new_page()
    context.close()


def test_the_public_catalogue_passes_axe(
    live_server: Any, phone: Any, personas: dict[str, User], county: County
) -> None:
    catalogue_demo_build(actor=personas["province_supervisor"], province=county.province)
    phone.goto(f"{live_server.url}/services/")
    phone.wait_for_load_state("networkidle")
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
