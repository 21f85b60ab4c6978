"""POST /api/v1/contract-review/ through the real HTTP interface (J10): public, stateless, no database query, Chinese
400s that change nothing, the portal's public throttle."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime
from typing import Any

import pytest
import time_machine
from django.apps import apps
from pytest_django import DjangoAssertNumQueries
from rest_framework.test import APIClient

from fawang.contract_review.selectors import NOTICE
from fawang.contract_review.tests.samples import LEASE, LOAN

pytestmark = pytest.mark.django_db
URL = "/api/v1/contract-review/"


@pytest.fixture(autouse=True)
def _today() -> Iterator[None]:
    with time_machine.travel(datetime(2026, 6, 1, 2, 0, tzinfo=UTC), tick=False):
        yield


def _post(data: dict[str, Any]) -> Any:
    return APIClient().post(URL, data, format="json")


def _row_counts() -> dict[str, int]:
    return {m._meta.label: m._default_manager.count() for m in apps.get_models()}


def test_a_review_answers_the_report_without_any_query(
    django_assert_num_queries: DjangoAssertNumQueries,
) -> None:
    with django_assert_num_queries(0):
        response = _post({"text": LEASE})
    assert response.status_code == 200
    body = response.json()
    assert (body["contract_type"], body["title"], body["type_source"]) == (
        "lease",
        "房屋租赁合同",
        "detected",
    )
    assert (body["on"], body["on_source"]) == ("2024-01-01", "text")
    assert body["counts"] == {"found": 10, "missing": 0, "risk": 2, "clear": 3, "not_applicable": 0}
    assert body["notice"] == NOTICE
    assert body["suggestions"][0] == {"contract_type": "lease", "title": "房屋租赁合同", "score": 14}
    assert [t["id"] for t in body["tables"]] == ["civil-code-general", "contract-lease"]
    (term,) = [f for f in body["findings"] if f["rule"] == "lease.term_limit"]
    start = LEASE.index("二十一年")
    assert term == {
        "rule": "lease.term_limit",
        "kind": "risk",
        "title": "租期超过二十年",
        "status": "risk",
        "status_label": "有风险",
        "explanation": "合同约定的租期是21年，超过了20年。租期最长二十年，超过二十年的部分无效。需要更长的，期满后可以续订，"
        "续订的租期从续订之日起也不能超过二十年。",
        "citation": "《中华人民共和国民法典》第七百零五条",
        "span": {
            "start": start,
            "end": start + 4,
            "text": "二十一年",
            "quote": "第二条 租赁期限为二十一年，自2024年1月1日起至2044年12月31日止",
        },
    }


def test_a_loan_above_four_times_the_lpr_of_the_given_date() -> None:
    body = _post({"text": LOAN, "contract_type": "loan", "signed_on": "2025-06-01"}).json()
    (cap,) = [f for f in body["findings"] if f["rule"] == "loan.interest_cap"]
    assert cap["status"] == "risk"
    assert cap["explanation"].startswith(
        "合同约定月利率2%，折合年利率24%。合同成立时（2025年6月1日）的一年期LPR是3%（2025年5月20日公布），4倍是年利率12%"
    )
    assert cap["citation"] == (
        "《最高人民法院关于审理民间借贷案件适用法律若干问题的规定》第二十五条、第二十八条、第二十九条"
    )
    assert body["tables"][-1]["id"] == "lpr-1y"


@pytest.mark.parametrize(
    ("_case", "data", "errors"),
    [
        ("no text", {}, {"text": ["该字段是必填项。"]}),
        ("empty text", {"text": ""}, {"text": ["请粘贴合同文字，或者上传 .txt、.docx 文件。"]}),
        (
            "too long",
            {"text": "租" * 50_001, "contract_type": "lease"},
            {"text": ["合同文字太长（50,001字），一次最多审查50,000字。请删去附件，只保留合同正文后再试。"]},
        ),
        (
            "unknown type",
            {"text": LEASE, "contract_type": "spaceship"},
            {"contract_type": ["“spaceship” 不是合法选项。"]},
        ),
        (
            "undetectable type",
            {"text": "本协议一式两份。"},
            {"contract_type": ["无法自动判断合同类型，请选择合同类型。"]},
        ),
        (
            "future date",
            {"text": LEASE, "signed_on": "2026-06-02"},
            {"signed_on": ["合同日期不能晚于今天。还没签的合同，日期请留空，按今天的规定审查。"]},
        ),
        (
            "before the 民法典",
            {"text": LEASE, "signed_on": "2020-12-31"},
            {
                "signed_on": [
                    "房屋租赁合同的审查规则自2021年1月1日起适用；2020年12月31日签订的合同适用当时的法律（如原《合同法》），"
                    "本系统未收录，无法审查。"
                ]
            },
        ),
        (
            "not a date",
            {"text": LEASE, "signed_on": "昨天"},
            {"signed_on": ["日期格式错误。请从这些格式中选择：YYYY-MM-DD。"]},
        ),
    ],
)
def test_bad_input_is_a_chinese_400_and_changes_nothing(
    _case: str,
    data: dict[str, Any],
    errors: dict[str, list[str]],
    django_assert_num_queries: DjangoAssertNumQueries,
) -> None:
    before = _row_counts()
    with django_assert_num_queries(0):
        response = _post(data)
    assert response.status_code == 400
    assert response.json() == errors
    assert _row_counts() == before


def test_get_is_not_allowed() -> None:
    assert APIClient().get(URL).status_code == 405


def test_the_public_throttle_applies() -> None:
    """The portal API's PublicThrottle (30 per minute per client), as for the calculators."""
    statuses = [_post({"text": LOAN}).status_code for _ in range(31)]
    assert statuses == [200] * 30 + [429]
