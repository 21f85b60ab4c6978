"""Callbacks (回拨, A7, X2): a due window, at most three attempts with outcomes, one priority callback, slot capacity.

Claims and attempts are conditional UPDATEs that check the row count (STYLE §18), so two agents can never both
claim one callback, and an attempt is recorded once even when two requests race — on SQLite as on PostgreSQL.
"""

from __future__ import annotations

from datetime import date, datetime, time, timedelta

from django.db import IntegrityError, transaction
from django.db.models import F

from fawang.accounts.models import User
from fawang.accounts.services import system_actor
from fawang.cases.deadline_rules import rule_for
from fawang.cases.deadlines import deadline_compute
from fawang.cases.models import Case
from fawang.cases.working_calendar import working_calendar
from fawang.core import clock
from fawang.core.audit import audit_record
from fawang.core.errors import ConflictError, DomainError
from fawang.core.models import AuditAction
from fawang.hotline.hours import LOCAL_TZ
from fawang.hotline.models import (
    AttemptOutcome,
    Call,
    Callback,
    CallbackAttempt,
    CallbackKind,
    CallbackSlot,
    CallbackStatus,
    HotlineCentre,
)
from fawang.hotline.selectors import (
    CENTRE_ADMIN_ROLES,
    OPERATOR_ROLES,
    callback_contact,
    callback_get_for_user,
    centre_check,
    slot_copies,
)
from fawang.people.selectors import person_contact_route

MAX_ATTEMPTS = 3  # X2 (CLA): three attempts; a fourth is refused — the same for every kind and channel
MAX_CAPACITY = 500
MAX_RANGE_DAYS = 31
# The clock each kind of callback runs against (REQUIREMENTS §4).
KIND_RULE = {
    CallbackKind.CALLBACK: "hotline.callback",  # A7 (project default 1 WD)
    CallbackKind.MESSAGE: "online.message_reply",  # B5: 3 WD
    CallbackKind.DISSATISFIED: "hotline.escalate",  # A6: 1 WD
}


def due_for(kind: str, start: datetime) -> datetime:
    deadline = deadline_compute(
        rule=rule_for(KIND_RULE[CallbackKind(kind)]), start=start, calendar=working_calendar()
    )
    assert deadline.due_at is not None  # noqa: S101  # only paused clocks have no due time
    return deadline.due_at


def slot_start(centre: HotlineCentre, moment: datetime) -> datetime:
    """The start of the slot containing `moment` (slots are `slot_minutes` long, aligned on local midnight)."""
    local = clock.to_local(moment)
    midnight = local.replace(hour=0, minute=0, second=0, microsecond=0)
    minutes = int((local - midnight).total_seconds() // 60)
    return midnight + timedelta(minutes=minutes - minutes % centre.slot_minutes)


def slot_capacity(*, centre: HotlineCentre, starts_at: datetime) -> int | None:
    """This slot's capacity; a missing slot copies last week's (X2), and the copy is stored so that a later change
    of the older week does not change a slot already booked against. None: no capacity is configured (no limit)."""
    slot = CallbackSlot.objects.filter(centre=centre, starts_at=starts_at).first()
    if slot is not None:
        return slot.capacity
    copied = slot_copies(centre=centre, day=clock.to_local(starts_at).date()).get(starts_at)
    if copied is None:
        return None
    slot, _ = CallbackSlot.objects.get_or_create(
        centre=centre, starts_at=starts_at, defaults={"capacity": copied}
    )
    return slot.capacity


def slot_booked(*, centre: HotlineCentre, starts_at: datetime) -> int:
    return (
        Callback.objects.filter(
            centre=centre,
            kind=CallbackKind.CALLBACK,
            priority=False,
            window_start__gte=starts_at,
            window_start__lt=starts_at + timedelta(minutes=centre.slot_minutes),
        )
        .exclude(status=CallbackStatus.CANCELLED)
        .count()
    )


@transaction.atomic
def callback_slot_set(
    *, actor: User, centre: HotlineCentre, starts_at: datetime, capacity: int
) -> CallbackSlot:
    """Set one slot's capacity (X2: capacity per slot and centre). Supervisors and administrators of the centre."""
    centre_check(user=actor, centre=centre, roles=CENTRE_ADMIN_ROLES)
    slot = _slot_store(centre, starts_at, capacity)
    _audit_capacity(actor, centre, f"{clock.to_local(slot.starts_at):%Y-%m-%d %H:%M} = {capacity}")
    transaction.on_commit(lambda: capacity_check_enqueue(centre.pk))
    return slot


@transaction.atomic
def callback_slots_set_range(
    *,
    actor: User,
    centre: HotlineCentre,
    first_day: date,
    days: int,
    opens: time,
    closes: time,
    capacity: int,
) -> list[CallbackSlot]:
    """Set the same capacity on every slot from `opens` to `closes` (time.max = 24:00) on `days` days from
    `first_day`: how a supervisor lays out a week. Slot boundaries only, so no slot is half covered."""
    centre_check(user=actor, centre=centre, roles=CENTRE_ADMIN_ROLES)
    if not 1 <= days <= MAX_RANGE_DAYS:
        raise DomainError(f"天数应在 1 到 {MAX_RANGE_DAYS} 之间。")
    step = centre.slot_minutes
    end_minutes = 24 * 60 if closes == time.max else closes.hour * 60 + closes.minute
    start_minutes = opens.hour * 60 + opens.minute
    if opens.second or opens.microsecond or start_minutes % step or end_minutes % step:
        raise DomainError(f"起止时间须是时段边界（每 {step} 分钟一个时段，如 08:00、08:{step % 60:02d}）。")
    if end_minutes <= start_minutes:
        raise DomainError("结束时间须晚于开始时间。")
    slots = []
    for offset in range(days):
        midnight = datetime.combine(first_day + timedelta(days=offset), time(0), tzinfo=LOCAL_TZ)
        for minutes in range(start_minutes, end_minutes, step):
            slots.append(_slot_store(centre, midnight + timedelta(minutes=minutes), capacity))
    _audit_capacity(
        actor,
        centre,
        f"{first_day} +{days}d {opens:%H:%M}-{end_minutes // 60:02d}:{end_minutes % 60:02d} = {capacity}",
    )
    transaction.on_commit(lambda: capacity_check_enqueue(centre.pk))
    return slots


def _audit_capacity(actor: User, centre: HotlineCentre, summary: str) -> None:
    audit_record(
        actor=actor,
        action=AuditAction.UPDATE,
        object_type="hotline.HotlineCentre",
        object_id=centre.pk,
        summary=f"callback capacity {summary}",
    )


def _slot_store(centre: HotlineCentre, starts_at: datetime, capacity: int) -> CallbackSlot:
    if capacity < 0 or capacity > MAX_CAPACITY:
        raise DomainError(f"可预约数应在 0 到 {MAX_CAPACITY} 之间。")
    start = slot_start(centre, starts_at)
    slot, _ = CallbackSlot.objects.update_or_create(
        centre=centre, starts_at=start, defaults={"capacity": capacity}
    )
    return slot


def capacity_check_enqueue(centre_id: int) -> None:
    """After a booking or a capacity change: has the day still room (X2 alert)? Run by the task queue."""
    from fawang.hotline.tasks import callback_capacity_check

    callback_capacity_check.enqueue(centre_id=centre_id)


def slot_has_room(centre: HotlineCentre, begin: datetime) -> bool:
    """Room left in the slot starting at `begin`. The slot row is locked first, so two bookings of its last place
    cannot both succeed (PostgreSQL; SQLite serialises writers anyway). No configured capacity: no limit."""
    capacity = slot_capacity(centre=centre, starts_at=begin)
    if capacity is None:
        return True
    CallbackSlot.objects.select_for_update().filter(centre=centre, starts_at=begin).first()
    return slot_booked(centre=centre, starts_at=begin) < capacity


def _check_capacity(centre: HotlineCentre, start: datetime) -> None:
    begin = slot_start(centre, start)
    if not slot_has_room(centre, begin):
        local = clock.to_local(begin)
        raise ConflictError(f"{local:%m-%d %H:%M} 时段的回拨已约满，请选择其他时段或申请优先回拨。")


def _safe_number(*, case: Case | None, phone: str) -> str:
    """The number a callback on this 工单 dials (M14; 法律援助法 Art.32): a flagged requester's safe number, never
    the registered or calling number; refused when the safe channel allows no call at all."""
    route = person_contact_route(person=case.requester if case is not None else None)
    if not route.restricted:
        return phone
    if not route.phone:
        raise DomainError(
            f"该申请人已登记安全联系（{route.channel_label}），不能安排电话回拨，请当场答复或按安全联系方式处理。"
        )
    return route.phone


@transaction.atomic
def callback_schedule(
    *,
    actor: User,
    centre: HotlineCentre,
    phone: str,
    reason: str,
    window_start: datetime | None = None,
    window_end: datetime | None = None,
    call: Call | None = None,
    case: Case | None = None,
    priority: bool = False,
    priority_reason: str = "",
) -> Callback:
    """Book a callback (A7). The window defaults to now → the hotline.callback clock; priority ignores capacity."""
    centre_check(user=actor, centre=centre, roles=OPERATOR_ROLES)
    now = clock.now()
    phone = _safe_number(case=case, phone=phone.strip())
    if not phone:
        raise DomainError("请填写回拨号码。")
    if not reason.strip():
        raise DomainError("请写明回拨事由（需要研究的问题或联系不上的原因）。")
    start = window_start or now
    slot = timedelta(minutes=centre.slot_minutes)
    # X2: a window the caller chose is one slot long (CLA: 30 minutes); "as soon as possible" runs to the
    # hotline.callback clock (A7).
    end = window_end or (
        start + slot if window_start else max(due_for(CallbackKind.CALLBACK, now), start + slot)
    )
    if end <= start:
        raise DomainError("回拨时段的结束时间必须晚于开始时间。")
    if end < now:
        raise DomainError("回拨时段不能早于当前时间。")
    if priority and not priority_reason.strip():
        raise DomainError("优先回拨须写明理由。")
    if not priority:
        _check_capacity(centre, start)
    callback = Callback.objects.create(
        centre=centre,
        kind=CallbackKind.CALLBACK,
        call=call,
        case=case,
        phone=phone,
        reason=reason.strip(),
        window_start=start,
        window_end=end,
        priority=priority,
        priority_reason=priority_reason.strip()[:200],
        created_by=actor,
    )
    audit_record(
        actor=actor, action=AuditAction.CREATE, object_type="hotline.Callback", object_id=callback.pk
    )
    if not priority:
        transaction.on_commit(lambda: capacity_check_enqueue(centre.pk))
    return callback


def callback_auto_create(*, call: Call, kind: str) -> Callback | None:
    """Follow-ups the system books itself: an out-of-hours message (B5) or a dissatisfied rating (A6, B3).
    Once per call and kind (a partial unique constraint); third-party bookings ignore capacity (X2)."""
    if not call.caller_number:
        return None
    if Callback.objects.filter(call=call, kind=kind).exists():
        return None
    route = person_contact_route(person=call.case.requester if call.case is not None else None)
    if route.restricted and not route.phone:
        return None  # M14: the safe channel allows no call; the rating itself still reaches the handler
    phone = route.phone if route.restricted else call.caller_number
    start = (
        call.rated_at
        if kind == CallbackKind.DISSATISFIED and call.rated_at
        else call.ended_at or call.offered_at
    )
    reason = (
        "非人工服务时间来电留言，请在3个工作日内回复（B5）。"
        if kind == CallbackKind.MESSAGE
        else "来电人对服务评价“不满意”，请在1个工作日内回访并记录说明（A6、B3）。"
    )
    try:
        with transaction.atomic():
            return Callback.objects.create(
                centre=call.centre,
                kind=kind,
                call=call,
                case=call.case,
                phone=phone,
                reason=reason,
                window_start=start,
                window_end=due_for(kind, start),
                created_by=system_actor(),
            )
    except IntegrityError:
        return None


def callback_claim(*, actor: User, callback_id: int) -> Callback:
    """Take a callback. A conditional UPDATE: of two agents claiming at once, exactly one wins (409 for the other)."""
    callback = callback_get_for_user(user=actor, callback_id=callback_id)
    contact = callback_contact(callback=callback)
    if contact.restricted and not contact.phone:
        # M14: flagged after booking, on a channel that allows no call; nothing to dial, so nothing to claim.
        raise DomainError(f"{contact.instruction}请取消该回拨任务，按安全联系方式处理。")
    with transaction.atomic():
        won = Callback.objects.filter(
            pk=callback.pk, status=CallbackStatus.OPEN, claimed_by__isnull=True
        ).update(
            status=CallbackStatus.CLAIMED, claimed_by=actor, claimed_at=clock.now(), updated_at=clock.now()
        )
        if not won:
            raise ConflictError("该回拨任务已被其他坐席认领或已结束。")
        audit_record(
            actor=actor,
            action=AuditAction.UPDATE,
            object_type="hotline.Callback",
            object_id=callback.pk,
            summary="claim",
        )
        # M3: the claimer is the one agent shown the full number (to dial it); that reveal is audited.
        audit_record(
            actor=actor,
            action=AuditAction.REVEAL,
            object_type="hotline.Callback",
            object_id=callback.pk,
            summary="phone via claim: 回拨",
        )
    callback.refresh_from_db()
    return callback


@transaction.atomic
def callback_release(*, actor: User, callback_id: int) -> Callback:
    callback = callback_get_for_user(user=actor, callback_id=callback_id)
    if not Callback.objects.filter(pk=callback.pk, status=CallbackStatus.CLAIMED, claimed_by=actor).update(
        status=CallbackStatus.OPEN, claimed_by=None, claimed_at=None, updated_at=clock.now()
    ):
        raise ConflictError("只能退回本人认领中的回拨任务。")
    callback.refresh_from_db()
    return callback


@transaction.atomic
def callback_attempt_record(
    *,
    actor: User,
    callback_id: int,
    outcome: str,
    note: str = "",
    next_window_start: datetime | None = None,
) -> Callback:
    """Record one attempt by the agent who claimed the task. Reached → done; a third failure → unreachable;
    otherwise the task goes back to the queue, optionally for a later window (capacity checked)."""
    callback = callback_get_for_user(user=actor, callback_id=callback_id)
    if outcome not in AttemptOutcome.values:
        raise DomainError("请选择回拨结果。")
    if callback.status != CallbackStatus.CLAIMED or callback.claimed_by_id != actor.pk:
        raise ConflictError("请先认领该回拨任务，再记录回拨结果。")
    if callback.attempts >= MAX_ATTEMPTS:
        raise DomainError(f"已回拨 {MAX_ATTEMPTS} 次，不能再次回拨（X2）。")
    if outcome != AttemptOutcome.REACHED and not note.strip() and callback.attempts + 1 >= MAX_ATTEMPTS:
        raise DomainError("第三次仍未联系上时，须写明情况说明。")
    now = clock.now()
    number = callback.attempts + 1
    if not Callback.objects.filter(
        pk=callback.pk, attempts=callback.attempts, status=CallbackStatus.CLAIMED
    ).update(attempts=F("attempts") + 1, updated_at=now):
        raise ConflictError("该回拨任务刚被更新，请刷新后重试。")
    CallbackAttempt.objects.create(
        callback=callback, number=number, agent=actor, at=now, outcome=outcome, note=note.strip()
    )
    callback.refresh_from_db()
    callback.first_attempt_at = callback.first_attempt_at or now
    fields = ["first_attempt_at", "status", "claimed_by", "claimed_at", "completed_at", "updated_at"]
    callback.claimed_by = None
    callback.claimed_at = None
    if outcome == AttemptOutcome.REACHED:
        callback.status = CallbackStatus.DONE
        callback.completed_at = now
    elif number >= MAX_ATTEMPTS:
        callback.status = CallbackStatus.UNREACHABLE
        callback.completed_at = now
    else:
        callback.status = CallbackStatus.OPEN
        if next_window_start is not None:
            if not callback.priority:
                _check_capacity(callback.centre, next_window_start)
            length = callback.window_end - callback.window_start
            callback.window_start = next_window_start
            callback.window_end = max(callback.window_end, next_window_start + length)
            fields += ["window_start", "window_end"]
    callback.save(update_fields=fields)
    audit_record(
        actor=actor,
        action=AuditAction.UPDATE,
        object_type="hotline.Callback",
        object_id=callback.pk,
        summary=f"attempt {number} {outcome}",
    )
    return callback


@transaction.atomic
def callback_prioritise(*, actor: User, callback_id: int, reason: str) -> Callback:
    """The priority callback (X2): once per task, to the top of the queue now, outside slot capacity."""
    callback = callback_get_for_user(user=actor, callback_id=callback_id)
    if not reason.strip():
        raise DomainError("优先回拨须写明理由。")
    if callback.priority:
        raise DomainError("该任务已是优先回拨，不能再次申请。")
    if callback.status not in (CallbackStatus.OPEN, CallbackStatus.CLAIMED):
        raise DomainError("该回拨任务已结束。")
    now = clock.now()
    updated = Callback.objects.filter(pk=callback.pk, priority=False).update(
        priority=True,
        priority_reason=reason.strip()[:200],
        window_start=min(callback.window_start, now),
        updated_at=now,
    )
    if not updated:
        raise ConflictError("该任务已是优先回拨。")
    audit_record(
        actor=actor,
        action=AuditAction.UPDATE,
        object_type="hotline.Callback",
        object_id=callback.pk,
        summary="priority",
    )
    callback.refresh_from_db()
    return callback


@transaction.atomic
def callback_cancel(*, actor: User, callback_id: int, reason: str) -> Callback:
    callback = callback_get_for_user(user=actor, callback_id=callback_id)
    if not reason.strip():
        raise DomainError("取消回拨须写明理由。")
    return callback_mark_cancelled(
        actor=actor,
        callback=callback,
        states=(CallbackStatus.OPEN, CallbackStatus.CLAIMED),
        refused="该回拨任务已结束。",
        summary=f"cancel: {reason[:100]}",
    )


def callback_mark_cancelled(
    *, actor: User, callback: Callback, states: tuple[str, ...], refused: str, summary: str
) -> Callback:
    """Cancel only from `states`: a conditional UPDATE, so a claim or an attempt racing it wins or loses cleanly."""
    now = clock.now()
    if not Callback.objects.filter(pk=callback.pk, status__in=states).update(
        status=CallbackStatus.CANCELLED, completed_at=now, updated_at=now
    ):
        raise ConflictError(refused)
    audit_record(
        actor=actor,
        action=AuditAction.UPDATE,
        object_type="hotline.Callback",
        object_id=callback.pk,
        summary=summary,
    )
    callback.refresh_from_db()
    return callback
