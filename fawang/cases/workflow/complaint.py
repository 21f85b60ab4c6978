"""Complaints and suggestions (投诉/建议): accepted, investigated, answered (A3, X6)."""

from __future__ import annotations

from fawang.accounts.roles import Role
from fawang.cases.states import ServiceType
from fawang.cases.workflow.base import (
    Action,
    Lifecycle,
    StartClock,
    Transition,
    common_steps,
    index_transitions,
    routing_steps,
)


def _complaint() -> list[Transition]:
    handlers = frozenset({Role.AID_REVIEWER})
    return routing_steps(handlers, Action.ANSWER, feedback_clock=False) + common_steps(handlers)


COMPLAINT = Lifecycle(
    ServiceType.COMPLAINT,
    index_transitions(_complaint()),
    on_create=(StartClock("complaint.reply"),),
    first_actor=Role.WINDOW_CLERK,
)
SUGGESTION = Lifecycle(
    ServiceType.SUGGESTION,
    index_transitions(_complaint()),
    on_create=(StartClock("complaint.reply"),),
    first_actor=Role.WINDOW_CLERK,
)
