"""The batch adapter: schema, money in yuan, null as unknown, malformed lines (C1, X4)."""

import json
from typing import Any

import pytest

from fawang.eligibility.engine import evaluate_json, process_line
from fawang.eligibility.engine.jsonl import parse_facts, process_lines
from fawang.eligibility.tests.builders import SHIPPED


def line(**changes: Any) -> dict[str, Any]:
    base: dict[str, Any] = {
        "id": "a1",
        "date": "2023-03-10",
        "agency_region": "广东省中山市",
        "matter": "labour_relation_or_pay",
        "criminal_notice": False,
        "grounds": [],
        "applicant_groups": [],
        "monthly_income_per_capita": 2500,
        "household_size": 3,
        "has_large_assets": False,
    }
    return {**base, **changes}


def test_output_has_exactly_the_schema_keys() -> None:
    output = evaluate_json(line(), SHIPPED)
    assert list(output) == ["id", "verdict", "means_test", "reasons", "legal_basis", "missing"]
    assert (output["id"], output["verdict"], output["means_test"], output["missing"]) == (
        "a1",
        "eligible",
        "passed",
        [],
    )
    assert output["legal_basis"][0] == "法律援助法第三十一条第（五）项"


@pytest.mark.parametrize(
    ("_case", "changes", "verdict", "missing"),
    [
        (
            "C1 null income is unknown",
            {"monthly_income_per_capita": None},
            "unknown",
            ["monthly_income_per_capita"],
        ),
        (
            "C1 absent income is unknown",
            {"monthly_income_per_capita": ...},
            "unknown",
            ["monthly_income_per_capita"],
        ),
        ("C1 zero income is a fact", {"monthly_income_per_capita": 0}, "eligible", []),
        ("C1 yuan with 分: 2,591.99 < 2,592", {"monthly_income_per_capita": 2591.99}, "eligible", []),
        ("C1 numeric string accepted", {"monthly_income_per_capita": "2592"}, "ineligible", []),
        ("C1 null assets under 粤府令第268号", {"has_large_assets": None}, "unknown", ["has_large_assets"]),
        (
            "C1 null lists and flags",
            {"grounds": None, "applicant_groups": None, "criminal_notice": None},
            "eligible",
            [],
        ),
        ("C3 empty region is unknown", {"agency_region": ""}, "unknown", ["agency_region"]),
        ("Art.25 notice", {"criminal_notice": True, "matter": None}, "eligible", []),
        (
            "Art.32(2) ground",
            {"grounds": ["good_samaritan"], "matter": "personal_injury", "monthly_income_per_capita": 9999},
            "eligible",
            [],
        ),
        (
            "Art.42(3) group",
            {"applicant_groups": ["migrant_worker_pay_or_injury"], "monthly_income_per_capita": None},
            "eligible",
            [],
        ),
    ],
)
def test_field_reading(_case: str, changes: dict[str, Any], verdict: str, missing: list[str]) -> None:
    data = {key: value for key, value in line(**changes).items() if value is not ...}
    output = evaluate_json(data, SHIPPED)
    assert (output["verdict"], output["missing"]) == (verdict, missing)


def test_yuan_are_converted_exactly_to_fen() -> None:
    assert parse_facts(line(monthly_income_per_capita=2513.7)).monthly_income_per_capita_fen == 251370
    assert parse_facts(line(monthly_income_per_capita=0.005)).monthly_income_per_capita_fen == 1


@pytest.mark.parametrize(
    ("_case", "text", "expected"),
    [
        ("not JSON", "{oops", {"id": None, "error": "该行不是有效的JSON（第2列）。"}),
        ("not an object", "[1, 2]", {"id": None, "error": "每行应为一个JSON对象。"}),
        ("no date", json.dumps(line(date=None)), {"id": "a1", "error": "缺少申请日期（date）。"}),
        (
            "bad date",
            json.dumps(line(date="2023-02-30")),
            {"id": "a1", "error": "申请日期（date）格式应为YYYY-MM-DD，收到：2023-02-30。"},
        ),
        (
            "negative income",
            json.dumps(line(monthly_income_per_capita=-1)),
            {"id": "a1", "error": "家庭人均月收入（monthly_income_per_capita）不能为负数。"},
        ),
        (
            "boolean income",
            json.dumps(line(monthly_income_per_capita=True)),
            {"id": "a1", "error": "家庭人均月收入（monthly_income_per_capita）应为以元为单位的数字或null。"},
        ),
        (
            "household size 0",
            json.dumps(line(household_size=0)),
            {"id": "a1", "error": "家庭人口数（household_size）应为不小于1的整数或null。"},
        ),
        (
            "assets as text",
            json.dumps(line(has_large_assets="no")),
            {"id": "a1", "error": "是否拥有大额财产（has_large_assets）应为true、false或null。"},
        ),
        (
            "grounds not a list",
            json.dumps(line(grounds="good_samaritan")),
            {"id": "a1", "error": "法律援助法第三十二条情形（grounds）应为代码列表。"},
        ),
        (
            "region not text",
            json.dumps(line(agency_region=4420)),
            {"id": "a1", "error": "受理机构所在地区（agency_region）应为文字。"},
        ),
    ],
)
def test_malformed_lines_give_an_error_object(_case: str, text: str, expected: dict[str, Any]) -> None:
    assert process_line(text, SHIPPED) == expected


def test_unknown_codes_are_errors_not_silently_ignored() -> None:
    output = process_line(json.dumps(line(applicant_groups=["veteran"])), SHIPPED)
    assert output["id"] == "a1"
    assert output["error"].startswith("免予核查人员类别（applicant_groups）中有未知代码：veteran（可用：")


def test_batch_keeps_going_after_a_bad_line_and_skips_blank_lines() -> None:
    outputs = list(
        process_lines([json.dumps(line(id=1)), "nonsense\n", "\n", json.dumps(line(id=2))], SHIPPED)
    )
    assert [(output["id"], "error" in output) for output in outputs] == [(1, False), (None, True), (2, False)]
