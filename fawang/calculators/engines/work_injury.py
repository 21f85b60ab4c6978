"""工伤待遇 (work-injury benefits, J10) under 《工伤保险条例》 (2010 revision). No Django.

Only the national items are computed. 一次性工伤医疗补助金 and 一次性伤残就业补助金 are set by each province
(第三十六条、第三十七条) and are left out; the result says so.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
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
    NATIONAL_INCOME_TABLE,
    NATIONAL_URBAN_DISPOSABLE_INCOME,
    WORK_INJURY_TABLES,
    NationalFigure,
    WorkInjuryTable,
)

REG = "《工伤保险条例》"
PROVINCIAL_NOTE = (
    "一次性工伤医疗补助金和一次性伤残就业补助金的标准由各省、自治区、直辖市人民政府规定（《工伤保险条例》"
    "第三十六条、第三十七条），没有全国统一标准，本计算器不计算，请查阅本省规定或咨询社会保险经办机构。"
)
GRADE_ARTICLE = {
    **dict.fromkeys((1, 2, 3, 4), "第三十五条"),
    5: "第三十六条",
    6: "第三十六条",
} | dict.fromkeys((7, 8, 9, 10), "第三十七条")


class Outcome(StrEnum):
    DISABILITY = "disability"
    DEATH = "death"


@dataclass(frozen=True)
class WorkInjuryInput:
    outcome: Outcome
    on: date  # 事故伤害发生之日或者确诊职业病之日（工亡的，死亡之日）
    today: date
    own_wage: Decimal  # 本人工资：受伤或者患职业病前12个月平均月缴费工资
    regional_average_wage: Decimal | None  # 统筹地区上年度职工月平均工资
    grade: int | None = None  # 伤残等级 1–10
    spouse: bool = False  # 供养亲属：配偶
    spouse_lonely: bool = False  # 配偶为孤寡老人
    others: int = 0  # 其他供养亲属人数
    others_lonely: int = 0  # 其中孤寡老人或者孤儿人数


def _own_wage_line(t: WorkInjuryTable, own: Decimal, average: Decimal) -> Line:
    floor, ceiling = fen(average * t.wage_floor), fen(average * t.wage_ceiling)
    if own < floor:
        wage, formula = (
            floor,
            f"本人工资{money(own)}低于{money(average)}的60%，按{money(average)} × 60% = {money(floor)}计算",
        )
    elif own > ceiling:
        wage, formula = (
            ceiling,
            f"本人工资{money(own)}高于{money(average)}的300%，按{money(average)} × 300% = {money(ceiling)}计算",
        )
    else:
        wage, formula = (
            fen(own),
            f"本人工资{money(own)}在统筹地区上年度职工月平均工资的60%至300%之间，按实计算",
        )
    return Line(
        label="计发基数：本人工资",
        formula=formula,
        amount=wage,
        basis=f"{REG}第六十四条第二款",
        counted=False,
    )


def _disability_lines(t: WorkInjuryTable, grade: int, wage: Decimal) -> list[Line]:
    months = t.subsidy_months[grade]
    article = GRADE_ARTICLE[grade]
    subsidy = fen(wage * months)
    lines = [
        Line(
            label=f"一次性伤残补助金（{grade}级伤残）",
            formula=f"{money(wage)} × {months}个月 = {money(subsidy)}",
            amount=subsidy,
            basis=f"{REG}{article}第一款第（一）项",
        )
    ]
    rate = t.allowance_rates.get(grade)
    if rate is not None:
        allowance = fen(wage * rate)
        when = "按月支付，" if grade <= 4 else "保留劳动关系、用人单位难以安排工作的，按月支付，"
        lines.append(
            Line(
                label=f"伤残津贴（每月，{grade}级伤残）",
                formula=f"{when}{money(wage)} × {pct(rate)} = {money(allowance)}；低于当地最低工资标准的补足差额",
                amount=allowance,
                basis=f"{REG}{article}第一款第（二）项",
                counted=False,
            )
        )
    return lines


def _national_income(on: date, figures: Mapping[int, NationalFigure]) -> NationalFigure:
    figure = figures.get(on.year - 1)
    if figure is None:
        held = "、".join(str(y) for y in sorted(figures))
        raise CalculatorError(
            f"一次性工亡补助金按上一年度全国城镇居民人均可支配收入计算，需要{on.year - 1}年的数字；"
            f"本系统只收录了{held}年的数字，无法计算。请以社会保险经办机构公布的标准为准。",
            field="on",
        )
    return figure


def _dependant_line(t: WorkInjuryTable, data: WorkInjuryInput, wage: Decimal) -> Line | None:
    if not data.spouse and not data.others:
        return None
    parts: list[str] = []
    rate = Decimal(0)
    if data.spouse:
        spouse_rate = t.spouse_rate + (t.lonely_extra if data.spouse_lonely else 0)
        parts.append(f"配偶{pct(spouse_rate)}")
        rate += spouse_rate
    if data.others:
        parts.append(f"其他亲属{data.others}人 × {pct(t.other_rate)}")
        rate += t.other_rate * data.others
    if data.others_lonely:
        parts.append(f"孤寡老人或者孤儿{data.others_lonely}人 × {pct(t.lonely_extra)}")
        rate += t.lonely_extra * data.others_lonely
    capped = rate > 1
    amount = fen(wage * min(rate, Decimal(1)))
    formula = f"（{' + '.join(parts)}）= {pct(rate)}；{money(wage)} × {pct(min(rate, Decimal(1)))} = {money(amount)}"
    if capped:
        formula += "（各供养亲属抚恤金之和不高于职工生前工资）"
    return Line(
        label="供养亲属抚恤金（每月合计）",
        formula=formula,
        amount=amount,
        basis=f"{REG}第三十九条第一款第（二）项",
        counted=False,
    )


def _death_lines(
    t: WorkInjuryTable, data: WorkInjuryInput, wage: Decimal, average: Decimal, figure: NationalFigure
) -> list[Line]:
    funeral = fen(average * t.funeral_months)
    subsidy = fen(figure.amount * t.death_subsidy_multiple)
    lines = [
        Line(
            label="丧葬补助金",
            formula=f"统筹地区上年度职工月平均工资{money(average)} × {t.funeral_months}个月 = {money(funeral)}",
            amount=funeral,
            basis=f"{REG}第三十九条第一款第（一）项",
        ),
        Line(
            label="一次性工亡补助金",
            formula=(
                f"{figure.year}年全国城镇居民人均可支配收入{money(figure.amount)} × 20 = {money(subsidy)}"
                f"（{figure.source}）"
            ),
            amount=subsidy,
            basis=f"{REG}第三十九条第一款第（三）项",
        ),
    ]
    dependants = _dependant_line(t, data, wage)
    if dependants is not None:
        lines.append(dependants)
    return lines


def _check(data: WorkInjuryInput) -> Decimal:
    check_amount(data.own_wage, "本人工资", field="own_wage", positive=True)
    if data.regional_average_wage is None:
        raise CalculatorError(
            "请填写统筹地区上年度职工月平均工资（可在当地统计局或人力资源社会保障部门的公报中查到）。",
            field="regional_average_wage",
        )
    check_amount(
        data.regional_average_wage,
        "统筹地区上年度职工月平均工资",
        field="regional_average_wage",
        positive=True,
    )
    if data.outcome == Outcome.DISABILITY and (data.grade is None or data.grade not in range(1, 11)):
        raise CalculatorError("伤残等级应为1至10级。", field="grade")
    if not 0 <= data.others_lonely <= data.others <= 20:
        raise CalculatorError(
            "其他供养亲属人数应在0至20之间，其中孤寡老人或者孤儿的人数不能多于总人数。", field="others"
        )
    if data.spouse_lonely and not data.spouse:
        raise CalculatorError("只有配偶为供养亲属时，才能选择配偶为孤寡老人。", field="spouse_lonely")
    return data.regional_average_wage


def work_injury(
    data: WorkInjuryInput,
    tables: Sequence[WorkInjuryTable] = WORK_INJURY_TABLES,
    national_income: Mapping[int, NationalFigure] = NATIONAL_URBAN_DISPOSABLE_INCOME,
) -> Result:
    check_date(data.on, data.today)
    t = pick_table(tables, data.on, what="《工伤保险条例》（2010年修订）工伤待遇")
    average = _check(data)
    base = _own_wage_line(t, data.own_wage, average)
    refs: tuple[TableRef, ...] = (t.ref,)
    if data.outcome == Outcome.DEATH:
        figure = _national_income(data.on, national_income)
        lines = [base, *_death_lines(t, data, base.amount, average, figure)]
        refs += (NATIONAL_INCOME_TABLE,)
        title = "因工死亡待遇"
        notes = [
            "工亡待遇由工伤保险基金支付；用人单位未参加工伤保险的，由用人单位按同一标准支付（第六十二条）。"
        ]
    else:
        if data.grade is None:  # refused in _check already; narrows the type
            raise CalculatorError("伤残等级应为1至10级。", field="grade")
        lines = [base, *_disability_lines(t, data.grade, base.amount)]
        title = f"工伤伤残待遇（{data.grade}级）"
        notes = [PROVINCIAL_NOTE]
    total, total_max = total_of(lines)
    return Result(
        kind="work-injury",
        title=title,
        total=total,
        total_max=total_max,
        lines=tuple(lines),
        tables=refs,
        notes=(*notes, "标注“每月”的项目按月支付，不计入一次性合计。"),
    )
