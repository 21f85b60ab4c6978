"""Judicial appraisal (司法鉴定程序通则 2016): the lifecycle of a commission (F1-F9).

new (the 7-working-day acceptance clock runs from receipt, F1) → accepted (commission agreement signed with its nine
items and the no-hint confirmation, F4, F8; the 30-working-day completion clock starts, F6) → assigned (at least two
appraisers cleared of recusal, F5) → in_progress → resolved (opinion signed by the appraisers, dissent recorded, F9)
→ closed. Non-acceptance cites a listed reason of 通则 Art.15 (F3). Supplementing pauses the completion clock; one
approved extension of at most 30 working days goes through case_deadline_extend (F6).
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
    OPEN_STATUSES,
    Action,
    Lifecycle,
    StartClock,
    Transition,
    index_transitions,
    needs_practitioner,
)
from fawang.cases.workflow.practitioner import handled_by_practitioner, related, replace_steps

if TYPE_CHECKING:
    from fawang.cases.models import Case

OWN = frozenset({Role.APPRAISER})
MIN_APPRAISERS = 2  # 通则 Art.19
NO_RECORD = "该工单没有鉴定委托信息，请通过鉴定工作台办理。"


def _commission(case: Case) -> Any:
    return related(case, "appraisal")


def agreement_signed(case: Case, payload: Mapping[str, Any]) -> str | None:
    commission = _commission(case)
    if commission is None:
        return NO_RECORD
    if not commission.no_hint_confirmed:
        return "受理前须确认委托人未要求或暗示鉴定结论（通则第18条，F8）。"
    agreement = related(commission, "agreement")
    if agreement is None or agreement.signed_at is None or agreement.missing_items():
        return "受理须与委托人签订司法鉴定委托书，载明九项内容（通则第16条，F4）。"
    return None


def refusal_recorded(case: Case, payload: Mapping[str, Any]) -> str | None:
    commission = _commission(case)
    if commission is None or related(commission, "refusal") is None:
        return "不予受理须载明通则第15条所列理由之一，并退还鉴定材料（F1、F3）。"
    return None


def cleared_team(case: Case) -> set[int]:
    commission = _commission(case)
    if commission is None:
        return set()
    return set(commission.appraisers.filter(recused=False).values_list("practitioner_id", flat=True))


def two_appraisers(case: Case, payload: Mapping[str, Any]) -> str | None:
    team = cleared_team(case)
    if len(team) < MIN_APPRAISERS:
        return "同一鉴定事项须由至少两名未回避的司法鉴定人进行鉴定（通则第19条，F5）。"
    raw = payload.get("practitioner_id")
    if raw is not None and int(raw) not in team:
        return "第一鉴定人须从本事项已确定且未回避的鉴定人中指定（F5）。"
    return None


def opinion_signed(case: Case, payload: Mapping[str, Any]) -> str | None:
    commission = _commission(case)
    opinion = related(commission, "opinion") if commission is not None else None
    if opinion is None:
        return "尚未制作司法鉴定意见书（通则第36条，F9）。"
    signers = set(opinion.signatures.values_list("practitioner_id", flat=True))
    team = cleared_team(case)
    if len(signers & team) < MIN_APPRAISERS or not team <= signers:
        return "鉴定意见书须由全部承办鉴定人签名（不同意见应注明），至少两名（通则第37条，F9）。"
    return None


def _appraisal_steps() -> list[Transition]:
    base = handled_by_practitioner(
        Role.APPRAISER,
        accept_start=(StartClock("appraisal.complete"),),
        accept_stop=("appraisal.accept",),
        pausable=True,
    )
    stricter = [
        Transition(
            Action.ACCEPT,
            frozenset({Status.NEW, Status.DISPATCHED}),
            Status.ACCEPTED,
            FRONT | OWN,
            next_actor=Role.APPRAISER,
            guards=(agreement_signed,),
            start=(StartClock("appraisal.complete"),),
            stop=("appraisal.accept",),
        ),
        Transition(
            Action.ASSIGN,
            frozenset({Status.ACCEPTED, Status.ASSIGNED}),
            Status.ASSIGNED,
            FRONT | OWN,
            next_actor=Role.APPRAISER,
            guards=(needs_practitioner, two_appraisers),
        ),
        Transition(
            Action.START,
            frozenset({Status.ASSIGNED}),
            Status.IN_PROGRESS,
            FRONT | OWN,
            guards=(two_appraisers,),
        ),
        Transition(
            Action.RESOLVE,
            frozenset({Status.IN_PROGRESS}),
            Status.RESOLVED,
            OWN,
            needs_reason=True,
            guards=(opinion_signed,),
            stop=(ALL_CLOCKS,),
            action_label="出具司法鉴定意见书",
        ),
        Transition(
            Action.REJECT,
            frozenset({Status.NEW, Status.DISPATCHED}),
            Status.REJECTED,
            FRONT | OWN,
            needs_reason=True,
            guards=(refusal_recorded,),
            stop=(ALL_CLOCKS,),
            action_label="不予受理鉴定委托",
        ),
        Transition(
            Action.WITHDRAW,
            OPEN_STATUSES,
            Status.WITHDRAWN,
            FRONT | AID_OFFICE | OWN | {Role.CITIZEN},
            needs_reason=True,
            stop=(ALL_CLOCKS,),
            action_label="委托人撤销委托",
        ),
    ]
    return replace_steps(base, stricter)


APPRAISAL = Lifecycle(
    ServiceType.APPRAISAL,
    index_transitions(_appraisal_steps()),
    on_create=(StartClock("appraisal.accept"),),
    first_actor=Role.APPRAISER,
)
