"""The shape mediation, notarisation and appraisal share: accepted by an institution, done by a practitioner.

Each service has its own module (mediation.py, notary.py, appraisal.py) that starts from this table and adds
its statutory steps. Service steps that need a domain record (an agreement in effect, a refusal ground, a signed
opinion) are guarded by a check on that record, so the generic transition endpoint cannot skip the service that
records it (issue 6: "issuing a certificate for a refused matter must be impossible").
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

from django.core.exceptions import ObjectDoesNotExist

from fawang.accounts.roles import Role
from fawang.cases.states import Status
from fawang.cases.workflow.base import (
    ALL_CLOCKS,
    FRONT,
    Action,
    StartClock,
    Transition,
    common_steps,
    needs_handler,
    needs_missing_items,
    needs_practitioner,
)

if TYPE_CHECKING:
    from fawang.cases.models import Case

WORK_STATUSES = frozenset({Status.ACCEPTED, Status.ASSIGNED, Status.IN_PROGRESS})
AFTER_DECISION = frozenset({Status.RESOLVED, Status.CLOSED})


def related(obj: Any, name: str) -> Any:
    """A reverse one-to-one of a case (its mediation, notary matter, commission), or None when absent."""
    try:
        return getattr(obj, name)
    except ObjectDoesNotExist:
        return None


def related_of(case: Case, name: str) -> Any:
    return related(case, name)


def replace_steps(steps: Iterable[Transition], replacements: Iterable[Transition]) -> list[Transition]:
    """Swap a shared step for a service's own version of it (same action, stricter guards)."""
    by_action = {t.action: t for t in replacements}
    kept = [by_action.pop(t.action, t) for t in steps]
    return kept + list(by_action.values())


def handled_by_practitioner(
    practitioner_role: Role,
    *,
    accept_start: tuple[StartClock, ...],
    accept_stop: tuple[str, ...],
    pausable: bool,
) -> list[Transition]:
    """Accepted by an institution (or its practitioner), assigned to a practitioner, resolved by them."""
    own = frozenset({practitioner_role})
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
                WORK_STATUSES,
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
