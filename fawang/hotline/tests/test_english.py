"""L8: the 12348 agent console, the service-level page and the hours page in English once the user picks English in
the language picker; Mandarin stays the default. Through the Django test client (the catalogues must be compiled:
`make locale`, which `make test` runs)."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.test import Client

from fawang.accounts.models import User
from fawang.core import clock
from fawang.hotline.models import HotlineCentre, Seat
from fawang.hotline.tests.conftest import PostEvent

pytestmark = pytest.mark.django_db


def _client(user: User, *, english: bool) -> Client:
    client = Client()
    client.force_login(user)
    if english:
        assert client.post("/i18n/setlang/", {"language": "en", "next": "/"}).status_code == 302
    return client


def _console_with_a_call(client: Client, centre: HotlineCentre, post_event: PostEvent) -> str:
    seat = Seat.objects.get(centre=centre, code="S01")
    assert client.post("/work/hotline/seat/", {"seat": seat.pk}).status_code == 302
    start = clock.now() - timedelta(seconds=40)
    post_event("C-EN-1", "queued", start, caller="13800005678")
    post_event("C-EN-1", "ringing", start + timedelta(seconds=3), seat="S01", caller="13800005678")
    post_event("C-EN-1", "answered", start + timedelta(seconds=6), seat="S01")
    return client.get("/work/hotline/").content.decode()


def test_the_console_in_english(centre: HotlineCentre, operator: User, post_event: PostEvent) -> None:
    client = _client(operator, english=True)
    page = _console_with_a_call(client, centre, post_event)
    for english in (
        "12348 agent console",
        "Callback queue",
        "Signed in at seat",
        "Caller information",
        "What the caller says (saved automatically)",
        "Search statutes and Q&A",
        "Registration and handling",
        "Contact type (A3)",
        "Summary of the matter",
        "Talking",  # CallState label (get_state_display)
        "Consultation",  # ContactType choice
    ):
        assert english in page, english
    for chinese in ("坐席工作台", "回拨队列", "来电人信息", "通话记录", "登记与处理", "事项摘要", "通话中"):
        assert chinese not in page, chinese


def test_the_service_levels_and_hours_pages_in_english(
    centre: HotlineCentre, personas: dict[str, User]
) -> None:
    client = _client(personas["county_supervisor"], english=True)
    levels = client.get("/work/hotline/levels/").content.decode()
    assert "12348 hotline service levels" in levels
    assert "Answer rate (≥95%)" in levels
    assert "By seat" in levels
    assert "Staffed 24/7" in levels
    assert "接通率" not in levels
    assert "按坐席" not in levels
    hours = client.get("/work/hotline/hours/").content.decode()
    assert "Weekly staffed hours" in hours
    assert ">Mon<" in hours
    assert "Automatic answer and take messages (reply within 3 working days)" in hours
    assert "人工服务时间" not in hours
    assert "周一" not in hours


def test_mandarin_stays_the_default(centre: HotlineCentre, operator: User, post_event: PostEvent) -> None:
    page = _console_with_a_call(_client(operator, english=False), centre, post_event)
    assert "12348坐席工作台" in page
    assert "来电人信息" in page
    assert "12348 agent console" not in page
