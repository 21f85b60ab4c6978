"""Callbacks (A7, X2): due window, three attempts with outcomes, one priority callback, slot capacity, the queue on
the working-day calendar, and claims that two agents can never both win."""

from __future__ import annotations

import threading
from datetime import datetime, timedelta

import pytest
import time_machine
from django.db import connection
from django.test import Client

from fawang.accounts.models import User
from fawang.core.errors import ConflictError, DomainError, PermissionDeniedError
from fawang.hotline.hours import LOCAL_TZ
from fawang.hotline.models import Callback, CallbackAttempt, CallbackSlot, HotlineCentre
from fawang.hotline.selectors import callback_queue_for_user
from fawang.hotline.services.callbacks import (
    callback_attempt_record,
    callback_claim,
    callback_prioritise,
    callback_schedule,
    callback_slot_set,
)

pytestmark = pytest.mark.django_db
# Wednesday 2026-09-30 10:05 local: the National Day holiday (Oct 1-7, 2026) starts the next day; Sat Oct 10 is 调休.
WEDNESDAY = datetime(2026, 9, 30, 10, 5, tzinfo=LOCAL_TZ)


def _book(centre: HotlineCentre, actor: User, **kwargs: object) -> Callback:
    return callback_schedule(actor=actor, centre=centre, phone="13800001111", reason="需查询后答复", **kwargs)  # type: ignore[arg-type]


@time_machine.travel(WEDNESDAY, tick=False)
def test_default_window_runs_to_the_hotline_callback_clock(centre: HotlineCentre, operator: User) -> None:
    callback = _book(centre, operator)
    assert callback.window_start == WEDNESDAY
    # hotline.callback is 1 working day: the next working day after Sep 30 is Oct 8; it ends at 24:00 (T2).
    assert callback.window_end == datetime(2026, 10, 9, 0, 0, tzinfo=LOCAL_TZ)


@time_machine.travel(WEDNESDAY, tick=False)
def test_three_attempts_then_unreachable_and_a_fourth_is_refused(
    centre: HotlineCentre, operator: User
) -> None:
    callback = _book(centre, operator)
    for number, outcome in enumerate(("no_answer", "busy", "no_answer"), start=1):
        callback_claim(actor=operator, callback_id=callback.pk)
        callback = callback_attempt_record(
            actor=operator, callback_id=callback.pk, outcome=outcome, note=f"第{number}次"
        )
        assert callback.attempts == number
    assert (callback.status, callback.first_attempt_at, callback.completed_at) == (
        "unreachable",
        WEDNESDAY,
        WEDNESDAY,
    )
    with pytest.raises(ConflictError):
        callback_claim(actor=operator, callback_id=callback.pk)
    callback.refresh_from_db()
    assert (callback.attempts, CallbackAttempt.objects.count()) == (3, 3)
    assert list(CallbackAttempt.objects.values_list("number", "outcome")) == [
        (1, "no_answer"),
        (2, "busy"),
        (3, "no_answer"),
    ]


@time_machine.travel(WEDNESDAY, tick=False)
def test_reached_completes_and_attempts_need_a_claim(
    centre: HotlineCentre, operator: User, second_operator: User
) -> None:
    callback = _book(centre, operator)
    with pytest.raises(ConflictError):
        callback_attempt_record(actor=operator, callback_id=callback.pk, outcome="reached")
    callback_claim(actor=operator, callback_id=callback.pk)
    with pytest.raises(ConflictError):
        callback_attempt_record(actor=second_operator, callback_id=callback.pk, outcome="reached")
    assert CallbackAttempt.objects.count() == 0
    done = callback_attempt_record(actor=operator, callback_id=callback.pk, outcome="reached", note="已解答")
    assert (done.status, done.attempts, done.claimed_by) == ("done", 1, None)


@time_machine.travel(WEDNESDAY, tick=False)
def test_slot_capacity_last_weeks_copy_and_priority(
    centre: HotlineCentre, operator: User, personas: dict[str, User]
) -> None:
    slot = datetime(2026, 9, 30, 14, 0, tzinfo=LOCAL_TZ)
    supervisor = personas["county_supervisor"]
    with pytest.raises(PermissionDeniedError):  # capacity is the supervisors' (X2), not the agents'
        callback_slot_set(actor=operator, centre=centre, starts_at=slot, capacity=9)
    callback_slot_set(actor=supervisor, centre=centre, starts_at=slot - timedelta(days=7), capacity=1)
    _book(centre, operator, window_start=slot + timedelta(minutes=10))  # copies last week's capacity of 1
    assert CallbackSlot.objects.get(centre=centre, starts_at=slot).capacity == 1
    with pytest.raises(ConflictError, match="约满"):
        _book(centre, operator, window_start=slot + timedelta(minutes=20))
    assert Callback.objects.count() == 1
    with pytest.raises(DomainError, match="优先回拨须写明理由"):
        _book(centre, operator, window_start=slot, priority=True)
    _book(
        centre, operator, window_start=slot, priority=True, priority_reason="老年人，听力障碍"
    )  # beyond capacity
    other_slot = slot + timedelta(minutes=30)
    _book(centre, operator, window_start=other_slot)  # no configuration there: no limit
    assert Callback.objects.count() == 3


@time_machine.travel(WEDNESDAY, tick=False)
def test_priority_callback_once(centre: HotlineCentre, operator: User) -> None:
    callback = _book(centre, operator, window_start=WEDNESDAY + timedelta(hours=3))
    prioritised = callback_prioritise(actor=operator, callback_id=callback.pk, reason="来电人情绪激动")
    assert (prioritised.priority, prioritised.window_start) == (True, WEDNESDAY)
    with pytest.raises(DomainError, match="不能再次申请"):
        callback_prioritise(actor=operator, callback_id=callback.pk, reason="再次")


@time_machine.travel(WEDNESDAY, tick=False)
def test_queue_due_now_and_next_seven_working_days(
    centre: HotlineCentre, operator: User, personas: dict[str, User]
) -> None:
    now_task = _book(centre, operator)
    urgent = _book(centre, operator, window_start=WEDNESDAY - timedelta(minutes=5))
    callback_prioritise(actor=operator, callback_id=urgent.pk, reason="特殊群体")
    after_holiday = _book(centre, operator, window_start=datetime(2026, 10, 9, 9, 0, tzinfo=LOCAL_TZ))
    far = _book(centre, operator, window_start=datetime(2026, 10, 30, 9, 0, tzinfo=LOCAL_TZ))
    queue = callback_queue_for_user(user=operator)
    assert [c.pk for c in queue.due_now] == [urgent.pk, now_task.pk]
    days = {d.day: (d.working_day, [c.pk for c in d.items]) for d in queue.upcoming}
    # 7 working days after Sep 30 run to Oct 15: Oct 8, 9, 10 (调休 Saturday), 12, 13, 14, 15.
    assert (min(days), max(days)) == ("2026-09-30", "2026-10-15")
    assert (days["2026-10-01"], days["2026-10-10"][0], days["2026-10-11"][0]) == ((False, []), True, False)
    assert days["2026-10-09"] == (True, [after_holiday.pk])
    assert far.pk not in [pk for _, items in days.values() for pk in items]
    assert callback_queue_for_user(user=personas["outsider"]).due_now == []


def test_callback_api_claim_conflict(centre: HotlineCentre, operator: User, second_operator: User) -> None:
    callback = _book(centre, operator)
    first, second = Client(), Client()
    first.force_login(operator)
    second.force_login(second_operator)
    assert first.post(f"/api/v1/hotline/callbacks/{callback.pk}/claim").status_code == 200
    refused = second.post(f"/api/v1/hotline/callbacks/{callback.pk}/claim")
    assert refused.status_code == 409
    callback.refresh_from_db()
    assert (callback.status, callback.claimed_by) == ("claimed", operator)
    listed = first.get("/api/v1/hotline/callbacks").json()
    assert [c["id"] for c in listed["due_now"]] == [callback.pk]
    assert Client().get("/api/v1/hotline/callbacks").status_code in (401, 403)


@pytest.mark.skipif(
    connection.vendor != "postgresql", reason="row-level concurrency needs PostgreSQL (run with DATABASE_URL)"
)
@pytest.mark.usefixtures("flushable_db")
def test_two_agents_can_never_both_claim_one_callback(
    centre: HotlineCentre, operator: User, second_operator: User
) -> None:
    for _round in range(10):
        callback = _book(centre, operator)
        barrier = threading.Barrier(2)
        results: list[str] = []

        def claim(
            user: User,
            callback_id: int = callback.pk,
            barrier: threading.Barrier = barrier,
            results: list[str] = results,
        ) -> None:
            barrier.wait()
            try:
                callback_claim(actor=user, callback_id=callback_id)
                results.append(user.username)
            except ConflictError:
                results.append("conflict")
            finally:
                connection.close()

        threads = [threading.Thread(target=claim, args=(u,)) for u in (operator, second_operator)]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        callback.refresh_from_db()
        assert sorted(results).count("conflict") == 1
        winner = next(r for r in results if r != "conflict")
        assert callback.claimed_by is not None
        assert callback.claimed_by.username == winner
