"""``evaluate``: one pure function from facts and rules to a verdict with reasons (C1, C2, C18, X4).

Order of the decision:

1. Applications dated before 法律援助法 came into force (2022-01-01) are outside this engine: unknown.
2. An Art.25 / Art.28 notice from a court, procuratorate or police: eligible, no means test.
3. Scope (Art.24, 29, 31, 33, or the claim of an applying Art.32 ground). Out of scope: ineligible.
4. Means: exempt under an Art.32 ground or an Art.42 group, else the hardship rule of the agency's area on the
   application date. Failed: ineligible; unknown: unknown with the missing facts.
"""

from datetime import date
from typing import Final

from fawang.eligibility.engine.citations import article
from fawang.eligibility.engine.facts import Facts
from fawang.eligibility.engine.means import MeansOutcome, assess_means
from fawang.eligibility.engine.result import MeansTest, Result, Verdict
from fawang.eligibility.engine.rules import RuleBook
from fawang.eligibility.engine.scope import (
    Exemptions,
    Finding,
    ScopeOutcome,
    ScopeStatus,
    assess_scope,
    find_exemptions,
)

# 法律援助法 (2021-08-20), Art.71: in force from 2022-01-01.
LAW_IN_FORCE: Final = date(2022, 1, 1)

_NOTICE_BASIS: Final = (article("二十五"), article("二十八"), article("三十六"))


def evaluate(*, facts: Facts, rules: RuleBook) -> Result:
    if facts.as_of < LAW_IN_FORCE:
        return Result(
            verdict=Verdict.UNKNOWN,
            means_test=MeansTest.UNKNOWN,
            reasons=(
                f"申请日期{facts.as_of.isoformat()}早于法律援助法施行日期（2022-01-01），"
                "应适用当时的《法律援助条例》和地方规定，本引擎不作判断，请人工审查。",
            ),
            legal_basis=(article("七十一"),),
        )
    if facts.criminal_notice:
        return Result(
            verdict=Verdict.ELIGIBLE,
            means_test=MeansTest.NOT_REQUIRED,
            reasons=(
                "人民法院、人民检察院或者公安机关依照法律援助法第二十五条、第二十八条通知法律援助机构指派律师，"
                "应当指派，不审查经济困难状况。",
            ),
            legal_basis=_NOTICE_BASIS,
        )
    exemptions = find_exemptions(facts)
    scope = assess_scope(facts, exemptions)
    means = _means(facts, rules, scope, exemptions)
    return _combine(scope, exemptions, means)


def _means(facts: Facts, rules: RuleBook, scope: ScopeOutcome, exemptions: Exemptions) -> MeansOutcome:
    if scope.status is ScopeStatus.OUT:
        return MeansOutcome(MeansTest.NOT_REQUIRED, Finding())
    if exemptions.exempt:
        return MeansOutcome(MeansTest.EXEMPT, Finding())
    return assess_means(facts, rules)


def _verdict(scope: ScopeStatus, means: MeansTest) -> Verdict:
    if scope is ScopeStatus.OUT or means is MeansTest.FAILED:
        return Verdict.NOT_ELIGIBLE
    if scope is ScopeStatus.IN and means in (MeansTest.PASSED, MeansTest.EXEMPT, MeansTest.NOT_REQUIRED):
        return Verdict.ELIGIBLE
    return Verdict.UNKNOWN


def _combine(scope: ScopeOutcome, exemptions: Exemptions, means: MeansOutcome) -> Result:
    verdict = _verdict(scope.status, means.status)
    parts = (scope.finding, exemptions.finding, means.finding)
    reasons = [reason for part in parts for reason in part.reasons]
    if scope.status is ScopeStatus.OUT:
        reasons.append("申请事项不属于法律援助范围，无需审查经济困难状况。")
    missing = (
        () if verdict is not Verdict.UNKNOWN else tuple(dict.fromkeys(m for p in parts for m in p.missing))
    )
    if missing:
        reasons.append("尚需补充：" + "、".join(item.describe() for item in missing) + "。")
    return Result(
        verdict=verdict,
        means_test=means.status,
        reasons=tuple(reasons),
        legal_basis=tuple(dict.fromkeys(basis for part in parts for basis in part.legal_basis)),
        missing=missing,
        calculation=means.calculation,
        rule_version=means.rule_version,
    )
