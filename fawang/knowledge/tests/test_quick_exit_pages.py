"""Public pages about domestic violence carry the quick exit and leave no trace (M14): the smart consultation, the
statute search, the statute pages and legal-education lessons, recognised by their own text (core/sensitive.py)."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest
from django.test import Client
from pytest_django.fixtures import Settings

from fawang.accounts.models import User
from fawang.education.models import Topic
from fawang.education.services import lesson_article_create, lesson_article_publish, lesson_article_submit
from fawang.knowledge.tests.conftest import Corpus, InstrumentSpec, instrument_create
from fawang.statutes.models import Instrument

EXIT = "http://neutral.test/weather/"
DV_QUESTION = "丈夫喝酒后经常打我，怎么申请人身安全保护令？"


@pytest.fixture(autouse=True)
def _exit_url(settings: Settings) -> None:
    settings.FAWANG_QUICK_EXIT_URL = EXIT


@pytest.fixture
def dv_law(corpus: Corpus) -> Instrument:
    return instrument_create(
        InstrumentSpec(
            "中华人民共和国反家庭暴力法",
            "反家庭暴力法",
            (
                (
                    23,
                    "第二十三条",
                    "当事人因遭受家庭暴力或者面临家庭暴力的现实危险，向人民法院申请人身安全保护令的，人民法院应当受理。",
                ),
            ),
            published=date(2015, 12, 27),
        )
    )


def _has_quick_exit(response: Any) -> bool:
    return f'<a id="quick-exit" class="quick-exit" href="{EXIT}"' in response.content.decode()


def _protected(response: Any) -> bool:
    """The button, no copy in any cache, and the URL kept out of the history."""
    no_trace = "no-store" in response.get("Cache-Control", "") and response.get("HX-Push-Url") == "false"
    return _has_quick_exit(response) and no_trace


def test_consultation_about_domestic_violence(dv_law: Instrument) -> None:
    """M14: the answer page and the htmx answer carry the button; the question stays out of caches and history."""
    client = Client()
    page = client.get("/knowledge/ask", {"q": DV_QUESTION})
    assert page.status_code == 200
    assert _protected(page)
    swapped = client.get("/knowledge/ask", {"q": DV_QUESTION}, headers={"HX-Request": "true"})
    assert _protected(swapped)
    assert (
        "/static/portal/quick-exit.js" in client.get("/knowledge/ask").content.decode()
    )  # listens for swaps


def test_consultation_on_another_matter_is_unchanged(dv_law: Instrument) -> None:
    client = Client()
    for response in (
        client.get("/knowledge/ask", {"q": "同事借我钱不还怎么办"}),
        client.get("/knowledge/ask", {"q": "同事借我钱不还怎么办"}, headers={"HX-Request": "true"}),
        client.get("/knowledge/ask"),
    ):
        assert response.status_code == 200
        assert not _has_quick_exit(response)
        assert "HX-Push-Url" not in response


def test_statute_search_for_domestic_violence(dv_law: Instrument) -> None:
    client = Client()
    found = client.get("/knowledge/search", {"q": "家庭暴力"}, headers={"HX-Request": "true"})
    assert "反家庭暴力法" in found.content.decode()
    assert _protected(found)
    other = client.get("/knowledge/search", {"q": "借款"})
    assert other.status_code == 200
    assert not _has_quick_exit(other)


def test_statute_pages(dv_law: Instrument, corpus: Corpus) -> None:
    """M14: the 反家庭暴力法 and its articles; a Civil Code article on loans is not affected."""
    client = Client()
    whole = client.get(f"/laws/{dv_law.pk}/")
    article = client.get(f"/laws/{dv_law.pk}/articles/第二十三条/")
    assert whole.status_code == article.status_code == 200
    assert _protected(whole)
    assert _protected(article)
    loan = client.get(f"/laws/{corpus.civil.pk}/articles/第六百六十七条/")
    assert loan.status_code == 200
    assert not _has_quick_exit(loan)


def test_lesson_on_protection_orders(personas: dict[str, User]) -> None:
    topic = Topic.objects.create(name="婚姻家庭")
    lessons = {}
    for title, body in (
        ("遭遇家暴怎么办", "可以报警，也可以向人民法院申请人身安全保护令。"),
        ("拖欠工资怎么办", "可以先协商，再申请劳动仲裁。"),
    ):
        draft = lesson_article_create(
            actor=personas["admin"],
            title=title,
            summary="三步",
            body=body,
            topic=topic,
            audiences=["general"],
        )
        lesson_article_submit(actor=personas["admin"], article=draft)
        lessons[title] = lesson_article_publish(actor=personas["aid_reviewer"], article=draft)
    client = Client()
    dv = client.get(f"/learn/articles/{lessons['遭遇家暴怎么办'].pk}/")
    wages = client.get(f"/learn/articles/{lessons['拖欠工资怎么办'].pk}/")
    assert dv.status_code == wages.status_code == 200
    assert _protected(dv)
    assert not _has_quick_exit(wages)
