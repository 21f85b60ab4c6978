"""POST /api/v1/calculators/<kind>/ through the real HTTP interface (J10): public, stateless, Chinese 400s,
the portal's public throttle, nothing read or written."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime
from typing import Any

import pytest
import time_machine
from pytest_django import DjangoAssertNumQueries
from rest_framework.test import APIClient

from fawang.calculators.selectors import NOTICE

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _today() -> Iterator[None]:
    with time_machine.travel(datetime(2026, 6, 1, 2, 0, tzinfo=UTC), tick=False):
        yield


def _post(kind: str, data: dict[str, Any]) -> Any:
    return APIClient().post(f"/api/v1/calculators/{kind}/", data, format="json")


@pytest.mark.parametrize(
    ("_case", "kind", "data", "total", "total_max"),
    [
        (
            "Art.13: 10万 → 2,300",
            "litigation-fee",
            {"fee_kind": "property", "amount": "100000"},
            "2300.00",
            None,
        ),
        ("Art.13: divorce range", "litigation-fee", {"fee_kind": "divorce"}, "50.00", "300.00"),
        (
            "Art.47: 3 years at 8,000",
            "severance",
            {"start": "2021-01-01", "end": "2023-12-31", "wages": ["8000", "8000"]},
            "24000.00",
            None,
        ),
        (
            "Art.87: unlawful doubles",
            "severance",
            {"start": "2021-01-01", "end": "2023-12-31", "wages": ["8000"], "unlawful": True},
            "48000.00",
            None,
        ),
        (
            "Art.82: 8 months → 7",
            "double-wage",
            {"monthly_wage": "5000", "months_without_contract": 8},
            "35000.00",
            None,
        ),
        (
            "Art.37: grade 10 = 7 months",
            "work-injury",
            {"outcome": "disability", "grade": 10, "own_wage": "8000", "regional_average_wage": "8000"},
            "56000.00",
            None,
        ),
        (
            "Art.39: death in 2025",
            "work-injury",
            {"outcome": "death", "on": "2025-03-01", "own_wage": "9000", "regional_average_wage": "8000"},
            "1131760.00",
            None,
        ),
        (
            "Art.15: death at 40",
            "personal-injury",
            {"outcome": "death", "age": 40, "urban_income": "50000", "average_monthly_wage": "8000"},
            "1048000.00",
            None,
        ),
    ],
)
def test_each_calculator_answers(
    _case: str,
    kind: str,
    data: dict[str, Any],
    total: str,
    total_max: str | None,
    django_assert_num_queries: DjangoAssertNumQueries,
) -> None:
    with django_assert_num_queries(0):
        response = _post(kind, data)
    assert response.status_code == 200
    body = response.json()
    assert (body["total"], body["total_max"]) == (total, total_max)
    assert body["notice"] == NOTICE
    assert all(line["basis"] and line["formula"] for line in body["lines"])
    assert body["tables"][0]["valid_from"]


def test_the_result_shape() -> None:
    body = _post("litigation-fee", {"fee_kind": "property", "amount": "100000", "simplified": True}).json()
    assert body["kind"] == "litigation-fee"
    assert body["lines"][-1] == {
        "label": "适用简易程序，减半交纳",
        "formula": "案件受理费 × 50%，减去1,150.00元",
        "amount": "-1150.00",
        "amount_max": None,
        "basis": "《诉讼费用交纳办法》第十六条",
        "counted": True,
    }
    assert body["tables"] == [
        {
            "id": "litigation-fee",
            "version": "2007",
            "valid_from": "2007-04-01",
            "source": "《诉讼费用交纳办法》（国务院令第481号，2007年4月1日起施行）第十三条、第十四条、第十六条",
        }
    ]


@pytest.mark.parametrize(
    ("_case", "kind", "data", "errors"),
    [
        (
            "negative",
            "litigation-fee",
            {"fee_kind": "property", "amount": "-1"},
            {"amount": ["金额不能是负数。"]},
        ),
        (
            "not a number",
            "litigation-fee",
            {"fee_kind": "property", "amount": "abc"},
            {"amount": ["请填写合法的数字。"]},
        ),
        (
            "absurd",
            "litigation-fee",
            {"fee_kind": "property", "amount": "2000000000000"},
            {"amount": ["金额超过一万亿元，请检查是否多输了位数。"]},
        ),
        (
            "future date",
            "double-wage",
            {"monthly_wage": "5000", "months_without_contract": 3, "on": "2026-06-02"},
            {"on": ["日期不能晚于今天：计算器只按已经施行的规定计算。"]},
        ),
        (
            "unknown grade",
            "work-injury",
            {"outcome": "disability", "grade": 0, "own_wage": "8000", "regional_average_wage": "8000"},
            {"grade": ["伤残等级应为1至10级。"]},
        ),
        (
            "missing regional figure",
            "personal-injury",
            {"outcome": "injury", "age": 40, "grade": 3},
            {
                "urban_income": [
                    "请填写受诉法院所在地上一年度城镇居民人均可支配收入（元/年，可在当地统计局公报中查到）。"
                ]
            },
        ),
        (
            "no lawyer-fee table",
            "lawyer-fee",
            {"amount": "100000"},
            {
                "detail": [
                    "本地区未配置律师服务收费标准。律师费一般由委托人与律师事务所协商确定，请向律师事务所或当地律师协会了解。"
                ]
            },
        ),
    ],
)
def test_bad_input_is_a_chinese_400_and_changes_nothing(
    _case: str,
    kind: str,
    data: dict[str, Any],
    errors: dict[str, list[str]],
    django_assert_num_queries: DjangoAssertNumQueries,
) -> None:
    with django_assert_num_queries(0):
        response = _post(kind, data)
    assert response.status_code == 400
    assert response.json() == errors


def test_get_is_not_allowed() -> None:
    assert APIClient().get("/api/v1/calculators/litigation-fee/").status_code == 405


def test_the_public_throttle_applies() -> None:
    """The portal API's PublicThrottle (30 per minute per client)."""
    statuses = [
        _post("double-wage", {"monthly_wage": "1", "months_without_contract": 1}).status_code
        for _ in range(31)
    ]
    assert statuses == [200] * 30 + [429]
