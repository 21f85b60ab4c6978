"""Lifecycles as declared transition tables (STYLE §4, ADR 0001), one table per service type.

A Transition says which statuses an action starts from, where it leads, which roles may take it, the guards it
must pass (pure functions of the case and the payload), who acts next (A14) and what it does to the statutory
clocks (start, pause, resume, stop). `case_transition` in services.py is the only code that runs these tables.
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
    action: Action
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

    @property
    def label(self) -> str:
        return ACTION_LABELS[self.action]


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


def _from_hotline(case: Case) -> bool:
    return case.channel in (Channel.HOTLINE, Channel.HOTLINE_12345)


def _urgent(case: Case) -> bool:
    return case.priority == "urgent"


def _common(handlers: frozenset[Role]) -> list[Transition]:
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


def _routing(handlers: frozenset[Role], answer_action: Action, feedback_clock: bool) -> list[Transition]:
    """Front-door intake that is answered on the spot or dispatched (前台统一受理、后台分流转办; A2, A4, A11)."""
    dispatch_start: tuple[StartClock, ...] = (
        (StartClock("hotline.feedback", when=_from_hotline),) if feedback_clock else ()
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


def _consultation() -> list[Transition]:
    handlers = frozenset({Role.AID_LAWYER, Role.VILLAGE_ADVISER, Role.MEDIATOR, Role.AID_REVIEWER})
    return _routing(handlers, Action.ANSWER, feedback_clock=True) + _common(handlers)


def _complaint() -> list[Transition]:
    handlers = frozenset({Role.AID_REVIEWER})
    return _routing(handlers, Action.ANSWER, feedback_clock=False) + _common(handlers)


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
        *_common(lawyers),
    ]


def _handled_by_practitioner(
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
    return transitions + _common(own)


def _mediation() -> list[Transition]:
    return _handled_by_practitioner(
        Role.MEDIATOR, accept_start=(StartClock("mediation.conclude"),), accept_stop=(), pausable=False
    )


def _notary() -> list[Transition]:
    return _handled_by_practitioner(
        Role.NOTARY, accept_start=(StartClock("notary.issue"),), accept_stop=(), pausable=True
    )


def _appraisal() -> list[Transition]:
    return _handled_by_practitioner(
        Role.APPRAISER,
        accept_start=(StartClock("appraisal.complete"),),
        accept_stop=("appraisal.accept",),
        pausable=True,
    )


def _index(transitions: Iterable[Transition]) -> dict[Action, Transition]:
    table: dict[Action, Transition] = {}
    for transition in transitions:
        if transition.action in table:
            raise ValueError(f"duplicate action {transition.action}")
        table[transition.action] = transition
    return table


@dataclass(frozen=True)
class Lifecycle:
    service_type: ServiceType
    transitions: dict[Action, Transition]
    on_create: tuple[StartClock, ...] = field(default=())
    first_actor: Role | None = None


LIFECYCLES: dict[ServiceType, Lifecycle] = {
    ServiceType.CONSULTATION: Lifecycle(
        ServiceType.CONSULTATION,
        _index(_consultation()),
        on_create=(
            StartClock("hotline.transfer_urgent", when=lambda c: _from_hotline(c) and _urgent(c)),
            StartClock("hotline.transfer", when=lambda c: _from_hotline(c) and not _urgent(c)),
            StartClock("consultation.answer", when=lambda c: not _from_hotline(c)),
        ),
        first_actor=Role.WINDOW_CLERK,
    ),
    ServiceType.LEGAL_AID: Lifecycle(
        ServiceType.LEGAL_AID, _index(_legal_aid()), first_actor=Role.AID_REVIEWER
    ),
    ServiceType.MEDIATION: Lifecycle(ServiceType.MEDIATION, _index(_mediation()), first_actor=Role.MEDIATOR),
    ServiceType.NOTARY: Lifecycle(ServiceType.NOTARY, _index(_notary()), first_actor=Role.NOTARY),
    ServiceType.APPRAISAL: Lifecycle(
        ServiceType.APPRAISAL,
        _index(_appraisal()),
        on_create=(StartClock("appraisal.accept"),),
        first_actor=Role.APPRAISER,
    ),
    ServiceType.COMPLAINT: Lifecycle(
        ServiceType.COMPLAINT,
        _index(_complaint()),
        on_create=(StartClock("complaint.reply"),),
        first_actor=Role.WINDOW_CLERK,
    ),
    ServiceType.SUGGESTION: Lifecycle(
        ServiceType.SUGGESTION,
        _index(_complaint()),
        on_create=(StartClock("complaint.reply"),),
        first_actor=Role.WINDOW_CLERK,
    ),
    ServiceType.LAWYER_REFERRAL: Lifecycle(
        ServiceType.LAWYER_REFERRAL, _index(_consultation()), first_actor=Role.WINDOW_CLERK
    ),
    ServiceType.RESETTLEMENT: Lifecycle(
        ServiceType.RESETTLEMENT, _index(_consultation()), first_actor=Role.WINDOW_CLERK
    ),
}


def lifecycle_for(service_type: str) -> Lifecycle:
    return LIFECYCLES[ServiceType(service_type)]


def transition_for(service_type: str, action: str) -> Transition | None:
    try:
        return lifecycle_for(service_type).transitions.get(Action(action))
    except ValueError:
        return None


def available_transitions(service_type: str, status: str) -> list[Transition]:
    return [t for t in lifecycle_for(service_type).transitions.values() if status in t.sources]
