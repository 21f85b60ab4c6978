"""The quality-inspection score sheet (B3, B9): criteria, standard phrases (服务规范用语) and banned phrases (服务禁语).

Content, not code: DB32/T 3837—2020 Annex A (the Jiangsu source B9 cites) could not be read (REQUIREMENTS 0.8), so
these defaults are a project decision [D] written from the published 12348 service-language conventions; replace
them per deployment. `score_sheet_total` is pure.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Final

from django.utils.translation import gettext_noop


@dataclass(frozen=True)
class Criterion:
    code: str
    label: str
    max_points: int


SCORE_SHEET: Final[tuple[Criterion, ...]] = (
    Criterion("greeting", gettext_noop("开场规范：报热线名称和工号"), 10),
    Criterion("understanding", gettext_noop("准确了解来电诉求，核实必要信息"), 15),
    Criterion("accuracy", gettext_noop("答复准确，依据法律法规，不作超出职责的承诺"), 30),
    Criterion("attitude", gettext_noop("语气耐心、用语文明，不抢话、不先挂机（B8）"), 15),
    Criterion("record", gettext_noop("通话记录和工单登记完整、类型正确（A3）"), 15),
    Criterion("closing", gettext_noop("结束规范：确认无其他问题，邀请评价（B4）"), 15),
)
STANDARD_PHRASES: Final[tuple[str, ...]] = (
    "您好，12348公共法律服务热线",
    "请问有什么可以帮您",
    "请您稍等",
    "感谢您的耐心等待",
    "请问还有其他问题吗",
    "感谢您的来电，请对本次服务作出评价",
)
BANNED_PHRASES: Final[tuple[str, ...]] = (
    "不知道",
    "不归我们管",
    "你自己去查",
    "没办法",
    "我已经说过了",
    "你听不懂吗",
    "快点说",
    "找领导去",
)
BANNED_DEDUCTION: Final = 10
MAX_TOTAL: Final = sum(c.max_points for c in SCORE_SHEET)


class ScoreError(ValueError):
    pass


def score_sheet_total(scores: Mapping[str, int], banned_heard: Sequence[str]) -> int:
    """Sum of the criteria, each within 0..max, minus 10 per banned phrase heard, never below 0."""
    known = {c.code: c for c in SCORE_SHEET}
    missing = [c.label for c in SCORE_SHEET if c.code not in scores]
    if missing:
        raise ScoreError(f"请为以下项目打分：{'、'.join(missing)}。")
    total = 0
    for code, value in scores.items():
        criterion = known.get(code)
        if criterion is None:
            raise ScoreError(f"未知的评分项：{code}。")
        if not 0 <= value <= criterion.max_points:
            raise ScoreError(f"“{criterion.label}”的分数应在 0 到 {criterion.max_points} 之间。")
        total += value
    unknown = [p for p in banned_heard if p not in BANNED_PHRASES]
    if unknown:
        raise ScoreError(f"未知的服务禁语：{'、'.join(unknown)}。")
    return max(0, total - BANNED_DEDUCTION * len(set(banned_heard)))


def banned_phrases_in(text: str) -> list[str]:
    """Banned phrases found in the agent's notes: a prompt for the inspector, not a verdict."""
    return [p for p in BANNED_PHRASES if p in text]


def sample_target(answered: int, percent: int) -> int:
    """How many calls a sample of `percent` % must hold (rounded up, so the rate is never below target)."""
    return math.ceil(answered * percent / 100)
