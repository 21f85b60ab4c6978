"""Notarisation (公证法 2017; 公证程序规则 2020): the lifecycle of a notary matter (E1-E10).

new → accepted (acceptance checks E10 and the in-person rule E3 hold; the 15-working-day issuance clock starts, E5)
→ assigned → in_progress → resolved (certificate issued, E5) → closed. Supplementing (awaiting_materials),
verification and force majeure pause the clock, each with a reason (E5, T5). Refusal cites one of the nine grounds
of 公证法 Art.31 (E6). After issue, a review (复查, E7) runs on the same file with its own clocks.
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
    Lifecycle,
    StartClock,
    Transition,
    index_transitions,
    needs_practitioner,
)
from fawang.cases.workflow.practitioner import (
    AFTER_DECISION,
    WORK_STATUSES,
    handled_by_practitioner,
    related,
    replace_steps,
)

if TYPE_CHECKING:
    from fawang.cases.models import Case

OWN = frozenset({Role.NOTARY})
ISSUE = "notary.issue"
REVIEW_DECIDE = "notary.review_decide"
REVIEW_EXECUTE = "notary.review_execute"
NO_RECORD = "该工单没有公证申请信息，请通过公证工作台办理。"
PAUSE_KINDS = {"verification": "核实有关情况", "force_majeure": "不可抗力"}
REFUSABLE = WORK_STATUSES | {Status.AWAITING_MATERIALS}


def _matter(case: Case) -> Any:
    return related(case, "notary_matter")


def acceptance_checks_pass(case: Case, payload: Mapping[str, Any]) -> str | None:
    from fawang.notary.catalogue import matter_type

    matter = _matter(case)
    if matter is None:
        return NO_RECORD
    if matter.is_proxy and matter_type(matter.matter_code).in_person:
        return f"“{matter_type(matter.matter_code).label}”须由本人办理，不能委托他人（公证法第26条，E3）。"
    check = related(matter, "acceptance_check")
    if check is None or not check.passed:
        return "受理前须完成受理审查：有利害关系、无争议、属于公证事项范围、属于本机构执业区域（E10）。"
    return None


def notary_of_office(case: Case, payload: Mapping[str, Any]) -> str | None:
    from fawang.directory.models import Practitioner, PractitionerKind

    matter = _matter(case)
    if matter is None:
        return NO_RECORD
    raw = str(payload.get("practitioner_id") or "")
    chosen = Practitioner.objects.filter(pk=int(raw)).first() if raw.isdigit() else None
    if chosen is None or chosen.kind != PractitionerKind.NOTARY or chosen.institution_id != matter.office_id:
        return "只能指派本公证处的公证员承办。"
    return None


def certificate_issued(case: Case, payload: Mapping[str, Any]) -> str | None:
    matter = _matter(case)
    if matter is None or related(matter, "certificate") is None:
        return "出具公证书须通过公证工作台：完成告知、审查并生成公证书（E4、E5、E9）。"
    return None


def refusal_recorded(case: Case, payload: Mapping[str, Any]) -> str | None:
    matter = _matter(case)
    if matter is None or related(matter, "refusal") is None:
        return "不予办理公证须载明公证法第31条所列九项情形之一（E6）。"
    return None


def can_pause(case: Case, payload: Mapping[str, Any]) -> str | None:
    if payload.get("pause_kind") not in PAUSE_KINDS:
        return "暂停计时须注明原因类别：核实有关情况或不可抗力（公证法第30条，E5）。"
    if not case.deadlines.filter(state="running", rule_code__in=[ISSUE, REVIEW_DECIDE]).exists():
        return "没有正在计时的公证时限可以暂停。"
    return None


def can_resume(case: Case, payload: Mapping[str, Any]) -> str | None:
    if case.status == Status.AWAITING_MATERIALS:
        return "补充证明材料期间的暂停，在材料补齐后以“材料已补正”恢复计时。"
    if not case.deadlines.filter(state="paused").exists():
        return "没有暂停中的时限。"
    return None


def review_pending(case: Case, payload: Mapping[str, Any]) -> str | None:
    matter = _matter(case)
    if matter is None or not matter.reviews.filter(pk=payload.get("review_id"), decided_at=None).exists():
        return "复查须先登记书面复查申请（程序规则第61条，E7）。"
    if case.deadlines.filter(rule_code=REVIEW_DECIDE, state__in=["running", "paused"]).exists():
        return "已有正在办理的复查申请。"
    return None


def review_decided(case: Case, payload: Mapping[str, Any]) -> str | None:
    matter = _matter(case)
    if matter is None or not matter.reviews.filter(pk=payload.get("review_id")).exclude(outcome="").exists():
        return "复查决定须写明维持、更正、补正或撤销（E7）。"
    return None


def review_needs_execution(case: Case) -> bool:
    matter = _matter(case)
    latest = matter.reviews.exclude(outcome="").order_by("-decided_at").first() if matter else None
    return latest is not None and latest.outcome in ("correct", "supplement", "revoke")


def review_executed(case: Case, payload: Mapping[str, Any]) -> str | None:
    matter = _matter(case)
    if (
        matter is None
        or not matter.reviews.filter(pk=payload.get("review_id"), executed_at__isnull=False).exists()
    ):
        return "尚未登记复查决定的执行情况（E7）。"
    return None


def _notary_steps() -> list[Transition]:
    base = handled_by_practitioner(
        Role.NOTARY, accept_start=(StartClock(ISSUE),), accept_stop=(), pausable=True
    )
    stricter = [
        Transition(
            Action.ACCEPT,
            frozenset({Status.NEW, Status.DISPATCHED}),
            Status.ACCEPTED,
            FRONT | OWN,
            next_actor=Role.NOTARY,
            guards=(acceptance_checks_pass,),
            start=(StartClock(ISSUE),),
        ),
        Transition(
            Action.ASSIGN,
            frozenset({Status.ACCEPTED, Status.ASSIGNED}),
            Status.ASSIGNED,
            FRONT | OWN,
            next_actor=Role.NOTARY,
            guards=(needs_practitioner, notary_of_office),
        ),
        Transition(
            Action.RESOLVE,
            frozenset({Status.IN_PROGRESS}),
            Status.RESOLVED,
            OWN,
            needs_reason=True,
            guards=(certificate_issued,),
            stop=(ALL_CLOCKS,),
            action_label="出具公证书",
        ),
        Transition(
            Action.REJECT,
            frozenset({Status.NEW, Status.DISPATCHED}),
            Status.REJECTED,
            FRONT | OWN,
            needs_reason=True,
            stop=(ALL_CLOCKS,),
            action_label="不予受理公证申请",
        ),
    ]
    extra = [
        Transition(
            Action.REFUSE,
            REFUSABLE,
            Status.REFUSED,
            FRONT | OWN,
            needs_reason=True,
            guards=(refusal_recorded,),
            stop=(ALL_CLOCKS,),
            action_label="不予办理公证",
        ),
        Transition(
            "pause_clock",
            WORK_STATUSES | AFTER_DECISION,
            None,
            FRONT | OWN,
            needs_reason=True,
            guards=(can_pause,),
            pause=True,
            action_label="暂停计时（核实/不可抗力）",
        ),
        Transition(
            "resume_clock",
            WORK_STATUSES | AFTER_DECISION,
            None,
            FRONT | OWN,
            guards=(can_resume,),
            resume=True,
            action_label="恢复计时",
        ),
        Transition(
            "review_apply",
            AFTER_DECISION,
            None,
            FRONT | OWN,
            guards=(review_pending,),
            start=(StartClock(REVIEW_DECIDE),),
            action_label="受理复查申请",
        ),
        Transition(
            "review_decide",
            AFTER_DECISION,
            None,
            FRONT | OWN,
            needs_reason=True,
            guards=(review_decided,),
            stop=(REVIEW_DECIDE,),
            start=(StartClock(REVIEW_EXECUTE, when=review_needs_execution),),
            action_label="作出复查决定",
        ),
        Transition(
            "review_execute",
            AFTER_DECISION,
            None,
            FRONT | OWN,
            guards=(review_executed,),
            stop=(REVIEW_EXECUTE,),
            action_label="执行复查决定",
        ),
    ]
    return replace_steps(base, stricter) + extra


NOTARY = Lifecycle(ServiceType.NOTARY, index_transitions(_notary_steps()), first_actor=Role.NOTARY)
