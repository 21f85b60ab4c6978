"""Legal aid (法律援助法 2021): review, one-time notice, decision, assignment (C5, C6)."""

from __future__ import annotations

from fawang.accounts.roles import Role
from fawang.cases.states import ServiceType, Status
from fawang.cases.workflow.base import (
    AID_OFFICE,
    ALL_CLOCKS,
    FRONT,
    Action,
    Lifecycle,
    StartClock,
    Transition,
    common_steps,
    index_transitions,
    needs_handler,
    needs_missing_items,
    needs_practitioner,
)


def _legal_aid() -> list[Transition]:
    """法律援助法 Art.43 (review in 7 days, one-time notice, supplement time excluded), Art.43-44 (assignment)."""
    lawyers = frozenset({Role.AID_LAWYER})
    return [
        Transition(
            Action.ACCEPT,
            frozenset({Status.NEW}),
            Status.UNDER_REVIEW,
            FRONT | AID_OFFICE,
            next_actor=Role.AID_REVIEWER,
            start=(StartClock("legal_aid.review"),),
        ),
        Transition(
            Action.DISPATCH,
            frozenset({Status.NEW, Status.UNDER_REVIEW}),
            None,
            FRONT | AID_OFFICE,
            guards=(needs_handler,),
            needs_reason=True,
        ),
        Transition(
            Action.REQUEST_MATERIALS,
            frozenset({Status.UNDER_REVIEW}),
            Status.AWAITING_MATERIALS,
            AID_OFFICE,
            next_actor=Role.CITIZEN,
            guards=(needs_missing_items,),
            pause=True,
        ),
        Transition(
            Action.SUPPLEMENT,
            frozenset({Status.AWAITING_MATERIALS}),
            Status.UNDER_REVIEW,
            FRONT | AID_OFFICE | {Role.CITIZEN},
            next_actor=Role.AID_REVIEWER,
            resume=True,
        ),
        Transition(
            Action.DEEM_WITHDRAWN,
            frozenset({Status.AWAITING_MATERIALS}),
            Status.WITHDRAWN,
            AID_OFFICE,
            needs_reason=True,
            stop=(ALL_CLOCKS,),
        ),
        Transition(
            Action.GRANT,
            frozenset({Status.UNDER_REVIEW}),
            Status.GRANTED,
            AID_OFFICE,
            next_actor=Role.AID_REVIEWER,
            stop=("legal_aid.review",),
            start=(StartClock("legal_aid.assign"),),
        ),
        Transition(
            Action.REFUSE,
            frozenset({Status.UNDER_REVIEW}),
            Status.REFUSED,
            AID_OFFICE,
            needs_reason=True,
            stop=(ALL_CLOCKS,),
        ),
        Transition(
            Action.ASSIGN,
            frozenset({Status.GRANTED}),
            Status.ASSIGNED,
            AID_OFFICE,
            next_actor=Role.AID_LAWYER,
            guards=(needs_practitioner,),
            stop=("legal_aid.assign",),
        ),
        Transition(Action.START, frozenset({Status.ASSIGNED}), Status.IN_PROGRESS, lawyers | AID_OFFICE),
        Transition(
            Action.RESOLVE,
            frozenset({Status.IN_PROGRESS}),
            Status.RESOLVED,
            lawyers | AID_OFFICE,
            next_actor=Role.AID_REVIEWER,
            needs_reason=True,
            stop=(ALL_CLOCKS,),
        ),
        *common_steps(lawyers),
    ]


LEGAL_AID = Lifecycle(ServiceType.LEGAL_AID, index_transitions(_legal_aid()), first_actor=Role.AID_REVIEWER)
