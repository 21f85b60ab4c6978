"""Plain-language status for citizens (issue 4 §4, L9): what is happening and what they need to do next."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from django.utils.translation import gettext, gettext_noop

from fawang.cases.deadline_rules import deadline_label
from fawang.cases.models import Case, ClockState
from fawang.cases.states import ServiceType, Status

PLAIN_STATUS: dict[str, tuple[str, str]] = {
    Status.NEW: (
        gettext_noop("已提交，等待受理"),
        gettext_noop("工作人员会尽快受理，请留意短信和站内通知。"),
    ),
    Status.ACCEPTED: (gettext_noop("已受理，正在办理"), gettext_noop("无需您操作，办理单位会与您联系。")),
    Status.UNDER_REVIEW: (
        gettext_noop("正在审查"),
        gettext_noop("审查期间如需补充材料，我们会一次性告知您。"),
    ),
    Status.AWAITING_MATERIALS: (
        gettext_noop("需要您补充材料"),
        gettext_noop("请按下列清单补充材料，补齐后审查继续计时。"),
    ),
    Status.DISPATCHED: (gettext_noop("已转交办理单位"), gettext_noop("办理单位会与您联系。")),
    Status.IN_PROGRESS: (gettext_noop("正在办理"), gettext_noop("无需您操作，可在下方留言补充情况。")),
    Status.GRANTED: (gettext_noop("已决定给予法律援助"), gettext_noop("正在为您指派律师。")),
    Status.ASSIGNED: (gettext_noop("已指派承办人员"), gettext_noop("承办人员会与您联系。")),
    Status.RESOLVED: (gettext_noop("已办结"), gettext_noop("欢迎您对本次服务进行评价。")),
    Status.CLOSED: (gettext_noop("已办结归档"), gettext_noop("如有新的问题可以重新提交。")),
    Status.REFUSED: (
        gettext_noop("决定不予法律援助"),
        gettext_noop("如不服，可以按决定书告知的期限和途径提出异议。"),
    ),
    Status.REJECTED: (
        gettext_noop("未予受理"),
        gettext_noop("不予受理的理由见下方记录；如有疑问请拨打12348。"),
    ),
    Status.WITHDRAWN: (gettext_noop("已撤回"), gettext_noop("如需继续办理，可以重新提交。")),
}


# G6: the citizen follows one request through three stages, whichever channel it came in by.
STAGES = (gettext_noop("前台受理"), gettext_noop("后台办理"), gettext_noop("结果反馈"))
STAGE_OF_STATUS: dict[str, int] = {
    Status.NEW: 0,
    Status.ACCEPTED: 1,
    Status.UNDER_REVIEW: 1,
    Status.AWAITING_MATERIALS: 1,
    Status.DISPATCHED: 1,
    Status.IN_PROGRESS: 1,
    Status.GRANTED: 1,
    Status.ASSIGNED: 1,
    Status.RESOLVED: 2,
    Status.CLOSED: 2,
    Status.REFUSED: 2,
    Status.REJECTED: 2,
    Status.WITHDRAWN: 2,
}


@dataclass(frozen=True)
class Stage:
    label: str
    state: str  # "done", "current" or "todo"


def citizen_stages(status: str) -> list[Stage]:
    """The three stages with the current one marked; a finished request has every stage done."""
    current = STAGE_OF_STATUS.get(status, 1)
    last = len(STAGES) - 1
    return [
        Stage(
            gettext(label),
            "done" if i < current or (i == current == last) else "current" if i == current else "todo",
        )
        for i, label in enumerate(STAGES)
    ]


@dataclass(frozen=True)
class CitizenView:
    headline: str
    next_step: str
    missing_items: list[str]
    handler: str
    reply_by: date | None = None
    stages: tuple[Stage, ...] = ()


def citizen_intake_window(case: Case) -> str:
    """Where the citizen was received, for a window intake whose clerk named the window (G6)."""
    from fawang.legal_aid.models import WindowReceipt

    receipt = (
        WindowReceipt.objects.filter(case=case, window__isnull=False).select_related("window__site").first()
    )
    return f"{receipt.window.site.name} {receipt.window}" if receipt and receipt.window else ""


def _aid_notice(case: Case) -> tuple[list[str], date | None] | None:
    """The legal-aid module keeps the one-time notice (C6) with its reply date on its own row."""
    if case.service_type != ServiceType.LEGAL_AID:
        return None
    from fawang.legal_aid.models import MissingItemsNotice

    notice = MissingItemsNotice.objects.filter(application__case=case, answered_at__isnull=True).first()
    if notice is None:
        return None
    return [str(item) for item in notice.items], notice.reply_by


def citizen_view(case: Case) -> CitizenView:
    plain = PLAIN_STATUS.get(case.status)
    headline, next_step = (
        (gettext(plain[0]), gettext(plain[1])) if plain else (str(case.get_status_display()), "")
    )
    missing: list[str] = []
    reply_by: date | None = None
    if case.status == Status.AWAITING_MATERIALS:
        notice = _aid_notice(case)
        if notice is not None:
            missing, reply_by = notice
        else:
            event = case.events.filter(action="request_materials").order_by("-at", "-id").first()
            if event is not None:
                missing = [str(item) for item in event.context.get("missing_items", [])]
    handler = case.handler_practitioner or case.handler_institution or case.handler_site
    return CitizenView(
        headline,
        next_step,
        missing,
        str(handler) if handler else "",
        reply_by,
        stages=tuple(citizen_stages(case.status)),
    )


@dataclass(frozen=True)
class ClockLine:
    label: str
    due_at: datetime | None
    paused: bool


def citizen_clocks(case: Case) -> list[ClockLine]:
    """Running and paused statutory clocks in plain words (issue 4 §4: deadlines)."""
    return [
        ClockLine(deadline_label(d.rule_code), d.due_at, d.state == ClockState.PAUSED)
        for d in case.deadlines.filter(state__in=[ClockState.RUNNING, ClockState.PAUSED]).order_by(
            "due_at", "id"
        )
    ]


REPLY_ACTIONS = ("answer", "resolve", "refuse", "reject", "escalate_dissatisfied")


@dataclass(frozen=True)
class Reply:
    at: datetime
    label: str
    text: str


def citizen_replies(case: Case) -> list[Reply]:
    """Answers and decisions the handling unit wrote on the case (the answer transition's reason, J5)."""
    from fawang.cases.workflow.base import ACTION_LABELS

    labels = {str(k): v for k, v in ACTION_LABELS.items()}
    return [
        Reply(e.at, labels.get(e.action, gettext("答复")), e.reason)
        for e in case.events.filter(action__in=REPLY_ACTIONS).exclude(reason="").order_by("at", "id")
    ]
