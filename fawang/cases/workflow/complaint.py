"""Complaints and suggestions (投诉/建议): acceptance, investigation, reply, the complainant's satisfaction,
re-handling and escalation (A3, A6, C14, X6).

Clock: the reply (complaint.reply, 15 WD, project default [D]) runs from intake and restarts when the complainant
rejects the reply or the complaint is escalated. X6's holding reply (1 WD, [X] CLA) is the acceptance step; it has
no clock of its own yet (a `complaint.acknowledge` rule would go in cases/deadline_rules.py). A reply must state
the finding (justified, partly, unjustified; for suggestions adopted, noted, not adopted), and closing on the complainant's word must record their satisfaction (1-5). The extra data
lives in fawang.evaluation (ComplaintDetail); its services call case_transition with these payloads.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, Final

from fawang.accounts.roles import Role
from fawang.cases.states import ServiceType, Status
from fawang.cases.workflow.base import (
    ALL_CLOCKS,
    FRONT,
    Action,
    Lifecycle,
    StartClock,
    Transition,
    common_steps,
    index_transitions,
    needs_handler,
    needs_parent_level,
)

if TYPE_CHECKING:
    from fawang.cases.models import Case

INVESTIGATE: Final = "investigate"
REPLY: Final = "reply"
CONFIRM: Final = "confirm"
REJECT_REPLY: Final = "reject_reply"

COMPLAINT_FINDING_CODES: Final = ("justified", "partly", "unjustified")
SUGGESTION_FINDING_CODES: Final = ("adopted", "noted", "not_adopted")

# Complaints are handled by the bureau's staff at the front door and the aid office (C14: complaints about aid).
COMPLAINT_HANDLERS: Final = frozenset({Role.AID_REVIEWER})
_STAFF: Final = FRONT | COMPLAINT_HANDLERS


def needs_finding(case: Case, payload: Mapping[str, Any]) -> str | None:
    allowed = (
        SUGGESTION_FINDING_CODES if case.service_type == ServiceType.SUGGESTION else COMPLAINT_FINDING_CODES
    )
    if payload.get("finding") not in allowed:
        return "答复须写明核查结论（投诉：属实、部分属实、不属实；建议：采纳、留作参考、不予采纳）。"
    return None


def needs_satisfaction(case: Case, payload: Mapping[str, Any]) -> str | None:
    level = payload.get("satisfaction")
    if not isinstance(level, int) or isinstance(level, bool) or not 1 <= level <= 5:
        return "请记录投诉人对答复的评价（1-5 级）。"
    return None


def _complaint() -> list[Transition]:
    worked = frozenset({Status.ACCEPTED, Status.DISPATCHED, Status.IN_PROGRESS})
    return [
        Transition(
            Action.ACCEPT,
            frozenset({Status.NEW}),
            Status.ACCEPTED,
            _STAFF,
        ),
        Transition(
            Action.DISPATCH,
            frozenset({Status.NEW}) | worked,
            Status.DISPATCHED,
            _STAFF,
            guards=(needs_handler,),
        ),
        Transition(
            Action.ESCALATE,
            worked | {Status.RESOLVED},
            Status.DISPATCHED,
            _STAFF,
            guards=(needs_parent_level,),
            needs_reason=True,
            start=(StartClock("complaint.reply"),),
        ),
        Transition(
            INVESTIGATE,
            frozenset({Status.ACCEPTED, Status.DISPATCHED}),
            Status.IN_PROGRESS,
            _STAFF,
            action_label="调查核实",
        ),
        Transition(
            REPLY,
            worked,
            Status.RESOLVED,
            _STAFF,
            guards=(needs_finding,),
            needs_reason=True,
            stop=(ALL_CLOCKS,),
            action_label="答复投诉人",
        ),
        Transition(
            CONFIRM,
            frozenset({Status.RESOLVED}),
            Status.CLOSED,
            _STAFF | {Role.CITIZEN},
            guards=(needs_satisfaction,),
            action_label="记录投诉人评价并办结",
        ),
        Transition(
            REJECT_REPLY,
            frozenset({Status.RESOLVED}),
            Status.IN_PROGRESS,
            _STAFF | {Role.CITIZEN},
            needs_reason=True,
            start=(StartClock("complaint.reply"),),
            action_label="投诉人不满意，重新办理",
        ),
        *common_steps(COMPLAINT_HANDLERS),
    ]


_ON_CREATE: Final = (StartClock("complaint.reply"),)

COMPLAINT = Lifecycle(
    ServiceType.COMPLAINT,
    index_transitions(_complaint()),
    on_create=_ON_CREATE,
    first_actor=Role.WINDOW_CLERK,
)
SUGGESTION = Lifecycle(
    ServiceType.SUGGESTION,
    index_transitions(_complaint()),
    on_create=_ON_CREATE,
    first_actor=Role.WINDOW_CLERK,
)
