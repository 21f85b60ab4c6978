"""L3, C17: the public 12348 page, through the real HTTP interface.

The hotline's accessible functions are rolled out by Config (`FAWANG_HOTLINE_ACCESSIBILITY`). The page offers the
ones switched on: one-touch call, large text and braille-friendly text. Voice is described only when the call
centre has it. A misspelt code stops start-up (hotline.E001).
"""

from __future__ import annotations

import re
from datetime import time
from typing import Any

import pytest
from django.core.management import call_command
from django.core.management.base import SystemCheckError
from django.test import Client

from fawang.accounts.models import User
from fawang.hotline.accessibility import hotline_access_check
from fawang.hotline.hours import Span
from fawang.hotline.models import HotlineCentre
from fawang.hotline.services.centre import centre_hours_set

pytestmark = pytest.mark.django_db


def _page(client: Client | None = None) -> str:
    response = (client or Client()).get("/hotline/")
    assert response.status_code == 200
    return response.content.decode()


def test_default_rollout_gives_a_one_touch_call_in_large_text_without_images() -> None:
    # L3: one-touch call, large text and braille-friendly are on by default; anyone may open the page.
    page = _page()
    assert 'href="tel:12348"' in page
    # Read digit by digit on a braille display; the visible text stays in the accessible name (WCAG 2.5.3).
    assert (
        '一键拨打 <span aria-hidden="true">12348</span><span class="visually-hidden">1 2 3 4 8</span></a>'
        in page
    )
    assert 'class="hotline-public large"' in page
    assert "<img" not in page
    for label in ("一键拨打", "大字版", "读屏软件和盲文点显器友好"):
        assert f"<dt>{label}</dt>" in page
    assert "语音导航和语音播报" not in page  # voice needs the call centre's telephone system
    # Never phone-only (L4): the page names the in-person and online alternatives.
    assert "公共法律服务中心" in page
    assert 'href="/knowledge/ask"' in page


def test_the_portal_home_leads_to_the_page() -> None:
    # C17: the online channel points elderly and disabled people to the hotline's accessible functions.
    assert 'href="/hotline/"' in Client().get("/").content.decode()


def test_functions_follow_the_rollout(settings: Any) -> None:
    # L3: Config decides which functions the page offers, rolled out over time.
    settings.FAWANG_HOTLINE_ACCESSIBILITY = ["voice"]
    page = _page()
    assert "<dt>语音导航和语音播报</dt>" in page
    assert 'href="tel:' not in page
    assert '<span class="visually-hidden">1 2 3 4 8</span>' in page  # still given, spaced for screen readers
    assert 'class="hotline-public"' in page
    settings.FAWANG_HOTLINE_ACCESSIBILITY = []
    assert "暂未开通。" in _page()


def test_published_hours_of_each_centre(centre: HotlineCentre, personas: dict[str, User]) -> None:
    # B2's published hours, with the centre's name; a centre with no rows answers 7×24.
    assert "甲县12348热线：7×24小时人工服务" in _page()
    centre_hours_set(
        actor=personas["admin"],
        centre=centre,
        spans=[Span(0, time(8, 30), time(17, 30))],
        out_of_hours_mode="message",
        out_of_hours_prompt="",
        note="试行",
    )
    assert re.search(r"甲县12348热线：周一 08:30-17:30", _page())


def test_the_page_in_english() -> None:
    # L8: the page follows the language picker; the number stays a number.
    client = Client()
    assert client.post("/i18n/setlang/", {"language": "en", "next": "/"}).status_code == 302
    page = _page(client)
    assert "12348 public legal service hotline" in page
    assert 'Call <span aria-hidden="true">12348</span><span class="visually-hidden">1 2 3 4 8</span>' in page


def test_refused_methods_change_nothing() -> None:
    assert Client().post("/hotline/").status_code == 405


def test_a_misspelt_function_fails_the_system_check(settings: Any) -> None:
    settings.FAWANG_HOTLINE_ACCESSIBILITY = ["one_touch_call", "brail"]
    [error] = hotline_access_check()
    assert error.id == "hotline.E001"
    assert "brail" in error.msg
    with pytest.raises(SystemCheckError):
        call_command("check")
