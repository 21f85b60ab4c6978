"""The calculator pages through the real HTTP client (J10): public, read-only, Chinese errors, nothing stored."""

from __future__ import annotations

import json
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest
import time_machine
from django.core import checks
from django.template.loader import render_to_string
from django.test import Client
from pytest_django import DjangoAssertNumQueries

from fawang.calculators.checks import calculator_settings_check

pytestmark = pytest.mark.django_db

NOTICE_WORDS = "仅供参考，不构成律师意见"
REGIONAL = {
    2025: {
        "region": "测试市",
        "average_monthly_wage": "8000",
        "urban_disposable_income": "50000",
        "source": "测试市统计局《2025年国民经济和社会发展统计公报》",
    }
}
LAWYER_TABLE = {
    "region": "测试省",
    "source": "测试省律师服务收费指导标准第五条",
    "valid_from": "2024-01-01",
    "floor_upto": "10000",
    "floor_fee": "1000",
    "floor_fee_max": "3000",
    "bands": [{"upper": "100000", "rate": "0.04", "rate_max": "0.06"}, {"upper": None, "rate": "0.01"}],
}


@pytest.fixture(autouse=True)
def _today() -> Iterator[None]:
    with time_machine.travel(datetime(2026, 6, 1, 2, 0, tzinfo=UTC), tick=False):
        yield


def _post(kind: str, data: dict[str, Any], *, htmx: bool = False) -> Any:
    headers = {"HX-Request": "true"} if htmx else {}
    return Client().post(f"/tools/calculators/{kind}/", data, headers=headers)


def test_the_index_lists_every_calculator_and_says_the_lawyer_fee_is_not_configured() -> None:
    response = Client().get("/tools/calculators/")
    body = response.content.decode()
    assert response.status_code == 200
    for kind in (
        "litigation-fee",
        "severance",
        "double-wage",
        "work-injury",
        "personal-injury",
        "lawyer-fee",
    ):
        assert f'href="/tools/calculators/{kind}/"' in body
    assert "本地区未配置律师服务收费标准" in body


def test_the_portal_home_links_the_calculators() -> None:
    assert 'href="/tools/calculators/"' in Client().get("/").content.decode()


@pytest.mark.parametrize(
    "kind", ["litigation-fee", "severance", "double-wage", "work-injury", "personal-injury", "lawyer-fee"]
)
def test_every_calculator_page_opens_without_signing_in(kind: str) -> None:
    response = Client().get(f"/tools/calculators/{kind}/")
    assert response.status_code == 200
    assert "<h1>" in response.content.decode()


def test_an_unknown_calculator_is_404_with_the_list() -> None:
    response = Client().get("/tools/calculators/nope/")
    assert response.status_code == 404
    assert "没有这个计算器" in response.content.decode()


def test_a_litigation_fee_shows_the_breakdown_sources_and_notice(
    django_assert_num_queries: DjangoAssertNumQueries,
) -> None:
    """J10: 100,000 元 → 2,300 元, each line with formula and article; nothing is read or written."""
    with django_assert_num_queries(0):
        response = _post("litigation-fee", {"fee_kind": "property", "amount": "100000"})
    body = response.content.decode()
    assert response.status_code == 200
    assert "合计：<strong>2,300.00元</strong>" in body
    assert "90,000.00元 × 2.5% = 2,250.00元" in body
    assert "依据：《诉讼费用交纳办法》第十三条第（一）项" in body
    assert "规则表 litigation-fee，版本 2007，2007年4月1日起施行" in body
    assert NOTICE_WORDS in body


def test_htmx_gets_only_the_result_region() -> None:
    response = _post("litigation-fee", {"fee_kind": "divorce"}, htmx=True)
    body = response.content.decode()
    assert response.status_code == 200
    assert "<html" not in body
    assert "合计：<strong>50.00元至300.00元</strong>" in body


@pytest.mark.parametrize(
    ("_case", "data", "message"),
    [
        ("negative", {"fee_kind": "property", "amount": "-5"}, "金额不能是负数。"),
        ("not a number", {"fee_kind": "property", "amount": "十万"}, "输入一个数字。"),
        ("absurd", {"fee_kind": "property", "amount": "5000000000000"}, "超过一万亿元"),
        ("unknown kind", {"fee_kind": "murder", "amount": "1"}, "选择一个有效的选项"),
        ("future date", {"fee_kind": "property", "amount": "1", "on": "2026-06-02"}, "日期不能晚于今天"),
        (
            "before the 2007 table",
            {"fee_kind": "property", "amount": "1", "on": "2007-03-31"},
            "2007年4月1日",
        ),
    ],
)
def test_bad_input_re_renders_the_form_with_a_chinese_error(
    _case: str, data: dict[str, str], message: str, django_assert_num_queries: DjangoAssertNumQueries
) -> None:
    with django_assert_num_queries(0):
        response = _post("litigation-fee", data)
    body = response.content.decode()
    assert response.status_code == 400
    assert message in body
    assert 'role="alert"' in body
    assert '<form method="post"' in body
    assert "合计：" not in body


def test_severance_page() -> None:
    """Art.47: 5 years 6 months at 10,000 → 60,000; the user-entered regional wage is used for the cap check."""
    response = _post(
        "severance",
        {
            "start": "2020-01-01",
            "end": "2025-06-30",
            "wages": "10000，10000 10000",
            "local_average_wage": "8000",
        },
    )
    body = response.content.decode()
    assert response.status_code == 200
    assert "合计：<strong>60,000.00元</strong>" in body
    assert "《劳动合同法》第四十七条第一款" in body


def test_severance_wages_that_are_not_numbers_are_refused() -> None:
    response = _post("severance", {"start": "2020-01-01", "end": "2025-06-30", "wages": "一万"})
    assert response.status_code == 400
    assert "工资只能填数字" in response.content.decode()


def test_double_wage_page() -> None:
    response = _post("double-wage", {"monthly_wage": "5000", "months_without_contract": "8"})
    assert response.status_code == 200
    assert "合计：<strong>35,000.00元</strong>" in response.content.decode()


def test_work_injury_asks_for_the_regional_wage_when_none_is_configured() -> None:
    page = Client().get("/tools/calculators/work-injury/").content.decode()
    assert "本平台未配置统筹地区职工月平均工资" in page
    assert "统计局" in page
    assert "一次性工伤医疗补助金和一次性伤残就业补助金由各省规定标准" in page
    response = _post("work-injury", {"outcome": "disability", "grade": "9", "own_wage": "6000"})
    assert response.status_code == 400
    assert "请填写统筹地区上年度职工月平均工资" in response.content.decode()


def test_work_injury_uses_the_configured_regional_figure_of_the_year_before(settings: Any) -> None:
    settings.FAWANG_CALCULATOR_REGIONAL_FIGURES = REGIONAL
    page = Client().get("/tools/calculators/work-injury/").content.decode()
    assert "2025年8,000.00元（测试市" in page
    response = _post(
        "work-injury", {"outcome": "disability", "grade": "9", "own_wage": "6000", "on": "2026-05-01"}
    )
    body = response.content.decode()
    assert response.status_code == 200
    assert "合计：<strong>54,000.00元</strong>" in body  # 6,000 is within 60%–300% of 8,000; × 9 months
    assert "取自本平台配置的测试市2025年数字" in body


def test_work_injury_refuses_an_unknown_grade() -> None:
    response = _post(
        "work-injury",
        {"outcome": "disability", "grade": "11", "own_wage": "6000", "regional_average_wage": "8000"},
    )
    assert response.status_code == 400
    assert "选择一个有效的选项" in response.content.decode()


def test_personal_injury_page_with_compulsory_insurance() -> None:
    response = _post(
        "personal-injury",
        {
            "outcome": "injury",
            "age": "63",
            "grade": "9",
            "urban_income": "60000",
            "medical": "30000",
            "lost_earnings": "5000",
            "traffic": "on",
        },
    )
    body = response.content.decode()
    assert response.status_code == 200
    assert "合计：<strong>239,000.00元</strong>" in body
    assert "交强险先行赔付：医疗费用" in body
    assert "41,000.00元" in body


def test_personal_injury_without_the_income_says_where_to_find_it() -> None:
    response = _post("personal-injury", {"outcome": "injury", "age": "40", "grade": "5"})
    assert response.status_code == 400
    assert "当地统计局公报" in response.content.decode()


def test_lawyer_fee_unconfigured_shows_the_notice_and_refuses() -> None:
    page = Client().get("/tools/calculators/lawyer-fee/").content.decode()
    assert "本地区未配置律师服务收费标准" in page
    assert 'action="/tools/calculators/lawyer-fee/"' not in page  # the language picker is a form too (L8)
    response = _post("lawyer-fee", {"amount": "100000"})
    assert response.status_code == 400
    assert "本地区未配置律师服务收费标准" in response.content.decode()


def test_lawyer_fee_with_a_configured_table(settings: Any) -> None:
    settings.FAWANG_CALCULATOR_LAWYER_FEE_TABLES = [LAWYER_TABLE]
    response = _post("lawyer-fee", {"amount": "100000"})
    body = response.content.decode()
    assert response.status_code == 200
    assert "合计：<strong>4,600.00元至8,400.00元</strong>" in body
    assert "测试省律师服务收费指导标准第五条" in body


def test_the_config_file_is_read_when_the_settings_are_empty(settings: Any, tmp_path: Path) -> None:
    path = tmp_path / "calculators.json"
    path.write_text(json.dumps({"regional_figures": REGIONAL, "lawyer_fee_tables": [LAWYER_TABLE]}), "utf-8")
    settings.FAWANG_CALCULATOR_CONFIG_FILE = str(path)
    assert _post("lawyer-fee", {"amount": "100000"}).status_code == 200
    response = _post(
        "work-injury", {"outcome": "disability", "grade": "10", "own_wage": "8000", "on": "2026-01-02"}
    )
    assert response.status_code == 200


@pytest.mark.parametrize(
    ("_case", "setting", "value"),
    [
        ("a year that is not a year", "FAWANG_CALCULATOR_REGIONAL_FIGURES", {"x": {"source": "s"}}),
        ("no source", "FAWANG_CALCULATOR_REGIONAL_FIGURES", {2025: {"average_monthly_wage": "1"}}),
        (
            "not a number",
            "FAWANG_CALCULATOR_REGIONAL_FIGURES",
            {2025: {"source": "s", "average_monthly_wage": "x"}},
        ),
        (
            "a lawyer table without bands",
            "FAWANG_CALCULATOR_LAWYER_FEE_TABLES",
            [{**LAWYER_TABLE, "bands": []}],
        ),
        (
            "a lawyer table without a date",
            "FAWANG_CALCULATOR_LAWYER_FEE_TABLES",
            [{"region": "r", "source": "s"}],
        ),
    ],
)
def test_malformed_settings_fail_the_system_check(
    _case: str, setting: str, value: object, settings: Any
) -> None:
    setattr(settings, setting, value)
    assert [m.id for m in calculator_settings_check()] == ["calculators.E001"]
    assert all(m.level == checks.ERROR for m in calculator_settings_check())


def test_the_agent_console_links_the_calculators() -> None:
    """One link in the 12348 console's navigation (the console itself needs a centre; its tests cover the page)."""
    assert 'href="/tools/calculators/">法律计算器</a>' in render_to_string("hotline/_nav.html")
