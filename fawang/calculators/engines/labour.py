"""经济补偿、赔偿金和二倍工资 (labour severance and double wage, J10) under 劳动合同法 Art.47, 82, 87. No Django."""

from __future__ import annotations

import calendar
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal

from fawang.calculators.engines.common import (
    CalculatorError,
    Line,
    Result,
    check_amount,
    check_date,
    fen,
    money,
    pick_table,
    total_of,
)
from fawang.calculators.rules import LABOUR_TABLES, LabourTable

ART47 = "《劳动合同法》第四十七条"


def add_months(day: date, months: int) -> date:
    """The same day `months` later, or the month's last day when it has no such day (1-31 + 1 month = 2-28/29)."""
    month_index = day.month - 1 + months
    year, month = day.year + month_index // 12, month_index % 12 + 1
    return date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def service_length(start: date, end: date) -> tuple[int, int, int]:
    """Full years, full months and remaining days from `start` to the last day of work `end`, both included."""
    after = end + timedelta(days=1)
    months = (after.year - start.year) * 12 + after.month - start.month
    if add_months(start, months) > after:
        months -= 1
    days = (after - add_months(start, months)).days
    return months // 12, months % 12, days


@dataclass(frozen=True)
class SeveranceInput:
    start: date  # 入职日期（用工之日）
    end: date  # 劳动合同解除或者终止之日（最后工作日）
    today: date
    wages: tuple[Decimal, ...]  # 解除或者终止前12个月的应得工资，不足12个月的按实际月数
    local_average_wage: Decimal | None = None  # 本地区上年度职工月平均工资
    unlawful: bool = False  # 违法解除或者终止（第八十七条）


def _service_months(t: LabourTable, start: date, end: date) -> tuple[Decimal, str]:
    years, months, days = service_length(start, end)
    length = f"{years}年{months}个月" + (f"{days}天" if days else "")
    if months >= t.half_year_months:
        return Decimal(years + 1), f"工作{length}：满{years}年，余数满六个月按一年计，共{years + 1}个月"
    if months or days:
        return Decimal(years) + Decimal(
            "0.5"
        ), f"工作{length}：满{years}年，余数不满六个月支付半个月，共{years}.5个月"
    return Decimal(years), f"工作{length}：每满一年支付一个月工资，共{years}个月"


def _wage_lines(t: LabourTable, data: SeveranceInput, months: Decimal) -> tuple[list[Line], Decimal, Decimal]:
    count = len(data.wages)
    average = fen(sum(data.wages, Decimal(0)) / count)
    lines = [
        Line(
            label="月工资（解除或者终止前十二个月的平均工资）",
            formula=f"{money(sum(data.wages, Decimal(0)))} ÷ {count}个月 = {money(average)}",
            amount=average,
            basis=f"{ART47}第三款",
            counted=False,
        )
    ]
    wage, years = average, months
    if data.local_average_wage is not None:
        cap = fen(data.local_average_wage * t.cap_multiple)
        if average > cap:
            wage = cap
            years = min(months, Decimal(t.cap_years))
            lines.append(
                Line(
                    label="月工资高于本地区上年度职工月平均工资三倍，按三倍计算，年限最高十二年",
                    formula=f"{money(data.local_average_wage)} × 3 = {money(cap)}；计算月数{years}个月",
                    amount=cap,
                    basis=f"{ART47}第二款",
                    counted=False,
                )
            )
    return lines, wage, years


def severance(data: SeveranceInput, tables: Sequence[LabourTable] = LABOUR_TABLES) -> Result:
    check_date(data.end, data.today, field="end")
    t = pick_table(tables, data.end, what="《劳动合同法》经济补偿", field="end")
    if data.start > data.end:
        raise CalculatorError("入职日期不能晚于劳动合同解除或者终止的日期。", field="start")
    if not 1 <= len(data.wages) <= 12:
        raise CalculatorError("请填写解除或者终止前12个月的工资（1至12个数）。", field="wages")
    for wage in data.wages:
        check_amount(wage, "月工资", field="wages")
    if data.local_average_wage is not None:
        check_amount(
            data.local_average_wage, "本地区上年度职工月平均工资", field="local_average_wage", positive=True
        )
    months, months_text = _service_months(t, data.start, data.end)
    lines, wage, paid_months = _wage_lines(t, data, months)
    compensation = fen(wage * paid_months)
    lines.append(
        Line(
            label="经济补偿",
            formula=f"{months_text}；{money(wage)} × {paid_months}个月 = {money(compensation)}",
            amount=compensation,
            basis=f"{ART47}第一款",
            counted=not data.unlawful,
        )
    )
    if data.unlawful:
        damages = fen(compensation * t.unlawful_multiple)
        lines.append(
            Line(
                label="违法解除或者终止劳动合同的赔偿金（经济补偿标准的二倍）",
                formula=f"{money(compensation)} × 2 = {money(damages)}",
                amount=damages,
                basis="《劳动合同法》第八十七条；《劳动合同法实施条例》第二十五条（支付赔偿金的，不再支付经济补偿）",
            )
        )
    notes = [
        "月工资按劳动者应得工资计算，包括计时工资或者计件工资以及奖金、津贴和补贴等货币性收入（《劳动合同法实施条例》第二十七条）。",
        "2008年1月1日前的工作年限，经济补偿按当时有关规定计算（《劳动合同法》第九十七条），本计算器按第四十七条统一估算。",
    ]
    if data.local_average_wage is None:
        notes.append(
            "未填写本地区上年度职工月平均工资，未核对三倍封顶；月工资较高的，结果可能偏高。"
            "该数字可在当地统计局或人力资源社会保障部门的公报中查到。"
        )
    total, total_max = total_of(lines)
    return Result(
        kind="severance",
        title="违法解除劳动合同的赔偿金" if data.unlawful else "解除或者终止劳动合同的经济补偿",
        total=total,
        total_max=total_max,
        lines=tuple(lines),
        tables=(t.ref,),
        notes=tuple(notes),
    )


@dataclass(frozen=True)
class DoubleWageInput:
    on: date  # 计算日期（申请仲裁或者订立书面合同之日）
    today: date
    monthly_wage: Decimal
    months_without_contract: int  # 自用工之日起未订立书面劳动合同的月数（含第一个月）


def double_wage(data: DoubleWageInput, tables: Sequence[LabourTable] = LABOUR_TABLES) -> Result:
    check_date(data.on, data.today)
    t = pick_table(tables, data.on, what="《劳动合同法》二倍工资")
    check_amount(data.monthly_wage, "月工资", field="monthly_wage", positive=True)
    if not 0 <= data.months_without_contract <= 1200:
        raise CalculatorError("未订立书面劳动合同的月数应在0至1200之间。", field="months_without_contract")
    months = max(0, min(data.months_without_contract - 1, t.double_wage_max_months))
    extra = fen(data.monthly_wage * months)
    lines = [
        Line(
            label="未订立书面劳动合同的另一倍工资",
            formula=(
                f"用工{data.months_without_contract}个月未订立书面合同，自第二个月起算、"
                f"至满一年前一日止（最多{t.double_wage_max_months}个月），计{months}个月；"
                f"{money(data.monthly_wage)} × {months} = {money(extra)}"
            ),
            amount=extra,
            basis="《劳动合同法》第八十二条第一款；《劳动合同法实施条例》第六条、第七条",
        )
    ]
    notes = [
        "二倍工资中的一倍已经作为工资发放，这里只计算另外应付的一倍。",
        "满一年仍未订立书面劳动合同的，视为已订立无固定期限劳动合同（《劳动合同法》第十四条第三款），此后不再计二倍工资。",
        "二倍工资的仲裁时效等问题各地裁审口径不一，请咨询 12348 或当地劳动人事争议仲裁委员会。",
    ]
    total, total_max = total_of(lines)
    return Result(
        kind="double-wage",
        title="未订立书面劳动合同的二倍工资",
        total=total,
        total_max=total_max,
        lines=tuple(lines),
        tables=(t.ref,),
        notes=tuple(notes),
    )
