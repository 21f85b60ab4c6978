"""Dated rule tables of the legal calculators (J10). No Django.

Each table is a frozen dataclass with an `id`, a `version`, the first day it is in force (`valid_from`) and its
`source` (instrument and article). A calculator picks the latest table whose `valid_from` is on or before the date of
the event and refuses earlier dates. To follow an amendment, append a new table with the new `valid_from`; never edit
a table that has been in force (docs/calculators.md, "Adding a dated table").

Regional figures (local average wage, local urban per-capita disposable income) are not here: they differ per
province and year and come from the deployment's settings or from the user (`fawang.calculators.config`).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from types import MappingProxyType

from fawang.calculators.engines.brackets import Band, Brackets
from fawang.calculators.engines.common import TableRef

D = Decimal  # short for the many figures below


@dataclass(frozen=True)
class RuleTable:
    id: str
    version: str
    valid_from: date
    source: str

    @property
    def ref(self) -> TableRef:
        return TableRef(self.id, self.version, self.valid_from, self.source)


Range = tuple[D, D]  # a statutory range: minimum, maximum

# ---- 诉讼费用 -------------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class LitigationFeeTable(RuleTable):
    property_case: Brackets  # 第十三条第（一）项
    divorce: Range  # 第十三条第（二）项第1目
    divorce_property: Brackets
    personality: Range  # 第十三条第（二）项第2目
    personality_damages: Brackets
    other_non_property: Range  # 第十三条第（二）项第3目
    ip_no_amount: Range  # 第十三条第（三）项
    labour: D  # 第十三条第（四）项
    admin_special: D  # 第十三条第（五）项第1目：商标、专利、海事
    admin_other: D  # 第十三条第（五）项第2目
    jurisdiction_objection: Range  # 第十三条第（六）项
    simplified_factor: D  # 第十六条：简易程序减半
    execution_no_amount: Range  # 第十四条第（一）项第1目
    execution: Brackets  # 第十四条第（一）项第2目
    preservation: Brackets  # 第十四条第（二）项
    payment_order_divisor: D  # 第十四条第（三）项：比照财产案件受理费标准的1/3


LITIGATION_FEE_TABLES: tuple[LitigationFeeTable, ...] = (
    LitigationFeeTable(
        id="litigation-fee",
        version="2007",
        valid_from=date(2007, 4, 1),
        source="《诉讼费用交纳办法》（国务院令第481号，2007年4月1日起施行）第十三条、第十四条、第十六条",
        property_case=Brackets(
            floor_upto=D(10_000),
            floor_fee=D(50),
            bands=(
                Band(D(100_000), D("0.025")),
                Band(D(200_000), D("0.02")),
                Band(D(500_000), D("0.015")),
                Band(D(1_000_000), D("0.01")),
                Band(D(2_000_000), D("0.009")),
                Band(D(5_000_000), D("0.008")),
                Band(D(10_000_000), D("0.007")),
                Band(D(20_000_000), D("0.006")),
                Band(None, D("0.005")),
            ),
        ),
        divorce=(D(50), D(300)),
        divorce_property=Brackets(floor_upto=D(200_000), floor_fee=D(0), bands=(Band(None, D("0.005")),)),
        personality=(D(100), D(500)),
        personality_damages=Brackets(
            floor_upto=D(50_000),
            floor_fee=D(0),
            bands=(Band(D(100_000), D("0.01")), Band(None, D("0.005"))),
        ),
        other_non_property=(D(50), D(100)),
        ip_no_amount=(D(500), D(1000)),
        labour=D(10),
        admin_special=D(100),
        admin_other=D(50),
        jurisdiction_objection=(D(50), D(100)),
        simplified_factor=D("0.5"),
        execution_no_amount=(D(50), D(500)),
        execution=Brackets(
            floor_upto=D(10_000),
            floor_fee=D(50),
            bands=(
                Band(D(500_000), D("0.015")),
                Band(D(5_000_000), D("0.01")),
                Band(D(10_000_000), D("0.005")),
                Band(None, D("0.001")),
            ),
        ),
        preservation=Brackets(
            floor_upto=D(1000),
            floor_fee=D(30),
            bands=(Band(D(100_000), D("0.01")), Band(None, D("0.005"))),
            cap=D(5000),
        ),
        payment_order_divisor=D(3),
    ),
)

# ---- 劳动合同法：经济补偿、赔偿金、二倍工资 ---------------------------------------------------------------------------


@dataclass(frozen=True)
class LabourTable(RuleTable):
    cap_multiple: D  # 第四十七条第二款：三倍
    cap_years: int  # 第四十七条第二款：最高不超过十二年
    half_year_months: int  # 六个月以上不满一年的，按一年计算
    unlawful_multiple: D  # 第八十七条：二倍
    double_wage_max_months: int  # 第八十二条、实施条例第六条、第七条：第二个月起至满一年前一日，最多11个月


LABOUR_TABLES: tuple[LabourTable, ...] = (
    LabourTable(
        id="labour-contract",
        version="2008",
        valid_from=date(2008, 1, 1),
        source="《中华人民共和国劳动合同法》（2008年1月1日起施行）第四十七条、第八十二条、第八十七条；"
        "《劳动合同法实施条例》第六条、第七条",
        cap_multiple=D(3),
        cap_years=12,
        half_year_months=6,
        unlawful_multiple=D(2),
        double_wage_max_months=11,
    ),
)

# ---- 工伤保险条例 -------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class WorkInjuryTable(RuleTable):
    subsidy_months: Mapping[int, int]  # 第三十五条至第三十七条：一次性伤残补助金（月数）
    allowance_rates: Mapping[int, D]  # 第三十五条、第三十六条：伤残津贴（本人工资的百分比）
    wage_floor: D  # 第六十四条：低于统筹地区职工平均工资60%的，按60%计算
    wage_ceiling: D  # 第六十四条：高于300%的，按300%计算
    funeral_months: int  # 第三十九条第（一）项
    death_subsidy_multiple: D  # 第三十九条第（三）项：上一年度全国城镇居民人均可支配收入的20倍
    spouse_rate: D  # 第三十九条第（二）项
    other_rate: D
    lonely_extra: D  # 孤寡老人或者孤儿每人每月增加10%


WORK_INJURY_TABLES: tuple[WorkInjuryTable, ...] = (
    WorkInjuryTable(
        id="work-injury",
        version="2010",
        valid_from=date(2011, 1, 1),
        source="《工伤保险条例》（2010年修订，国务院令第586号，2011年1月1日起施行）第三十五条至第三十七条、"
        "第三十九条、第六十四条",
        subsidy_months=MappingProxyType(
            {1: 27, 2: 25, 3: 23, 4: 21, 5: 18, 6: 16, 7: 13, 8: 11, 9: 9, 10: 7}
        ),
        allowance_rates=MappingProxyType(
            {1: D("0.90"), 2: D("0.85"), 3: D("0.80"), 4: D("0.75"), 5: D("0.70"), 6: D("0.60")}
        ),
        wage_floor=D("0.60"),
        wage_ceiling=D("3.00"),
        funeral_months=6,
        death_subsidy_multiple=D(20),
        spouse_rate=D("0.40"),
        other_rate=D("0.30"),
        lonely_extra=D("0.10"),
    ),
)


@dataclass(frozen=True)
class NationalFigure:
    """A national statistic for one calendar year, with its source."""

    year: int
    amount: D
    source: str


# 全国城镇居民人均可支配收入（元/年）, used for 一次性工亡补助金 (the figure of the year before the death). Only these
# years are held; a death in a later year is refused until the table is extended (docs/calculators.md).
NATIONAL_URBAN_DISPOSABLE_INCOME: Mapping[int, NationalFigure] = MappingProxyType(
    {
        year: NationalFigure(year, D(amount), f"国家统计局《{year}年国民经济和社会发展统计公报》")
        for year, amount in ((2021, 47_412), (2022, 49_283), (2023, 51_821), (2024, 54_188))
    }
)
NATIONAL_INCOME_TABLE = TableRef(
    id="national-urban-disposable-income",
    version="2021-2024",
    valid_from=date(2022, 1, 1),
    source="国家统计局国民经济和社会发展统计公报：全国城镇居民人均可支配收入（2021—2024年）",
)

# ---- 人身损害赔偿 ------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class PersonalInjuryTable(RuleTable):
    years: int  # 第十二条、第十五条：按二十年计算
    reduce_from_age: int  # 六十周岁以上的，年龄每增加一岁减少一年
    flat_from_age: int  # 七十五周岁以上的，按五年计算
    flat_years: int
    disability_coefficients: Mapping[int, D]  # 伤残赔偿指数：一级100%，每级递减10%
    funeral_months: int  # 第十四条：六个月总额


PERSONAL_INJURY_TABLES: tuple[PersonalInjuryTable, ...] = (
    PersonalInjuryTable(
        id="personal-injury",
        version="2022",
        valid_from=date(2022, 5, 1),
        source="《最高人民法院关于审理人身损害赔偿案件适用法律若干问题的解释》（2022年修正，2022年5月1日起施行）"
        "第六条至第八条、第十二条、第十四条、第十五条",
        years=20,
        reduce_from_age=60,
        flat_from_age=75,
        flat_years=5,
        disability_coefficients=MappingProxyType({grade: D(11 - grade) / 10 for grade in range(1, 11)}),
        funeral_months=6,
    ),
)


@dataclass(frozen=True)
class InsuranceLimits:
    death_disability: D  # 死亡伤残赔偿限额
    medical: D  # 医疗费用赔偿限额
    property: D  # 财产损失赔偿限额


@dataclass(frozen=True)
class CompulsoryInsuranceTable(RuleTable):
    at_fault: InsuranceLimits  # 被保险机动车一方有责任
    no_fault: InsuranceLimits  # 无责任


COMPULSORY_INSURANCE_TABLES: tuple[CompulsoryInsuranceTable, ...] = (
    CompulsoryInsuranceTable(
        id="compulsory-motor-insurance",
        version="2020",
        valid_from=date(2020, 9, 19),
        source="《机动车交通事故责任强制保险条例》第二十三条；中国银保监会调整交强险责任限额"
        "（2020年9月19日起施行）",
        at_fault=InsuranceLimits(D(180_000), D(18_000), D(2_000)),
        no_fault=InsuranceLimits(D(18_000), D(1_800), D(100)),
    ),
)

# ---- 律师服务费（各地政府指导价，无全国标准） ---------------------------------------------------------------------


@dataclass(frozen=True)
class LawyerFeeTable(RuleTable):
    """A province's guidance price for lawyer fees in property cases, configured per deployment
    (`FAWANG_CALCULATOR_LAWYER_FEE_TABLES`); there is no national table."""

    region: str
    brackets: Brackets
