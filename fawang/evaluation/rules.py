"""The rectification deadline variants of H3 (REQUIREMENTS section 4, row 好差评): one is chosen per jurisdiction
by the `evaluation.rectify_rule` parameter. The default is the shared table's `evaluation.rectify` (15 WD); the
alternatives stay here because only this module uses them. The chosen code and version are stored on each
rectification so that a later change of parameter or rule never moves a running deadline (T7).
"""

from __future__ import annotations

from typing import Final

from fawang.cases.deadline_rules import rule_for
from fawang.cases.deadlines import DeadlineRule, Unit

RECTIFY_ALTERNATIVES: Final[dict[str, DeadlineRule]] = {
    rule.code: rule
    for rule in (
        DeadlineRule(
            "evaluation.rectify_5wd",
            "evaluation",
            "rectify",
            5,
            Unit.WORKING_DAYS,
            "德州, 城关镇 [L] · Config (H3 alternative)",
        ),
        DeadlineRule(
            "evaluation.rectify_7cd",
            "evaluation",
            "rectify",
            7,
            Unit.CALENDAR_DAYS,
            "one municipality [2] · Config (H3 alternative)",
        ),
    )
}


def rectify_rule_for(code: str, version: int | None = None) -> DeadlineRule:
    if code in RECTIFY_ALTERNATIVES:
        return RECTIFY_ALTERNATIVES[code]
    return rule_for(code, version)
