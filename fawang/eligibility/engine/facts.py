"""The applicant's facts as a frozen value (STYLE.md section 6; requirements C1, C2, C18).

``UNKNOWN`` means "not answered" and is never zero: an income of 0 分 is a fact, an income of ``UNKNOWN`` is a
missing fact that the engine lists back to the caller.
"""

from dataclasses import dataclass, field
from datetime import date
from enum import Enum, StrEnum
from typing import Final, Literal, TypeAlias


class Unknown(Enum):
    """Single-member enum so that ``x is UNKNOWN`` narrows types under mypy --strict."""

    UNKNOWN = "unknown"

    def __repr__(self) -> str:
        return "UNKNOWN"


UNKNOWN: Final = Unknown.UNKNOWN
UnknownType: TypeAlias = Literal[Unknown.UNKNOWN]


class Matter(StrEnum):
    """What the applicant asks aid for. Art.31 items, plus the criminal routes of Art.24, 29 and 33."""

    STATE_COMPENSATION = "state_compensation"  # Art.31(1)
    SOCIAL_INSURANCE_OR_ASSISTANCE = "social_insurance_or_assistance"  # Art.31(2)
    SURVIVOR_PENSION = "survivor_pension"  # Art.31(3) 抚恤金
    MAINTENANCE = "maintenance"  # Art.31(4) 赡养费、抚养费、扶养费
    LABOUR_RELATION_OR_PAY = "labour_relation_or_pay"  # Art.31(5)
    CIVIL_CAPACITY = "civil_capacity"  # Art.31(6)
    PERSONAL_INJURY = "personal_injury"  # Art.31(7)
    ENVIRONMENTAL_DAMAGE = "environmental_damage"  # Art.31(8)
    OTHER_CIVIL = "other_civil"  # outside the Art.31(1)-(8) list
    CRIMINAL_DEFENCE = "criminal_defence"  # Art.24, suspect or defendant applies
    CRIMINAL_VICTIM = "criminal_victim"  # Art.29, victim, private prosecutor, civil-claim plaintiff
    RETRIAL_PETITION = "retrial_petition"  # Art.33, 申诉 or 再审 once a retrial or protest is decided


class Ground(StrEnum):
    """Art.32 grounds: the applicant is not subject to the economic-hardship limit (C18)."""

    MARTYR_RELATIVE = "martyr_relative"  # Art.32(1)
    GOOD_SAMARITAN = "good_samaritan"  # Art.32(2)
    WRONGFUL_CONVICTION = "wrongful_conviction"  # Art.32(3)
    DOMESTIC_VIOLENCE_VICTIM = "domestic_violence_victim"  # Art.32(4)


class ApplicantGroup(StrEnum):
    """Art.42 groups: hardship is not verified once membership is proven (C2)."""

    NO_FIXED_INCOME_VULNERABLE = "no_fixed_income_vulnerable"  # Art.42(1)
    SOCIAL_ASSISTANCE_RECIPIENT = "social_assistance_recipient"  # Art.42(2)
    MIGRANT_WORKER_PAY_OR_INJURY = "migrant_worker_pay_or_injury"  # Art.42(3)


@dataclass(frozen=True, kw_only=True)
class Facts:
    """One application as the engine sees it.

    ``as_of`` is the application date; the engine never reads the clock. Money is monthly, in 分,
    household per capita. ``hardship_expense`` is the applicant's claim that sudden events, injury,
    serious illness or full-time study pushed spending above income (the 100% variant of
    粤府令第268号); only rules with that variant read it.
    """

    as_of: date
    agency_region: str | UnknownType = UNKNOWN
    matter: Matter | UnknownType = UNKNOWN
    criminal_notice: bool = False
    grounds: frozenset[Ground] = field(default_factory=frozenset)
    applicant_groups: frozenset[ApplicantGroup] = field(default_factory=frozenset)
    monthly_income_per_capita_fen: int | UnknownType = UNKNOWN
    household_size: int | UnknownType = UNKNOWN
    has_large_assets: bool | UnknownType = UNKNOWN
    hardship_expense: bool | UnknownType = UNKNOWN
    # C22: the applicant holds a 司法救助 decision of a court or procuratorate. Not part of the batch schema
    # (docs/eligibility.md); the legal-aid application sets it. Only rules that recognise it read it.
    judicial_assistance_decision: bool = False

    def __post_init__(self) -> None:
        income = self.monthly_income_per_capita_fen
        if income is not UNKNOWN and income < 0:
            raise ValueError("monthly_income_per_capita_fen must not be negative")
        size = self.household_size
        if size is not UNKNOWN and size < 1:
            raise ValueError("household_size must be at least 1")


# Field names as the batch schema spells them, with the Chinese label shown to staff and applicants.
FACT_LABELS: Final[dict[str, str]] = {
    "agency_region": "受理申请的法律援助机构所在地区",
    "matter": "申请法律援助的事项",
    "monthly_income_per_capita": "家庭人均月收入",
    "household_size": "家庭人口数",
    "has_large_assets": "是否拥有大额财产（如多套住房等）",
    "hardship_expense": "是否因突发事件、重大疾病、全日制学习等原因支出大于收入",
}
