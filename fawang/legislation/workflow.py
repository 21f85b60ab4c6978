"""The declared lifecycle of a draft (Q1, Q3; STYLE §4). `services.draft_transition` is its only runner.

Guards are pure functions of (draft, facts, today); they return the Chinese reason for refusing, or "".
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from enum import StrEnum

from django.utils.translation import gettext_lazy as _

from fawang.legislation.models import Draft, DraftStatus
from fawang.legislation.rules import COMMENT_PERIOD_MIN_DAYS, comment_period_days


class Action(StrEnum):
    PUBLISH = "publish"
    CLOSE = "close"
    PUBLISH_SUMMARY = "publish_summary"
    WITHDRAW = "withdraw"


ACTION_LABELS = {
    Action.PUBLISH: _("发布征求意见"),
    Action.CLOSE: _("截止征求意见"),
    Action.PUBLISH_SUMMARY: _("公布意见采纳情况"),
    Action.WITHDRAW: _("撤回"),
}


@dataclass(frozen=True)
class Facts:
    """What the guards need beyond the draft row, gathered by the service in one place."""

    article_count: int
    invited_kinds: frozenset[str]
    pending_comments: int


Guard = Callable[[Draft, Facts, date], str]


def period_long_enough(draft: Draft, facts: Facts, today: date) -> str:
    days = comment_period_days(draft.opens_on, draft.closes_on)
    if days < COMMENT_PERIOD_MIN_DAYS:
        return (
            f"征求意见期限为{days}日，不得少于{COMMENT_PERIOD_MIN_DAYS}日"
            "（《立法法》第四十条、《规章制定程序条例》第十五条）。"
        )
    return ""


def not_opened_in_past(draft: Draft, facts: Facts, today: date) -> str:
    if draft.opens_on < today:
        return "征求意见开始日期已过，请改为今天或以后的日期再发布，否则公众实际可提意见的时间不足。"
    return ""


def has_articles(draft: Draft, facts: Facts, today: date) -> str:
    return "" if facts.article_count else "征求意见稿没有条文，请先填写全文。"


def accessibility_invited(draft: Draft, facts: Facts, today: date) -> str:
    """Q6 (无障碍环境建设法 Art.9): both disabled and elderly people's representatives were invited."""
    if not draft.concerns_accessibility:
        return ""
    from fawang.legislation.models import RepresentativeKind

    missing = [str(k.label) for k in RepresentativeKind if k.value not in facts.invited_kinds]
    if missing:
        return (
            f"本草案涉及无障碍环境建设，发布前须登记已邀请{'、'.join(missing)}的代表参与征求意见"
            "（《无障碍环境建设法》第九条）。"
        )
    return ""


def period_ended(draft: Draft, facts: Facts, today: date) -> str:
    if today <= draft.closes_on:
        return f"征求意见期到{draft.closes_on:%Y年%m月%d日}才结束，不能提前截止。"
    return ""


def all_handled(draft: Draft, facts: Facts, today: date) -> str:
    if facts.pending_comments:
        return f"还有{facts.pending_comments}条意见未处理，全部处理后才能公布采纳情况。"
    return ""


def summary_written(draft: Draft, facts: Facts, today: date) -> str:
    return "" if draft.summary_text.strip() else "请填写主要意见及采纳情况说明。"


@dataclass(frozen=True)
class Transition:
    action: Action
    sources: frozenset[DraftStatus]
    target: DraftStatus
    guards: tuple[Guard, ...]
    needs_reason: bool = False


TRANSITIONS: dict[Action, Transition] = {
    t.action: t
    for t in (
        Transition(
            Action.PUBLISH,
            frozenset({DraftStatus.DRAFT}),
            DraftStatus.PUBLISHED,
            (has_articles, period_long_enough, not_opened_in_past, accessibility_invited),
        ),
        Transition(Action.CLOSE, frozenset({DraftStatus.PUBLISHED}), DraftStatus.CLOSED, (period_ended,)),
        Transition(
            Action.PUBLISH_SUMMARY,
            frozenset({DraftStatus.PUBLISHED, DraftStatus.CLOSED}),
            DraftStatus.SUMMARY_PUBLISHED,
            (period_ended, all_handled, summary_written),
        ),
        Transition(
            Action.WITHDRAW,
            frozenset({DraftStatus.DRAFT, DraftStatus.PUBLISHED, DraftStatus.CLOSED}),
            DraftStatus.WITHDRAWN,
            (),
            needs_reason=True,
        ),
    )
}
