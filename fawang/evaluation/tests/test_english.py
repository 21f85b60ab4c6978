"""L8 for 好差评 and complaints: after the language picker is set to English, the citizen's rating page, the
complaint form and the rectification page read in English (levels, channels and states included); without a choice
they stay in Mandarin. (That a rating made in English still goes upstream in Mandarin is exchange's test, K11.)

The English texts come from the compiled catalogue (`make locale`; `make test` compiles it first)."""

from __future__ import annotations

import pytest
from django.test import Client
from django.utils import translation
from django.utils.html import escape
from django.utils.translation import gettext

from fawang.accounts.models import User
from fawang.evaluation.models import Rectification
from fawang.evaluation.tests.conftest import FinishedCase

pytestmark = pytest.mark.django_db


def english(msgid: str) -> str:
    """The English of an interface text, from whichever app's catalogue supplies it (several apps share texts),
    escaped as a page shows it."""
    with translation.override("en"):
        text = gettext(msgid)
    assert text != msgid, f"no English for {msgid}"
    return escape(text)


def _login(user: User, *, english: bool = True) -> Client:
    client = Client()
    client.force_login(user)
    if english:
        switched = client.post("/i18n/setlang/", {"language": "en", "next": "/work/"})
        assert (switched.status_code, switched["Location"]) == (302, "/work/")
    return client


def test_the_rating_page_in_mandarin_by_default(
    finished_case: FinishedCase, personas: dict[str, User]
) -> None:
    case = finished_case()
    page = _login(personas["citizen"], english=False).get(f"/work/evaluation/rate/{case.reference}/")
    body = page.content.decode()
    assert "评价自愿，不评价不影响办理。" in body
    assert "非常满意" in body
    assert "Service rating" not in body


def test_a_bad_rating_and_its_rectification_in_english(
    finished_case: FinishedCase, personas: dict[str, User]
) -> None:
    case = finished_case()
    citizen = _login(personas["citizen"])
    page = citizen.get(f"/work/evaluation/rate/{case.reference}/").content.decode()
    assert "How would you rate this service?" in page
    assert english("非常不满意") in page
    assert "Rating is voluntary and does not affect how your matter is handled." in page
    for chinese in ("服务评价", "非常不满意", "评价自愿", "提交评价"):
        assert chinese not in page

    rated = citizen.post(
        f"/work/evaluation/rate/{case.reference}/", {"level": "2", "comment": "态度不好"}, follow=True
    )
    assert english("感谢您的评价。") in rated.content.decode()

    rect = Rectification.objects.get()
    clerk = _login(personas["clerk_x"])
    page = clerk.get(f"/work/evaluation/rectifications/{rect.pk}/").content.decode()
    assert english("差评整改") in page
    assert english("待整改") in page
    assert english("不满意") in page
    assert english("限期整改（列入整改台账）") in page
    for chinese in ("差评整改", "待整改", "责任单位", "限期整改"):
        assert chinese not in page
    assert "态度不好" in page  # the rater's own words are data


def test_the_complaint_form_in_english(personas: dict[str, User]) -> None:
    page = _login(personas["window_clerk"]).get("/work/evaluation/complaints/new/").content.decode()
    assert english("投诉建议") in page
    assert english("调解员偏袒一方当事人（人民调解法第15条）") in page
    assert "投诉建议" not in page
    assert "调解员偏袒一方当事人" not in page
