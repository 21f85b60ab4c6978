"""L8 for public comment on drafts (Q1–Q6): after the language picker is set to English, the public list, a draft's
page with its comment form and the receipt, and the staff workbench page read in English, with dates in English;
the draft itself (title, articles) is data and stays as written. Without a choice the pages stay in Mandarin, and
an action taken in English still writes its audit record in Mandarin.

The English texts come from the compiled catalogue (`make locale`; `make test` compiles it first)."""

from __future__ import annotations

from datetime import date

import pytest
from django.test import Client
from django.utils import dateformat, translation
from django.utils.html import escape
from django.utils.translation import gettext

from fawang.accounts.models import User
from fawang.core.models import AuditEntry
from fawang.legislation.models import Draft
from fawang.legislation.tests.conftest import MakeDraft, client_for

pytestmark = pytest.mark.django_db


def english(msgid: str) -> str:
    """The English of an interface text, from whichever app's catalogue supplies it (several apps share texts),
    escaped as a page shows it."""
    with translation.override("en"):
        text = gettext(msgid)
    assert text != msgid, f"no English for {msgid}"
    return escape(text)


def english_date(day: date) -> str:
    with translation.override("en"):
        return dateformat.format(day, gettext("Y年n月j日"))


def _english(client: Client) -> Client:
    switched = client.post("/i18n/setlang/", {"language": "en", "next": "/legislation/"})
    assert (switched.status_code, switched["Location"]) == (302, "/legislation/")
    return client


def test_the_public_pages_stay_in_mandarin_by_default(anonymous_draft: Draft) -> None:
    page = Client().get(f"/legislation/{anonymous_draft.pk}/").content.decode()
    assert "征求意见时间：<strong>2026年3月2日 至 2026年4月1日</strong>（截止日当天仍可提交）" in page
    assert "Comment period" not in page


def test_a_comment_on_a_draft_in_english(anonymous_draft: Draft) -> None:
    client = _english(Client())
    index = client.get("/legislation/").content.decode()
    period = english("%(opens)s 至 %(closes)s") % {
        "opens": english_date(date(2026, 3, 2)),
        "closes": english_date(date(2026, 4, 1)),
    }
    assert "Each draft is open for comment for at least 30 days." in index
    assert f"<h1>{english('立法征求意见')}</h1>" in index
    assert english("征求意见时间：") + period in index
    assert english("正在征求意见") in index
    assert "立法征求意见" not in index
    assert "正在征求意见" not in index

    page = client.get(f"/legislation/{anonymous_draft.pk}/").content.decode()
    assert "甲县停车管理规定" in page  # the draft's own title is data
    assert f"<strong>{period}</strong>" in page
    assert "Comment on the whole draft" in page
    assert "Submit anonymously (no name or contact details)" in page
    for chinese in ("征求意见时间", "针对整份草案提意见", "匿名提交", "提交意见", "评论此条"):
        assert chinese not in page

    sent = client.post(
        f"/legislation/{anonymous_draft.pk}/comment/", {"body": "建议增加遛狗时段。", "anonymous": "on"}
    )
    receipt = sent.content.decode()
    assert sent.status_code == 201
    assert "Thank you, we have received your comment!" in receipt
    assert english("，匿名提交") in receipt
    assert "意见已收到" not in receipt


def test_the_staff_page_in_english_keeps_the_audit_record_in_mandarin(
    personas: dict[str, User], make_draft: MakeDraft
) -> None:
    draft = make_draft()
    client = _english(client_for(personas["admin"]))
    page = client.get(f"/work/legislation/{draft.pk}/").content.decode()
    assert english("起草中") in page
    assert english("发布征求意见") in page
    assert "Enter comments collected by contact points" in page
    assert "发布征求意见" not in page
    assert "起草中" not in page

    published = client.post(f"/work/legislation/{draft.pk}/act/", {"action": "publish"}, follow=True)
    assert english("已办理。") in published.content.decode()
    audit = AuditEntry.objects.filter(object_type="legislation.Draft", object_id=str(draft.pk)).latest("id")
    assert audit.summary == "发布征求意见：draft → published"
