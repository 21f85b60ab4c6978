from collections.abc import Iterator
from typing import Any

import pytest


@pytest.fixture
def axe_page(browser: Any) -> Iterator[Any]:  # noqa: F811  # the e2e browser fixture
    """A 360-px phone page that may inject axe-core despite the site's CSP (script-src 'self'); test-only."""
    context = browser.new_context(locale="zh-CN", viewport={"width": 360, "height": 780}, bypass_csp=True)
    yield context.new_page()
    context.close()
