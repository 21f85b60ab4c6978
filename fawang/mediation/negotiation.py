"""Online mediation writes (D11): party negotiation messages and proposals, and help requests answered by a person.

Parties act through ``mediation_party_get_for_user`` (their own file only); answers come from committee staff or
the mediator through the same role check as every other mediation step (``services._load``).
"""

from __future__ import annotations

from django.db import transaction

from fawang.accounts.models import User
from fawang.accounts.roles import Role
from fawang.cases.selectors import case_staff_covering
from fawang.cases.states import Status
from fawang.core import clock
from fawang.core.audit import audit_record
from fawang.core.errors import ConflictError, DomainError, NotFoundError
from fawang.core.models import AuditAction
from fawang.mediation.models import Consent, HelpRequest, MediationCase, NegotiationMessage, OnlineStage
from fawang.mediation.online import online_stage
from fawang.mediation.selectors import mediation_party_get_for_user
from fawang.mediation.services import _load
from fawang.notifications.services import notification_send, notification_text_for

MAX_TEXT = 2000
INTAKE_STAFF = frozenset({Role.WINDOW_CLERK, Role.HOTLINE_OPERATOR})
CLOSED = (Status.CLOSED, Status.REJECTED, Status.WITHDRAWN)


def _text(value: str, what: str) -> str:
    value = value.strip()
    if not value:
        raise DomainError(f"请填写{what}。")
    if len(value) > MAX_TEXT:
        raise DomainError(f"{what}不能超过{MAX_TEXT}字。")
    return value


def _staff(mediation: MediationCase) -> list[User]:
    """Who answers at this point (D11): the assigned mediator; before assignment the intake staff whose scope
    covers the case (mediators only see cases assigned to them, so they could not act on it yet)."""
    handler = mediation.case.handler_practitioner
    if handler is not None and handler.user is not None:
        return [handler.user]
    return case_staff_covering(case=mediation.case, roles=INTAKE_STAFF)


def _negotiable(mediation: MediationCase) -> None:
    if mediation.case.status in CLOSED or online_stage(mediation) == OnlineStage.REFERRAL:
        raise DomainError("本案调解已结束，不能继续在线协商。")
    if mediation.parties.filter(consent=Consent.REFUSED).exists():
        raise DomainError("有当事人明确拒绝调解，在线协商已停止（人民调解法第17条）。")


@transaction.atomic
def negotiation_message_post(
    *, actor: User, reference: str, text: str, proposal: bool = False
) -> NegotiationMessage:
    """A party writes to the other parties; a proposal can be accepted by them (D11 stage 2)."""
    party = mediation_party_get_for_user(user=actor, reference=reference)
    mediation = party.mediation
    _negotiable(mediation)
    message = NegotiationMessage.objects.create(
        mediation=mediation,
        party=party,
        text=_text(text, "和解方案" if proposal else "协商内容"),
        proposal=proposal,
        posted_at=clock.now(),
    )
    text = f"{party.person.name}在调解案件{reference}中{'提出了和解方案' if proposal else '留言'}。"
    for other in mediation.parties.select_related("person__user").exclude(pk=party.pk):
        if other.person.user is None:
            continue
        notification_send(
            recipients=[other.person.user],
            case=mediation.case,
            kind="mediation_negotiation",
            message=notification_text_for(person=other.person, message=text),  # M14, per recipient
            key=f"negotiation:{message.pk}",
        )
    return message


@transaction.atomic
def negotiation_proposal_accept(*, actor: User, reference: str, proposal_id: int) -> NegotiationMessage:
    """Another party accepts a proposal; once every other party has, the mediator is asked to record it (Art.28)."""
    party = mediation_party_get_for_user(user=actor, reference=reference)
    mediation = party.mediation
    _negotiable(mediation)
    proposal = NegotiationMessage.objects.filter(mediation=mediation, pk=proposal_id, proposal=True).first()
    if proposal is None:
        raise NotFoundError("未找到该和解方案。")
    if proposal.party_id == party.pk:
        raise DomainError("不能接受自己提出的方案，请等待对方答复。")
    if proposal.acceptances.filter(party=party).exists():
        raise ConflictError("您已接受该方案。")
    acceptance = NegotiationMessage.objects.create(
        mediation=mediation,
        party=party,
        text="接受该和解方案。",
        accepts=proposal,
        posted_at=clock.now(),
    )
    accepted_by = set(proposal.acceptances.values_list("party_id", flat=True)) | {proposal.party_id}
    if set(mediation.parties.values_list("pk", flat=True)) <= accepted_by:
        notification_send(
            recipients=_staff(mediation),
            case=mediation.case,
            kind="mediation_settled_online",
            message=f"调解案件{reference}的当事人已在线就和解方案达成一致，请确认并制作调解协议。",
            key=f"negotiation-agreed:{proposal.pk}",
        )
    return acceptance


@transaction.atomic
def help_request_create(
    *, actor: User, reference: str, question: str, callback_phone: str = ""
) -> HelpRequest:
    """A party asks for a person at whatever stage the file is in (D11)."""
    party = mediation_party_get_for_user(user=actor, reference=reference)
    mediation = party.mediation
    phone = callback_phone.strip()
    if phone and not (phone.isdigit() and 7 <= len(phone) <= 20):
        raise DomainError("回电号码只能填写数字（7至20位）。")
    request = HelpRequest.objects.create(
        mediation=mediation,
        stage=online_stage(mediation),
        question=_text(question, "需要的帮助"),
        callback_phone=phone,
        requested_by=actor,
        requested_at=clock.now(),
    )
    notification_send(
        recipients=_staff(mediation),
        case=mediation.case,
        kind="mediation_help_request",
        message=f"调解案件{reference}的当事人{party.person.name}请求人工帮助（{request.get_stage_display()}）。",
        key=f"help-request:{request.pk}",
    )
    return request


@transaction.atomic
def help_request_answer(*, actor: User, reference: str, request_id: int, answer: str) -> HelpRequest:
    """Committee staff or the mediator answer a help request; answered once (conditional update, STYLE §18)."""
    mediation = _load(actor=actor, reference=reference)
    text = _text(answer, "答复内容")
    now = clock.now()
    updated = HelpRequest.objects.filter(mediation=mediation, pk=request_id, answered_at=None).update(
        answer=text, answered_by=actor, answered_at=now, updated_at=now
    )
    request = HelpRequest.objects.filter(mediation=mediation, pk=request_id).first()
    if request is None:
        raise NotFoundError("未找到该帮助请求。")
    if not updated:
        raise ConflictError("该帮助请求已答复。")
    audit_record(
        actor=actor, action=AuditAction.UPDATE, object_type="mediation.HelpRequest", object_id=request.pk
    )
    asker = mediation.parties.select_related("person").filter(person__user=request.requested_by).first()
    notification_send(
        recipients=[request.requested_by],
        case=mediation.case,
        kind="mediation_help_answered",
        message=notification_text_for(  # M14
            person=asker.person if asker is not None else None,
            message=f"您在调解案件{reference}中提出的帮助请求已有答复。",
        ),
        key=f"help-answered:{request.pk}",
    )
    return request
