"""Consultation (法律咨询) and the other front-door services answered on the spot or dispatched (A2, A4, A5)."""

from __future__ import annotations

from fawang.accounts.roles import Role
from fawang.cases.states import ServiceType
from fawang.cases.workflow.base import (
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


def _consultation() -> list[Transition]:
    handlers = frozenset({Role.AID_LAWYER, Role.VILLAGE_ADVISER, Role.MEDIATOR, Role.AID_REVIEWER})
    return routing_steps(handlers, Action.ANSWER, feedback_clock=True) + common_steps(handlers)


CONSULTATION = Lifecycle(
    ServiceType.CONSULTATION,
    index_transitions(_consultation()),
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
