"""X2 clauses not covered elsewhere: the capacity alert ("no slot more than 2 hours ahead has room that day"), the
30-minute window of a chosen time, third-party callbacks outside capacity, equal retries for every kind."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime, time, timedelta
from io import StringIO
from typing import Any

import pytest
import time_machine
from django.core.management import call_command
from django.test import Client

from fawang.accounts.models import User
from fawang.accounts.roles import Role
from fawang.conftest import County, MakeUser
from fawang.core.errors import ConflictError, DomainError
from fawang.hotline.hours import LOCAL_TZ
from fawang.hotline.models import Callback, CallbackSlot, HotlineCentre, OpeningHours
from fawang.hotline.services.callbacks import (
    callback_attempt_record,
    callback_claim,
    callback_schedule,
    callback_slot_set,
    callback_slots_set_range,
)
from fawang.hotline.services.capacity_alert import callback_capacity_alert_scan, capacity_verdict
from fawang.hotline.tests.conftest import PostEvent
from fawang.notifications.models import Notification

pytestmark = pytest.mark.django_db
THURSDAY = datetime(2026, 12, 3, 9, 10, tzinfo=LOCAL_TZ)
NOON = datetime(2026, 12, 3, 12, 0, tzinfo=LOCAL_TZ)
Capture = Callable[..., Any]


def _alerts() -> list[tuple[str, str]]:
    return sorted(
        Notification.objects.filter(kind="hotline_capacity").values_list("recipient__username", "dedupe_key")
    )


def _only_noon_open(centre: HotlineCentre, supervisor: User, capacity: int = 1) -> None:
    """Today from 11:30 to 24:00 nothing can be booked except one place at 12:00."""
    callback_slots_set_range(
        actor=supervisor,
        centre=centre,
        first_day=date(2026, 12, 3),
        days=1,
        opens=time(11, 30),
        closes=time.max,
        capacity=0,
    )
    callback_slot_set(actor=supervisor, centre=centre, starts_at=NOON, capacity=capacity)


def _book(centre: HotlineCentre, operator: User, **kwargs: Any) -> Callback:
    return callback_schedule(
        actor=operator, centre=centre, phone="13800001111", reason="需查询后答复", **kwargs
    )


@time_machine.travel(THURSDAY, tick=False)
def test_the_booking_that_fills_the_last_slot_alerts_the_centres_supervisors_once(
    centre: HotlineCentre,
    operator: User,
    personas: dict[str, User],
    make_user: MakeUser,
    county: County,
    django_capture_on_commit_callbacks: Capture,
) -> None:
    make_user("sup_other", Role.SUPERVISOR, region=county.other_county)
    with django_capture_on_commit_callbacks(execute=True):
        _only_noon_open(centre, personas["county_supervisor"])
    assert _alerts() == []  # 12:00 is more than 2 hours ahead and has room
    with django_capture_on_commit_callbacks(execute=True):
        _book(centre, operator, window_start=NOON + timedelta(minutes=5))
    key = "hotline_capacity:DJ12348:2026-12-03"
    # The county and province supervisors cover the centre; the other county's supervisor and agents do not.
    assert _alerts() == [
        ("prov_supervisor", f"{key}:{personas['province_supervisor'].pk}"),
        ("supervisor", f"{key}:{personas['county_supervisor'].pk}"),
    ]
    message = Notification.objects.filter(kind="hotline_capacity").first()
    assert message is not None
    assert "均已约满" in message.message
    # Idempotent per centre and day: later checks (the periodic command, more bookings) notify nobody again.
    with django_capture_on_commit_callbacks(execute=True):
        _book(centre, operator, window_start=THURSDAY, priority=True, priority_reason="老人")
    assert callback_capacity_alert_scan(now=THURSDAY + timedelta(minutes=30)) == 0
    assert len(_alerts()) == 2


@time_machine.travel(THURSDAY, tick=False)
def test_time_alone_can_fire_it_and_the_periodic_command_finds_it(
    centre: HotlineCentre, personas: dict[str, User]
) -> None:
    callback_slots_set_range(
        actor=personas["county_supervisor"],
        centre=centre,
        first_day=date(2026, 12, 3),
        days=1,
        opens=time(11, 30),
        closes=time.max,
        capacity=0,
    )
    callback_slot_set(
        actor=personas["county_supervisor"],
        centre=centre,
        starts_at=datetime(2026, 12, 3, 11, 30, tzinfo=LOCAL_TZ),
        capacity=3,
    )
    assert capacity_verdict(centre=centre, now=THURSDAY).alert is False  # 11:30 is 2 h 20 min ahead
    out = StringIO()
    call_command("hotline_capacity_alert", stdout=out)
    assert "新发通知 0 条" in out.getvalue()
    with time_machine.travel(THURSDAY + timedelta(minutes=25), tick=False):  # 09:35: 11:30 is within 2 hours
        call_command("hotline_capacity_alert", stdout=out)
        call_command("hotline_capacity_alert", stdout=out)
    assert "新发通知 2 条" in out.getvalue()
    assert out.getvalue().count("新发通知 0 条") == 2
    # The next day is a new day: the same situation alerts again.
    with time_machine.travel(THURSDAY + timedelta(days=1, minutes=25), tick=False):
        callback_slots_set_range(
            actor=personas["county_supervisor"],
            centre=centre,
            first_day=date(2026, 12, 4),
            days=1,
            opens=time(0),
            closes=time.max,
            capacity=0,
        )
        assert callback_capacity_alert_scan(now=THURSDAY + timedelta(days=1, minutes=25)) == 2
    assert len(_alerts()) == 4


@pytest.mark.parametrize(
    ("setup", "why"),
    [
        ("nothing", "no capacity configured: no limit"),
        ("unconfigured_evening", "slots without any capacity have no limit"),
        ("full_within_two_hours", "only slots more than 2 hours ahead count"),
        ("late_evening", "no slot of the day is more than 2 hours ahead"),
    ],
)
def test_it_does_not_fire(
    centre: HotlineCentre, operator: User, personas: dict[str, User], setup: str, why: str
) -> None:
    supervisor = personas["county_supervisor"]
    now = THURSDAY
    with time_machine.travel(now, tick=False):
        if setup == "unconfigured_evening":
            callback_slots_set_range(
                actor=supervisor,
                centre=centre,
                first_day=date(2026, 12, 3),
                days=1,
                opens=time(11, 30),
                closes=time(18),
                capacity=0,
            )
        if setup == "full_within_two_hours":
            callback_slots_set_range(
                actor=supervisor,
                centre=centre,
                first_day=date(2026, 12, 3),
                days=1,
                opens=time(9),
                closes=time(11),
                capacity=0,
            )
    if setup == "late_evening":
        now = datetime(2026, 12, 3, 22, 5, tzinfo=LOCAL_TZ)
        with time_machine.travel(now, tick=False):
            callback_slots_set_range(
                actor=supervisor,
                centre=centre,
                first_day=date(2026, 12, 3),
                days=1,
                opens=time(0),
                closes=time.max,
                capacity=0,
            )
    assert capacity_verdict(centre=centre, now=now).alert is False, why
    assert callback_capacity_alert_scan(now=now) == 0


@time_machine.travel(THURSDAY, tick=False)
def test_a_chosen_time_is_a_30_minute_window_and_as_soon_as_possible_runs_to_the_clock(
    centre: HotlineCentre, operator: User
) -> None:
    chosen = _book(centre, operator, window_start=NOON + timedelta(minutes=10))
    assert chosen.window_end - chosen.window_start == timedelta(minutes=30)
    asap = _book(centre, operator)
    assert asap.window_start == THURSDAY
    assert asap.window_end == datetime(2026, 12, 5, 0, 0, tzinfo=LOCAL_TZ)  # hotline.callback: 1 working day


@time_machine.travel(THURSDAY, tick=False)
def test_agents_book_only_slots_with_room_and_third_party_follow_ups_ignore_capacity(
    centre: HotlineCentre, operator: User, personas: dict[str, User], post_event: PostEvent
) -> None:
    _only_noon_open(centre, personas["county_supervisor"])
    with pytest.raises(ConflictError, match="约满"):
        _book(centre, operator, window_start=NOON + timedelta(minutes=30))
    _book(centre, operator, window_start=NOON)
    with pytest.raises(ConflictError, match="约满"):
        _book(centre, operator, window_start=NOON + timedelta(minutes=29))
    # An out-of-hours message at 23:00 (capacity 0 there) still books its reply task: the system books it, not
    # the public, so capacity does not apply (X2: third-party callbacks ignore capacity).
    for weekday in range(7):
        OpeningHours.objects.create(centre=centre, weekday=weekday, opens=time(8), closes=time(20))
    late = datetime(2026, 12, 3, 23, 0, tzinfo=LOCAL_TZ)
    with time_machine.travel(late, tick=False):
        post_event("LATE1", "queued", late, caller="13800009999")
        post_event(
            "LATE1", "message_left", late + timedelta(seconds=30), url="https://rec.example.invalid/a.mp3"
        )
    assert Callback.objects.filter(kind="message").count() == 1
    assert CallbackSlot.objects.get(centre=centre, starts_at=late).capacity == 0


@time_machine.travel(THURSDAY, tick=False)
@pytest.mark.parametrize("kind", ["callback", "message", "dissatisfied"])
def test_every_kind_gets_the_same_three_attempts(
    centre: HotlineCentre, operator: User, post_event: PostEvent, kind: str
) -> None:
    """Web and phone requests get equal retries (X2): the limit is one constant, whatever booked the task."""
    if kind == "callback":
        task = _book(centre, operator)
    else:
        OpeningHours.objects.create(centre=centre, weekday=3, opens=time(10), closes=time(20))
        start = THURSDAY - timedelta(minutes=5)
        post_event("K1", "queued", start, caller="13800005555")
        if kind == "message":
            post_event(
                "K1", "message_left", start + timedelta(seconds=20), url="https://rec.example.invalid/k.mp3"
            )
        else:
            post_event("K1", "ended", start + timedelta(seconds=25))
            post_event("K1", "rating", start + timedelta(seconds=30), key="3")
        task = Callback.objects.get(kind=kind)
    for number in (1, 2, 3):
        callback_claim(actor=operator, callback_id=task.pk)
        task = callback_attempt_record(
            actor=operator, callback_id=task.pk, outcome="no_answer", note=f"第{number}次未接"
        )
    assert (task.status, task.attempts) == ("unreachable", 3)
    with pytest.raises((ConflictError, DomainError)):
        callback_claim(actor=operator, callback_id=task.pk)


def test_mean_reply_time_of_messages_is_tracked(
    centre: HotlineCentre, operator: User, post_event: PostEvent, personas: dict[str, User]
) -> None:
    """B5: the mean time from an out-of-hours message to the first reply attempt, on the levels page and API."""
    for weekday in range(7):
        OpeningHours.objects.create(centre=centre, weekday=weekday, opens=time(8), closes=time(20))
    night = datetime(2026, 12, 2, 21, 0, tzinfo=LOCAL_TZ)
    with time_machine.travel(night, tick=False):
        post_event("MSG1", "queued", night, caller="13800007777")
        post_event(
            "MSG1", "message_left", night + timedelta(seconds=30), url="https://rec.example.invalid/1.mp3"
        )
        post_event("MSG1", "ended", night + timedelta(seconds=60))
    task = Callback.objects.get(kind="message")
    assert task.window_start == night  # the reply clock starts when the caller rang (B5)
    with time_machine.travel(night + timedelta(minutes=90), tick=False):
        callback_claim(actor=operator, callback_id=task.pk)
        callback_attempt_record(actor=operator, callback_id=task.pk, outcome="reached", note="已答复")
    client = Client()
    client.force_login(personas["county_supervisor"])
    body = client.get(
        "/api/v1/hotline/service-levels",
        {"start": "2026-12-02T00:00:00+08:00", "end": "2026-12-03T00:00:00+08:00"},
    ).json()
    assert (body["callbacks"]["messages"], body["callbacks"]["message_mean_reply_minutes"]) == (1, 90.0)
    page = client.get("/work/hotline/levels/?day=2026-12-02").content.decode()
    assert "90.0 分钟" in page
