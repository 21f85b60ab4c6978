"""诉讼费用 (litigation fees, J10): 案件受理费 and 申请费 under 《诉讼费用交纳办法》. No Django.

Ranges in the instrument (e.g. 离婚案件每件交纳50元至300元) stay ranges: the province fixes the point within them
(第十三条末款), so the result shows the minimum and the maximum rather than an invented figure.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from enum import StrEnum

from fawang.calculators.engines.brackets import bracket_lines
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
from fawang.calculators.rules import LITIGATION_FEE_TABLES, LitigationFeeTable


class FeeKind(StrEnum):
    PROPERTY = "property"
    DIVORCE = "divorce"
    PERSONALITY = "personality"
    OTHER_NON_PROPERTY = "other_non_property"
    IP_NO_AMOUNT = "ip_no_amount"
    LABOUR = "labour"
    ADMIN_SPECIAL = "admin_special"
    ADMIN_OTHER = "admin_other"
    JURISDICTION_OBJECTION = "jurisdiction_objection"
    EXECUTION = "execution"
    PRESERVATION = "preservation"
    PAYMENT_ORDER = "payment_order"


FEE_KIND_LABELS: dict[FeeKind, str] = {
    FeeKind.PROPERTY: "财产案件（含有争议金额的知识产权民事案件）",
    FeeKind.DIVORCE: "离婚案件",
    FeeKind.PERSONALITY: "侵害人格权案件（姓名权、名称权、肖像权、名誉权、荣誉权等）",
    FeeKind.OTHER_NON_PROPERTY: "其他非财产案件",
    FeeKind.IP_NO_AMOUNT: "知识产权民事案件（没有争议金额）",
    FeeKind.LABOUR: "劳动争议案件",
    FeeKind.ADMIN_SPECIAL: "商标、专利、海事行政案件",
    FeeKind.ADMIN_OTHER: "其他行政案件",
    FeeKind.JURISDICTION_OBJECTION: "管辖权异议（异议不成立的）",
    FeeKind.EXECUTION: "申请执行",
    FeeKind.PRESERVATION: "申请保全",
    FeeKind.PAYMENT_ORDER: "申请支付令",
}
# 案件受理费 to which 第十六条 (简易程序减半) applies in this calculator.
ACCEPTANCE_FEES = frozenset(
    {
        FeeKind.PROPERTY,
        FeeKind.DIVORCE,
        FeeKind.PERSONALITY,
        FeeKind.OTHER_NON_PROPERTY,
        FeeKind.IP_NO_AMOUNT,
        FeeKind.LABOUR,
        FeeKind.ADMIN_SPECIAL,
        FeeKind.ADMIN_OTHER,
    }
)
NEEDS_AMOUNT = frozenset({FeeKind.PROPERTY, FeeKind.PAYMENT_ORDER})

ART13 = "《诉讼费用交纳办法》第十三条"
ART14 = "《诉讼费用交纳办法》第十四条"


@dataclass(frozen=True)
class LitigationFeeInput:
    kind: FeeKind
    on: date
    today: date
    amount: Decimal | None = None  # 诉讼请求金额、执行金额、保全财产数额、财产总额或赔偿金额
    simplified: bool = False  # 适用简易程序


def _range_line(label: str, bounds: tuple[Decimal, Decimal], basis: str) -> Line:
    low, high = bounds
    return Line(
        label=label,
        formula=f"每件{money(low)}至{money(high)}（具体标准由省级人民政府在幅度内确定）",
        amount=fen(low),
        amount_max=fen(high),
        basis=basis,
    )


def _fixed_line(label: str, value: Decimal, basis: str) -> Line:
    return Line(label=label, formula=f"每件{money(value)}", amount=fen(value), basis=basis)


def _non_property_lines(t: LitigationFeeTable, kind: FeeKind, amount: Decimal | None) -> list[Line]:
    label = FEE_KIND_LABELS[kind]
    if kind == FeeKind.DIVORCE:
        lines = [_range_line(label, t.divorce, f"{ART13}第（二）项第1目")]
        if amount:
            lines += bracket_lines(
                t.divorce_property, amount, basis=f"{ART13}第（二）项第1目", subject="分割财产总额"
            )
        return lines
    if kind == FeeKind.PERSONALITY:
        lines = [_range_line(label, t.personality, f"{ART13}第（二）项第2目")]
        if amount:
            lines += bracket_lines(
                t.personality_damages, amount, basis=f"{ART13}第（二）项第2目", subject="损害赔偿金额"
            )
        return lines
    fixed: dict[FeeKind, tuple[Decimal | tuple[Decimal, Decimal], str]] = {
        FeeKind.OTHER_NON_PROPERTY: (t.other_non_property, f"{ART13}第（二）项第3目"),
        FeeKind.IP_NO_AMOUNT: (t.ip_no_amount, f"{ART13}第（三）项"),
        FeeKind.LABOUR: (t.labour, f"{ART13}第（四）项"),
        FeeKind.ADMIN_SPECIAL: (t.admin_special, f"{ART13}第（五）项第1目"),
        FeeKind.ADMIN_OTHER: (t.admin_other, f"{ART13}第（五）项第2目"),
        FeeKind.JURISDICTION_OBJECTION: (t.jurisdiction_objection, f"{ART13}第（六）项"),
    }
    value, basis = fixed[kind]
    if isinstance(value, tuple):
        return [_range_line(label, value, basis)]
    return [_fixed_line(label, value, basis)]


def _application_lines(t: LitigationFeeTable, kind: FeeKind, amount: Decimal | None) -> list[Line]:
    if kind == FeeKind.EXECUTION:
        if not amount:
            return [
                _range_line(
                    "申请执行（没有执行金额或者价额）", t.execution_no_amount, f"{ART14}第（一）项第1目"
                )
            ]
        return bracket_lines(t.execution, amount, basis=f"{ART14}第（一）项第2目", subject="执行金额")
    if kind == FeeKind.PRESERVATION:
        return bracket_lines(
            t.preservation, amount or Decimal(0), basis=f"{ART14}第（二）项", subject="保全财产"
        )
    if not amount:
        raise CalculatorError("申请支付令请填写请求的金额（元）。", field="amount")
    base = [
        Line(
            label=line.label,
            formula=line.formula,
            amount=line.amount,
            amount_max=line.amount_max,
            basis=f"{ART13}第（一）项",
            counted=False,
        )
        for line in bracket_lines(t.property_case, amount, basis="", subject="请求金额")
    ]
    property_fee = sum((line.amount for line in base), Decimal(0))
    base.append(
        Line(
            label="支付令申请费（比照财产案件受理费的1/3）",
            formula=f"{money(property_fee)} ÷ {t.payment_order_divisor} = {money(property_fee / t.payment_order_divisor)}",
            amount=fen(property_fee / t.payment_order_divisor),
            basis=f"{ART14}第（三）项",
        )
    )
    return base


def litigation_fee(
    data: LitigationFeeInput, tables: Sequence[LitigationFeeTable] = LITIGATION_FEE_TABLES
) -> Result:
    check_date(data.on, data.today)
    table = pick_table(tables, data.on, what="诉讼费用")
    amount = data.amount
    if amount is not None:
        check_amount(amount, "金额", field="amount")
    if data.kind in NEEDS_AMOUNT and not amount:
        raise CalculatorError("请填写请求的金额（元），必须大于0。", field="amount")
    if data.simplified and data.kind not in ACCEPTANCE_FEES:
        raise CalculatorError(
            "简易程序减半（第十六条）只适用于案件受理费；申请费和管辖权异议费请不要勾选简易程序。",
            field="simplified",
        )
    if data.kind == FeeKind.PROPERTY and amount:
        lines = bracket_lines(table.property_case, amount, basis=f"{ART13}第（一）项", subject="请求金额")
    elif data.kind in (FeeKind.EXECUTION, FeeKind.PRESERVATION, FeeKind.PAYMENT_ORDER):
        lines = _application_lines(table, data.kind, amount)
    else:
        lines = _non_property_lines(table, data.kind, amount)
    if data.simplified:
        low, high = total_of(lines)
        cut = fen(low * (1 - table.simplified_factor))
        cut_max = None if high is None else fen(high * (1 - table.simplified_factor))
        lines.append(
            Line(
                label="适用简易程序，减半交纳",
                formula=f"案件受理费 × 50%，减去{money(cut)}"
                + ("" if cut_max is None else f"至{money(cut_max)}"),
                amount=-cut,
                amount_max=None if cut_max is None else -cut_max,
                basis="《诉讼费用交纳办法》第十六条",
            )
        )
    total, total_max = total_of(lines)
    notes = ["诉讼费用一般由败诉方负担（《诉讼费用交纳办法》第二十九条），起诉时由原告预交。"]
    if any(line.is_range for line in lines):
        notes.append(
            "标有幅度的项目，由各省、自治区、直辖市人民政府在幅度内规定具体标准，以受理法院公布的为准。"
        )
    return Result(
        kind="litigation-fee",
        title=f"诉讼费用：{FEE_KIND_LABELS[data.kind]}",
        total=total,
        total_max=total_max,
        lines=tuple(lines),
        tables=(table.ref,),
        notes=tuple(notes),
    )
