"""Statutory cases of 法律援助法 (2021): scope, notices, Art.32 grounds, Art.42 groups (C1, C2, C18).

Run against the shipped rules; the means test, where reached, is 上海's 3,190 元 standard (see builders.BASE).
"""

from datetime import date

import pytest

from fawang.eligibility.engine import UNKNOWN, ApplicantGroup, Ground, Matter, MeansTest, Verdict
from fawang.eligibility.tests.builders import ART34, SH_2024, run

A24, A25, A28, A29, A33, A36 = (
    f"法律援助法第{n}条" for n in ("二十四", "二十五", "二十八", "二十九", "三十三", "三十六")
)


def a31(item: str) -> str:
    return f"法律援助法第三十一条第（{item}）项"


def a32(item: str) -> str:
    return f"法律援助法第三十二条第（{item}）项"


def a42(item: str) -> str:
    return f"法律援助法第四十二条第（{item}）项"


@pytest.mark.parametrize(
    ("_case", "matter", "citation"),
    [
        ("Art.31(1) 依法请求国家赔偿", Matter.STATE_COMPENSATION, a31("一")),
        ("Art.31(2) 社会保险待遇或者社会救助", Matter.SOCIAL_INSURANCE_OR_ASSISTANCE, a31("二")),
        ("Art.31(3) 抚恤金", Matter.SURVIVOR_PENSION, a31("三")),
        ("Art.31(4) 赡养费、抚养费、扶养费", Matter.MAINTENANCE, a31("四")),
        ("Art.31(5) 确认劳动关系或者支付劳动报酬", Matter.LABOUR_RELATION_OR_PAY, a31("五")),
        ("Art.31(6) 认定无/限制民事行为能力", Matter.CIVIL_CAPACITY, a31("六")),
        ("Art.31(7) 工伤、交通、医疗事故等人身损害赔偿", Matter.PERSONAL_INJURY, a31("七")),
        ("Art.31(8) 环境污染、生态破坏损害赔偿", Matter.ENVIRONMENTAL_DAMAGE, a31("八")),
        ("Art.24 犯罪嫌疑人、被告人因经济困难申请", Matter.CRIMINAL_DEFENCE, A24),
        ("Art.29 被害人、自诉人、附带民事诉讼原告人", Matter.CRIMINAL_VICTIM, A29),
        ("Art.33 申诉、再审", Matter.RETRIAL_PETITION, A33),
    ],
)
def test_in_scope_matter_with_hardship_is_eligible(_case: str, matter: Matter, citation: str) -> None:
    result = run(matter=matter)
    assert (result.verdict, result.means_test, result.missing) == (Verdict.ELIGIBLE, MeansTest.PASSED, ())
    assert result.legal_basis == (citation, ART34, SH_2024)
    assert result.rule_version == "shanghai/2024-07-17"


@pytest.mark.parametrize(
    ("_case", "matter", "income_fen", "verdict", "means_test"),
    [
        ("Art.31(4) + Art.34: income above 3,190 fails", Matter.MAINTENANCE, 400000, "ineligible", "failed"),
        (
            "Art.24 + Art.34: defence also needs hardship",
            Matter.CRIMINAL_DEFENCE,
            400000,
            "ineligible",
            "failed",
        ),
        (
            "Art.31(9) other civil matter: out of scope",
            Matter.OTHER_CIVIL,
            100000,
            "ineligible",
            "not_required",
        ),
    ],
)
def test_refusals(_case: str, matter: Matter, income_fen: int, verdict: str, means_test: str) -> None:
    result = run(matter=matter, monthly_income_per_capita_fen=income_fen)
    assert (result.verdict.value, result.means_test.value, result.missing) == (verdict, means_test, ())


def test_other_civil_cites_art31_and_points_to_local_expansion() -> None:
    """Art.31(9): local laws, regulations or rules may widen the list; the engine says so."""
    result = run(matter=Matter.OTHER_CIVIL)
    assert result.legal_basis == ("法律援助法第三十一条", a31("九"))
    assert any("第三十一条第（九）项" in reason for reason in result.reasons)


@pytest.mark.parametrize(
    ("_case", "changes"),
    [
        ("Art.25 notice: no means test even with unknown income", {"monthly_income_per_capita_fen": UNKNOWN}),
        ("Art.25 notice: income far above the standard", {"monthly_income_per_capita_fen": 5000000}),
        (
            "Art.28 notice (强制医疗): unknown region and matter",
            {"agency_region": UNKNOWN, "matter": UNKNOWN},
        ),
        ("Art.25 notice: region without rules", {"agency_region": "北京市", "has_large_assets": True}),
    ],
)
def test_criminal_notice_is_eligible_without_means_test(_case: str, changes: dict[str, object]) -> None:
    result = run(criminal_notice=True, **changes)
    assert (result.verdict, result.means_test, result.missing) == (
        Verdict.ELIGIBLE,
        MeansTest.NOT_REQUIRED,
        (),
    )
    assert result.legal_basis == (A25, A28, A36)


@pytest.mark.parametrize(
    ("_case", "ground", "matter", "legal_basis"),
    [
        ("Art.32(1) 英雄烈士近亲属维护人格权益", Ground.MARTYR_RELATIVE, Matter.OTHER_CIVIL, (a32("一"),)),
        (
            "Art.32(2) 见义勇为 + Art.31(7)",
            Ground.GOOD_SAMARITAN,
            Matter.PERSONAL_INJURY,
            (a31("七"), a32("二")),
        ),
        ("Art.32(2) 见义勇为, other civil claim", Ground.GOOD_SAMARITAN, Matter.OTHER_CIVIL, (a32("二"),)),
        (
            "Art.32(3) 再审改判无罪请求国家赔偿",
            Ground.WRONGFUL_CONVICTION,
            Matter.STATE_COMPENSATION,
            (a31("一"), a32("三")),
        ),
        (
            "Art.32(4) 家庭暴力受害人 + 抚养费",
            Ground.DOMESTIC_VIOLENCE_VICTIM,
            Matter.MAINTENANCE,
            (a31("四"), a32("四")),
        ),
        (
            "Art.32(4) 家庭暴力受害人, divorce (other civil)",
            Ground.DOMESTIC_VIOLENCE_VICTIM,
            Matter.OTHER_CIVIL,
            (a32("四"),),
        ),
        (
            "Art.32(4) 虐待受害人自诉 + Art.29",
            Ground.DOMESTIC_VIOLENCE_VICTIM,
            Matter.CRIMINAL_VICTIM,
            (A29, a32("四")),
        ),
        (
            "Art.32(3) matter not stated: the ground's own claim",
            Ground.WRONGFUL_CONVICTION,
            UNKNOWN,
            (a32("三"),),
        ),
    ],
)
def test_art32_ground_waives_means_test(
    _case: str, ground: Ground, matter: object, legal_basis: tuple[str, ...]
) -> None:
    result = run(
        grounds=frozenset({ground}),
        matter=matter,
        monthly_income_per_capita_fen=9000000,
        has_large_assets=True,
    )
    assert (result.verdict, result.means_test, result.missing) == (Verdict.ELIGIBLE, MeansTest.EXEMPT, ())
    assert result.legal_basis == legal_basis
    assert result.rule_version is None


@pytest.mark.parametrize(
    ("_case", "ground", "matter", "income_fen", "verdict", "means_test"),
    [
        (
            "Art.32(3) with a maintenance claim: ordinary test, fails",
            Ground.WRONGFUL_CONVICTION,
            Matter.MAINTENANCE,
            900000,
            "ineligible",
            "failed",
        ),
        (
            "Art.32(3) with a maintenance claim: ordinary test, passes",
            Ground.WRONGFUL_CONVICTION,
            Matter.MAINTENANCE,
            100000,
            "eligible",
            "passed",
        ),
        (
            "Art.32(1) with a pay claim: ordinary test",
            Ground.MARTYR_RELATIVE,
            Matter.LABOUR_RELATION_OR_PAY,
            100000,
            "eligible",
            "passed",
        ),
        (
            "Art.32(3) with an other civil matter: out of scope",
            Ground.WRONGFUL_CONVICTION,
            Matter.OTHER_CIVIL,
            100000,
            "ineligible",
            "not_required",
        ),
        (
            "Art.32(2) with a defence: Art.24 ordinary test",
            Ground.GOOD_SAMARITAN,
            Matter.CRIMINAL_DEFENCE,
            900000,
            "ineligible",
            "failed",
        ),
    ],
)
def test_art32_ground_with_unrelated_matter_does_not_apply(
    _case: str, ground: Ground, matter: Matter, income_fen: int, verdict: str, means_test: str
) -> None:
    result = run(grounds=frozenset({ground}), matter=matter, monthly_income_per_capita_fen=income_fen)
    assert (result.verdict.value, result.means_test.value) == (verdict, means_test)
    assert any("不适用免除经济困难条件" in reason for reason in result.reasons)
    assert not any(basis.startswith("法律援助法第三十二条") for basis in result.legal_basis)


@pytest.mark.parametrize(
    ("_case", "group", "matter", "legal_basis"),
    [
        (
            "Art.42(1) 无固定生活来源的老年人 + 赡养费",
            ApplicantGroup.NO_FIXED_INCOME_VULNERABLE,
            Matter.MAINTENANCE,
            (a31("四"), a42("一")),
        ),
        (
            "Art.42(2) 低保对象 + Art.24 defence",
            ApplicantGroup.SOCIAL_ASSISTANCE_RECIPIENT,
            Matter.CRIMINAL_DEFENCE,
            (A24, a42("二")),
        ),
        (
            "Art.42(3) 进城务工人员 + 劳动报酬",
            ApplicantGroup.MIGRANT_WORKER_PAY_OR_INJURY,
            Matter.LABOUR_RELATION_OR_PAY,
            (a31("五"), a42("三")),
        ),
        (
            "Art.42(3) 进城务工人员 + 工伤赔偿",
            ApplicantGroup.MIGRANT_WORKER_PAY_OR_INJURY,
            Matter.PERSONAL_INJURY,
            (a31("七"), a42("三")),
        ),
    ],
)
def test_art42_group_skips_hardship_check(
    _case: str, group: ApplicantGroup, matter: Matter, legal_basis: tuple[str, ...]
) -> None:
    """C2: proof of group membership replaces the hardship check; the facts may stay unknown."""
    result = run(
        applicant_groups=frozenset({group}),
        matter=matter,
        agency_region="北京市",
        monthly_income_per_capita_fen=UNKNOWN,
        has_large_assets=UNKNOWN,
    )
    assert (result.verdict, result.means_test, result.missing) == (Verdict.ELIGIBLE, MeansTest.EXEMPT, ())
    assert result.legal_basis == legal_basis


@pytest.mark.parametrize(
    ("_case", "income_fen", "verdict", "means_test", "missing"),
    [
        ("Art.42(3) migrant worker, maintenance claim: group n/a, fails", 900000, "ineligible", "failed", ()),
        ("Art.42(3) migrant worker, maintenance claim: group n/a, passes", 100000, "eligible", "passed", ()),
        (
            "Art.42(3) migrant worker, maintenance claim: income unknown",
            UNKNOWN,
            "unknown",
            "unknown",
            ("monthly_income_per_capita",),
        ),
    ],
)
def test_migrant_worker_group_only_for_pay_or_injury(
    _case: str, income_fen: object, verdict: str, means_test: str, missing: tuple[str, ...]
) -> None:
    result = run(
        applicant_groups=frozenset({ApplicantGroup.MIGRANT_WORKER_PAY_OR_INJURY}),
        matter=Matter.MAINTENANCE,
        monthly_income_per_capita_fen=income_fen,
    )
    assert (result.verdict.value, result.means_test.value, result.missing_facts) == (
        verdict,
        means_test,
        missing,
    )
    assert any("仅在申请支付劳动报酬或者请求工伤事故人身损害赔偿时" in reason for reason in result.reasons)


def test_art42_group_does_not_widen_scope() -> None:
    """Art.42 only exempts from verification; an Art.31(9) matter stays out of scope."""
    result = run(
        applicant_groups=frozenset({ApplicantGroup.SOCIAL_ASSISTANCE_RECIPIENT}), matter=Matter.OTHER_CIVIL
    )
    assert (result.verdict, result.means_test) == (Verdict.NOT_ELIGIBLE, MeansTest.NOT_REQUIRED)


@pytest.mark.parametrize(
    ("_case", "changes", "verdict", "means_test", "missing"),
    [
        (
            "C1 UNKNOWN is not zero: income null",
            {"monthly_income_per_capita_fen": UNKNOWN},
            "unknown",
            "unknown",
            ("monthly_income_per_capita",),
        ),
        ("C1 income 0 is a fact", {"monthly_income_per_capita_fen": 0}, "eligible", "passed", ()),
        (
            "C1 assets null under an asset test",
            {"has_large_assets": UNKNOWN},
            "unknown",
            "unknown",
            ("has_large_assets",),
        ),
        (
            "C1 large assets fail even with income unknown",
            {"has_large_assets": True, "monthly_income_per_capita_fen": UNKNOWN},
            "ineligible",
            "failed",
            (),
        ),
        (
            "C1 income and assets both null",
            {"has_large_assets": UNKNOWN, "monthly_income_per_capita_fen": UNKNOWN},
            "unknown",
            "unknown",
            ("monthly_income_per_capita", "has_large_assets"),
        ),
        ("C1 matter not stated", {"matter": UNKNOWN}, "unknown", "passed", ("matter",)),
        (
            "C1 matter not stated, income fails: refusal",
            {"matter": UNKNOWN, "monthly_income_per_capita_fen": 900000},
            "ineligible",
            "failed",
            (),
        ),
        (
            "C1 matter and income not stated: all gaps at once",
            {"matter": UNKNOWN, "monthly_income_per_capita_fen": UNKNOWN},
            "unknown",
            "unknown",
            ("matter", "monthly_income_per_capita"),
        ),
        ("C3 agency region not stated", {"agency_region": UNKNOWN}, "unknown", "unknown", ("agency_region",)),
        ("C3 region without rules (北京市)", {"agency_region": "北京市"}, "unknown", "unknown", ()),
        (
            "C3 region without rules, income also null",
            {"agency_region": "湖南省长沙市", "monthly_income_per_capita_fen": UNKNOWN},
            "unknown",
            "unknown",
            ("monthly_income_per_capita",),
        ),
        (
            "Art.71 before 2022-01-01: outside this law",
            {"as_of": date(2021, 12, 31)},
            "unknown",
            "unknown",
            (),
        ),
        (
            "Art.71 before 2022-01-01, even with a notice",
            {"as_of": date(2021, 6, 1), "criminal_notice": True},
            "unknown",
            "unknown",
            (),
        ),
    ],
)
def test_missing_facts_and_missing_rules(
    _case: str, changes: dict[str, object], verdict: str, means_test: str, missing: tuple[str, ...]
) -> None:
    result = run(**changes)
    assert (result.verdict.value, result.means_test.value, result.missing_facts) == (
        verdict,
        means_test,
        missing,
    )
    assert result.reasons


def test_unknown_region_reason_names_the_region() -> None:
    result = run(agency_region="北京市朝阳区")
    assert result.reasons[-1] == "规则库中没有“北京市朝阳区”所在地区的经济困难标准，无法进行经济困难审查。"


def test_missing_facts_are_listed_with_chinese_labels() -> None:
    result = run(monthly_income_per_capita_fen=UNKNOWN, has_large_assets=UNKNOWN)
    assert result.reasons[-1] == (
        "尚需补充：家庭人均月收入（monthly_income_per_capita）、是否拥有大额财产（如多套住房等）（has_large_assets）。"
    )
