"""Legal aid (法律援助法 2021): review, one-time notice, decision, assignment, provisional aid, notices,
termination, objections and closing (C1, C5-C13, C21; docs/legal-aid.md, ADR 0021).

The guards read the application recorded by the legal-aid module (`fawang.legal_aid.guards`); a bare case
without an application (created through generic intake) is checked on what it carries. Every refusal,
termination or rejection names its statutory ground.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

from fawang.accounts.roles import Role
from fawang.cases.states import ServiceType, Status
from fawang.cases.workflow.base import (
    AID_OFFICE,
    ALL_CLOCKS,
    FRONT,
    Action,
    Guard,
    Lifecycle,
    StartClock,
    Transition,
    common_steps,
    index_transitions,
    needs_handler,
    needs_missing_items,
    needs_practitioner,
)

if TYPE_CHECKING:
    from fawang.cases.models import Case

# Service-specific actions (labels in the table rows below).
NOTICE_ACCEPT = "notice_accept"
CUSTODY_REGISTER = "custody_register"
PROVISIONAL_AID = "provisional_aid"
CONFIRM_PROVISIONAL = "confirm_provisional"
REASSIGN = "reassign"
REQUEST_RECUSAL = "request_recusal"
TERMINATE = "terminate"
OBJECT = "object"
OBJECTION_UPHOLD = "objection_uphold"
OBJECTION_CORRECT_REFUSAL = "objection_correct_refusal"
OBJECTION_CORRECT_TERMINATION = "objection_correct_termination"

JUSTICE_BUREAU = frozenset({Role.SUPERVISOR, Role.ADMIN})  # 设立法律援助机构的司法行政部门 (Art.49)


def _guard(name: str) -> Guard:
    """A guard implemented by the legal-aid module, imported when first run (no import cycle at start-up)."""

    def run(case: Case, payload: Mapping[str, Any]) -> str | None:
        from fawang.legal_aid import guards

        check: Guard = getattr(guards, name)
        return check(case, payload)

    run.__name__ = name
    return run


not_a_notice = _guard("not_a_notice")
is_a_notice = _guard("is_a_notice")
one_time_notice = _guard("one_time_notice")
reply_period_over = _guard("reply_period_over")
hardship_verified = _guard("hardship_verified")
refusal_ground = _guard("refusal_ground")
assignable = _guard("assignable")
different_practitioner = _guard("different_practitioner")
provisional_grounds = _guard("provisional_grounds")
provisional_pending = _guard("provisional_pending")
termination_ground = _guard("termination_ground")
objectionable = _guard("objectionable")
objection_pending = _guard("objection_pending")
no_pending_objection = _guard("no_pending_objection")
was_terminated = _guard("was_terminated")
closing_filed = _guard("closing_filed")
reject_ground = _guard("reject_ground")


def _legal_aid() -> list[Transition]:
    """法律援助法 Art.43 (review in 7 days, one-time notice, supplement time excluded), Art.43-44 (assignment)."""
    lawyers = frozenset({Role.AID_LAWYER})
    assigning = (needs_practitioner, assignable)
    common = {t.action: t for t in common_steps(lawyers)}
    return [
        Transition(
            Action.ACCEPT,
            frozenset({Status.NEW}),
            Status.UNDER_REVIEW,
            FRONT | AID_OFFICE,
            next_actor=Role.AID_REVIEWER,
            guards=(not_a_notice,),
            stop=("legal_aid.forward_detained",),
            start=(StartClock("legal_aid.review"),),
        ),
        # C9, Art.36: a notice from a court, procuratorate or police: no means test, assign within 3 days.
        Transition(
            NOTICE_ACCEPT,
            frozenset({Status.NEW}),
            Status.GRANTED,
            FRONT | AID_OFFICE,
            next_actor=Role.AID_REVIEWER,
            guards=(is_a_notice,),
            start=(StartClock("legal_aid.notice_assign"),),
            action_label="受理办案机关通知（指派律师）",
        ),
        # C9, Art.39: a detained applicant's request must reach the agency within 24 hours.
        Transition(
            CUSTODY_REGISTER,
            frozenset({Status.NEW}),
            None,
            FRONT | AID_OFFICE,
            start=(StartClock("legal_aid.forward_detained"),),
            action_label="登记在押人员申请（24小时内转交）",
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
            guards=(needs_missing_items, one_time_notice),
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
            guards=(reply_period_over,),
            needs_reason=True,
            stop=(ALL_CLOCKS,),
        ),
        Transition(
            Action.GRANT,
            frozenset({Status.UNDER_REVIEW}),
            Status.GRANTED,
            AID_OFFICE,
            next_actor=Role.AID_REVIEWER,
            guards=(hardship_verified,),
            stop=("legal_aid.review",),
            start=(StartClock("legal_aid.assign"),),
        ),
        Transition(
            Action.REFUSE,
            frozenset({Status.UNDER_REVIEW}),
            Status.REFUSED,
            AID_OFFICE,
            guards=(refusal_ground,),
            needs_reason=True,
            stop=(ALL_CLOCKS,),
        ),
        Transition(
            Action.ASSIGN,
            frozenset({Status.GRANTED}),
            Status.ASSIGNED,
            AID_OFFICE,
            next_actor=Role.AID_LAWYER,
            guards=assigning,
            stop=("legal_aid.assign", "legal_aid.notice_assign"),
        ),
        # C8, Art.44: aid before the review ends; the review clock keeps running as the paperwork task.
        Transition(
            PROVISIONAL_AID,
            frozenset({Status.UNDER_REVIEW}),
            Status.ASSIGNED,
            AID_OFFICE,
            next_actor=Role.AID_LAWYER,
            guards=(provisional_grounds, *assigning),
            needs_reason=True,
            action_label="先行提供法律援助",
        ),
        Transition(
            CONFIRM_PROVISIONAL,
            frozenset({Status.ASSIGNED, Status.IN_PROGRESS}),
            None,
            AID_OFFICE,
            guards=(provisional_pending, hardship_verified),
            stop=("legal_aid.review",),
            action_label="补办给予法律援助决定",
        ),
        # C14, Art.55: the recipient may ask for another lawyer; C10 and C21 apply again.
        Transition(
            REASSIGN,
            frozenset({Status.ASSIGNED, Status.IN_PROGRESS}),
            Status.ASSIGNED,
            AID_OFFICE,
            next_actor=Role.AID_LAWYER,
            guards=(*assigning, different_practitioner),
            needs_reason=True,
            action_label="更换法律援助人员",
        ),
        Transition(Action.START, frozenset({Status.ASSIGNED}), Status.IN_PROGRESS, lawyers | AID_OFFICE),
        Transition(
            Action.RESOLVE,
            frozenset({Status.IN_PROGRESS}),
            Status.RESOLVED,
            lawyers | AID_OFFICE,
            next_actor=Role.AID_REVIEWER,
            guards=(closing_filed,),
            needs_reason=True,
            stop=(ALL_CLOCKS,),
        ),
        # C12, Art.48: one of the eight grounds; objectionable under C11.
        Transition(
            TERMINATE,
            frozenset({Status.GRANTED, Status.ASSIGNED, Status.IN_PROGRESS}),
            Status.RESOLVED,
            AID_OFFICE,
            next_actor=Role.AID_REVIEWER,
            guards=(termination_ground,),
            needs_reason=True,
            stop=(ALL_CLOCKS,),
            action_label="终止法律援助",
        ),
        # C21: the recipient (online or at the window), the other side through the agency, or the aid person asks
        # that the assigned person step aside; the agency decides (fawang/legal_aid/recusal.py).
        Transition(
            REQUEST_RECUSAL,
            frozenset({Status.ASSIGNED, Status.IN_PROGRESS}),
            None,
            FRONT | AID_OFFICE | lawyers | {Role.CITIZEN},
            needs_reason=True,
            action_label="申请回避（更换承办人员）",
        ),
        # C11, Art.49: objection to the justice bureau, decided within 5 days.
        Transition(
            OBJECT,
            frozenset({Status.REFUSED, Status.RESOLVED}),
            None,
            FRONT | AID_OFFICE | {Role.CITIZEN},
            next_actor=Role.SUPERVISOR,
            guards=(objectionable,),
            needs_reason=True,
            start=(StartClock("legal_aid.objection_decide"),),
            action_label="提出异议",
        ),
        Transition(
            OBJECTION_UPHOLD,
            frozenset({Status.REFUSED, Status.RESOLVED}),
            None,
            JUSTICE_BUREAU,
            next_actor=Role.AID_REVIEWER,
            guards=(objection_pending,),
            needs_reason=True,
            stop=("legal_aid.objection_decide",),
            action_label="异议审查：维持原决定",
        ),
        Transition(
            OBJECTION_CORRECT_REFUSAL,
            frozenset({Status.REFUSED}),
            Status.UNDER_REVIEW,
            JUSTICE_BUREAU,
            next_actor=Role.AID_REVIEWER,
            guards=(objection_pending,),
            needs_reason=True,
            stop=("legal_aid.objection_decide",),
            start=(StartClock("legal_aid.review"),),
            action_label="异议审查：责令改正（重新审查）",
        ),
        Transition(
            OBJECTION_CORRECT_TERMINATION,
            frozenset({Status.RESOLVED}),
            Status.IN_PROGRESS,
            JUSTICE_BUREAU,
            next_actor=Role.AID_LAWYER,
            guards=(objection_pending, was_terminated),
            needs_reason=True,
            stop=("legal_aid.objection_decide",),
            action_label="异议审查：责令改正（恢复法律援助）",
        ),
        Transition(
            Action.CLOSE,
            frozenset({Status.RESOLVED}),
            Status.CLOSED,
            FRONT | AID_OFFICE | lawyers,
            guards=(no_pending_objection,),
        ),
        Transition(
            Action.REJECT,
            frozenset({Status.NEW}),
            Status.REJECTED,
            FRONT | AID_OFFICE | lawyers,
            guards=(reject_ground,),
            needs_reason=True,
            stop=(ALL_CLOCKS,),
        ),
        common[Action.WITHDRAW],
        common[Action.NOTE],
    ]


LEGAL_AID = Lifecycle(ServiceType.LEGAL_AID, index_transitions(_legal_aid()), first_actor=Role.AID_REVIEWER)
