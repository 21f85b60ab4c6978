"""Rule data: area matching, effective-date selection and loader validation (C3)."""

from datetime import date
from pathlib import Path
from typing import Any

import pytest
import yaml

from fawang.eligibility.engine import RuleError, load_rulebook_dir, parse_rule
from fawang.eligibility.engine.rules import short_name
from fawang.eligibility.tests.builders import SHIPPED, book, rule_dict, sourced

GUANGDONG = {"province": "广东省"}
ZHONGSHAN = {"province": "广东省", "prefecture": "中山市", "code": "4420"}


def test_shipped_rule_versions() -> None:
    versions = sorted(rule.version for area in SHIPPED.areas for rule in SHIPPED.rules_for(area.key))
    assert versions == [
        "guangdong-zhongshan/2022-01-01",
        "guangdong-zhongshan/2023-03-10",
        "guangdong/2020-01-01",
        "jiangsu/2022-01-01",
        "shandong/2015-04-01",
        "shanghai/2020-05-14",
        "shanghai/2024-07-17",
    ]


def test_every_shipped_value_has_a_source() -> None:
    """REQUIREMENTS 'Config': each value carries its source; the loader refuses a value without one."""
    for path in sorted(Path(__file__).resolve().parent.parent.joinpath("rules").glob("*/*.yaml")):
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        for key, entry in data.items():
            if key in ("area", "note"):
                continue
            assert entry["source"].strip(), f"{path.name}: {key}"


@pytest.mark.parametrize(
    ("_case", "region", "area_key"),
    [
        ("C3 full province + city", "广东省中山市", "guangdong-zhongshan"),
        ("C3 deeper region, longest prefix", "广东省中山市石岐街道", "guangdong-zhongshan"),
        ("C3 short names", "广东中山", "guangdong-zhongshan"),
        ("C3 city without province", "中山市", "guangdong-zhongshan"),
        ("C3 other prefecture -> province rule", "广东省广州市", "guangdong"),
        ("C3 municipality district", "上海市浦东新区", "shanghai"),
        ("C3 short municipality name", "上海", "shanghai"),
        ("C3 whitespace ignored", " 江苏省 南京市 ", "jiangsu"),
        ("C3 statistical code of 中山", "442000", "guangdong-zhongshan"),
        ("C3 statistical code of 广州", "440100000000", "guangdong"),
        ("C3 no rules for 北京", "北京市", None),
        ("C3 unknown text", "火星", None),
        ("C3 unknown code", "110101", None),
    ],
)
def test_area_matching(_case: str, region: str, area_key: str | None) -> None:
    area = SHIPPED.match_area(region)
    assert (area.key if area else None) == area_key


@pytest.mark.parametrize(
    ("_case", "name", "short"),
    [
        ("province", "广东省", "广东"),
        ("autonomous region", "广西壮族自治区", "广西"),
        ("prefecture", "中山市", "中山"),
        ("two-character name keeps its suffix", "沙市", "沙市"),
    ],
)
def test_short_name(_case: str, name: str, short: str) -> None:
    assert short_name(name) == short


def _fixed(key: str, area: dict[str, Any], start: str, amount: int, **extra: Any) -> dict[str, Any]:
    return rule_dict(key, area, start, "fixed_amount", threshold_yuan=amount, **extra)


@pytest.mark.parametrize(
    ("_case", "as_of", "version"),
    [
        ("C3 before any rule", date(2022, 12, 31), None),
        ("C3 prefecture figure on its first day", date(2023, 1, 1), "zs/2023-01-01"),
        (
            "C3 newer provincial instrument supersedes the old prefecture figure",
            date(2025, 1, 1),
            "gd/2025-01-01",
        ),
        ("C3 a new prefecture figure under it wins again", date(2025, 6, 1), "zs/2025-06-01"),
    ],
)
def test_latest_effective_rule_wins_across_levels(_case: str, as_of: date, version: str | None) -> None:
    rules = book(
        _fixed("gd", GUANGDONG, "2025-01-01", 3000),
        _fixed("zs", ZHONGSHAN, "2023-01-01", 2000),
        _fixed("zs", ZHONGSHAN, "2025-06-01", 3100),
    )
    selection = rules.select("广东省中山市", as_of)
    assert (selection.rule.version if selection.rule else None) == version


def test_no_rule_in_force_reason_names_the_earliest() -> None:
    selection = book(_fixed("zs", ZHONGSHAN, "2023-01-01", 2000)).select("广东省中山市", date(2022, 6, 1))
    assert selection.reason == (
        "广东省中山市在2022-06-01没有施行中的经济困难标准（规则库中最早的标准自2023-01-01起施行），无法进行经济困难审查。"
    )


def test_effective_to_is_inclusive() -> None:
    rules = book(_fixed("gd", GUANGDONG, "2023-01-01", 2000, effective_to="2023-12-31"))
    assert rules.select("广东省", date(2023, 12, 31)).rule is not None
    assert rules.select("广东省", date(2024, 1, 1)).rule is None


def _without(key: str) -> dict[str, Any]:
    data = _fixed("gd", GUANGDONG, "2023-01-01", 2000)
    del data[key]
    return data


@pytest.mark.parametrize(
    ("_case", "data", "message"),
    [
        (
            "value without source",
            {**_fixed("gd", GUANGDONG, "2023-01-01", 2000), "threshold_yuan": {"value": 1}},
            "'threshold_yuan' has no source",
        ),
        (
            "bare value",
            {**_fixed("gd", GUANGDONG, "2023-01-01", 2000), "comparison": "below"},
            "'comparison' must be a mapping",
        ),
        (
            "unknown basis",
            {**_fixed("gd", GUANGDONG, "2023-01-01", 2000), "basis": sourced("lottery")},
            "'basis'",
        ),
        (
            "key of another basis",
            {**_fixed("gd", GUANGDONG, "2023-01-01", 2000), "percent": sourced(50)},
            "unknown keys ['percent']",
        ),
        ("negative amount", _fixed("gd", GUANGDONG, "2023-01-01", -1), "must not be negative"),
        ("no instrument", _without("instrument"), "'instrument'"),
        ("no area key", {**_fixed("gd", GUANGDONG, "2023-01-01", 2000), "area": GUANGDONG}, "no key"),
        (
            "end before start",
            _fixed("gd", GUANGDONG, "2023-01-01", 2000, effective_to="2022-01-01"),
            "effective_to",
        ),
        (
            "zero multiplier",
            rule_dict(
                "sd",
                {"province": "山东省"},
                "2023-01-01",
                "multiple_of_dibao",
                multiplier=0,
                dibao_monthly_yuan=1,
            ),
            "must be positive",
        ),
    ],
)
def test_loader_rejects_bad_rules(_case: str, data: dict[str, Any], message: str) -> None:
    with pytest.raises(RuleError, match=message.replace("[", r"\[").replace("]", r"\]")):
        parse_rule(data)


def test_rulebook_rejects_two_rules_for_one_area_and_date() -> None:
    with pytest.raises(RuleError, match="two rules for the same area and date"):
        book(_fixed("gd", GUANGDONG, "2023-01-01", 2000), _fixed("gd", GUANGDONG, "2023-01-01", 2100))


def test_yaml_file_name_must_equal_effective_from(tmp_path: Path) -> None:
    data = _fixed("gd", GUANGDONG, "2023-01-01", 2000)
    del data["area"]["key"]
    (tmp_path / "gd").mkdir()
    (tmp_path / "gd" / "2023-02-01.yaml").write_text(
        yaml.safe_dump(data, allow_unicode=True), encoding="utf-8"
    )
    with pytest.raises(RuleError, match="gd/2023-02-01.yaml: file name differs"):
        load_rulebook_dir(tmp_path)


def test_yaml_directory_gives_the_area_key(tmp_path: Path) -> None:
    data = _fixed("gd", GUANGDONG, "2023-01-01", 2000)
    del data["area"]["key"]
    (tmp_path / "gd").mkdir()
    (tmp_path / "gd" / "2023-01-01.yaml").write_text(
        yaml.safe_dump(data, allow_unicode=True), encoding="utf-8"
    )
    assert load_rulebook_dir(tmp_path).select("广东省", date(2023, 1, 1)).rule is not None


def test_empty_rules_directory_is_an_error(tmp_path: Path) -> None:
    with pytest.raises(RuleError, match="no rule files"):
        load_rulebook_dir(tmp_path)
