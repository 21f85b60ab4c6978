"""L8 for the citizen portal: after the language picker is set to English, the home page, the application hub,
the directory and a citizen's own pages (their requests, a guided application with its form labels and the quick-exit
button's screen-reader label) read in English; without a choice they stay in Mandarin. People's and places' names,
case titles and other apps' texts are data here and are not asserted.

The English texts come from the compiled catalogue (`make locale`; `make test` compiles it first)."""

from __future__ import annotations

import pytest
from django.test import Client
from django.utils import translation
from django.utils.translation import gettext

from fawang.accounts.models import User
from fawang.conftest import County
from fawang.portal.tests.apply_helpers import open_draft

pytestmark = pytest.mark.django_db


def english(msgid: str) -> str:
    """The English of an interface text, as a page shows a marked literal (not escaped: the catalogue is trusted)."""
    with translation.override("en"):
        text = gettext(msgid)
    assert text != msgid, f"no English for {msgid}"
    return text


def _in_english(client: Client) -> Client:
    switched = client.post("/i18n/setlang/", {"language": "en", "next": "/"})
    assert (switched.status_code, switched["Location"]) == (302, "/")
    return client


def _citizen(personas: dict[str, User]) -> Client:
    client = Client()
    client.force_login(personas["citizen"])
    return client


def test_the_portal_opens_in_mandarin() -> None:
    page = Client().get("/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "<h1>您好，有什么可以帮您？</h1>" in page
    assert ">我要申请</a>" in page
    assert "Hello, how can we help you?" not in page


def test_home_apply_and_directory_in_english(county: County) -> None:
    client = _in_english(Client())
    home = client.get("/").content.decode()
    assert "<h1>Hello, how can we help you?</h1>" in home
    assert f"<h2>{english('找服务')}</h2>" in home
    assert f"<h2>{english('立法征求意见')}</h2>" in home
    for chinese in ("您好", "我要申请", "找服务", "法律计算器", "投诉建议"):
        assert chinese not in home

    hub = client.get("/apply/").content.decode()
    assert f"<h2>{english('人民调解')}</h2>" in hub
    assert english("经济困难或符合法定条件的，可以免费获得律师帮助。先做一次资格自测。") in hub
    assert english("回答几个简单问题，帮您找到") in hub  # X5: the service guide, for the undecided
    for chinese in ("选择您要办理的事项", "预约律师", "免费调解", "不知道该办哪项"):
        assert chinese not in hub

    directory = client.get("/directory/", {"q": "律师"}).content.decode()  # the county's lawyers
    assert f">{english('乡镇（街道）')}</label>" in directory
    assert f'placeholder="{english("如：公证处、律师姓名")}"' in directory
    assert english("诚信记录：公示期内无处罚或处分") in directory
    for chinese in ("关键词", "乡镇（街道）", "服务站点（", "没有符合条件的", "诚信记录"):
        assert chinese not in directory


def test_a_citizens_own_pages_in_english(personas: dict[str, User]) -> None:
    client = _in_english(_citizen(personas))
    mine = client.get("/me/").content.decode()
    assert f"<h1>{english('我的事项')}</h1>" in mine
    assert english("已提交的事项") in mine
    assert "您还没有提交过事项" not in mine

    start = client.get("/apply/legal-aid/").content.decode()
    assert f"<h1>{english('申请法律援助')}</h1>" in start  # the flow's title, translated where it is shown
    assert f"<li>{english('家庭经济情况')}</li>" in start
    assert (
        english("快速离开：立即离开本页，打开一个与本站无关的网站（也可连按两次 Esc 键）") in start
    )  # aria-label
    for chinese in ("申请法律援助", "要填写的内容", "快速离开", "登录后开始填写"):
        assert chinese not in start

    draft = open_draft(client, "legal-aid")
    step = client.get(f"/apply/drafts/{draft.token}/identity/").content.decode()
    assert english("第 %(index)s 步，共 %(total)s 步") % {"index": 1, "total": 7} in step
    assert english("姓名（与身份证一致）") in step  # a form label
    assert english("（选填）") in step
    assert english("稍后再填") in step
    for chinese in ("您的基本信息", "姓名（与身份证一致）", "选填", "稍后再填", "保存，下一步"):
        assert chinese not in step


def test_the_picker_brings_mandarin_back(personas: dict[str, User]) -> None:
    client = _in_english(_citizen(personas))
    assert "Submitted requests" in client.get("/me/").content.decode()
    client.post("/i18n/setlang/", {"language": "zh-hans", "next": "/me/"})
    mine = client.get("/me/").content.decode()
    assert "<h2>已提交的事项</h2>" in mine
    assert "Submitted requests" not in mine
