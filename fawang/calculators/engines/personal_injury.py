"""人身损害赔偿 (personal-injury damages, including traffic accidents, J10). No Django.

残疾赔偿金 and 死亡赔偿金 follow the Supreme People's Court interpretation (2022 revision): the local urban per-capita
disposable income × 20 years, one year less per year of age over 60, five years from 75. For a traffic accident the
result also shows what the compulsory motor insurance (交强险) pays first, limit by limit.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from enum import StrEnum

from fawang.calculators.engines.common import (
    CalculatorError,
    Line,
    Result,
    TableRef,
    check_amount,
    check_date,
    fen,
    money,
    pct,
    pick_table,
    total_of,
)
from fawang.calculators.rules import (
    COMPULSORY_INSURANCE_TABLES,
    PERSONAL_INJURY_TABLES,
    CompulsoryInsuranceTable,
    PersonalInjuryTable,
)

INTERP = "《最高人民法院关于审理人身损害赔偿案件适用法律若干问题的解释》"
COEFFICIENT_SOURCE = (
    "伤残赔偿指数按司法实践通行做法：一级100%，每降一级减10%，十级10%（司法解释未规定具体系数）"
)


class Outcome(StrEnum):
    INJURY = "injury"
    DEATH = "death"


@dataclass(frozen=True)
class PersonalInjuryInput:
    outcome: Outcome
    on: date  # 损害发生之日
    today: date
    age: int  # 定残或者死亡时的周岁年龄
    urban_income: Decimal | None  # 受诉法院所在地上一年度城镇居民人均可支配收入（元/年）
    average_monthly_wage: Decimal | None = None  # 受诉法院所在地上一年度职工月平均工资（丧葬费）
    grade: int | None = None  # 伤残等级 1–10；未评残的留空
    medical: Decimal = Decimal(0)  # 医疗费
    lost_earnings: Decimal = Decimal(0)  # 误工费
    nursing: Decimal = Decimal(0)  # 护理费
    property_loss: Decimal = Decimal(0)  # 财产损失（交通事故中车辆、物品）
    traffic: bool = False  # 机动车交通事故
    at_fault: bool = True  # 被保险机动车一方有责任


def compensation_years(t: PersonalInjuryTable, age: int) -> tuple[int, str]:
    if age >= t.flat_from_age:
        return t.flat_years, f"{age}周岁，七十五周岁以上按{t.flat_years}年计算"
    if age > t.reduce_from_age:
        years = t.years - (age - t.reduce_from_age)
        return years, f"{age}周岁，六十周岁以上每增加一岁减少一年：{t.years} − ({age} − 60) = {years}年"
    return t.years, f"{age}周岁，按{t.years}年计算"


def _entered(label: str, value: Decimal, basis: str) -> Line | None:
    if not value:
        return None
    return Line(label=label, formula=f"按票据和证据填写：{money(value)}", amount=fen(value), basis=basis)


def _compensation_line(t: PersonalInjuryTable, data: PersonalInjuryInput, income: Decimal) -> Line | None:
    years, why = compensation_years(t, data.age)
    if data.outcome == Outcome.DEATH:
        amount = fen(income * years)
        return Line(
            label="死亡赔偿金",
            formula=f"{why}；{money(income)} × {years}年 = {money(amount)}",
            amount=amount,
            basis=f"{INTERP}第十五条",
        )
    if data.grade is None:
        return None
    coefficient = t.disability_coefficients[data.grade]
    amount = fen(income * years * coefficient)
    return Line(
        label=f"残疾赔偿金（{data.grade}级伤残）",
        formula=f"{why}；{money(income)} × {years}年 × {pct(coefficient)} = {money(amount)}",
        amount=amount,
        basis=f"{INTERP}第十二条；{COEFFICIENT_SOURCE}",
    )


def _check(data: PersonalInjuryInput) -> None:
    if not 0 <= data.age <= 150:
        raise CalculatorError("年龄应在0至150周岁之间。", field="age")
    if data.grade is not None and data.grade not in range(1, 11):
        raise CalculatorError("伤残等级应为1至10级；未评定伤残的请留空。", field="grade")
    if data.outcome == Outcome.DEATH and data.grade is not None:
        raise CalculatorError("死亡案件不填写伤残等级。", field="grade")
    for value, label, field in (
        (data.medical, "医疗费", "medical"),
        (data.lost_earnings, "误工费", "lost_earnings"),
        (data.nursing, "护理费", "nursing"),
        (data.property_loss, "财产损失", "property_loss"),
    ):
        check_amount(value, label, field=field)
    needs_income = data.outcome == Outcome.DEATH or data.grade is not None
    if needs_income and data.urban_income is None:
        raise CalculatorError(
            "请填写受诉法院所在地上一年度城镇居民人均可支配收入（元/年，可在当地统计局公报中查到）。",
            field="urban_income",
        )
    if data.urban_income is not None:
        check_amount(data.urban_income, "城镇居民人均可支配收入", field="urban_income", positive=True)
    if data.outcome == Outcome.DEATH and data.average_monthly_wage is None:
        raise CalculatorError(
            "请填写受诉法院所在地上一年度职工月平均工资（丧葬费按六个月计算，可在当地统计局公报中查到）。",
            field="average_monthly_wage",
        )
    if data.average_monthly_wage is not None:
        check_amount(data.average_monthly_wage, "职工月平均工资", field="average_monthly_wage", positive=True)


def _insurance_lines(c: CompulsoryInsuranceTable, data: PersonalInjuryInput, lines: list[Line]) -> list[Line]:
    """What 交强险 pays first, limit by limit; informational (not counted): the total is the whole loss."""
    limits = c.at_fault if data.at_fault else c.no_fault
    side = "有责" if data.at_fault else "无责"
    medical = sum((x.amount for x in lines if x.label == "医疗费"), Decimal(0))
    prop = sum((x.amount for x in lines if x.label == "财产损失"), Decimal(0))
    other = sum((x.amount for x in lines if x.counted), Decimal(0)) - medical - prop
    basis = f"{c.source}"
    result = []
    for label, claimed, limit in (
        ("医疗费用", medical, limits.medical),
        ("死亡伤残（误工费、护理费、残疾或死亡赔偿金、丧葬费等）", other, limits.death_disability),
        ("财产损失", prop, limits.property),
    ):
        paid = fen(min(claimed, limit))
        result.append(
            Line(
                label=f"交强险先行赔付：{label}",
                formula=f"{side}赔偿限额{money(limit)}；本项损失{money(claimed)}，赔付{money(paid)}",
                amount=paid,
                basis=basis,
                counted=False,
            )
        )
    covered = sum((x.amount for x in result), Decimal(0))
    total = sum((x.amount for x in lines if x.counted), Decimal(0))
    result.append(
        Line(
            label="交强险赔付后的其余损失",
            formula=f"{money(total)} − {money(covered)} = {money(total - covered)}，按事故责任由侵权人（及其商业保险）承担",
            amount=fen(total - covered),
            basis="《中华人民共和国道路交通安全法》第七十六条",
            counted=False,
        )
    )
    return result


def personal_injury(
    data: PersonalInjuryInput,
    tables: Sequence[PersonalInjuryTable] = PERSONAL_INJURY_TABLES,
    insurance: Sequence[CompulsoryInsuranceTable] = COMPULSORY_INSURANCE_TABLES,
) -> Result:
    check_date(data.on, data.today)
    t = pick_table(tables, data.on, what="人身损害赔偿（2022年修正的司法解释）")
    _check(data)
    candidates = [
        _entered("医疗费", data.medical, f"{INTERP}第六条"),
        _entered("误工费", data.lost_earnings, f"{INTERP}第七条"),
        _entered("护理费", data.nursing, f"{INTERP}第八条"),
    ]
    if data.urban_income is not None:
        candidates.append(_compensation_line(t, data, data.urban_income))
    if data.outcome == Outcome.DEATH and data.average_monthly_wage is not None:
        funeral = fen(data.average_monthly_wage * t.funeral_months)
        candidates.append(
            Line(
                label="丧葬费",
                formula=f"{money(data.average_monthly_wage)} × {t.funeral_months}个月 = {money(funeral)}",
                amount=funeral,
                basis=f"{INTERP}第十四条",
            )
        )
    candidates.append(_entered("财产损失", data.property_loss, "《中华人民共和国民法典》第一千一百八十四条"))
    lines = [line for line in candidates if line is not None]
    if not lines:
        raise CalculatorError("请至少填写一项损失（医疗费、误工费、护理费）或者伤残等级。", field="medical")
    refs: tuple[TableRef, ...] = (t.ref,)
    notes = [
        "“上一年度”指一审法庭辩论终结时的上一统计年度；赔偿权利人能证明其住所地或者经常居住地标准更高的，"
        "可以按该地标准计算（司法解释第十八条、第二十二条）。",
        "被扶养人生活费、交通费、住院伙食补助费、营养费、残疾辅助器具费和精神损害抚慰金等项目未计入，请另行主张。",
        "合计是全部损失；实际由谁赔、赔多少，还要看各方的过错和责任比例。",
    ]
    if data.traffic:
        c = pick_table(insurance, data.on, what="交强险责任限额")
        lines += _insurance_lines(c, data, lines)
        refs += (c.ref,)
    total, total_max = total_of(lines)
    return Result(
        kind="personal-injury",
        title="死亡赔偿" if data.outcome == Outcome.DEATH else "人身损害赔偿",
        total=total,
        total_max=total_max,
        lines=tuple(lines),
        tables=refs,
        notes=tuple(notes),
    )
