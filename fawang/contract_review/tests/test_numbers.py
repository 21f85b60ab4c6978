"""The number parser of contract review (J10), table-tested: Chinese and Arabic numerals, amounts, percentages,
durations, dates and interest rates as contracts write them."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from fawang.contract_review.engine.numbers import (
    NumberError,
    find_amounts,
    find_date_ranges,
    find_dates,
    find_durations,
    find_lpr_multiples,
    find_percents,
    find_rates,
    months_between,
    parse_number,
)
from fawang.contract_review.engine.text import normalize

D = Decimal


@pytest.mark.parametrize(
    ("_case", "text", "value"),
    [
        ("Chinese", "二十万", "200000"),
        ("Arabic with commas", "200,000", "200000"),
        ("Arabic and 万", "20万", "200000"),
        ("capital numerals (大写)", "贰拾万", "200000"),
        ("capital numerals with 仟佰拾", "壹佰贰拾叁万肆仟伍佰陆拾柒", "1234567"),
        ("decimal and 万", "1.5万", "15000"),
        ("decimals in Chinese", "三点五", "3.5"),
        ("decimals in Chinese before 万", "一点五万", "15000"),
        ("十 at the start", "十五", "15"),
        ("十万", "十万", "100000"),
        ("a last digit counts in the next unit down", "三千五", "3500"),
        ("两万五", "两万五", "25000"),
        ("2万5千", "2万5千", "25000"),
        ("一百五", "一百五", "150"),
        ("零 keeps the digit a unit", "一百零五", "105"),
        ("零 inside", "一千零五十", "1050"),
        ("Arabic after 万", "1万5000", "15000"),
        ("亿", "一亿二千万", "120000000"),
        ("digit by digit", "二〇二四", "2024"),
        ("two decimals", "13.81", "13.81"),
        ("两 is two", "两千", "2000"),
    ],
)
def test_parse_number(_case: str, text: str, value: str) -> None:
    assert parse_number(text) == D(value)


@pytest.mark.parametrize("text", ["", "万", "3五", "abc", "五五五万三"])
def test_parse_number_refuses_what_is_not_a_number(text: str) -> None:
    with pytest.raises(NumberError):
        parse_number(text)


@pytest.mark.parametrize(
    ("_case", "text", "values"),
    [
        ("J10 brief: 二十万元", "定金二十万元", ["200000"]),
        ("J10 brief: 200,000元", "定金200,000元", ["200000"]),
        ("J10 brief: 20万 without 元", "定金20万", ["200000"]),
        ("大写 with 整 and ¥", "人民币贰拾万元整（¥200,000.00）", ["200000", "200000.00"]),
        ("full-width digits", normalize("２０万元"), ["200000"]),
        ("块", "五百块", ["500"]),
        ("several", "租金2000元，押金4000元", ["2000", "4000"]),
        ("a bare number is not an amount", "第3条 共5份", []),
        ("千万 as a word is not an amount", "千万不要", []),
    ],
)
def test_find_amounts(_case: str, text: str, values: list[str]) -> None:
    assert [a.value for a in find_amounts(text)] == [D(v) for v in values]


def test_amount_spans_are_offsets_in_the_text() -> None:
    text = "定金为人民币20万元。"
    (amount,) = find_amounts(text)
    assert text[amount.start : amount.end] == "人民币20万元"


@pytest.mark.parametrize(
    ("_case", "text", "value"),
    [
        ("J10 brief: 百分之三十", "百分之三十", "0.3"),
        ("J10 brief: 30%", "30%", "0.3"),
        ("full-width %", normalize("30％"), "0.3"),
        ("space", "30 %", "0.3"),
        ("decimals in Chinese", "百分之二十四点五", "0.245"),
        ("千分之", "千分之五", "0.005"),
        ("万分之", "万分之五", "0.0005"),
        ("per mille", "5‰", "0.005"),
    ],
)
def test_find_percents(_case: str, text: str, value: str) -> None:
    assert [p.value for p in find_percents(text)] == [D(value)]


@pytest.mark.parametrize(
    ("_case", "text", "months"),
    [
        ("years in Chinese", "二十年", "240"),
        ("years in Arabic", "20年", "240"),
        ("months need 个", "6个月", "6"),
        ("六个月", "六个月", "6"),
        ("years and months joined", "两年零六个月", "30"),
        ("一年半", "一年半", "18"),
        ("半年", "半年", "6"),
        ("days count 1/30 month", "30天", "1"),
        ("日", "十五日", "0.5"),
        ("a year of a date is not a duration", "2024年1月1日", None),
        ("6月 is June, not six months", "6月", None),
    ],
)
def test_find_durations(_case: str, text: str, months: str | None) -> None:
    found = find_durations(text)
    assert [d.months for d in found] == ([] if months is None else [D(months)])


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("2024年1月1日", date(2024, 1, 1)),
        ("二〇二四年一月一日", date(2024, 1, 1)),
        ("2024-01-01", date(2024, 1, 1)),
        ("2024.1.31", date(2024, 1, 31)),
        ("2024/12/31", date(2024, 12, 31)),
        ("2024年2月30日", None),
    ],
)
def test_find_dates(text: str, value: date | None) -> None:
    assert [d.value for d in find_dates(text)] == ([] if value is None else [value])


@pytest.mark.parametrize(
    ("_case", "first", "last", "months"),
    [
        ("exactly twenty years (Art.705)", date(2024, 1, 1), date(2043, 12, 31), "240"),
        ("twenty years and one day", date(2024, 1, 1), date(2044, 1, 1), D(240) + D(1) / 30),
        ("one year", date(2024, 3, 15), date(2025, 3, 14), "12"),
        ("month end", date(2024, 1, 31), date(2024, 2, 29), "1"),
    ],
)
def test_months_between_counts_both_days(_case: str, first: date, last: date, months: str | Decimal) -> None:
    assert months_between(first, last) == D(months)


def test_find_date_ranges() -> None:
    (found,) = find_date_ranges("租期自2024年1月1日起至2043年12月31日止。")
    assert (found.first, found.last, found.months) == (date(2024, 1, 1), date(2043, 12, 31), D(240))


@pytest.mark.parametrize(
    ("_case", "text", "per", "annual"),
    [
        ("年利率", "年利率24%", "年", "0.24"),
        ("月利率 × 12", "月利率2%", "月", "0.24"),
        ("月息", "月息1.5%", "月", "0.18"),
        ("日利率 × 365", "借款利率按每日万分之五计算", "日", "0.1825"),
        ("月息2分", "月息2分", "月", "0.24"),
        ("2分利 is 月息", "利息按2分利计算", "月", "0.24"),
        ("年息1分5厘", "年息1分5厘", "年", "0.15"),
        ("月息5厘", "月息5厘", "月", "0.06"),
        ("a daily penalty counts (规定第二十九条)", "逾期的，违约金按每日千分之五计算", "日", "1.825"),
        ("a percentage in words", "年利率百分之十五", "年", "0.15"),
    ],
)
def test_find_rates(_case: str, text: str, per: str, annual: str) -> None:
    (rate,) = find_rates(text)
    assert (rate.per, rate.annual) == (per, D(annual))


@pytest.mark.parametrize(
    "text",
    [
        "违约金为借款总额的20%",  # a one-off penalty, not a rate
        "利率为LPR上浮50%",  # relative to the LPR (find_lpr_multiples)
        "定金为总价的百分之二十",
    ],
)
def test_find_rates_leaves_out_what_is_not_a_rate(text: str) -> None:
    assert find_rates(text) == []


@pytest.mark.parametrize(
    ("text", "multiple"),
    [
        ("按一年期贷款市场报价利率的四倍计算", "4"),
        ("按LPR的4倍计算利息", "4"),
        ("4倍LPR", "4"),
        ("利率为LPR上浮50%", "1.5"),
    ],
)
def test_find_lpr_multiples(text: str, multiple: str) -> None:
    assert [m.multiple for m in find_lpr_multiples(text)] == [D(multiple)]


def test_normalize_keeps_offsets() -> None:
    text = "租金：２，０００元（每月）\r\n"
    assert len(normalize(text)) == len(text)
    assert normalize(text) == "租金:2,000元(每月)\n\n"
