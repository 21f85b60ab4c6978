"""Consultation (法律咨询) and the other front-door services answered on the spot or dispatched (A2, A4, A5, A6).

Hotline consultations (A4-A6): the transfer clock (1 WD, urgent 1 h) runs from intake and stops on dispatch; the
feedback clock (result back to the caller, 5 WD, extendable to 15 WD with approval) runs from dispatch and stops when
the case is answered. A caller who rejects the result is escalated back to the handling unit
(`escalate_dissatisfied`, A6): the explanation is recorded as the reason, the hotline.escalate clock (1 WD) starts
and stops when the unit takes the case up again (`start`) or answers it.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import replace
from typing import TYPE_CHECKING, Any, Final

from fawang.accounts.roles import Role
from fawang.cases.states import ServiceType, Status
from fawang.cases.workflow.base import (
    FRONT,
    Action,
    Lifecycle,
    StartClock,
    Transition,
    common_steps,
    from_hotline,
    index_transitions,
    is_urgent,
    routing_steps,
)

if TYPE_CHECKING:
    from fawang.cases.models import Case

ESCALATE_DISSATISFIED: Final = "escalate_dissatisfied"
CONSULTATION_HANDLERS: Final = frozenset(
    {Role.AID_LAWYER, Role.VILLAGE_ADVISER, Role.MEDIATOR, Role.AID_REVIEWER}
)


def has_or_gets_handler(case: Case, payload: Mapping[str, Any]) -> str | None:
    """A6 escalates to the handling unit: the case must already have one, or the payload must name one."""
    if case.handler_site_id or case.handler_institution_id or case.handler_practitioner_id:
        return None
    if any(payload.get(key) for key in ("site_id", "institution_id", "practitioner_id")):
        return None
    return "该工单没有承办单位：请选择复核的承办站点、机构或人员。"


def _consultation() -> list[Transition]:
    return routing_steps(CONSULTATION_HANDLERS, Action.ANSWER, feedback_clock=True) + common_steps(
        CONSULTATION_HANDLERS
    )


def _consultation_with_escalation() -> list[Transition]:
    steps = [
        replace(t, stop=(*t.stop, "hotline.escalate")) if t.action == Action.START else t
        for t in _consultation()
    ]
    steps.append(
        Transition(
            ESCALATE_DISSATISFIED,
            frozenset({Status.RESOLVED}),
            Status.DISPATCHED,
            FRONT,
            guards=(has_or_gets_handler,),
            needs_reason=True,
            start=(
                StartClock("hotline.escalate", when=from_hotline),
                StartClock("hotline.feedback", when=from_hotline),
            ),
            action_label="来电人不满意，转承办单位复核",
        )
    )
    return steps


CONSULTATION = Lifecycle(
    ServiceType.CONSULTATION,
    index_transitions(_consultation_with_escalation()),
    on_create=(
        StartClock("hotline.transfer_urgent", when=lambda c: from_hotline(c) and is_urgent(c)),
        StartClock("hotline.transfer", when=lambda c: from_hotline(c) and not is_urgent(c)),
        StartClock("consultation.answer", when=lambda c: not from_hotline(c)),
    ),
    first_actor=Role.WINDOW_CLERK,
)
LAWYER_REFERRAL = Lifecycle(
    ServiceType.LAWYER_REFERRAL, index_transitions(_consultation()), first_actor=Role.WINDOW_CLERK
)
RESETTLEMENT = Lifecycle(
    ServiceType.RESETTLEMENT, index_transitions(_consultation()), first_actor=Role.WINDOW_CLERK
)
