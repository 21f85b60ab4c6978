"""The economic-hardship (means) test under the standard in force for the accepting agency's area (C1, C3).

Each check answers passed, failed or unknown; a failure is decisive even when other facts are
missing, and an unknown lists the missing facts. Amounts compare exactly (``Fraction`` of 分);
reasons show them rounded to 分.
"""

from dataclasses import dataclass, field
from fractions import Fraction

from fawang.eligibility.engine.citations import article
from fawang.eligibility.engine.facts import UNKNOWN, Facts
from fawang.eligibility.engine.money import format_fen
from fawang.eligibility.engine.result import CalculationValue, MeansTest, MissingFact
from fawang.eligibility.engine.rules import Comparison, HardshipRule, PercentOfMeanIncome, RuleBook
from fawang.eligibility.engine.scope import Finding

_INCOME = MissingFact("monthly_income_per_capita")


@dataclass(frozen=True)
class MeansOutcome:
    status: MeansTest
    finding: Finding
    calculation: dict[str, CalculationValue] = field(default_factory=dict)
    rule_version: str | None = None


@dataclass(frozen=True)
class _Check:
    status: MeansTest
    reasons: tuple[str, ...] = ()
    missing: tuple[MissingFact, ...] = ()


def _fen(amount: Fraction) -> int:
    """Round half up to a whole 分 for display and the snapshot."""
    return int(amount + Fraction(1, 2)) if amount >= 0 else -int(-amount + Fraction(1, 2))


def _within(income: int, threshold: Fraction, comparison: Comparison) -> bool:
    return income < threshold if comparison is Comparison.BELOW else income <= threshold


def _compare_text(income: int, threshold: Fraction, comparison: Comparison) -> str:
    if _within(income, threshold, comparison):
        return "等于" if income == threshold else "低于"
    return "不低于" if comparison is Comparison.BELOW else "高于"


def _income_missing(facts: Facts) -> tuple[MissingFact, ...]:
    return (_INCOME,) if facts.monthly_income_per_capita_fen is UNKNOWN else ()


def assess_means(facts: Facts, rules: RuleBook) -> MeansOutcome:
    """Select the rule for the agency's region on ``facts.as_of`` and apply it."""
    if facts.agency_region is UNKNOWN:
        return MeansOutcome(
            MeansTest.UNKNOWN,
            Finding(
                ("未说明受理申请的法律援助机构所在地区，无法确定适用的经济困难标准。",),
                (),
                (MissingFact("agency_region"), *_income_missing(facts)),
            ),
        )
    selection = rules.select(facts.agency_region, facts.as_of)
    if selection.rule is None:
        reason = selection.reason or "没有可适用的经济困难标准。"
        return MeansOutcome(MeansTest.UNKNOWN, Finding((reason,), (), _income_missing(facts)))
    return apply_rule(facts, selection.rule, region=facts.agency_region)


def apply_rule(facts: Facts, rule: HardshipRule, *, region: str) -> MeansOutcome:
    """Apply one rule; ``region`` is the agency region as given, named in the reasons."""
    calculation: dict[str, CalculationValue] = {
        "rule_version": rule.version,
        "area": rule.area.display_name,
        "basis": rule.standard.basis.value,
        "comparison": rule.comparison.value.value,
        "income_fen": None
        if facts.monthly_income_per_capita_fen is UNKNOWN
        else facts.monthly_income_per_capita_fen,
        "threshold_fen": None,
        "asset_test": rule.asset_test.value is not None,
    }
    intro = (
        f"受理机构所在地区“{region}”适用{rule.area.display_name}自{rule.effective_from.value.isoformat()}起施行的经济困难标准"
        f"（{rule.instrument.value}）：{rule.standard.describe()}。"
    )
    basis = (article("三十四"), rule.instrument.value)
    mutual = rule.judicial_assistance_mutual
    if mutual.value:
        calculation["judicial_assistance_mutual"] = mutual.source
    if facts.judicial_assistance_decision and mutual.value:
        reason = (
            f"申请人持有司法救助决定；按{mutual.source}，司法救助决定可作为经济困难的证明，"
            "不再审查收入和财产，符合经济困难条件（C22）。"
        )
        return MeansOutcome(MeansTest.PASSED, Finding((intro, reason), basis, ()), calculation, rule.version)
    checks: tuple[_Check, ...] = (
        _income_check(facts, rule, calculation),
        _asset_check(facts, rule),
        _household_check(facts, rule),
    )
    if facts.judicial_assistance_decision:
        note = "该地区经济困难标准未规定司法救助决定可直接证明经济困难，仍按收入和财产标准审查。"
        checks = (_Check(MeansTest.PASSED, (note,)), *checks)
    failed = [check for check in checks if check.status is MeansTest.FAILED]
    if failed:
        status, chosen = MeansTest.FAILED, failed
    elif any(check.status is MeansTest.UNKNOWN for check in checks):
        status, chosen = MeansTest.UNKNOWN, list(checks)
    else:
        status, chosen = MeansTest.PASSED, list(checks)
    reasons = (intro, *(reason for check in chosen for reason in check.reasons))
    missing = tuple(item for check in chosen for item in check.missing)
    return MeansOutcome(status, Finding(reasons, basis, missing), calculation, rule.version)


def _income_check(facts: Facts, rule: HardshipRule, calculation: dict[str, CalculationValue]) -> _Check:
    threshold = rule.standard.threshold()
    income = facts.monthly_income_per_capita_fen
    reasons: list[str] = []
    if threshold is None:
        reasons.append(
            f"规则库中缺少{rule.standard.missing_figure()}，无法确定该地区的经济困难标准数额"
            "（需由管理员补充本地数据）。"
        )
    else:
        calculation["threshold_fen"] = _fen(threshold)
    if income is UNKNOWN:
        reasons.append("尚未提供家庭人均月收入，不能视为零收入。")
    if threshold is None or income is UNKNOWN:
        return _Check(MeansTest.UNKNOWN, tuple(reasons), _income_missing(facts))
    comparison = rule.comparison.value
    relation = _compare_text(income, threshold, comparison)
    stated = f"家庭人均月收入{format_fen(income)}，{relation}标准{format_fen(_fen(threshold))}"
    if _within(income, threshold, comparison):
        return _Check(MeansTest.PASSED, (f"{stated}，符合经济困难条件。",))
    return _hardship_variant(facts, rule, income, stated, calculation)


def _hardship_variant(
    facts: Facts, rule: HardshipRule, income: int, stated: str, calculation: dict[str, CalculationValue]
) -> _Check:
    """粤府令第268号: the 100% threshold applies when the applicant claims hardship spending above income."""
    failed = f"{stated}，不符合经济困难条件。"
    standard = rule.standard
    if not isinstance(standard, PercentOfMeanIncome) or standard.hardship_expense_percent.value is None:
        return _Check(MeansTest.FAILED, (failed,))
    percent = standard.hardship_expense_percent.value
    variant = standard.hardship_threshold()
    amount = "" if variant is None else f"（{format_fen(_fen(variant))}）"
    circumstance = "因突发事件、遭受意外伤害、患重大疾病或者就读全日制学校等原因导致支出大于收入"
    if facts.hardship_expense is not True:
        hint = f"如{circumstance}，可按{percent}%标准{amount}审查；申请人未主张该情形。"
        return _Check(MeansTest.FAILED, (failed, hint))
    if variant is None:
        return _Check(
            MeansTest.UNKNOWN,
            (
                f"申请人主张{circumstance}，但规则库中缺少{standard.missing_figure()}，无法计算{percent}%标准。",
            ),
        )
    calculation["hardship_threshold_fen"] = _fen(variant)
    comparison = rule.comparison.value
    verdict = "符合" if _within(income, variant, comparison) else "不符合"
    reason = (
        f"申请人{circumstance}，按{percent}%标准{amount}审查：家庭人均月收入{format_fen(income)}，"
        f"{_compare_text(income, variant, comparison)}该标准，{verdict}经济困难条件。"
    )
    status = MeansTest.PASSED if verdict == "符合" else MeansTest.FAILED
    return _Check(status, (reason,))


def _asset_check(facts: Facts, rule: HardshipRule) -> _Check:
    description = rule.asset_test.value
    if description is None:
        return _Check(MeansTest.PASSED)
    if facts.has_large_assets is True:
        return _Check(MeansTest.FAILED, (f"申请人家庭拥有大额财产（{description}），不符合经济困难条件。",))
    if facts.has_large_assets is UNKNOWN:
        return _Check(
            MeansTest.UNKNOWN,
            (f"该标准要求家庭没有大额财产（{description}），尚未说明。",),
            (MissingFact("has_large_assets"),),
        )
    return _Check(MeansTest.PASSED, ("申请人家庭没有大额财产。",))


def _household_check(facts: Facts, rule: HardshipRule) -> _Check:
    if not rule.needs_household_size.value or facts.household_size is not UNKNOWN:
        return _Check(MeansTest.PASSED)
    return _Check(
        MeansTest.UNKNOWN,
        (f"该地区标准需要家庭人口数（{rule.needs_household_size.source}），尚未提供。",),
        (MissingFact("household_size"),),
    )
