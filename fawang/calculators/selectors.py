"""Reads of the calculators (J10): which calculators exist, and one entry point that runs an engine on checked input.

The HTML form and the REST serializer both parse their input into the same plain dict and call `calculation_run`,
so the page and the API share one code path (STYLE §2). Regional figures the user leaves empty are taken from the
deployment's table (`config.regional_figures`) for the year before the event; the result then says so.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Any

from django.utils.translation import gettext_lazy as _
from django_stubs_ext import StrOrPromise

from fawang.calculators.config import RegionalFigures, lawyer_fee_tables, regional_figures
from fawang.calculators.engines.common import Result
from fawang.calculators.engines.labour import DoubleWageInput, SeveranceInput, double_wage, severance
from fawang.calculators.engines.lawyer_fee import LawyerFeeInput, lawyer_fee
from fawang.calculators.engines.litigation import FeeKind, LitigationFeeInput, litigation_fee
from fawang.calculators.engines.personal_injury import Outcome as InjuryOutcome
from fawang.calculators.engines.personal_injury import PersonalInjuryInput, personal_injury
from fawang.calculators.engines.work_injury import Outcome as WorkOutcome
from fawang.calculators.engines.work_injury import WorkInjuryInput, work_injury

Data = Mapping[str, Any]

# Shown with every result, in the words of the consultation page's notice (knowledge.consult.NOTICE).
NOTICE = _(
    "以上结果由系统根据您填写的数字按规定公式估算，仅供参考，不构成律师意见，也不是法院、仲裁机构或社会保险经办机构的"
    "决定。每个案件情况不同，实际金额以有权机关认定为准。如需专业解答，请拨打 12348 公共法律服务热线，或到就近的"
    "公共法律服务中心（站、室）咨询。"
)


@dataclass(frozen=True)
class Calculator:
    kind: str
    title: StrOrPromise
    summary: StrOrPromise
    run: Callable[[Data, date], Result]


def _figure(year: int, attribute: str) -> tuple[Decimal | None, RegionalFigures | None]:
    entry = regional_figures().get(year)
    value = None if entry is None else getattr(entry, attribute)
    return (value, entry) if value is not None else (None, None)


def _with_source(result: Result, used: list[tuple[str, RegionalFigures]]) -> Result:
    notes = tuple(
        f"{label}取自本平台配置的{entry.region}{entry.year}年数字（{entry.source}）。"
        for label, entry in used
    )
    return dataclasses.replace(result, notes=result.notes + notes) if notes else result


def _regional(
    data: Data, field: str, year: int, attribute: str, label: str, used: list[tuple[str, RegionalFigures]]
) -> Decimal | None:
    value: Decimal | None = data.get(field)
    if value is not None:
        return value
    configured, entry = _figure(year, attribute)
    if entry is not None:
        used.append((label, entry))
    return configured


def _litigation(data: Data, today: date) -> Result:
    return litigation_fee(
        LitigationFeeInput(
            kind=FeeKind(data["fee_kind"]),
            on=data.get("on") or today,
            today=today,
            amount=data.get("amount"),
            simplified=bool(data.get("simplified")),
        )
    )


def _severance(data: Data, today: date) -> Result:
    used: list[tuple[str, RegionalFigures]] = []
    end: date = data["end"]
    average = _regional(
        data, "local_average_wage", end.year - 1, "average_monthly_wage", "本地区上年度职工月平均工资", used
    )
    result = severance(
        SeveranceInput(
            start=data["start"],
            end=end,
            today=today,
            wages=tuple(data["wages"]),
            local_average_wage=average,
            unlawful=bool(data.get("unlawful")),
        )
    )
    return _with_source(result, used)


def _double_wage(data: Data, today: date) -> Result:
    return double_wage(
        DoubleWageInput(
            on=data.get("on") or today,
            today=today,
            monthly_wage=data["monthly_wage"],
            months_without_contract=data["months_without_contract"],
        )
    )


def _work_injury(data: Data, today: date) -> Result:
    used: list[tuple[str, RegionalFigures]] = []
    on: date = data.get("on") or today
    average = _regional(
        data,
        "regional_average_wage",
        on.year - 1,
        "average_monthly_wage",
        "统筹地区上年度职工月平均工资",
        used,
    )
    result = work_injury(
        WorkInjuryInput(
            outcome=WorkOutcome(data["outcome"]),
            on=on,
            today=today,
            own_wage=data["own_wage"],
            regional_average_wage=average,
            grade=data.get("grade"),
            spouse=bool(data.get("spouse")),
            spouse_lonely=bool(data.get("spouse_lonely")),
            others=data.get("others") or 0,
            others_lonely=data.get("others_lonely") or 0,
        )
    )
    return _with_source(result, used)


def _personal_injury(data: Data, today: date) -> Result:
    used: list[tuple[str, RegionalFigures]] = []
    on: date = data.get("on") or today
    outcome = InjuryOutcome(data["outcome"])
    needs_income = outcome == InjuryOutcome.DEATH or data.get("grade") is not None
    income = (
        _regional(
            data, "urban_income", on.year - 1, "urban_disposable_income", "城镇居民人均可支配收入", used
        )
        if needs_income
        else data.get("urban_income")
    )
    wage = (
        _regional(data, "average_monthly_wage", on.year - 1, "average_monthly_wage", "职工月平均工资", used)
        if outcome == InjuryOutcome.DEATH
        else data.get("average_monthly_wage")
    )
    zero = Decimal(0)
    result = personal_injury(
        PersonalInjuryInput(
            outcome=outcome,
            on=on,
            today=today,
            age=data["age"],
            urban_income=income,
            average_monthly_wage=wage,
            grade=data.get("grade"),
            medical=data.get("medical") or zero,
            lost_earnings=data.get("lost_earnings") or zero,
            nursing=data.get("nursing") or zero,
            property_loss=data.get("property_loss") or zero,
            traffic=bool(data.get("traffic")),
            at_fault=not data.get("no_fault"),
        )
    )
    return _with_source(result, used)


def _lawyer_fee(data: Data, today: date) -> Result:
    return lawyer_fee(
        LawyerFeeInput(on=data.get("on") or today, today=today, amount=data["amount"]), lawyer_fee_tables()
    )


CALCULATORS: dict[str, Calculator] = {
    c.kind: c
    for c in (
        Calculator(
            "litigation-fee",
            _("诉讼费用"),
            _("起诉、申请执行、保全、支付令要交多少钱（《诉讼费用交纳办法》）。"),
            _litigation,
        ),
        Calculator(
            "severance",
            _("经济补偿和赔偿金"),
            _("解除或者终止劳动合同的经济补偿，违法解除的二倍赔偿金（劳动合同法第四十七条、第八十七条）。"),
            _severance,
        ),
        Calculator(
            "double-wage",
            _("未签书面劳动合同的二倍工资"),
            _("入职超过一个月不满一年未签书面劳动合同，每月另付一倍工资（劳动合同法第八十二条）。"),
            _double_wage,
        ),
        Calculator(
            "work-injury",
            _("工伤待遇"),
            _(
                "一次性伤残补助金、伤残津贴，因工死亡的丧葬补助金、一次性工亡补助金和供养亲属抚恤金（工伤保险条例）。"
            ),
            _work_injury,
        ),
        Calculator(
            "personal-injury",
            _("人身损害和交通事故赔偿"),
            _("残疾赔偿金、死亡赔偿金、丧葬费，以及交强险先行赔付的部分（人身损害赔偿司法解释）。"),
            _personal_injury,
        ),
        Calculator(
            "lawyer-fee",
            _("律师服务费"),
            _("按本地区律师服务收费标准估算财产类案件的律师费（需本平台配置本地区标准）。"),
            _lawyer_fee,
        ),
    )
}


def calculator_get(kind: str) -> Calculator | None:
    return CALCULATORS.get(kind)


def calculation_run(*, kind: str, data: Data, today: date) -> Result:
    """Run the calculator `kind` on parsed input. Raises `CalculatorError` (a Chinese message and the field)."""
    return CALCULATORS[kind].run(data, today)


def regional_figures_list() -> list[RegionalFigures]:
    """The configured regional figures, newest year first (shown beside the form fields)."""
    return sorted(regional_figures().values(), key=lambda f: f.year, reverse=True)


def lawyer_fee_configured() -> bool:
    return bool(lawyer_fee_tables())
