"""axe-core on the public 普法 pages (P2-P4; L1, L11): no serious or critical WCAG 2.1 AA violation on a 360-px
phone, in normal and in large-text (适老化) mode, and nothing scrolls sideways."""

from __future__ import annotations

from typing import Any

import pytest

from fawang.accounts.models import User
from fawang.conftest import County
from fawang.core import clock
from fawang.education.culture.services import SiteDetails, culture_site_create
from fawang.education.tests.helpers import event, published_course
from fawang.portal.tests.axe import axe_failures_at_both_text_sizes

pytestmark = [pytest.mark.browser, pytest.mark.usefixtures("flushable_db")]


def test_public_education_pages_pass_axe(
    live_server: Any, axe_page: Any, personas: dict[str, User], county: County
) -> None:
    from datetime import timedelta

    course = published_course(personas)
    event(personas["admin"], county.town_x, clock.now() + timedelta(days=3), title="法律进校园")
    culture_site_create(
        actor=personas["admin"],
        details=SiteDetails(
            name="东镇法治文化广场",
            kind="square",
            region=county.town_x,
            address="人民路1号",
            opening_hours="全天",
        ),
    )
    failures = {}
    for path in (
        "/learn/",
        "/learn/courses/",
        f"/learn/courses/{course.pk}/",
        "/learn/events/",
        "/learn/culture-sites/",
    ):
        axe_page.goto(f"{live_server.url}{path}")
        axe_page.wait_for_load_state("networkidle")
        found = axe_failures_at_both_text_sizes(axe_page)
        if found:
            failures[path] = found
    assert failures == {}
