"""Scope (Art.24, 29, 31, 33), Art.32 grounds and Art.42 groups (C1, C2, C18).

Fixed national law: the tables below are code, not rule data. Local expansions under Art.31(9) and
Art.32(5) are not modelled yet; the engine says so when a matter falls outside the national list.
"""

from dataclasses import dataclass
from enum import Enum
from typing import Final

from fawang.eligibility.engine.citations import article
from fawang.eligibility.engine.facts import UNKNOWN, ApplicantGroup, Facts, Ground, Matter, UnknownType
from fawang.eligibility.engine.result import MissingFact


@dataclass(frozen=True)
class Provision:
    citation: str
    text: str


MATTER_PROVISIONS: Final[dict[Matter, Provision]] = {
    Matter.STATE_COMPENSATION: Provision(article("三十一", 1), "依法请求国家赔偿"),
    Matter.SOCIAL_INSURANCE_OR_ASSISTANCE: Provision(
        article("三十一", 2), "请求给予社会保险待遇或者社会救助"
    ),
    Matter.SURVIVOR_PENSION: Provision(article("三十一", 3), "请求发给抚恤金"),
    Matter.MAINTENANCE: Provision(article("三十一", 4), "请求给付赡养费、抚养费、扶养费"),
    Matter.LABOUR_RELATION_OR_PAY: Provision(article("三十一", 5), "请求确认劳动关系或者支付劳动报酬"),
    Matter.CIVIL_CAPACITY: Provision(article("三十一", 6), "请求认定公民无民事行为能力或者限制民事行为能力"),
    Matter.PERSONAL_INJURY: Provision(
        article("三十一", 7), "请求工伤事故、交通事故、食品药品安全事故、医疗事故人身损害赔偿"
    ),
    Matter.ENVIRONMENTAL_DAMAGE: Provision(article("三十一", 8), "请求环境污染、生态破坏损害赔偿"),
    Matter.CRIMINAL_DEFENCE: Provision(
        article("二十四"), "刑事案件的犯罪嫌疑人、被告人因经济困难没有委托辩护人，申请法律援助"
    ),
    Matter.CRIMINAL_VICTIM: Provision(
        article("二十九"), "刑事案件的被害人、自诉人或者附带民事诉讼原告人因经济困难没有委托诉讼代理人"
    ),
    Matter.RETRIAL_PETITION: Provision(
        article("三十三"), "申诉或者申请再审，人民法院决定、裁定再审或者人民检察院提出抗诉"
    ),
}

_CIVIL_FOR_VICTIMS: Final = frozenset({Matter.MAINTENANCE, Matter.PERSONAL_INJURY, Matter.OTHER_CIVIL})


@dataclass(frozen=True)
class GroundProvision:
    provision: Provision
    # Matters that can be "the related claim" of the ground. Another matter means the ground is not what the
    # application is about, so the ordinary scope and means test apply (documented in docs/eligibility.md).
    related_matters: frozenset[Matter]


GROUND_PROVISIONS: Final[dict[Ground, GroundProvision]] = {
    Ground.MARTYR_RELATIVE: GroundProvision(
        Provision(article("三十二", 1), "英雄烈士近亲属为维护英雄烈士的人格权益"),
        frozenset({Matter.OTHER_CIVIL}),
    ),
    Ground.GOOD_SAMARITAN: GroundProvision(
        Provision(article("三十二", 2), "因见义勇为行为主张相关民事权益"),
        frozenset({Matter.PERSONAL_INJURY, Matter.OTHER_CIVIL}),
    ),
    Ground.WRONGFUL_CONVICTION: GroundProvision(
        Provision(article("三十二", 3), "再审改判无罪请求国家赔偿"),
        frozenset({Matter.STATE_COMPENSATION}),
    ),
    Ground.DOMESTIC_VIOLENCE_VICTIM: GroundProvision(
        Provision(article("三十二", 4), "遭受虐待、遗弃或者家庭暴力的受害人主张相关权益"),
        _CIVIL_FOR_VICTIMS | {Matter.CRIMINAL_VICTIM},
    ),
}


@dataclass(frozen=True)
class GroupProvision:
    provision: Provision
    matters: frozenset[Matter] | None  # None: the group is exempt whatever the matter


GROUP_PROVISIONS: Final[dict[ApplicantGroup, GroupProvision]] = {
    ApplicantGroup.NO_FIXED_INCOME_VULNERABLE: GroupProvision(
        Provision(article("四十二", 1), "无固定生活来源的未成年人、老年人、残疾人等特定群体"), None
    ),
    ApplicantGroup.SOCIAL_ASSISTANCE_RECIPIENT: GroupProvision(
        Provision(article("四十二", 2), "社会救助、司法救助或者优抚对象"), None
    ),
    ApplicantGroup.MIGRANT_WORKER_PAY_OR_INJURY: GroupProvision(
        Provision(article("四十二", 3), "申请支付劳动报酬或者请求工伤事故人身损害赔偿的进城务工人员"),
        frozenset({Matter.LABOUR_RELATION_OR_PAY, Matter.PERSONAL_INJURY}),
    ),
}


class ScopeStatus(Enum):
    IN = "in"
    OUT = "out"
    UNKNOWN = "unknown"


@dataclass(frozen=True)
class Finding:
    """A partial decision: reasons and articles to report, and facts still missing."""

    reasons: tuple[str, ...] = ()
    legal_basis: tuple[str, ...] = ()
    missing: tuple[MissingFact, ...] = ()


@dataclass(frozen=True)
class ScopeOutcome:
    status: ScopeStatus
    finding: Finding


@dataclass(frozen=True)
class Exemptions:
    """Which Art.32 grounds and Art.42 groups apply to this matter, and why others do not."""

    grounds: tuple[Ground, ...]
    groups: tuple[ApplicantGroup, ...]
    finding: Finding

    @property
    def exempt(self) -> bool:
        return bool(self.grounds or self.groups)


def find_exemptions(facts: Facts) -> Exemptions:
    """Art.32 grounds apply to their related claim; Art.42 groups apply to any matter, the
    migrant-worker group only to pay or injury claims (C2). A ground with an unrelated matter is
    reported and ignored."""
    reasons: list[str] = []
    basis: list[str] = []
    grounds: list[Ground] = []
    for ground in sorted(facts.grounds):
        spec = GROUND_PROVISIONS[ground]
        if facts.matter is UNKNOWN or facts.matter in spec.related_matters:
            grounds.append(ground)
            reasons.append(f"申请人属于“{spec.provision.text}”的情形，不受经济困难条件的限制。")
            basis.append(spec.provision.citation)
        else:
            reasons.append(
                f"申请人主张“{spec.provision.text}”，但申请事项“{_matter_text(facts.matter)}”并非该情形所涉权益，"
                "不适用免除经济困难条件的规定，按一般条件审查。"
            )
    groups: list[ApplicantGroup] = []
    for group in sorted(facts.applicant_groups):
        spec_group = GROUP_PROVISIONS[group]
        if spec_group.matters is None or facts.matter in spec_group.matters:
            groups.append(group)
            reasons.append(f"申请人有材料证明属于“{spec_group.provision.text}”，免予核查经济困难状况。")
            basis.append(spec_group.provision.citation)
        else:
            reasons.append(
                f"“{spec_group.provision.text}”仅在申请支付劳动报酬或者请求工伤事故人身损害赔偿时免予核查经济困难状况，"
                f"申请事项“{_matter_text(facts.matter)}”不适用。"
            )
    return Exemptions(tuple(grounds), tuple(groups), Finding(tuple(reasons), tuple(basis)))


def assess_scope(facts: Facts, exemptions: Exemptions) -> ScopeOutcome:
    """Is the matter one for which aid can be applied for? An applying Art.32 ground brings its own claim."""
    matter = facts.matter
    if matter is not UNKNOWN and matter in MATTER_PROVISIONS:
        provision = MATTER_PROVISIONS[matter]
        return ScopeOutcome(
            ScopeStatus.IN,
            Finding((f"申请事项属于{provision.citation}规定的“{provision.text}”。",), (provision.citation,)),
        )
    if exemptions.grounds:
        return ScopeOutcome(ScopeStatus.IN, Finding(("申请事项属于法律援助法第三十二条规定情形所涉权益。",)))
    if matter is UNKNOWN:
        return ScopeOutcome(
            ScopeStatus.UNKNOWN,
            Finding(
                ("未说明申请法律援助的事项，无法判断是否属于法律援助范围。",), (), (MissingFact("matter"),)
            ),
        )
    return ScopeOutcome(
        ScopeStatus.OUT,
        Finding(
            (
                "申请事项不属于法律援助法第三十一条第（一）项至第（八）项所列事项，也不属于刑事法律援助事项，"
                "不属于法律援助范围。",
                "如本地法律、法规、规章另有规定（法律援助法第三十一条第（九）项），请人工核对是否扩大了援助范围。",
            ),
            (article("三十一"), article("三十一", 9)),
        ),
    )


def _matter_text(matter: Matter | UnknownType) -> str:
    if matter is not UNKNOWN and matter in MATTER_PROVISIONS:
        return MATTER_PROVISIONS[matter].text
    if matter is Matter.OTHER_CIVIL:
        return "法律援助法第三十一条所列以外的民事事项"
    return "未说明"
