"""L8 on the kiosk (G10): the touch screen and its staff pages switch to English through the language picker, a
legal-aid pre-application runs in English from the first screen to the receipt, 结束并清除 puts the screen back in
Mandarin for the next person, and without a choice everything stays in Mandarin.

The English texts come from the compiled catalogue (`make locale`; `make test` compiles it first)."""

from __future__ import annotations

import pytest
from django.test import Client
from django.utils import translation
from django.utils.html import escape
from django.utils.translation import gettext

from fawang.accounts.models import User
from fawang.kiosk.tests.conftest import KioskSetup, Screen
from fawang.kiosk.tests.test_journeys import submit_aid

pytestmark = pytest.mark.django_db


def english(msgid: str) -> str:
    """The English of an interface text, from whichever app's catalogue supplies it (several apps share texts),
    escaped as a page shows it."""
    with translation.override("en"):
        text = gettext(msgid)
    assert text != msgid, f"no English for {msgid}"
    return escape(text)


def _english(client: Client, next_url: str = "/kiosk/") -> None:
    switched = client.post("/i18n/setlang/", {"language": "en", "next": next_url})
    assert (switched.status_code, switched["Location"]) == (302, next_url)


def test_the_kiosk_home_in_mandarin_by_default_with_a_one_tap_english_button(screen: Screen) -> None:
    body = screen.get("/kiosk/").content.decode()
    assert '<html lang="zh-CN"' in body
    assert "您好！请选择要办理的事情" in body
    assert (
        '<button type="submit" class="kiosk-tool" name="language" value="en" lang="en">English</button>'
        in body
    )
    assert "Hello! What would you like to do?" not in body


def test_a_legal_aid_pre_application_in_english_then_the_next_person_starts_in_mandarin(
    screen: Screen,
) -> None:
    _english(screen.client)
    home = screen.get("/kiosk/").content.decode()
    assert '<html lang="en"' in home
    assert "Hello! What would you like to do?" in home
    assert english("法律援助预申请") in home
    assert "End and clear" in home
    for chinese in ("您好！请选择要办理的事情", "法律援助预申请", "结束并清除", "查询办理进度"):
        assert chinese not in home

    assert screen.get("/kiosk/j/aid/").status_code == 302
    step = screen.get("/kiosk/j/aid/matter/").content.decode()
    assert english("第 %(number)s 步，共 %(total)s 步") % {"number": 1, "total": 7} in step
    assert "What kind of matter is it?" in step
    assert "第 1 步" not in step

    assert submit_aid(screen).status_code == 302
    receipt = screen.get("/kiosk/receipt/").content.decode()
    assert "Self-service kiosk receipt" in receipt
    assert f"<dt>{english('申请人')}</dt><dd>陈**</dd>" in receipt  # the typed name is data: masked
    assert f"<dd>{english('法律援助预申请')}</dd>" in receipt
    assert english("打印回执") in receipt
    for chinese in ("自助终端受理回执", "申请人", "打印回执", "事项编号"):
        assert chinese not in receipt

    ended = screen.client.post("/kiosk/end/")
    assert ended.cookies["django_language"]["max-age"] == 0
    after = screen.get("/kiosk/?cleared=1").content.decode()
    assert "您填写的内容已全部清除" in after
    assert "Hello! What would you like to do?" not in after


def test_kiosk_management_in_english(station_kiosk: KioskSetup, personas: dict[str, User]) -> None:
    client = Client()
    client.force_login(personas["county_supervisor"])
    _english(client, "/work/kiosks/")
    listing = client.get("/work/kiosks/").content.decode()
    assert "Kiosks in this jurisdiction (1)" in listing
    assert "Register and generate a pairing code" in listing
    assert "自助终端管理" not in listing
    assert "登记新终端" not in listing
    detail = client.get(f"/work/kiosks/{station_kiosk.kiosk.pk}/").content.decode()
    assert "Re-issue token" in detail
    assert "重新签发令牌" not in detail
