"""axe-core on the public 事项清单 page (G3; L1, L11): no serious or critical WCAG 2.1 AA violation on a 360-px phone,
in normal and in large-text (适老化) mode, and nothing scrolls sideways."""

from __future__ import annotations

from typing import Any

import pytest

from fawang.accounts.models import User
from fawang.catalogue.demo import catalogue_demo_build
from fawang.conftest import County
from fawang.portal.tests.axe import axe_failures_at_both_text_sizes

pytestmark = [pytest.mark.browser, pytest.mark.usefixtures("flushable_db")]


def test_the_public_catalogue_passes_axe(
    live_server: Any, axe_page: Any, personas: dict[str, User], county: County
) -> None:
    catalogue_demo_build(actor=personas["province_supervisor"], province=county.province)
    axe_page.goto(f"{live_server.url}/services/")
    axe_page.wait_for_load_state("networkidle")
    assert axe_failures_at_both_text_sizes(axe_page) == {}
