"""Plain-language status for citizens (issue 4 §4, L9): what is happening and what they need to do next."""

from __future__ import annotations

from dataclasses import dataclass

from fawang.cases.models import Case
from fawang.cases.states import Status

PLAIN_STATUS: dict[str, tuple[str, str]] = {
    Status.NEW: ("已提交，等待受理", "工作人员会尽快受理，请留意短信和站内通知。"),
    Status.ACCEPTED: ("已受理，正在办理", "无需您操作，办理单位会与您联系。"),
    Status.UNDER_REVIEW: ("正在审查", "审查期间如需补充材料，我们会一次性告知您。"),
    Status.AWAITING_MATERIALS: ("需要您补充材料", "请按下列清单补充材料，补齐后审查继续计时。"),
    Status.DISPATCHED: ("已转交办理单位", "办理单位会与您联系。"),
    Status.IN_PROGRESS: ("正在办理", "无需您操作，可在下方留言补充情况。"),
    Status.GRANTED: ("已决定给予法律援助", "正在为您指派律师。"),
    Status.ASSIGNED: ("已指派承办人员", "承办人员会与您联系。"),
    Status.RESOLVED: ("已办结", "欢迎您对本次服务进行评价。"),
    Status.CLOSED: ("已办结归档", "如有新的问题可以重新提交。"),
    Status.REFUSED: ("决定不予法律援助", "如不服，可以按决定书告知的期限和途径提出异议。"),
    Status.REJECTED: ("未予受理", "不予受理的理由见下方记录；如有疑问请拨打12348。"),
    Status.WITHDRAWN: ("已撤回", "如需继续办理，可以重新提交。"),
}


@dataclass(frozen=True)
class CitizenView:
    headline: str
    next_step: str
    missing_items: list[str]
    handler: str


def citizen_view(case: Case) -> CitizenView:
    headline, next_step = PLAIN_STATUS.get(case.status, (case.get_status_display(), ""))
    missing: list[str] = []
    if case.status == Status.AWAITING_MATERIALS:
        event = case.events.filter(action="request_materials").order_by("-at", "-id").first()
        if event is not None:
            missing = [str(item) for item in event.context.get("missing_items", [])]
    handler = case.handler_practitioner or case.handler_institution or case.handler_site
    return CitizenView(headline, next_step, missing, str(handler) if handler else "")
