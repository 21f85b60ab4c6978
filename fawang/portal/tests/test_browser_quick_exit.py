"""快速离开 in a real browser (M14): the button and Esc Esc replace the sensitive page, and Back does not return to
it. The exit URL is a local page here, so the test never reaches the internet."""

from __future__ import annotations

from typing import Any

import pytest

pytestmark = [pytest.mark.browser, pytest.mark.usefixtures("flushable_db")]


@pytest.fixture
def exit_url(live_server: Any, settings: Any) -> str:
    settings.FAWANG_QUICK_EXIT_URL = f"{live_server.url}/privacy/"
    return str(settings.FAWANG_QUICK_EXIT_URL)


def test_quick_exit_button_leaves_and_back_does_not_return(
    live_server: Any, page: Any, exit_url: str
) -> None:
    """M14: one tap on the large button; the legal-aid page is gone from the tab's history."""
    page.goto(f"{live_server.url}/apply/")
    page.goto(f"{live_server.url}/apply/legal-aid/")
    button = page.get_by_role("link", name="快速离开")
    assert button.is_visible()
    box = button.bounding_box()
    assert box["height"] >= 44  # a large target (适老化)
    button.click()
    page.wait_for_url(exit_url)
    page.go_back()
    page.wait_for_load_state()
    assert page.url == f"{live_server.url}/apply/"


def test_escape_twice_leaves(live_server: Any, page: Any, exit_url: str) -> None:
    """M14: Esc pressed twice quickly does the same; once alone does nothing."""
    page.goto(f"{live_server.url}/apply/legal-aid/")
    page.keyboard.press("Escape")
    page.wait_for_timeout(1200)
    page.keyboard.press("Escape")
    assert page.url == f"{live_server.url}/apply/legal-aid/"
    page.keyboard.press("Escape")
    page.wait_for_url(exit_url)


def test_consultation_about_domestic_violence_brings_the_button(
    live_server: Any, page: Any, exit_url: str
) -> None:
    """M14: the smart consultation answers in place (htmx); an answer to a question about domestic violence brings
    the button, the question is not written into the tab's history, and the button leaves."""
    page.goto(f"{live_server.url}/")
    page.goto(f"{live_server.url}/knowledge/ask")
    assert page.get_by_role("link", name="快速离开").count() == 0
    page.get_by_label("请描述您遇到的问题").fill("丈夫喝酒后经常打我，怎么申请人身安全保护令？")
    page.get_by_role("button", name="提问").click()
    button = page.get_by_role("link", name="快速离开")
    button.wait_for()
    assert page.url == f"{live_server.url}/knowledge/ask"  # HX-Push-Url: false
    button.click()
    page.wait_for_url(exit_url)
    page.go_back()
    page.wait_for_load_state()
    assert page.url == f"{live_server.url}/"
