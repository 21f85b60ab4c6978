"""L8: the statute pages follow the interface language chosen with the picker; Mandarin stays the default.

The statute texts themselves are data and stay Chinese; only the interface around them is translated. Needs the
compiled catalogues (`make locale`, which `make test` runs).
"""

from __future__ import annotations

from pathlib import Path

import pytest
from django.template import Context, Template
from django.test import Client
from django.utils import translation

from fawang.statutes.models import Instrument
from fawang.statutes.services import instruments_import_lawrefbook

pytestmark = pytest.mark.django_db


@pytest.fixture
def corpus(lawrefbook_tree: Path) -> None:
    instruments_import_lawrefbook(root=lawrefbook_tree, actor="test")


@pytest.fixture
def english(client: Client) -> Client:
    switched = client.post("/i18n/setlang/", {"language": "en", "next": "/laws/"})
    assert switched.status_code == 302
    return client


def labor(current: bool = True) -> Instrument:
    return Instrument.objects.get(work_key="中华人民共和国劳动合同法", is_current=current)


def test_the_list_page_in_english(english: Client, corpus: None) -> None:
    body = english.get("/laws/", {"q": "劳动"}).content.decode()
    assert '<html lang="en"' in body
    assert "<h1>Laws and regulations</h1>" in body
    assert "1 law</p>" in body
    assert 'placeholder="e.g. Civil Code, Labor Contract Law"' in body
    assert "> Include historical versions</label>" in body
    assert "<td>Law</td>" in body
    assert "<td>In force</td>" in body
    assert "中华人民共和国劳动合同法" in body  # the title is data
    for chinese in ("法律法规库", "效力级别", "共 1 部", "含历史版本", "现行有效"):
        assert chinese not in body


def test_the_instrument_and_article_pages_in_english(english: Client, corpus: None) -> None:
    old = english.get(f"/laws/{labor(current=False).pk}/").content.decode()
    assert "This is a historical version (" in old
    assert f'<a href="/laws/{labor().pk}/">See the current version</a>' in old
    assert "<dt>Level</dt><dd>Law</dd>" in old
    assert "(this page)" in old
    for chinese in ("这是历史版本", "查看现行版本", "效力级别", "本页", "条文数"):
        assert chinese not in old
    article = english.get(f"/laws/{labor().pk}/articles/47-1/").content.decode()
    assert "View in the full text" in article
    assert "测试用的之一条。" in article  # the article text is data
    assert "在全文中查看" not in article


def test_citation_flags_are_translated_on_pages_but_not_in_the_api(corpus: None) -> None:
    template = Template("{% load statute_tags %}{{ text|link_citations }}")
    with translation.override("en"):
        rendered = template.render(Context({"text": "婚姻法第三条"}))
    assert 'title="Law or regulation not found"' in rendered


def test_mandarin_stays_the_default(client: Client, corpus: None) -> None:
    body = client.get("/laws/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "<h1>法律法规库</h1>" in body
    assert "共 4 部" in body
    assert "Laws and regulations" not in body
