"""People's mediation (人民调解法 2010): the lifecycle of a mediation 工单 (D1-D9).

Statuses: new → accepted (the 1-month norm starts, D6) → assigned (mediators appointed or chosen, D2) →
in_progress (all parties have consented, D1) → resolved, either by an agreement in effect (D4, D5) or by a
termination notice (D6, Art.26) → closed (archived, D3). After an agreement takes effect the 30-day window for
judicial confirmation runs (D8), then the court's acceptance (3 days) and ruling (15 days, +10) clocks.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

from fawang.accounts.roles import Role
from fawang.cases.states import ServiceType, Status
from fawang.cases.workflow.base import (
    ALL_CLOCKS,
    FRONT,
    Action,
    Guard,
    Lifecycle,
    StartClock,
    Transition,
    index_transitions,
    needs_practitioner,
)
from fawang.cases.workflow.practitioner import (
    WORK_STATUSES,
    handled_by_practitioner,
    related,
    replace_steps,
)

if TYPE_CHECKING:
    from fawang.cases.models import Case

OWN = frozenset({Role.MEDIATOR})
CONCLUDE = "mediation.conclude"
WINDOW = "mediation.judicial_confirmation_window"
COURT_ACCEPT = "mediation.court_accept"
COURT_RULE = "mediation.court_rule"
NO_RECORD = "该工单没有调解登记信息，请通过调解工作台办理。"


def _mediation(case: Case) -> Any:
    return related(case, "mediation")


def no_party_refused(case: Case, payload: Mapping[str, Any]) -> str | None:
    mediation = _mediation(case)
    if mediation is None:
        return NO_RECORD
    if mediation.parties.filter(consent="refused").exists():
        return "有当事人明确拒绝调解，不得调解（人民调解法第17条，D1）。"
    return None


def all_parties_consented(case: Case, payload: Mapping[str, Any]) -> str | None:
    mediation = _mediation(case)
    if mediation is None:
        return NO_RECORD
    parties = list(mediation.parties.values_list("consent", flat=True))
    if len(parties) < 2:
        return "调解须有至少两方当事人。"
    if any(c == "refused" for c in parties):
        return "有当事人明确拒绝调解，不得调解（人民调解法第17条，D1）。"
    if any(c != "consented" for c in parties):
        return "尚有当事人未表示同意调解，不能开始调解（人民调解法第17条，D1）。"
    return None


def mediator_of_committee(case: Case, payload: Mapping[str, Any]) -> str | None:
    from fawang.directory.models import Practitioner, PractitionerKind

    mediation = _mediation(case)
    if mediation is None:
        return NO_RECORD
    raw = str(payload.get("practitioner_id") or "")
    chosen = Practitioner.objects.filter(pk=int(raw)).first() if raw.isdigit() else None
    if chosen is None or chosen.kind != PractitionerKind.MEDIATOR:
        return "只能指定人民调解员承办调解（人民调解法第19条，D2）。"
    if chosen.institution_id != mediation.committee_id:
        return "只能指定或选择本调解委员会的人民调解员（人民调解法第19条，D2）。"
    return None


def agreement_in_effect(case: Case, payload: Mapping[str, Any]) -> str | None:
    mediation = _mediation(case)
    agreement = related(mediation, "agreement") if mediation is not None else None
    if agreement is None or agreement.effective_at is None:
        return (
            "调解协议尚未生效：书面协议须各方当事人签名、盖章或按指印，调解员签名并加盖调解委员会印章"
            "（人民调解法第29条）；口头协议须由调解员记录（第28条）。"
        )
    return None


def written_agreement_in_effect(case: Case) -> bool:
    mediation = _mediation(case)
    agreement = related(mediation, "agreement") if mediation is not None else None
    return agreement is not None and agreement.kind == "written" and agreement.effective_at is not None


def termination_recorded(case: Case, payload: Mapping[str, Any]) -> str | None:
    mediation = _mediation(case)
    if mediation is None or related(mediation, "termination") is None:
        return "终止调解须先制作终止调解告知书，写明终止理由和仲裁、行政、司法等救济途径（人民调解法第26条，D6）。"
    return None


def extension_requested_by_all(case: Case, payload: Mapping[str, Any]) -> str | None:
    mediation = _mediation(case)
    if mediation is None:
        return NO_RECORD
    extension = mediation.extensions.filter(pk=payload.get("extension_id"), applied=False).first()
    party_ids = set(mediation.parties.values_list("pk", flat=True))
    if extension is None or not party_ids <= set(extension.party_ids):
        return "延长调解期限须经双方（各方）当事人共同申请（D6）。"
    return None


def _confirmation_step(step: str) -> Guard:
    def guard(case: Case, payload: Mapping[str, Any]) -> str | None:
        mediation = _mediation(case)
        confirmation = related(mediation, "confirmation") if mediation is not None else None
        if confirmation is None:
            return "尚未登记司法确认申请（人民调解法第33条，D8）。"
        clocks = set(case.deadlines.values_list("rule_code", flat=True))
        problems = {
            "apply": COURT_ACCEPT in clocks,
            "accepted": confirmation.court_accepted_at is None or COURT_RULE in clocks,
            "ruled": confirmation.ruled_at is None or COURT_RULE not in clocks,
        }
        if problems[step]:
            return "司法确认的登记顺序不正确：申请 → 法院受理 → 法院裁定（D8）。"
        return None

    return guard


def _mediation_steps() -> list[Transition]:
    base = handled_by_practitioner(
        Role.MEDIATOR, accept_start=(StartClock(CONCLUDE),), accept_stop=(), pausable=False
    )
    stricter = [
        Transition(
            Action.ACCEPT,
            frozenset({Status.NEW, Status.DISPATCHED}),
            Status.ACCEPTED,
            FRONT | OWN,
            next_actor=Role.MEDIATOR,
            guards=(no_party_refused,),
            start=(StartClock(CONCLUDE),),
        ),
        Transition(
            Action.ASSIGN,
            frozenset({Status.ACCEPTED, Status.ASSIGNED}),
            Status.ASSIGNED,
            FRONT | OWN,
            next_actor=Role.MEDIATOR,
            guards=(needs_practitioner, mediator_of_committee),
        ),
        Transition(
            Action.START,
            frozenset({Status.ASSIGNED}),
            Status.IN_PROGRESS,
            FRONT | OWN,
            guards=(all_parties_consented,),
        ),
        Transition(
            Action.RESOLVE,
            frozenset({Status.IN_PROGRESS}),
            Status.RESOLVED,
            OWN,
            needs_reason=True,
            guards=(agreement_in_effect,),
            stop=(ALL_CLOCKS,),
            start=(StartClock(WINDOW, when=written_agreement_in_effect),),
            action_label="达成调解协议",
        ),
    ]
    extra = [
        Transition(
            "terminate",
            WORK_STATUSES,
            Status.RESOLVED,
            FRONT | OWN,
            needs_reason=True,
            guards=(termination_recorded,),
            stop=(ALL_CLOCKS,),
            action_label="终止调解",
        ),
        Transition(
            "extend_period",
            WORK_STATUSES,
            None,
            FRONT | OWN,
            needs_reason=True,
            guards=(extension_requested_by_all,),
            stop=(CONCLUDE,),
            start=(StartClock(CONCLUDE),),
            action_label="经双方申请延长调解期限",
        ),
        Transition(
            "confirmation_apply",
            frozenset({Status.RESOLVED}),
            None,
            FRONT | OWN,
            guards=(_confirmation_step("apply"),),
            stop=(WINDOW,),
            start=(StartClock(COURT_ACCEPT),),
            action_label="共同申请司法确认",
        ),
        Transition(
            "confirmation_accepted",
            frozenset({Status.RESOLVED}),
            None,
            FRONT | OWN,
            guards=(_confirmation_step("accepted"),),
            stop=(COURT_ACCEPT,),
            start=(StartClock(COURT_RULE),),
            action_label="法院受理司法确认申请",
        ),
        Transition(
            "confirmation_ruled",
            frozenset({Status.RESOLVED}),
            None,
            FRONT | OWN,
            guards=(_confirmation_step("ruled"),),
            stop=(COURT_RULE,),
            action_label="法院作出司法确认裁定",
        ),
    ]
    return replace_steps(base, stricter) + extra


MEDIATION = Lifecycle(ServiceType.MEDIATION, index_transitions(_mediation_steps()), first_actor=Role.MEDIATOR)
