"""Service levels (B1-B4) computed two ways on a simulated day: the simulator's ground truth, and the figures the
one selector module derives from the stored events. Plus the supervision page and API, and QA sampling (B3)."""

from __future__ import annotations

import json
from datetime import date, datetime, time, timedelta
from io import StringIO
from typing import Any

import pytest
from django.core.management import call_command
from django.test import Client

from fawang.accounts.models import User
from fawang.cases.models import Case
from fawang.hotline.hours import LOCAL_TZ
from fawang.hotline.models import (
    Call,
    Callback,
    CallEvent,
    HotlineCentre,
    OpeningHours,
    QualityReview,
    RejectedDelivery,
    SeatSession,
)
from fawang.hotline.service_levels import CallRow, figures_compute, service_levels
from fawang.hotline.services.quality import day_bounds, quality_sample
from fawang.hotline.tests.conftest import CENTRE

pytestmark = pytest.mark.django_db
T = datetime(2026, 11, 25, 9, 0, tzinfo=LOCAL_TZ)
S = timedelta(seconds=1)


def _row(
    offered: int, answered: int | None, ended: int | None, state: str, rating: str = "", **kw: Any
) -> CallRow:
    return CallRow(
        centre="C",
        seat="S01" if answered is not None else "",
        offered_at=T + offered * S,
        answered_at=None if answered is None else T + answered * S,
        ended_at=None if ended is None else T + ended * S,
        state=state,
        out_of_hours=kw.get("ooh", False),
        rating=rating,
        sampled=kw.get("sampled", False),
    )


def test_figures_table() -> None:
    rows = [
        _row(0, 15, 115, "ended", "satisfied", sampled=True),  # exactly 15 s counts as within (B1)
        _row(0, 16, 216, "ended", "dissatisfied"),
        _row(0, 5, None, "talking", "fairly_satisfied"),
        _row(0, None, None, "abandoned"),
        _row(0, None, None, "queued"),
        _row(0, None, None, "abandoned", ooh=True),
    ]
    f = figures_compute(rows)
    assert (f.offered, f.answered, f.answered_within_15s, f.abandoned, f.waiting, f.out_of_hours) == (
        5,
        3,
        2,
        1,
        1,
        1,
    )
    assert (f.answer_rate, f.within_15s_rate, f.average_handling_seconds) == (0.6, 0.4, 150.0)
    assert (f.rated, f.satisfied, f.dissatisfied, f.rating_rate, f.satisfaction) == (3, 2, 1, 1.0, 0.6667)
    assert (f.qa_sampled, f.qa_rate) == (1, 0.5)
    empty = figures_compute([])
    assert (empty.answer_rate, empty.average_handling_seconds, empty.satisfaction) == (None, None, None)


def _simulate(calls: int, agents: int, seed: int, day: date) -> dict[str, Any]:
    out = StringIO()
    call_command("simulate_hotline", calls=calls, agents=agents, seed=seed, day=day, stdout=out)
    return dict(json.loads(out.getvalue()))


def test_a_simulated_day_agrees_two_ways(centre: HotlineCentre, personas: dict[str, User]) -> None:
    for weekday in range(7):  # staffed 08:00-20:00: night calls get the message mode (B2, B5)
        OpeningHours.objects.create(centre=centre, weekday=weekday, opens=time(8), closes=time(20))
    day = date(2026, 11, 24)
    truth = _simulate(calls=60, agents=1, seed=7, day=day)
    start, end = day_bounds(day)
    report = service_levels(
        centres=HotlineCentre.objects.filter(code=CENTRE), start=start, end=end, group_by="hour"
    )
    total = report.total
    for key in (
        "offered",
        "answered",
        "answered_within_15s",
        "abandoned",
        "answer_rate",
        "average_handling_seconds",
        "rated",
        "satisfied",
        "dissatisfied",
        "rating_rate",
        "satisfaction",
        "out_of_hours",
    ):
        assert getattr(total, key) == truth[key], key
    assert total.waiting == 0
    assert truth["offered"] + truth["out_of_hours"] == truth["calls"] == 60
    assert 0 < truth["abandoned"] < truth["offered"]  # the day has both answered and lost calls
    assert truth["out_of_hours"] > 0
    assert truth["messages"] > 0
    assert truth["repeat_calls"] > 0
    assert truth["delivery"]["duplicates"] > 0
    assert truth["delivery"]["out_of_order_swaps"] > 0
    by_hour = {
        g.key: (g.figures.offered, g.figures.answered, g.figures.abandoned)
        for g in report.groups
        if g.figures.offered
    }
    assert by_hour == {
        h: (v.get("offered", 0), v.get("answered", 0), v.get("abandoned", 0))
        for h, v in truth["by_hour"].items()
    }
    seats = service_levels(
        centres=HotlineCentre.objects.filter(code=CENTRE), start=start, end=end, group_by="seat"
    )
    assert {g.key: g.figures.answered for g in seats.groups if g.key} == {
        s: v["answered"] for s, v in truth["by_seat"].items()
    }
    # Every event stored once, nothing rejected, every answered call registered as one 工单 of its type.
    assert (
        truth["delivery"]["accepted"]
        == CallEvent.objects.count()
        == truth["delivery"]["events"] - truth["delivery"]["duplicates"]
    )
    assert truth["delivery"]["duplicate"] == truth["delivery"]["duplicates"]
    assert RejectedDelivery.objects.count() == 0
    assert truth["wrap_ups"] == {"ok": truth["answered"], "failures": []}
    cases = {t: Case.objects.filter(calls__isnull=False, service_type=t).count() for t in truth["cases"]}
    assert cases == truth["cases"]
    assert Case.objects.filter(status="dispatched").count() == truth["outcomes"]["dispatch"]
    kinds = {k: Callback.objects.filter(kind=k).count() for k in ("callback", "message", "dissatisfied")}
    assert kinds == truth["callbacks"]
    assert Call.objects.filter(contact_type="").exclude(answered_at=None).count() == 0
    assert SeatSession.objects.filter(ended_at__isnull=True).count() == 0  # the simulated agents signed out


def test_levels_page_and_api_are_for_supervision(
    centre: HotlineCentre, personas: dict[str, User], inspector: User
) -> None:
    day = date(2026, 11, 24)
    truth = _simulate(calls=20, agents=2, seed=3, day=day)
    supervisor = Client()
    supervisor.force_login(personas["county_supervisor"])
    page = supervisor.get(f"/work/hotline/levels/?day={day.isoformat()}&group_by=seat")
    assert page.status_code == 200
    assert f'data-figure="offered">{truth["offered"]}<' in page.content.decode()
    api = supervisor.get(
        "/api/v1/hotline/service-levels", {"start": "2026-11-24T00:00:00+08:00", "group_by": "centre"}
    )
    assert api.status_code == 200
    body = api.json()
    assert (body["total"]["offered"], body["total"]["answered"]) == (truth["offered"], truth["answered"])
    assert [g["key"] for g in body["groups"]] == [CENTRE]
    inspector_client = Client()
    inspector_client.force_login(inspector)
    assert inspector_client.get("/work/hotline/levels/").status_code == 200
    for persona in ("hotline_operator", "window_clerk", "outsider"):
        client = Client()
        client.force_login(personas[persona])
        assert client.get("/work/hotline/levels/").status_code == 403
        api_body = client.get("/api/v1/hotline/service-levels", {"start": "2026-11-24T00:00:00+08:00"}).json()
        assert api_body["total"]["offered"] == 0  # no centre in scope: nothing to count


def test_quality_sampling_is_at_least_five_percent_and_idempotent(
    centre: HotlineCentre, inspector: User, personas: dict[str, User]
) -> None:
    day = date(2026, 11, 24)
    truth = _simulate(calls=40, agents=2, seed=11, day=day)
    ended = Call.objects.filter(state="ended").count()
    assert ended == truth["answered"]
    picked = quality_sample(actor=inspector, centre=centre, day=day)
    assert len(picked) == -(-ended * 5 // 100)  # ceil(5 %)
    assert quality_sample(actor=inspector, centre=centre, day=day) == []
    start, end = day_bounds(day)
    report = service_levels(centres=HotlineCentre.objects.all(), start=start, end=end)
    assert report.total.qa_sampled == len(picked)
    assert report.meets_qa is True
    review = QualityReview.objects.order_by("pk").first()
    assert review is not None
    client = Client()
    client.force_login(inspector)
    data = {
        "score_greeting": 10,
        "score_understanding": 15,
        "score_accuracy": 25,
        "score_attitude": 15,
        "score_record": 10,
        "score_closing": 15,
        "standard": ["请问有什么可以帮您"],
        "banned": ["不知道"],
    }
    assert client.post(f"/work/hotline/quality/{review.pk}/", data).status_code == 302
    review.refresh_from_db()
    assert (review.total, review.inspector, review.banned_phrases) == (80, inspector, ["不知道"])
    bad = dict(data, score_accuracy=31)
    assert client.post(f"/work/hotline/quality/{review.pk}/", bad).status_code == 400
    review.refresh_from_db()
    assert review.total == 80
    operator = Client()
    operator.force_login(personas["hotline_operator"])
    assert operator.get("/work/hotline/quality/").status_code == 403
