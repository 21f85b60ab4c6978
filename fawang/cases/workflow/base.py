"""The building blocks of lifecycles (STYLE §4, ADR 0001): actions, transitions, guards, shared steps.

A Transition says which statuses an action starts from, where it leads, which roles may take it, the guards it
must pass (pure functions of the case and the payload), who acts next (A14) and what it does to the statutory
clocks (start, pause, resume, stop). `case_transition` in services.py is the only code that runs these tables.
Each service type declares its table in its own module of this package; registry.py assembles them.
Service-specific actions are plain strings with their own label; the common ones are in `Action`.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from enum import StrEnum
from typing import TYPE_CHECKING, Any

from fawang.accounts.roles import Role
from fawang.cases.states import Channel, ServiceType, Status

if TYPE_CHECKING:
    from fawang.cases.models import Case

Guard = Callable[["Case", Mapping[str, Any]], str | None]  # returns a Chinese refusal, or None when satisfied


class Action(StrEnum):
    ACCEPT = "accept"
    DISPATCH = "dispatch"
    ESCALATE = "escalate"
    ASSIGN = "assign"
    START = "start"
    REQUEST_MATERIALS = "request_materials"
    SUPPLEMENT = "supplement"
    DEEM_WITHDRAWN = "deem_withdrawn"
    GRANT = "grant"
    REFUSE = "refuse"
    ANSWER = "answer"
    RESOLVE = "resolve"
    CLOSE = "close"
    REJECT = "reject"
    WITHDRAW = "withdraw"
    NOTE = "note"


ACTION_LABELS: dict[Action, str] = {
    Action.ACCEPT: "受理",
    Action.DISPATCH: "转办/分派",
    Action.ESCALATE: "报送上级",
    Action.ASSIGN: "指派承办人",
    Action.START: "开始办理",
    Action.REQUEST_MATERIALS: "一次性告知补正材料",
    Action.SUPPLEMENT: "材料已补正",
    Action.DEEM_WITHDRAWN: "逾期未补正，视为撤回",
    Action.GRANT: "决定给予法律援助",
    Action.REFUSE: "决定不予法律援助",
    Action.ANSWER: "答复",
    Action.RESOLVE: "办结",
    Action.CLOSE: "归档",
    Action.REJECT: "不予受理",
    Action.WITHDRAW: "撤回申请",
    Action.NOTE: "记录办理情况",
}

ALL_CLOCKS = "*"


@dataclass(frozen=True)
class StartClock:
    rule_code: str
    when: Callable[[Case], bool] | None = None

    def applies(self, case: Case) -> bool:
        return self.when is None or self.when(case)


@dataclass(frozen=True)
class Transition:
    action: str
    sources: frozenset[Status]
    target: Status | None  # None keeps the current status (e.g. a transfer between agencies)
    roles: frozenset[Role]
    next_actor: Role | None = None
    guards: tuple[Guard, ...] = ()
    needs_reason: bool = False
    start: tuple[StartClock, ...] = ()
    stop: tuple[str, ...] = ()  # rule codes, or ALL_CLOCKS
    pause: bool = False
    resume: bool = False

    action_label: str = ""  # required for actions outside `Action`

    @property
    def label(self) -> str:
        if self.action_label:
            return self.action_label
        return ACTION_LABELS[Action(self.action)]


# --- guards -------------------------------------------------------------------------------------------------


def needs_handler(case: Case, payload: Mapping[str, Any]) -> str | None:
    if not any(payload.get(key) for key in ("site_id", "institution_id", "practitioner_id")):
        return "请选择承办站点、机构或人员。"
    return None


def needs_practitioner(case: Case, payload: Mapping[str, Any]) -> str | None:
    if not payload.get("practitioner_id"):
        return "请选择承办人员。"
    return None


def needs_missing_items(case: Case, payload: Mapping[str, Any]) -> str | None:
    items = payload.get("missing_items")
    if not isinstance(items, list) or not [i for i in items if str(i).strip()]:
        return "一次性告知须列明全部需补正的材料（C6）。"
    return None


def needs_parent_level(case: Case, payload: Mapping[str, Any]) -> str | None:
    if case.region.parent_id is None:
        return "该工单已在最高层级，无法继续报送上级。"
    return None


# --- role groups --------------------------------------------------------------------------------------------

FRONT = frozenset({Role.HOTLINE_OPERATOR, Role.WINDOW_CLERK, Role.ADMIN})
AID_OFFICE = frozenset({Role.AID_REVIEWER, Role.ADMIN})
HANDLERS = frozenset({Role.AID_LAWYER, Role.MEDIATOR, Role.NOTARY, Role.APPRAISER, Role.VILLAGE_ADVISER})
STAFF_ACTORS = FRONT | AID_OFFICE | HANDLERS
OPEN_STATUSES = frozenset(Status) - {
    Status.CLOSED,
    Status.REFUSED,
    Status.REJECTED,
    Status.WITHDRAWN,
    Status.RESOLVED,
}


def from_hotline(case: Case) -> bool:
    return case.channel in (Channel.HOTLINE, Channel.HOTLINE_12345)


def is_urgent(case: Case) -> bool:
    return case.priority == "urgent"


def common_steps(handlers: frozenset[Role]) -> list[Transition]:
    """Steps every service type shares: closing, refusing at the door, withdrawing, notes."""
    return [
        Transition(Action.CLOSE, frozenset({Status.RESOLVED}), Status.CLOSED, FRONT | AID_OFFICE | handlers),
        Transition(
            Action.REJECT,
            frozenset({Status.NEW}),
            Status.REJECTED,
            FRONT | AID_OFFICE | handlers,
            needs_reason=True,
            stop=(ALL_CLOCKS,),
        ),
        Transition(
            Action.WITHDRAW,
            OPEN_STATUSES,
            Status.WITHDRAWN,
            FRONT | AID_OFFICE | frozenset({Role.CITIZEN}),
            needs_reason=True,
            stop=(ALL_CLOCKS,),
        ),
        Transition(Action.NOTE, OPEN_STATUSES | {Status.RESOLVED}, None, STAFF_ACTORS, needs_reason=True),
    ]


def routing_steps(handlers: frozenset[Role], answer_action: str, feedback_clock: bool) -> list[Transition]:
    """Front-door intake that is answered on the spot or dispatched (前台统一受理、后台分流转办; A2, A4, A11; 派单, A8)."""
    dispatch_start: tuple[StartClock, ...] = (
        (StartClock("hotline.feedback", when=from_hotline),) if feedback_clock else ()
    )
    routable = frozenset({Status.NEW, Status.ACCEPTED, Status.DISPATCHED, Status.IN_PROGRESS})
    return [
        Transition(
            Action.ACCEPT, frozenset({Status.NEW}), Status.ACCEPTED, FRONT | handlers, next_actor=None
        ),
        Transition(
            Action.DISPATCH,
            routable,
            Status.DISPATCHED,
            FRONT | handlers,
            guards=(needs_handler,),
            stop=("hotline.transfer", "hotline.transfer_urgent"),
            start=dispatch_start,
        ),
        Transition(
            Action.ESCALATE,
            routable - {Status.NEW},
            Status.DISPATCHED,
            FRONT | handlers,
            guards=(needs_parent_level,),
            needs_reason=True,
        ),
        Transition(Action.START, frozenset({Status.DISPATCHED}), Status.IN_PROGRESS, FRONT | handlers),
        Transition(
            answer_action,
            frozenset({Status.ACCEPTED, Status.DISPATCHED, Status.IN_PROGRESS}),
            Status.RESOLVED,
            FRONT | handlers,
            needs_reason=True,
            stop=(ALL_CLOCKS,),
        ),
    ]


def index_transitions(transitions: Iterable[Transition]) -> dict[str, Transition]:
    table: dict[str, Transition] = {}
    for transition in transitions:
        if transition.action in table:
            raise ValueError(f"duplicate action {transition.action}")
        if transition.action not in Action.__members__.values() and not transition.action_label:
            raise ValueError(f"action {transition.action} needs an action_label")
        table[transition.action] = transition
    return table


@dataclass(frozen=True)
class Lifecycle:
    service_type: ServiceType
    transitions: dict[str, Transition]
    on_create: tuple[StartClock, ...] = field(default=())
    first_actor: Role | None = None
