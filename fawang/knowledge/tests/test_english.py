"""L8: statute search, smart consultation and the staff FAQ pages follow the interface language chosen with the
picker; Mandarin stays the default. Statute texts, FAQ answers and what is stored stay Chinese.

Needs the compiled catalogues (`make locale`, which `make test` runs).
"""

from __future__ import annotations

import pytest
from django.core import signing
from django.test import Client

from fawang.accounts.models import User
from fawang.conftest import County
from fawang.knowledge.category_labels import MARKED
from fawang.knowledge.engine.categories import CATEGORIES
from fawang.knowledge.tests.conftest import Corpus
from fawang.knowledge.tests.test_consult import token_of
from fawang.knowledge.views import TOKEN_SALT

pytestmark = pytest.mark.django_db


def english(client: Client | None = None) -> Client:
    client = client or Client()
    switched = client.post("/i18n/setlang/", {"language": "en", "next": "/knowledge/search"})
    assert switched.status_code == 302
    return client


def test_every_dispute_category_is_marked_for_translation() -> None:
    assert sorted(MARKED) == sorted(CATEGORIES)


def test_the_search_page_in_english(corpus: Corpus) -> None:
    body = english().get("/knowledge/search", {"q": "离婚诉讼", "all": "on"}).content.decode()
    assert '<html lang="en"' in body
    assert "<h1>Statute search</h1>" in body
    assert "related articles (most relevant first)." in body
    assert '<span class="badge">Law</span>' in body  # the level, a value of the statutes app
    assert "View full text" in body
    assert "中华人民共和国民法典 第一千零七十九条" in body  # law titles and snippets are data
    for chinese in ("法条检索", "条相关条文", "查看全文", "现行有效", "效力级别", "检索</button>"):
        assert chinese not in body


def test_the_smart_consultation_in_english_keeps_the_stored_category_chinese(
    corpus: Corpus, county: County, personas: dict[str, User]
) -> None:
    anonymous = english().get("/knowledge/ask", {"q": "离婚后孩子归谁抚养", "site": str(county.station_x.pk)})
    body = anonymous.content.decode()
    assert "<h1>Smart consultation</h1>" in body
    assert '<span class="badge">Marriage and family</span>' in body
    assert "Services you can turn to" in body
    assert "is not a lawyer&#x27;s opinion" in body
    assert "Sign in to ask a person" in body
    for chinese in ("智能咨询", "婚姻家庭", "不构成律师意见", "可以找的服务", "登录后转人工咨询", "找人帮忙"):
        assert chinese not in body
    citizen = Client()
    citizen.force_login(personas["citizen"])
    page = english(citizen).get(
        "/knowledge/ask", {"q": "离婚后孩子归谁抚养", "site": str(county.station_x.pk)}
    )
    shown = signing.loads(token_of(page.content.decode()), salt=TOKEN_SALT)["shown"]
    assert shown["category"] == "婚姻家庭"
    sent = citizen.post("/knowledge/ask/human", {"token": token_of(page.content.decode())}, follow=True)
    assert "Your question has been passed to a person; request number" in sent.content.decode()


def test_the_faq_pages_in_english(corpus: Corpus, personas: dict[str, User]) -> None:
    reviewer = personas["aid_reviewer"]
    client = Client()
    client.force_login(reviewer)
    english(client)
    form = client.get("/knowledge/faq/new").content.decode()
    assert "Dispute category" in form
    assert ">Marriage and family</option>" in form
    saved = client.post(
        "/knowledge/faq/new",
        {
            "question": "离婚要走什么程序",
            "answer": "可以依据《民法典》第一千零七十九条起诉；《民法典》第九千条不存在。",
            "category": "婚姻家庭",
            "owner": reviewer.pk,
            "review_due": "2027-11-26",
            "effective_from": "2026-11-26",
        },
        follow=True,
    )
    detail = saved.content.decode()
    assert "Saved, but some citations in the answer failed the check." in detail
    assert "<dt>Category</dt><dd>Marriage and family</dd>" in detail
    assert "Citation check (Citations need review," in detail
    assert "Article not found" in detail
    assert "离婚要走什么程序" in detail  # the FAQ itself is data
    for chinese in ("引用核查", "未找到该条文", "负责人", "生效期间", "婚姻家庭"):
        assert chinese not in detail
    listing = client.get("/knowledge/faq/").content.decode()
    assert "<h1>FAQ library</h1>" in listing
    assert "Citations need review" in listing
    assert "常见问题库" not in listing


def test_mandarin_stays_the_default(corpus: Corpus) -> None:
    body = Client().get("/knowledge/search", {"q": "离婚诉讼"}, HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "<h1>法条检索</h1>" in body
    assert "Statute search" not in body
