"""Lifecycles as declared transition tables (STYLE §4, ADR 0001): see base.py and one module per service."""

from fawang.cases.workflow.base import (
    AID_OFFICE,
    ALL_CLOCKS,
    FRONT,
    HANDLERS,
    OPEN_STATUSES,
    STAFF_ACTORS,
    Action,
    Lifecycle,
    StartClock,
    Transition,
)
from fawang.cases.workflow.registry import LIFECYCLES, available_transitions, lifecycle_for, transition_for

__all__ = [
    "AID_OFFICE",
    "ALL_CLOCKS",
    "FRONT",
    "HANDLERS",
    "LIFECYCLES",
    "OPEN_STATUSES",
    "STAFF_ACTORS",
    "Action",
    "Lifecycle",
    "StartClock",
    "Transition",
    "available_transitions",
    "lifecycle_for",
    "transition_for",
]
