"""Mediation, notarisation and appraisal share a shape: accepted by an institution, done by a practitioner."""

from __future__ import annotations

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
    needs_missing_items,
    needs_practitioner,
)


def handled_by_practitioner(
    practitioner_role: Role,
    *,
    accept_start: tuple[StartClock, ...],
    accept_stop: tuple[str, ...],
    pausable: bool,
) -> list[Transition]:
    """Mediation, notarisation and appraisal: accepted by an institution, assigned to a practitioner."""
    own = frozenset({practitioner_role})
    work_statuses = frozenset({Status.ACCEPTED, Status.ASSIGNED, Status.IN_PROGRESS})
    transitions = [
        Transition(
            Action.ACCEPT,
            frozenset({Status.NEW, Status.DISPATCHED}),
            Status.ACCEPTED,
            FRONT | own,
            next_actor=practitioner_role,
            start=accept_start,
            stop=accept_stop,
        ),
        Transition(
            Action.DISPATCH,
            frozenset({Status.NEW}),
            Status.DISPATCHED,
            FRONT,
            next_actor=practitioner_role,
            guards=(needs_handler,),
        ),
        Transition(
            Action.ASSIGN,
            frozenset({Status.ACCEPTED, Status.ASSIGNED}),
            Status.ASSIGNED,
            FRONT | own,
            next_actor=practitioner_role,
            guards=(needs_practitioner,),
        ),
        Transition(Action.START, frozenset({Status.ASSIGNED}), Status.IN_PROGRESS, FRONT | own),
        Transition(
            Action.RESOLVE,
            frozenset({Status.IN_PROGRESS}),
            Status.RESOLVED,
            own,
            needs_reason=True,
            stop=(ALL_CLOCKS,),
        ),
    ]
    if pausable:
        transitions += [
            Transition(
                Action.REQUEST_MATERIALS,
                work_statuses,
                Status.AWAITING_MATERIALS,
                FRONT | own,
                next_actor=Role.CITIZEN,
                guards=(needs_missing_items,),
                pause=True,
            ),
            Transition(
                Action.SUPPLEMENT,
                frozenset({Status.AWAITING_MATERIALS}),
                Status.IN_PROGRESS,
                FRONT | own | {Role.CITIZEN},
                next_actor=practitioner_role,
                resume=True,
            ),
        ]
    return transitions + common_steps(own)


def _mediation() -> list[Transition]:
    return handled_by_practitioner(
        Role.MEDIATOR, accept_start=(StartClock("mediation.conclude"),), accept_stop=(), pausable=False
    )


def _notary() -> list[Transition]:
    return handled_by_practitioner(
        Role.NOTARY, accept_start=(StartClock("notary.issue"),), accept_stop=(), pausable=True
    )


def _appraisal() -> list[Transition]:
    return handled_by_practitioner(
        Role.APPRAISER,
        accept_start=(StartClock("appraisal.complete"),),
        accept_stop=("appraisal.accept",),
        pausable=True,
    )


MEDIATION = Lifecycle(ServiceType.MEDIATION, index_transitions(_mediation()), first_actor=Role.MEDIATOR)
NOTARY = Lifecycle(ServiceType.NOTARY, index_transitions(_notary()), first_actor=Role.NOTARY)
APPRAISAL = Lifecycle(
    ServiceType.APPRAISAL,
    index_transitions(_appraisal()),
    on_create=(StartClock("appraisal.accept"),),
    first_actor=Role.APPRAISER,
)
