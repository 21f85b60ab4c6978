"""L8 for the financial hardship standards editor (C3): after the language picker is set to English, the list of
standards and the editor read in English, parameters and their sources included; the standards' own texts (their
instruments and sources) are data and stay as published. Without a choice the pages stay in Mandarin.

The English texts come from the compiled catalogue (`make locale`; `make test` compiles it first)."""

from __future__ import annotations

import pytest
from django.test import Client
from django.utils import translation
from django.utils.html import escape
from django.utils.translation import gettext

from fawang.accounts.models import User

pytestmark = pytest.mark.django_db
LIST = "/work/legal-aid/standards/"


def english(msgid: str) -> str:
    """The English of an interface text, from whichever app's catalogue supplies it (several apps share texts),
    escaped as a page shows it."""
    with translation.override("en"):
        text = gettext(msgid)
    assert text != msgid, f"no English for {msgid}"
    return escape(text)


def _admin(personas: dict[str, User], *, english: bool) -> Client:
    client = Client()
    client.force_login(personas["admin"])
    if english:
        switched = client.post("/i18n/setlang/", {"language": "en", "next": LIST})
        assert (switched.status_code, switched["Location"]) == (302, LIST)
    return client


def test_the_standards_in_mandarin_by_default(personas: dict[str, User]) -> None:
    page = _admin(personas, english=False).get(LIST).content.decode()
    assert "<h1>法律援助经济困难标准</h1>" in page
    assert "Financial hardship standards" not in page


def test_the_standards_and_the_editor_in_english(personas: dict[str, User]) -> None:
    client = _admin(personas, english=True)
    page = client.get(LIST).content.decode()
    assert english("法律援助经济困难标准") in page
    assert "(Legal Aid Law, Art. 34; Legal Aid Regulations, Art. 13)" in page
    assert english("随系统发布（规则文件）") in page  # StandardOrigin label
    for chinese in ("<h1>法律援助经济困难标准</h1>", "随系统发布", "施行日期", "新增标准"):
        assert chinese not in page
    assert "江苏省法律援助经济困难标准" in page  # a standard's instrument is data

    editor = client.get("/work/legal-aid/standards/new/").content.decode()
    assert english("新增经济困难标准") in editor
    assert english("固定数额（如上海）") in editor
    assert f"<legend>{english('标准数额（元/月，固定数额）')}</legend>" in editor
    assert f">{english('来源')}</label>" in editor
    for chinese in ("新增经济困难标准", "固定数额", "的来源", "录入或修改理由"):
        assert chinese not in editor
