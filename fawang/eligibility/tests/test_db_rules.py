"""Standards as database data (C3; ADR 0020): seeded from the shipped files, edited by administrators with a
revision trail, selected by effective date, and read by the batch command by default."""

from __future__ import annotations

import io
import json
from datetime import date
from typing import Any

import pytest
from django.core.management import call_command
from django.test import Client

from fawang.accounts.models import User
from fawang.core.errors import DomainError
from fawang.eligibility.engine import Facts, Matter, load_rulebook_dir
from fawang.eligibility.models import HardshipArea, HardshipStandard, HardshipStandardRevision
from fawang.eligibility.selectors import eligibility_evaluate, rules_current
from fawang.eligibility.services import (
    hardship_area_create,
    hardship_standard_create,
    hardship_standard_revise,
    standards_ensure_seeded,
    standards_seed_shipped,
)

pytestmark = pytest.mark.django_db


def _src(value: Any) -> dict[str, Any]:
    return {"value": value, "source": "测试用数额（非公布数额）"}


def _fixed(effective_from: str, threshold: int) -> dict[str, Any]:
    return {
        "effective_from": _src(effective_from),
        "instrument": _src("测试省法律援助经济困难标准"),
        "basis": _src("fixed_amount"),
        "threshold_yuan": _src(threshold),
        "comparison": _src("at_or_below"),
        "asset_test": _src(None),
    }


def _run(*lines: dict[str, Any], rules: str | None = None) -> list[dict[str, Any]]:
    out = io.StringIO()
    args = ["check_eligibility", "--jsonl"] + (["--rules", rules] if rules else [])
    call_command(
        *args, stdin=io.StringIO("".join(json.dumps(x, ensure_ascii=False) + "\n" for x in lines)), stdout=out
    )
    return [json.loads(t) for t in out.getvalue().splitlines()]


def _actor() -> User:
    return User.objects.create_user(username="std-admin", password="x")


def test_seed_matches_the_shipped_files_and_is_idempotent() -> None:
    actor = _actor()
    standards_ensure_seeded(actor=actor)
    shipped = load_rulebook_dir()
    current = rules_current()
    assert {r.version for a in shipped.areas for r in shipped.rules_for(a.key)} == set(current.revisions)
    assert set(current.revisions.values()) == {1}
    assert standards_seed_shipped(actor=actor) == 0  # nothing new the second time


@pytest.mark.parametrize(
    ("_case", "as_of", "income", "verdict", "rule_version"),
    [
        (
            "C3: day before the new figure, old threshold 2,000 applies → 2,100 fails",
            "2025-06-30",
            2100,
            "ineligible",
            "testprov/2024-01-01",
        ),
        (
            "C3: on the switch date the new threshold 2,400 applies → 2,100 passes",
            "2025-07-01",
            2100,
            "eligible",
            "testprov/2025-07-01",
        ),
        (
            "C3: new threshold, at the limit (不高于) → passes",
            "2025-07-01",
            2400,
            "eligible",
            "testprov/2025-07-01",
        ),
        ("C3: new threshold + 0.01 → fails", "2025-07-01", 2400.01, "ineligible", "testprov/2025-07-01"),
        ("C3: before any standard of the area → unknown", "2023-12-31", 100, "unknown", None),
    ],
)
def test_effective_date_switch_from_database_rules(
    _case: str, as_of: str, income: float, verdict: str, rule_version: str | None
) -> None:
    actor = _actor()
    standards_ensure_seeded(actor=actor)
    area = hardship_area_create(actor=actor, key="testprov", province="测试省", code="99")
    hardship_standard_create(actor=actor, area=area, data=_fixed("2024-01-01", 2000), reason="测试")
    hardship_standard_create(
        actor=actor, area=area, data=_fixed("2025-07-01", 2400), reason="测试：新年度数额"
    )
    line = {
        "id": _case,
        "date": as_of,
        "agency_region": "测试省测试市甲县",
        "matter": "maintenance",
        "monthly_income_per_capita": income,
        "has_large_assets": False,
    }
    (output,) = _run(line)
    assert output["verdict"] == verdict
    result, revision = eligibility_evaluate(
        facts=Facts(
            as_of=date.fromisoformat(as_of),
            agency_region="测试省",
            matter=Matter.MAINTENANCE,
            monthly_income_per_capita_fen=round(income * 100),
            has_large_assets=False,
        )
    )
    assert (result.verdict.value, result.rule_version, revision) == (
        verdict,
        rule_version,
        1 if rule_version else None,
    )


def test_revision_changes_the_answer_and_keeps_history() -> None:
    actor = _actor()
    standards_ensure_seeded(actor=actor)
    area = hardship_area_create(actor=actor, key="testprov", province="测试省")
    standard = hardship_standard_create(
        actor=actor, area=area, data=_fixed("2024-01-01", 2000), reason="录入"
    )
    line = {
        "id": 1,
        "date": "2024-05-01",
        "agency_region": "测试省",
        "matter": "maintenance",
        "monthly_income_per_capita": 2100,
        "has_large_assets": False,
    }
    assert _run(line)[0]["verdict"] == "ineligible"
    hardship_standard_revise(
        actor=actor, standard=standard, data=_fixed("2024-01-01", 2200), reason="更正数额"
    )
    assert _run(line)[0]["verdict"] == "eligible"
    hardship_standard_revise(
        actor=actor, standard=standard, data=_fixed("2024-01-01", 2200), reason="停用", withdrawn=True
    )
    assert _run(line)[0]["verdict"] == "unknown"
    assert list(
        HardshipStandardRevision.objects.filter(standard=standard).values_list("revision", "reason")
    ) == [
        (1, "录入"),
        (2, "更正数额"),
        (3, "停用"),
    ]
    # The file source is unaffected: --rules reads the directory, not the database.
    assert _run(line, rules=str(load_rulebook_dir.__defaults__[0]))[0]["verdict"] == "unknown"  # type: ignore[index]


@pytest.mark.parametrize(
    ("_case", "change", "message"),
    [
        ("a value without a source is refused", {"threshold_yuan": {"value": 1}}, "no source"),
        ("an unknown key is refused", {"bogus": _src(1)}, "unknown keys"),
        (
            "the effective date cannot be edited",
            {"effective_from": _src("2024-02-01")},
            "施行日期是标准的标识",
        ),
    ],
)
def test_bad_revisions_are_refused_and_change_nothing(
    _case: str, change: dict[str, Any], message: str
) -> None:
    actor = _actor()
    area = HardshipArea.objects.create(key="testprov", province="测试省")
    standard = hardship_standard_create(
        actor=actor, area=area, data=_fixed("2024-01-01", 2000), reason="录入"
    )
    with pytest.raises(DomainError, match=message):
        hardship_standard_revise(
            actor=actor, standard=standard, data={**_fixed("2024-01-01", 2000), **change}, reason="改"
        )
    standard.refresh_from_db()
    assert (
        standard.revision,
        standard.data["threshold_yuan"]["value"],
        HardshipStandardRevision.objects.count(),
    ) == (1, 2000, 1)


def test_standards_page_admin_adds_a_standard_others_cannot(personas: dict[str, User]) -> None:
    admin, reviewer = Client(), Client()
    admin.force_login(personas["admin"])
    reviewer.force_login(personas["aid_reviewer"])
    assert reviewer.get("/work/legal-aid/standards/").status_code == 200
    assert reviewer.get("/work/legal-aid/standards/new/").status_code == 403
    assert (
        admin.post(
            "/work/legal-aid/standards/areas/new/", {"key": "testprov", "province": "测试省"}
        ).status_code
        == 302
    )
    form = {
        "area": "testprov",
        "reason": "测试省2025年标准",
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
    }
    missing_source = {**form, "threshold_yuan__source": ""}
    before = HardshipStandard.objects.count()
    assert admin.post("/work/legal-aid/standards/new/", missing_source).status_code == 400
    assert HardshipStandard.objects.count() == before
    assert admin.post("/work/legal-aid/standards/new/", form).status_code == 302
    standard = HardshipStandard.objects.get(area__key="testprov")
    assert standard.data["threshold_yuan"] == {"value": 2500, "source": "测试文件第2条"}
    assert (
        _run(
            {
                "id": 1,
                "date": "2025-02-01",
                "agency_region": "测试省",
                "matter": "maintenance",
                "monthly_income_per_capita": 2500,
                "has_large_assets": False,
            }
        )[0]["verdict"]
        == "eligible"
    )
