"""Knowledge API: public, throttled, clear Chinese errors for bad input (J2, J4, J5, J8)."""

from __future__ import annotations

from datetime import date

import pytest
from django.core.cache import cache
from pytest_django.fixtures import Settings
from rest_framework.test import APIClient

from fawang.accounts.models import User
from fawang.cases.models import Case
from fawang.conftest import County
from fawang.knowledge.tests.conftest import CIVIL, LABOUR, Corpus
from fawang.knowledge.tests.factories import FaqItemFactory

pytestmark = pytest.mark.django_db


def test_search_returns_hits_with_permalinks(corpus: Corpus) -> None:
    response = APIClient().get("/api/v1/statutes/search", {"q": "申请支付令", "top_k": "1"})
    assert response.status_code == 200
    body = response.json()
    assert [(h["law"], h["article"]) for h in body] == [(LABOUR, "第三十条")]
    assert body[0]["url"] == f"/laws/{corpus.labour.pk}/articles/30/"
    assert body[0]["current"] is True
    assert set(body[0]) == {
        "article_id", "law", "short_title", "article", "snippet", "score", "level", "current", "status",
        "status_label", "instrument_id", "instrument_url", "url",
    }  # fmt: skip


def test_search_filters(corpus: Corpus) -> None:
    client = APIClient()
    old = client.get(
        "/api/v1/statutes/search", {"q": "离婚诉讼", "current_only": "false", "level": "法律"}
    ).json()
    assert "中华人民共和国婚姻法" in {h["law"] for h in old}
    assert client.get("/api/v1/statutes/search", {"q": "离婚", "level": "司法解释,部门规章"}).json() == []
    by_title = client.get("/api/v1/statutes/search", {"q": "调解", "instrument": "民法典"}).json()
    assert {h["law"] for h in by_title} == {CIVIL}


@pytest.mark.parametrize(
    ("_case", "params", "message"),
    [
        ("no q", {}, "缺少参数 q（检索内容）。"),
        ("q too long", {"q": "借" * 1001}, "检索内容过长：最多 1000 字。"),
        ("top_k not a number", {"q": "借款", "top_k": "ten"}, "top_k 必须是整数。"),
        ("top_k too big", {"q": "借款", "top_k": "101"}, "top_k 必须在 1 到 100 之间。"),
        ("top_k zero", {"q": "借款", "top_k": "-1"}, "top_k 必须在 1 到 100 之间。"),
        ("unknown level", {"q": "借款", "level": "法律,村规"}, "未知的效力级别：村规。"),
        ("bad flag", {"q": "借款", "current_only": "maybe"}, "current_only 只能是 true 或 false。"),
    ],
)
def test_search_refuses_bad_parameters(
    corpus: Corpus, _case: str, params: dict[str, str], message: str
) -> None:
    response = APIClient().get("/api/v1/statutes/search", params)
    assert response.status_code == 400
    assert response.json() == {"detail": message}


@pytest.mark.parametrize("query", ["", "   ", "\x01\x02\ue000", "？？？"])
def test_search_odd_queries_give_empty_results(corpus: Corpus, query: str) -> None:
    response = APIClient().get("/api/v1/statutes/search", {"q": query})
    assert response.status_code == 200
    assert response.json() == []


def test_classify(corpus: Corpus) -> None:
    response = APIClient().post(
        "/api/v1/categories/classify", {"question": "离婚后孩子归谁抚养"}, format="json"
    )
    assert response.status_code == 200
    assert response.json()["category"] == "婚姻家庭"
    assert 0 < response.json()["confidence"] <= 1
    blank = APIClient().post("/api/v1/categories/classify", {"question": ""}, format="json")
    assert blank.json() == {"category": "综合咨询", "confidence": 0.0}


@pytest.mark.parametrize(
    ("_case", "payload", "fragment"),
    [
        ("missing", {}, "question"),
        ("not a string", {"question": 12}, "question 必须是字符串。"),
        ("too long", {"question": "问" * 2001}, "问题过长：最多 2000 字。"),
        ("a list body", ["问题"], "请求必须是包含 question 字段的 JSON 对象。"),
    ],
)
@pytest.mark.parametrize("url", ["/api/v1/categories/classify", "/api/v1/consultations/smart"])
def test_question_endpoints_refuse_bad_input(
    corpus: Corpus, url: str, _case: str, payload: object, fragment: str
) -> None:
    response = APIClient().post(url, payload, format="json")
    assert response.status_code == 400
    assert fragment in response.content.decode()


def test_smart_consultation(corpus: Corpus, county: County, personas: dict[str, User]) -> None:
    FaqItemFactory.create(
        question="离婚后孩子跟谁", answer="协商，不成由法院判决。", category="婚姻家庭",
        owner=personas["admin"], updated_by=personas["admin"],
    )  # fmt: skip
    response = APIClient().post(
        "/api/v1/consultations/smart",
        {"question": "离婚后孩子归谁抚养", "site": county.centre.pk},
        format="json",
    )
    assert response.status_code == 200
    body = response.json()
    assert body["category"] == "婚姻家庭"
    assert (CIVIL, "第一千零八十四条") in [(a["law"], a["article"]) for a in body["articles"]]
    assert [f["question"] for f in body["faqs"]] == ["离婚后孩子跟谁"]
    assert [s["service"] for s in body["services"]] == ["mediation", "consultation"]
    assert body["human"]["hotline"] == "12348"
    assert body["human"]["site"]["name"] == county.centre.name
    assert "不构成律师意见" in body["notice"]
    assert Case.objects.count() == 0  # a read: nothing is stored


def test_faq_list_shows_items_in_effect_only(personas: dict[str, User]) -> None:
    admin = personas["admin"]
    FaqItemFactory.create(question="在用", category="婚姻家庭", owner=admin, updated_by=admin)
    FaqItemFactory.create(question="停用", category="婚姻家庭", archived=True, owner=admin, updated_by=admin)
    FaqItemFactory.create(
        question="过期", category="婚姻家庭", effective_to=date(2026, 2, 1), owner=admin, updated_by=admin
    )
    FaqItemFactory.create(question="别的类", category="劳动纠纷", owner=admin, updated_by=admin)
    client = APIClient()
    assert [f["question"] for f in client.get("/api/v1/knowledge/faqs", {"category": "婚姻家庭"}).json()] == [
        "在用"
    ]
    assert len(client.get("/api/v1/knowledge/faqs").json()) == 2


def test_anonymous_callers_are_throttled(corpus: Corpus, settings: Settings) -> None:
    settings.KNOWLEDGE_API_ANON_RATE = "2/m"
    cache.clear()
    client = APIClient()
    statuses = [client.get("/api/v1/statutes/search", {"q": "借款"}).status_code for _ in range(3)]
    assert statuses == [200, 200, 429]
    refused = client.post("/api/v1/consultations/smart", {"question": "借款"}, format="json")
    assert refused.status_code == 429
    cache.clear()
