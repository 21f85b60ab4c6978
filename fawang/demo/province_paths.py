"""Case paths for the bulk history, compiled from the real lifecycle tables (issue 7 §8, ADR 0070).

The bulk generator does not call `case_transition` (far too slow for a million cases), so it must produce what
that service would have produced. This module is where the two meet: a path is a list of actions, and
`path_compile` walks it through the declared `Transition` table of the service type, exactly as the service
would — the action must exist, the case's status must be one of its sources — and records the status change,
the next actor (A14), the handler change and the clock effects (start, stop, pause, resume) of every step. A
path the tables do not allow raises at compile time, so a change to a lifecycle cannot silently produce
impossible histories. Pure: no database.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum
from types import SimpleNamespace

from fawang.cases.states import TERMINAL_STATUSES, Channel, Priority, ServiceType, Status
from fawang.cases.workflow import Action, StartClock, lifecycle_for, transition_for
from fawang.directory.models import PractitionerKind

DEFAULT_REASON = "按流程办理。"
OUTCOME_ACTIONS = frozenset({Action.ANSWER, Action.RESOLVE, Action.REFUSE, Action.REJECT})  # services.py
MISSING_ITEMS = ("经济困难证明", "身份证复印件")


class Actor(StrEnum):
    """Who takes a step: the front desk of the channel, the county's legal-aid reviewer, or the handler."""

    FRONT = "front"
    REVIEWER = "reviewer"
    HANDLER = "handler"


class Handler(StrEnum):
    """What a routing step hands the case to (the payload of dispatch/assign)."""

    STATION = "station"  # the township station of the requester's village: the case moves to the township
    GRASSROOTS = PractitionerKind.GRASSROOTS_WORKER
    LAWYER = PractitionerKind.LAWYER
    MEDIATOR = PractitionerKind.MEDIATOR
    NOTARY = PractitionerKind.NOTARY
    APPRAISER = PractitionerKind.APPRAISER


@dataclass(frozen=True)
class Step:
    action: str
    actor: Actor
    handler: Handler | None = None
    reason: str = DEFAULT_REASON
    missing_items: bool = False
    payload: str = ""  # a JSON fragment of extra payload the step records, e.g. '"finding": "partly"'


@dataclass(frozen=True)
class CompiledStep:
    action: str
    code: str
    from_status: str
    to_status: str
    actor: Actor
    handler: Handler | None
    reason: str
    context_items: str  # the JSON fragment of the payload that is not about the handler ("" when none)
    start: tuple[str, ...]  # rule codes actually started (StartClock.when already applied)
    stop: tuple[str, ...]  # rule codes, or (ALL_CLOCKS,)
    pause: bool
    resume: bool
    next_actor: str | None  # None: unchanged; "": cleared
    closes: bool
    outcome: str | None


@dataclass(frozen=True)
class CompiledPath:
    service_type: str
    on_create: tuple[str, ...]
    first_actor: str
    steps: tuple[CompiledStep, ...]


class _DuckCase(SimpleNamespace):
    """What a StartClock condition may look at: channel and priority; no domain records (mediation, ...)."""

    def __getattr__(self, name: str) -> None:
        return None


def _applies(start: StartClock, *, channel: str, priority: str) -> bool:
    return start.applies(_DuckCase(channel=channel, priority=priority))  # type: ignore[arg-type]  # duck case


def path_compile(*, service_type: str, channel: str, priority: str, steps: tuple[Step, ...]) -> CompiledPath:
    """Walk `steps` through the lifecycle table as `case_transition` would; raise ValueError when not allowed."""
    lifecycle = lifecycle_for(service_type)
    status: str = Status.NEW
    compiled: list[CompiledStep] = []
    for step in steps:
        transition = transition_for(service_type, step.action)
        if transition is None:
            raise ValueError(f"{service_type} has no action {step.action}")
        if status not in transition.sources:
            raise ValueError(f"{service_type}.{step.action} is not allowed from {status}")
        if step.handler is not None and transition.action not in (Action.DISPATCH, Action.ASSIGN):
            raise ValueError(f"{service_type}.{step.action} does not take a handler")
        target = transition.target if transition.target is not None else Status(status)
        next_actor: str | None = None
        if transition.next_actor is not None or transition.target in TERMINAL_STATUSES | {Status.RESOLVED}:
            next_actor = transition.next_actor.value if transition.next_actor else ""
        reason = step.reason
        if transition.needs_reason and not reason.strip():
            raise ValueError(f"{service_type}.{step.action} needs a reason")
        compiled.append(
            CompiledStep(
                action=transition.action,
                code=f"{service_type}.{transition.action}",
                from_status=status,
                to_status=target,
                actor=step.actor,
                handler=step.handler,
                reason=reason,
                context_items='"missing_items": ["' + '", "'.join(MISSING_ITEMS) + '"]'
                if step.missing_items
                else step.payload,
                start=tuple(
                    s.rule_code for s in transition.start if _applies(s, channel=channel, priority=priority)
                ),
                stop=transition.stop,
                pause=transition.pause,
                resume=transition.resume,
                next_actor=next_actor,
                closes=transition.target in TERMINAL_STATUSES,
                outcome=reason[:200] if transition.action in OUTCOME_ACTIONS else None,
            )
        )
        status = target
    return CompiledPath(
        service_type=service_type,
        on_create=tuple(
            s.rule_code for s in lifecycle.on_create if _applies(s, channel=channel, priority=priority)
        ),
        first_actor=lifecycle.first_actor.value if lifecycle.first_actor else "",
        steps=tuple(compiled),
    )


# --- the paths a case may take, with their weights ----------------------------------------------------------

_ANSWERED = "已答复，告知维权途径和所需材料。"
_CLOSE = Step(Action.CLOSE, Actor.FRONT)


_TERMINATED = "双方分歧较大，经调解未能达成协议，已终止调解并告知可通过仲裁、行政、司法等途径解决。"


def _practitioner_service(kind: Handler) -> list[tuple[int, tuple[Step, ...]]]:
    started = (
        Step(Action.ACCEPT, Actor.FRONT),
        Step(Action.ASSIGN, Actor.FRONT, kind),
        Step(Action.START, Actor.HANDLER),
    )
    done = (*started, Step(Action.RESOLVE, Actor.HANDLER, reason="已办结。"), _CLOSE)
    if kind is Handler.MEDIATOR:
        # Not every mediation ends in an agreement: a termination notice (人民调解法 Art.26, D6) ends about
        # one in six; mediation.success_rate then has both concluding actions to count.
        terminated = (*started, Step("terminate", Actor.HANDLER, reason=_TERMINATED), _CLOSE)
        return [
            (77, done),
            (15, terminated),
            (5, (Step(Action.REJECT, Actor.FRONT, reason="不属于受理范围，已告知其他途径。"),)),
            (
                3,
                (
                    Step(Action.ACCEPT, Actor.FRONT),
                    Step(Action.WITHDRAW, Actor.FRONT, reason="当事人撤回申请。"),
                ),
            ),
        ]
    return [
        (92, done),
        (5, (Step(Action.REJECT, Actor.FRONT, reason="不属于受理范围，已告知其他途径。"),)),
        (
            3,
            (Step(Action.ACCEPT, Actor.FRONT), Step(Action.WITHDRAW, Actor.FRONT, reason="当事人撤回申请。")),
        ),
    ]


def _legal_aid() -> list[tuple[int, tuple[Step, ...]]]:
    review = (Step(Action.ACCEPT, Actor.REVIEWER),)
    materials = (
        Step(Action.REQUEST_MATERIALS, Actor.REVIEWER, reason="材料不全，一次性告知。", missing_items=True),
        Step(Action.SUPPLEMENT, Actor.REVIEWER),
    )
    granted = (
        Step(Action.GRANT, Actor.REVIEWER),
        Step(Action.ASSIGN, Actor.REVIEWER, Handler.LAWYER),
        Step(Action.START, Actor.HANDLER),
        Step(Action.RESOLVE, Actor.HANDLER, reason="案件已审结，提交结案材料。"),
        Step(Action.CLOSE, Actor.REVIEWER),
    )
    refused = (Step(Action.REFUSE, Actor.REVIEWER, reason="不符合经济困难标准（法律援助法第三十四条）。"),)
    return [
        (58, review + granted),
        (25, review + materials + granted),
        (10, review + refused),
        (4, review + materials + refused),
        (
            3,
            (
                *review,
                materials[0],
                Step(Action.DEEM_WITHDRAWN, Actor.REVIEWER, reason="逾期未补正，视为撤回。"),
            ),
        ),
    ]


def _front_door(*, dispatch: Handler, answer_actor: Actor) -> list[tuple[int, tuple[Step, ...]]]:
    return [
        (62, (Step(Action.ACCEPT, Actor.FRONT), Step(Action.ANSWER, Actor.FRONT, reason=_ANSWERED), _CLOSE)),
        (
            35,
            (
                Step(Action.ACCEPT, Actor.FRONT),
                Step(Action.DISPATCH, Actor.FRONT, dispatch),
                Step(Action.START, answer_actor),
                Step(Action.ANSWER, answer_actor, reason="已核实情况并出具书面答复。"),
                _CLOSE,
            ),
        ),
        (3, (Step(Action.REJECT, Actor.FRONT, reason="重复提交，已合并办理。"),)),
    ]


def _complaint(finding: str) -> list[tuple[int, tuple[Step, ...]]]:
    """Complaints and suggestions: accepted, investigated (here or by the township station), replied, confirmed."""
    reply = Step("reply", Actor.FRONT, reason="已核实情况并书面答复。", payload=f'"finding": "{finding}"')
    confirm = Step("confirm", Actor.FRONT, payload='"satisfaction": 4')
    return [
        (60, (Step(Action.ACCEPT, Actor.FRONT), Step("investigate", Actor.FRONT), reply, confirm)),
        (
            37,
            (
                Step(Action.ACCEPT, Actor.FRONT),
                Step(Action.DISPATCH, Actor.FRONT, Handler.STATION),
                Step("investigate", Actor.FRONT),
                reply,
                confirm,
            ),
        ),
        (3, (Step(Action.REJECT, Actor.FRONT, reason="重复提交，已合并办理。"),)),
    ]


PATHS: dict[ServiceType, list[tuple[int, tuple[Step, ...]]]] = {
    ServiceType.CONSULTATION: _front_door(dispatch=Handler.GRASSROOTS, answer_actor=Actor.HANDLER),
    ServiceType.LEGAL_AID: _legal_aid(),
    ServiceType.MEDIATION: _practitioner_service(Handler.MEDIATOR),
    ServiceType.NOTARY: _practitioner_service(Handler.NOTARY),
    ServiceType.APPRAISAL: _practitioner_service(Handler.APPRAISER),
    ServiceType.COMPLAINT: _complaint("partly"),
    ServiceType.SUGGESTION: _complaint("noted"),
}


def paths_compile_all() -> dict[tuple[str, str, str], list[CompiledPath]]:
    """Every (service, channel, priority) combination's compiled paths, in the order of PATHS (for weights)."""
    table: dict[tuple[str, str, str], list[CompiledPath]] = {}
    for service, variants in PATHS.items():
        for channel in Channel.values:
            for priority in Priority.values:
                table[(service, channel, priority)] = [
                    path_compile(service_type=service, channel=channel, priority=priority, steps=steps)
                    for _, steps in variants
                ]
    return table
