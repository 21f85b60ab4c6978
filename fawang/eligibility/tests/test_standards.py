"""Configured hardship standards and their effective dates (C3; REQUIREMENTS section 3).

Shipped rules: 中山 2,514 -> 2,592 on 2023-03-10 (粤府令第268号), 上海 3,190 from 2024-07-17, 广东/江苏/山东
province rules without the local figure. Rules injected as dicts carry test figures, not published ones.
"""

from datetime import date

import pytest

from fawang.eligibility.engine import UNKNOWN, MeansTest, Verdict
from fawang.eligibility.tests.builders import ART34, GD, SH_2020, SH_2024, ZS, book, rule_dict, run

ZHONGSHAN = "广东省中山市"


@pytest.mark.parametrize(
    ("_case", "as_of", "income_fen", "means_test", "threshold_fen", "rule_version"),
    [
        (
            "粤府令第268号 中山 2,514: 2,513.99 is below",
            date(2023, 3, 9),
            251399,
            "passed",
            251400,
            "guangdong-zhongshan/2022-01-01",
        ),
        (
            "粤府令第268号 中山 2,514: 2,514 is not below",
            date(2023, 3, 9),
            251400,
            "failed",
            251400,
            "guangdong-zhongshan/2022-01-01",
        ),
        (
            "粤府令第268号 中山 2,514: 2,550 the day before the switch",
            date(2023, 3, 9),
            255000,
            "failed",
            251400,
            "guangdong-zhongshan/2022-01-01",
        ),
        (
            "粤府令第268号 中山 2,592: 2,550 on the switch day",
            date(2023, 3, 10),
            255000,
            "passed",
            259200,
            "guangdong-zhongshan/2023-03-10",
        ),
        (
            "粤府令第268号 中山 2,592: 2,591.99 is below",
            date(2024, 5, 1),
            259199,
            "passed",
            259200,
            "guangdong-zhongshan/2023-03-10",
        ),
        (
            "粤府令第268号 中山 2,592: 2,592 is not below",
            date(2024, 5, 1),
            259200,
            "failed",
            259200,
            "guangdong-zhongshan/2023-03-10",
        ),
    ],
)
def test_zhongshan_threshold_switches_on_2023_03_10(
    _case: str, as_of: date, income_fen: int, means_test: str, threshold_fen: int, rule_version: str
) -> None:
    result = run(agency_region=ZHONGSHAN, as_of=as_of, monthly_income_per_capita_fen=income_fen)
    assert result.means_test.value == means_test
    assert result.verdict is (Verdict.ELIGIBLE if means_test == "passed" else Verdict.NOT_ELIGIBLE)
    assert result.calculation["threshold_fen"] == threshold_fen
    assert result.rule_version == rule_version
    assert result.legal_basis == ("法律援助法第三十一条第（四）项", ART34, ZS)


@pytest.mark.parametrize(
    ("_case", "changes", "verdict", "means_test", "missing"),
    [
        (
            "粤府令第268号 asset test: large assets fail",
            {"has_large_assets": True, "monthly_income_per_capita_fen": 100000},
            "ineligible",
            "failed",
            (),
        ),
        (
            "粤府令第268号 asset test: assets null",
            {"has_large_assets": UNKNOWN, "monthly_income_per_capita_fen": 100000},
            "unknown",
            "unknown",
            ("has_large_assets",),
        ),
        (
            "粤府令第268号 100% variant claimed: 4,000 < 5,183",
            {"hardship_expense": True, "monthly_income_per_capita_fen": 400000},
            "eligible",
            "passed",
            (),
        ),
        (
            "粤府令第268号 100% variant claimed: 5,200 >= 5,183",
            {"hardship_expense": True, "monthly_income_per_capita_fen": 520000},
            "ineligible",
            "failed",
            (),
        ),
        (
            "粤府令第268号 100% variant not claimed: 4,000 fails",
            {"hardship_expense": UNKNOWN, "monthly_income_per_capita_fen": 400000},
            "ineligible",
            "failed",
            (),
        ),
        (
            "粤府令第268号 variant claimed, 2,514 period without the income figure",
            {"hardship_expense": True, "as_of": date(2023, 1, 5), "monthly_income_per_capita_fen": 400000},
            "unknown",
            "unknown",
            (),
        ),
    ],
)
def test_guangdong_assets_and_hardship_spending_variant(
    _case: str, changes: dict[str, object], verdict: str, means_test: str, missing: tuple[str, ...]
) -> None:
    result = run(**{"agency_region": ZHONGSHAN, "as_of": date(2024, 5, 1), **changes})
    assert (result.verdict.value, result.means_test.value, result.missing_facts) == (
        verdict,
        means_test,
        missing,
    )


def test_guangdong_variant_threshold_is_recorded() -> None:
    """62,196 元 / 12 x 100% = 5,183 元 (X4 snapshot)."""
    result = run(agency_region=ZHONGSHAN, hardship_expense=True, monthly_income_per_capita_fen=400000)
    assert result.calculation["hardship_threshold_fen"] == 518300


def test_guangdong_prefecture_without_figure_is_unknown() -> None:
    """粤府令第268号 needs the prefecture's previous-year income: 广州 has no figure in the book."""
    result = run(agency_region="广东省广州市", monthly_income_per_capita_fen=100000)
    assert (result.verdict, result.means_test, result.missing) == (Verdict.UNKNOWN, MeansTest.UNKNOWN, ())
    assert result.rule_version == "guangdong/2020-01-01"
    assert result.legal_basis == ("法律援助法第三十一条第（四）项", ART34, GD)
    assert any("缺少本地级市上一年度城镇居民人均可支配收入" in reason for reason in result.reasons)


@pytest.mark.parametrize(
    ("_case", "as_of", "income_fen", "verdict", "rule_version", "instrument"),
    [
        (
            "上海 before 2024-07-17: amount set by the city, not in the book",
            date(2024, 7, 16),
            300000,
            "unknown",
            "shanghai/2020-05-14",
            SH_2020,
        ),
        (
            "上海 from 2024-07-17: 3,000 <= 3,190",
            date(2024, 7, 17),
            300000,
            "eligible",
            "shanghai/2024-07-17",
            SH_2024,
        ),
        (
            "上海 from 2024-07-17: 3,190 is at the line",
            date(2024, 7, 17),
            319000,
            "eligible",
            "shanghai/2024-07-17",
            SH_2024,
        ),
        (
            "上海 from 2024-07-17: 3,190.01 is above",
            date(2025, 1, 1),
            319001,
            "ineligible",
            "shanghai/2024-07-17",
            SH_2024,
        ),
    ],
)
def test_shanghai_fixed_amount_from_2024_07_17(
    _case: str, as_of: date, income_fen: int, verdict: str, rule_version: str, instrument: str
) -> None:
    result = run(agency_region="上海市浦东新区", as_of=as_of, monthly_income_per_capita_fen=income_fen)
    assert result.verdict.value == verdict
    assert result.rule_version == rule_version
    assert result.legal_basis[-1] == instrument


@pytest.mark.parametrize(
    ("_case", "region"),
    [
        ("江苏 minimum wage: no local figure shipped", "江苏省南京市"),
        ("山东条例 第八条: no county 低保 figure shipped", "山东省济南市历下区"),
    ],
)
def test_province_rules_without_local_figure_are_unknown(_case: str, region: str) -> None:
    result = run(agency_region=region, monthly_income_per_capita_fen=100000)
    assert (result.verdict, result.means_test, result.missing) == (Verdict.UNKNOWN, MeansTest.UNKNOWN, ())
    assert "需由管理员补充本地数据" in result.reasons[-1]


# Test figures, not published ones: a 南京 minimum wage of 2,000 元 and a 历下区 低保 of 1,000 元.
NANJING = rule_dict(
    "jiangsu-nanjing",
    {"province": "江苏省", "prefecture": "南京市"},
    "2022-01-01",
    "minimum_wage",
    minimum_wage_yuan=2000,
)
LIXIA = rule_dict(
    "shandong-jinan-lixia",
    {"province": "山东省", "prefecture": "济南市", "county": "历下区"},
    "2023-01-01",
    "multiple_of_dibao",
    multiplier=2,
    dibao_monthly_yuan=1000,
)


@pytest.mark.parametrize(
    ("_case", "rule", "region", "income_fen", "means_test"),
    [
        ("江苏 minimum wage: at the wage", NANJING, "江苏省南京市鼓楼区", 200000, "passed"),
        ("江苏 minimum wage: one 分 above", NANJING, "江苏省南京市鼓楼区", 200001, "failed"),
        ("山东条例 第八条 2x 低保: at twice", LIXIA, "山东省济南市历下区", 200000, "passed"),
        ("山东条例 第八条 2x 低保: above twice", LIXIA, "山东省济南市历下区", 200001, "failed"),
    ],
)
def test_minimum_wage_and_dibao_multiple_bases(
    _case: str, rule: dict[str, object], region: str, income_fen: int, means_test: str
) -> None:
    result = run(
        book(rule), agency_region=region, as_of=date(2024, 3, 1), monthly_income_per_capita_fen=income_fen
    )
    assert result.means_test.value == means_test
    assert result.calculation["threshold_fen"] == 200000


def test_rule_needing_household_size_lists_it() -> None:
    """Some bases need the household size (docs/eligibility.md); null is a missing fact, not one person."""
    rule = rule_dict(
        "x",
        {"province": "测试省"},
        "2022-01-01",
        "fixed_amount",
        threshold_yuan=2000,
        needs_household_size=True,
    )
    result = run(book(rule), agency_region="测试省", monthly_income_per_capita_fen=100000)
    assert (result.verdict, result.missing_facts) == (Verdict.UNKNOWN, ("household_size",))
    assert run(
        book(rule), agency_region="测试省", monthly_income_per_capita_fen=100000, household_size=3
    ).verdict is (Verdict.ELIGIBLE)


def test_percent_basis_computes_threshold_without_published_figure() -> None:
    """粤府令第268号 formula: 60,000 / 12 x 50% = 2,500 元 when no rounded figure is published."""
    rule = rule_dict(
        "guangdong-test",
        {"province": "广东省", "prefecture": "测试市"},
        "2024-01-01",
        "percent_of_mean_income",
        percent=50,
        reference_income_annual_yuan=60000,
        published_threshold_yuan=None,
    )
    result = run(book(rule), agency_region="广东省测试市", monthly_income_per_capita_fen=249999)
    assert (result.means_test, result.calculation["threshold_fen"]) == (MeansTest.PASSED, 250000)
