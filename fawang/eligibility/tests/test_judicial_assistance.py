"""C22 (山东 2015 [L]): where the local standard says so, a 司法救助 decision proves hardship (and a legal-aid
grant under that standard proves hardship for 司法救助). Effective-dated with the standard; off by default."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest
from django.test import Client

from fawang.accounts.models import User
from fawang.eligibility.engine import (
    UNKNOWN,
    Facts,
    Matter,
    MeansTest,
    RuleError,
    Verdict,
    evaluate,
    parse_rule,
)
from fawang.eligibility.engine.jsonl import evaluate_json
from fawang.eligibility.models import HardshipStandard
from fawang.eligibility.selectors import rules_current
from fawang.eligibility.tests.builders import SHIPPED, book, rule_dict, run

AREA = {"province": "测试省"}
RICH = 900_000  # 9,000 元: above every test threshold


def _rules(*, mutual_from: str | None) -> Any:
    """2024: no recognition; from ``mutual_from`` (if given) a new standard that recognises 司法救助 decisions."""
    old = rule_dict("testprov", AREA, "2024-01-01", "fixed_amount", threshold_yuan=2000)
    rows = [old]
    if mutual_from:
        new = rule_dict(
            "testprov",
            AREA,
            mutual_from,
            "fixed_amount",
            threshold_yuan=2000,
            judicial_assistance_mutual=True,
        )
        new["judicial_assistance_mutual"]["source"] = "测试省法律援助条例第八条（测试数据）"
        rows.append(new)
    return book(*rows)


@pytest.mark.parametrize(
    ("as_of", "decision", "income", "means", "verdict"),
    [
        # Before the local rule: the decision does not replace the income test.
        (date(2024, 6, 30), True, RICH, MeansTest.FAILED, Verdict.NOT_ELIGIBLE),
        (date(2024, 6, 30), True, 150_000, MeansTest.PASSED, Verdict.ELIGIBLE),
        # From the switch date: the decision proves hardship whatever the income (even unknown).
        (date(2024, 7, 1), True, RICH, MeansTest.PASSED, Verdict.ELIGIBLE),
        (date(2024, 7, 1), True, None, MeansTest.PASSED, Verdict.ELIGIBLE),
        # Without a decision the rule changes nothing.
        (date(2024, 7, 1), False, RICH, MeansTest.FAILED, Verdict.NOT_ELIGIBLE),
        (date(2024, 7, 1), False, None, MeansTest.UNKNOWN, Verdict.UNKNOWN),
    ],
)
def test_decision_proves_hardship_only_where_and_when_the_rule_says(
    as_of: date, decision: bool, income: int | None, means: MeansTest, verdict: Verdict
) -> None:
    result = run(
        _rules(mutual_from="2024-07-01"),
        as_of=as_of,
        agency_region="测试省",
        judicial_assistance_decision=decision,
        monthly_income_per_capita_fen=UNKNOWN if income is None else income,
    )
    assert (result.means_test, result.verdict) == (means, verdict)
    if decision and as_of >= date(2024, 7, 1):
        assert any("测试省法律援助条例第八条" in r and "司法救助决定" in r for r in result.reasons)
        assert result.missing == ()
        assert result.calculation["judicial_assistance_mutual"] == "测试省法律援助条例第八条（测试数据）"
    if decision and as_of < date(2024, 7, 1) and means is MeansTest.PASSED:
        assert any("未规定司法救助决定可直接证明经济困难" in r for r in result.reasons)


def test_rule_without_the_key_has_recognition_off_and_the_key_needs_a_source() -> None:
    plain = parse_rule(rule_dict("testprov", AREA, "2024-01-01", "fixed_amount", threshold_yuan=2000))
    assert plain.judicial_assistance_mutual.value is False
    bad = rule_dict("testprov", AREA, "2024-01-01", "fixed_amount", threshold_yuan=2000)
    bad["judicial_assistance_mutual"] = {"value": True, "source": ""}
    with pytest.raises(RuleError):
        parse_rule(bad)


def test_batch_schema_is_unchanged_by_c22() -> None:
    """The JSONL contract has no such field: output keys are the same, the shipped answer the same."""
    line = {
        "id": "x",
        "date": "2024-08-01",
        "agency_region": "上海市",
        "matter": "maintenance",
        "monthly_income_per_capita": 3000,
        "has_large_assets": False,
    }
    out = evaluate_json(line, _rules(mutual_from=None))
    assert set(out) == {"id", "verdict", "means_test", "reasons", "legal_basis", "missing"}
    assert evaluate_json(line, SHIPPED)["verdict"] == "eligible"


@pytest.mark.django_db
def test_admin_turns_recognition_on_from_a_date_on_the_standards_page(personas: dict[str, User]) -> None:
    admin = Client()
    admin.force_login(personas["admin"])
    assert (
        admin.post(
            "/work/legal-aid/standards/areas/new/", {"key": "testprov", "province": "测试省"}
        ).status_code
        == 302
    )
    form = {
        "area": "testprov",
        "reason": "测试省条例施行，司法救助与法律援助互认",
        "effective_from": "2025-01-01",
        "effective_from__source": "测试文件",
        "instrument": "测试省标准",
        "instrument__source": "测试文件",
        "basis": "fixed_amount",
        "basis__source": "测试文件",
        "comparison": "at_or_below",
        "comparison__source": "测试文件",
        "asset_test__source": "测试文件",
        "threshold_yuan": "2500",
        "threshold_yuan__source": "测试文件第2条",
        "judicial_assistance_mutual": "true",
        "judicial_assistance_mutual__source": "",
    }
    before = HardshipStandard.objects.count()
    assert admin.post("/work/legal-aid/standards/new/", form).status_code == 400  # no source: refused
    assert HardshipStandard.objects.count() == before
    form["judicial_assistance_mutual__source"] = "测试省条例第八条"
    assert admin.post("/work/legal-aid/standards/new/", form).status_code == 302
    standard = HardshipStandard.objects.get(area__key="testprov")
    assert standard.data["judicial_assistance_mutual"] == {"value": True, "source": "测试省条例第八条"}
    page = admin.get("/work/legal-aid/standards/").content.decode()
    assert "司法救助互认" in page
    facts = Facts(
        as_of=date(2025, 2, 1),
        agency_region="测试省",
        matter=Matter.MAINTENANCE,
        monthly_income_per_capita_fen=RICH,
        judicial_assistance_decision=True,
    )
    assert evaluate(facts=facts, rules=rules_current().book).verdict is Verdict.ELIGIBLE
