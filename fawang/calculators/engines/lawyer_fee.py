"""律师服务费 (lawyer fees in property cases, J10). No Django.

There is no national table: lawyer fees follow each province's guidance prices, or are agreed freely where the
province has released them. A deployment configures its province's progressive table
(`FAWANG_CALCULATOR_LAWYER_FEE_TABLES`, docs/calculators.md); with none configured the calculator refuses.
The computation is the same bracket engine as the litigation fee.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from fawang.calculators.engines.brackets import bracket_lines
from fawang.calculators.engines.common import (
    CalculatorError,
    Result,
    check_amount,
    check_date,
    pick_table,
    total_of,
)
from fawang.calculators.rules import LawyerFeeTable

NOT_CONFIGURED = (
    "本地区未配置律师服务收费标准。律师费一般由委托人与律师事务所协商确定，请向律师事务所或当地律师协会了解。"
)


@dataclass(frozen=True)
class LawyerFeeInput:
    on: date
    today: date
    amount: Decimal  # 争议标的额


def lawyer_fee(data: LawyerFeeInput, tables: Sequence[LawyerFeeTable]) -> Result:
    if not tables:
        raise CalculatorError(NOT_CONFIGURED)
    check_date(data.on, data.today)
    t = pick_table(tables, data.on, what="律师服务收费")
    check_amount(data.amount, "争议标的额", field="amount", positive=True)
    lines = bracket_lines(t.brackets, data.amount, basis=t.source, subject="标的额")
    total, total_max = total_of(lines)
    return Result(
        kind="lawyer-fee",
        title=f"律师服务费（{t.region}，财产类案件按标的额分段计算）",
        total=total,
        total_max=total_max,
        lines=tuple(lines),
        tables=(t.ref,),
        notes=(
            "这是政府指导价或行业指导标准的估算，实际收费以委托合同为准；风险代理等收费方式不在此列。",
            "经济困难的，可以申请法律援助（《中华人民共和国法律援助法》）。",
        ),
    )
