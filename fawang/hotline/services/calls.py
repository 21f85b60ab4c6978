"""What the agent does with a call (issue 5 item 2): autosaved notes, and the wrap-up that types the contact (A3)
and registers it as a 工单 (A1) answered on the spot, dispatched (A4), turned into a callback (A7) or transferred.
Also the feedback loop on hotline 工单 (A5 extension, A6 escalation) and forwarding IVR ratings (H8)."""

from __future__ import annotations

import hashlib
import importlib
import logging
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from django.db import transaction
from django.db.models import F

from fawang.accounts.models import User
from fawang.cases.models import Case
from fawang.cases.services import case_create, case_deadline_extend, case_transition
from fawang.cases.states import Channel, Status
from fawang.cases.workflow.consultation import ESCALATE_DISSATISFIED
from fawang.core import clock
from fawang.core.errors import ConflictError, DomainError
from fawang.hotline.models import Call, CallState, ContactType, Disposition
from fawang.hotline.selectors import call_get_for_user
from fawang.hotline.services.callbacks import callback_schedule
from fawang.people.models import Person
from fawang.people.selectors import person_list_by_phone
from fawang.people.services import person_register
from fawang.regions.models import Region

logger = logging.getLogger("fawang.hotline")

MAX_NOTES = 20_000
OUTCOMES = ("answer", "register", "dispatch", "callback", "transfer")
# H8: the IVR's three keys onto the five levels of 好差评 (evaluation.RatingLevel: 4 满意, 3 基本满意, 2 不满意).
RATING_TO_EVALUATION_LEVEL = {"satisfied": 4, "fairly_satisfied": 3, "dissatisfied": 2}


@transaction.atomic
def call_notes_save(*, actor: User, call_ref: str, notes: str) -> Call:
    """Autosave (issue 5: nothing a caller said is lost if the console reloads). Last write wins; each save counts."""
    call = call_get_for_user(user=actor, call_ref=call_ref)
    if len(notes) > MAX_NOTES:
        raise DomainError(f"通话记录过长，请控制在 {MAX_NOTES} 字以内。")
    now = clock.now()
    Call.objects.filter(pk=call.pk).update(
        notes=notes, notes_saved_at=now, notes_revision=F("notes_revision") + 1, updated_at=now
    )
    if call.handled_by_id is None:
        Call.objects.filter(pk=call.pk, handled_by__isnull=True).update(handled_by=actor)
    call.refresh_from_db()
    return call


@dataclass(frozen=True)
class WrapUp:
    contact_type: str
    outcome: str
    title: str
    category: str = ""
    caller_name: str = ""
    id_number: str = ""
    groups: tuple[str, ...] = ()
    region_code: str = ""
    urgent: bool = False
    answer: str = ""
    site_id: int | None = None
    institution_id: int | None = None
    practitioner_id: int | None = None
    callback_reason: str = ""
    callback_start: datetime | None = None
    callback_end: datetime | None = None
    transfer_to: str = ""
    language: str = ""  # A12: the agent's correction; "" keeps the language from the IVR menu (Call.language)


def _validate(call: Call, wrap: WrapUp) -> None:  # noqa: C901  # one rule per line, each with its own message
    if call.wrapped_up_at is not None:
        raise ConflictError("该来电已经登记办结，不能重复登记。")
    if call.state not in (CallState.TALKING, CallState.ENDED):
        raise DomainError("该来电尚未接通，不能登记。")
    if wrap.contact_type not in ContactType.values:
        raise DomainError("请选择来电类型：咨询、投诉或建议（A3）。")
    if wrap.outcome not in OUTCOMES:
        raise DomainError("请选择处理方式。")
    if not wrap.title.strip():
        raise DomainError("请填写事项摘要。")
    if wrap.outcome == "answer" and wrap.contact_type != ContactType.CONSULTATION:
        raise DomainError("投诉、建议须登记后按投诉流程办理：请选择“登记受理”或“转办”。")
    if wrap.outcome == "answer" and not wrap.answer.strip():
        raise DomainError("当场答复须填写答复内容。")
    if wrap.outcome == "dispatch" and not (wrap.site_id or wrap.institution_id or wrap.practitioner_id):
        raise DomainError("转办须选择承办站点、机构或人员（A4）。")
    if wrap.outcome == "callback" and not wrap.callback_reason.strip():
        raise DomainError("转回拨须写明需要研究的问题（A7）。")
    if wrap.outcome == "transfer" and not wrap.transfer_to.strip():
        raise DomainError("请填写转接去向（如 12345、110、其他坐席）。")


def _region(call: Call, code: str) -> Region:
    home = call.centre.site.region
    if not code:
        return home
    region = Region.objects.filter(code=code).first()
    if region is None or not region.code.startswith(home.prefix):
        raise DomainError("所选辖区不在本热线中心的服务范围内。")
    return region


def _requester(actor: User, call: Call, wrap: WrapUp) -> Person | None:
    name = wrap.caller_name.strip()
    phone = call.caller_number if call.caller_number.isdigit() and 7 <= len(call.caller_number) <= 12 else ""
    if not wrap.id_number.strip() and phone:
        known = list(person_list_by_phone(phone=phone)[:2])
        if len(known) == 1 and (not name or known[0].name == name):
            return known[0]  # a repeat caller: the same person, found through the people selector
    if not name and not phone:
        return None
    return person_register(
        actor=actor,
        name=name or f"来电人（尾号{phone[-4:]}）",
        id_number=wrap.id_number,
        phone=phone,
        groups=list(wrap.groups),
    )


@transaction.atomic
def call_wrap_up(*, actor: User, call_ref: str, wrap: WrapUp) -> Call:
    """Type the contact (A3), register it as one 工单 (A1), then answer, register, dispatch, call back or transfer."""
    call = call_get_for_user(user=actor, call_ref=call_ref)
    call = Call.objects.select_for_update().select_related("centre__site__region").get(pk=call.pk)
    _validate(call, wrap)
    case = case_create(
        actor=actor,
        service_type=wrap.contact_type,
        channel=Channel.HOTLINE,
        title=wrap.title,
        description=call.notes,
        region=_region(call, wrap.region_code),
        requester=_requester(actor, call, wrap),
        category=wrap.category[:20],
        urgent=wrap.urgent,
        idempotency_key=_key(call.call_ref),
        language=wrap.language or call.language,
    )
    disposition = _apply_outcome(actor, call, case, wrap)
    now = clock.now()
    updated = Call.objects.filter(pk=call.pk, wrapped_up_at__isnull=True).update(
        contact_type=wrap.contact_type,
        category=wrap.category[:20],
        case=case,
        disposition=disposition,
        transfer_target=wrap.transfer_to.strip()[:100],
        handled_by=actor,
        wrapped_up_at=now,
        updated_at=now,
    )
    if not updated:
        raise ConflictError("该来电已经登记办结，不能重复登记。")
    call.refresh_from_db()
    if call.rating:
        call_rating_forward(call=call, actor=actor)
    return call


def _key(call_ref: str) -> str:
    key = f"hotline:{call_ref}"
    return key if len(key) <= 80 else "hotline:" + hashlib.sha256(call_ref.encode()).hexdigest()[:64]


def _apply_outcome(actor: User, call: Call, case: Case, wrap: WrapUp) -> str:
    ref = case.reference
    if wrap.outcome == "dispatch":
        payload = {
            "site_id": wrap.site_id,
            "institution_id": wrap.institution_id,
            "practitioner_id": wrap.practitioner_id,
        }
        case_transition(
            reference=ref,
            action="dispatch",
            actor=actor,
            reason=wrap.answer,
            payload={k: v for k, v in payload.items() if v},
        )
        return Disposition.DISPATCHED
    case_transition(reference=ref, action="accept", actor=actor)
    if wrap.outcome == "answer":
        case_transition(reference=ref, action="answer", actor=actor, reason=wrap.answer.strip())
        return Disposition.ANSWERED
    if wrap.outcome == "callback":
        callback_schedule(
            actor=actor,
            centre=call.centre,
            phone=call.caller_number,
            reason=wrap.callback_reason,
            window_start=wrap.callback_start,
            window_end=wrap.callback_end,
            call=call,
            case=case,
        )
        return Disposition.CALLBACK
    if wrap.outcome == "transfer":
        note = f"已转接至{wrap.transfer_to.strip()}。{wrap.answer.strip()}"
        if wrap.contact_type == ContactType.CONSULTATION:
            case_transition(reference=ref, action="answer", actor=actor, reason=note)
        else:
            case_transition(reference=ref, action="note", actor=actor, reason=note)
        return Disposition.TRANSFERRED
    return Disposition.NONE  # register: accepted, waits in the queue of its service type


def call_rating_forward(*, call: Call, actor: User) -> bool:
    """Attach the IVR rating to the call's 工单 in 好差评 (H8) when fawang.evaluation offers `rating_submit`.
    Once per call; a refusal there is logged and leaves the rating on the call."""
    if not call.rating or call.case_id is None or call.rating_forwarded_at is not None:
        return False
    try:
        submit: Any = importlib.import_module("fawang.evaluation.services").rating_submit
    except (ImportError, AttributeError):
        return False
    try:
        with transaction.atomic():
            submit(
                actor=actor,
                case=call.case,
                level=RATING_TO_EVALUATION_LEVEL[call.rating],
                channel="hotline_ivr",
                instance_key=_key(call.call_ref)[:64],
            )
    except DomainError as exc:
        logger.info("IVR rating of %s not forwarded: %s", call.call_ref, exc.message)
        if not isinstance(exc, ConflictError):
            return False
    Call.objects.filter(pk=call.pk).update(rating_forwarded_at=clock.now())
    return True


def feedback_extend(*, actor: User, reference: str, approval: str) -> Case:
    """A5: an approved extension of the feedback clock (5 WD → 15 WD in total); the approval is the reason."""
    return case_deadline_extend(
        reference=reference, rule_code="hotline.feedback", actor=actor, reason=approval
    )


def feedback_escalate(
    *,
    actor: User,
    reference: str,
    explanation: str,
    site_id: int | None = None,
    institution_id: int | None = None,
) -> Case:
    """A6: the caller rejects the result; back to the handling unit with the explanation recorded."""
    payload = {k: v for k, v in {"site_id": site_id, "institution_id": institution_id}.items() if v}
    return case_transition(
        reference=reference,
        action=ESCALATE_DISSATISFIED,
        actor=actor,
        reason=explanation,
        payload=payload,
        expected_status=Status.RESOLVED,
    )
