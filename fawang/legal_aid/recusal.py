"""Recusal of the assigned aid person (回避, C21; 杭州 2017 [L]): requested, then decided by the agency within
the locally configured number of working days (no national figure: no due date unless configured).

A granted request ends the assignment through `aid_reassign`, so C10 and the different-firms rule (C21) are
checked again for the new person. Both steps are written to the 工单 log.
"""

from __future__ import annotations

from datetime import date

from django.db import transaction

from fawang.accounts.models import User
from fawang.accounts.roles import Role
from fawang.cases.selectors import case_staff_covering
from fawang.cases.services import case_transition
from fawang.cases.workflow import Action
from fawang.cases.workflow import legal_aid as flow
from fawang.cases.working_calendar import working_calendar
from fawang.core import clock
from fawang.core.errors import DomainError
from fawang.legal_aid.models import Assignment, LegalAidApplication, Recusal, RecusalOutcome
from fawang.legal_aid.selectors import aid_policy_for
from fawang.legal_aid.services import INTAKE, OFFICE, _require, aid_reassign
from fawang.notifications.services import notification_send


@transaction.atomic
def aid_recusal_request(*, actor: User, application: LegalAidApplication, grounds: str) -> Recusal:
    """Register a request that the assigned person step aside: from the recipient (online: the portal), or recorded
    by the agency for the recipient or the other side, or from the aid person."""
    case = application.case
    _require(actor, case, INTAKE | {Role.AID_LAWYER, Role.CITIZEN}, "申请回避")
    if not grounds.strip():
        raise DomainError("请写明申请回避的理由（如与对方当事人存在利害关系）。")
    current = Assignment.objects.filter(application=application, ended_at__isnull=True).first()
    if current is None:
        raise DomainError("尚未指派法律援助人员，无需申请回避。")
    if Recusal.objects.filter(application=application, outcome="").exists():
        raise DomainError("已有回避申请正在审查。")
    today = clock.local_today()
    policy = aid_policy_for(region=case.region, on=today)
    days = policy.recusal_working_days if policy is not None else None
    due_on = working_calendar().add_working_days(today, days) if days else None
    case_transition(
        reference=case.reference,
        action=flow.REQUEST_RECUSAL,
        actor=actor,
        reason=f"申请回避：{grounds.strip()}"
        + (f"（应于{due_on.isoformat()}前决定，{policy.source}）" if due_on and policy else ""),
    )
    recusal = Recusal.objects.create(
        application=application,
        practitioner_id=current.practitioner_id,
        grounds=grounds.strip(),
        requested_by=actor,
        requested_at=clock.now(),
        due_on=due_on,
    )
    # The agency decides: its reviewers are told, whoever filed the request (the applicant may have done so online).
    notification_send(
        recipients=case_staff_covering(case=case, roles=OFFICE, limit=50),
        case=case,
        kind="recusal",
        message=f"工单 {case.reference} 收到回避申请，请审查决定"
        + (f"（应于{due_on.isoformat()}前决定）。" if due_on else "。"),
        key=f"recusal-request:{recusal.pk}",
    )
    return recusal


@transaction.atomic
def aid_recusal_decide(
    *,
    actor: User,
    application: LegalAidApplication,
    outcome: str,
    reasons: str,
    practitioner_id: int | None = None,
) -> Recusal:
    """准予 (and assign another person, C10/C21 checked again) or 驳回, with reasons."""
    _require(actor, application.case, OFFICE, "决定回避申请")
    recusal = Recusal.objects.select_for_update().filter(application=application, outcome="").first()
    if recusal is None:
        raise DomainError("没有待决定的回避申请。")
    if outcome not in RecusalOutcome.values:
        raise DomainError("决定只能是准予回避或驳回申请。")
    if not reasons.strip():
        raise DomainError("请写明决定理由。")
    if outcome == RecusalOutcome.GRANTED:
        if not practitioner_id:
            raise DomainError("准予回避的，须同时指派另一名法律援助人员。")
        aid_reassign(
            actor=actor,
            application=application,
            practitioner_id=practitioner_id,
            reason=f"准予回避：{reasons.strip()}",
            override_reason=f"准予回避：{reasons.strip()}",
        )
    else:
        case_transition(
            reference=application.case.reference,
            action=Action.NOTE,
            actor=actor,
            reason=f"驳回回避申请：{reasons.strip()}",
            payload={"kind": "recusal_refused"},
        )
    recusal.outcome = outcome
    recusal.outcome_reasons = reasons.strip()
    recusal.decided_by = actor
    recusal.decided_at = clock.now()
    recusal.save(update_fields=["outcome", "outcome_reasons", "decided_by", "decided_at", "updated_at"])
    return recusal


def recusal_overdue(recusal: Recusal, *, today: date) -> bool:
    """Pending past its configured decision day (C21)."""
    return not recusal.outcome and recusal.due_on is not None and today > recusal.due_on
