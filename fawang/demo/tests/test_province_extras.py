"""Ratings, rectifications and 12348 calls derived from a bulk history (issue 7 §8; H1-H6, B1-B4)."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest
import time_machine
from django.core.management import call_command

from fawang.analytics.models import BulkHistoryRun
from fawang.cases.models import Case
from fawang.demo.province_extras import province_extras_write
from fawang.demo.province_history import province_build
from fawang.evaluation.models import Rating, Rectification, RectificationStep
from fawang.evaluation.services import FINISHED_STATUSES
from fawang.hotline.fold import RawEvent, call_fold
from fawang.hotline.models import Call, CallEvent, HotlineCentre
from fawang.regions.models import Region
from fawang.supervision import measures
from fawang.supervision.periods import Scope

COUNTY = ("500231",)
NOW = datetime(2026, 11, 26, 2, 0, tzinfo=UTC)
PERIOD = (date(2025, 1, 1), date(2026, 11, 25))


def _rows() -> dict[str, int]:
    return {
        "hotline_call": Call.objects.count(),
        "hotline_callevent": CallEvent.objects.count(),
        "evaluation_rating": Rating.objects.count(),
        "evaluation_rectification": Rectification.objects.count(),
        "evaluation_rectificationstep": RectificationStep.objects.count(),
    }


@pytest.fixture
def extras(db: None) -> dict[str, int]:
    """The rows province_build wrote through province_extras_write (called right after the case history)."""
    with time_machine.travel(NOW, tick=False):
        province_build(cases=800, seed=11, years=2, counties=COUNTY)
    return _rows()


def _scope() -> Scope:
    return Scope(region=Region.objects.get(code="500231000000"), date_from=PERIOD[0], date_to=PERIOD[1])


def test_the_history_has_ratings_and_calls_and_a_rerun_adds_nothing(extras: dict[str, int]) -> None:
    assert min(extras.values()) > 0
    run = BulkHistoryRun.objects.get()
    with time_machine.travel(NOW, tick=False):
        again = province_extras_write(seed=11, first_case_id=run.first_case_id, last_case_id=run.last_case_id)
    assert set(again.values()) == {0}
    assert _rows() == extras
    assert HotlineCentre.objects.count() == 1


@pytest.mark.usefixtures("extras")
def test_matter_ratings_once_per_finished_case_after_its_close() -> None:
    matter = Rating.objects.filter(instance_key="").select_related("case")
    finished = Case.objects.filter(status__in=FINISHED_STATUSES, closed_at__isnull=False).count()
    assert 0.25 < matter.count() / finished < 0.65  # H1: voluntary, a realistic share
    for rating in matter:
        assert rating.case.status in FINISHED_STATUSES
        assert rating.case.closed_at is not None
        assert rating.rated_at > rating.case.closed_at
        assert rating.rated_at <= NOW
        assert (rating.region_id, rating.service_type, rating.case_channel) == (
            rating.case.region_id,
            rating.case.service_type,
            rating.case.channel,
        )
        assert rating.real_name == (rating.rater_person_id is not None)
        assert rating.grade == ("good" if rating.level >= 4 else "neutral" if rating.level == 3 else "bad")
    levels = [r.level for r in matter]
    assert levels.count(5) > levels.count(4) > levels.count(3)  # skewed to satisfied
    assert 0 < sum(1 for v in levels if v <= 2) < 0.15 * len(levels)  # a few per cent bad


@pytest.mark.usefixtures("extras")
def test_rectifications_exactly_for_bad_ratings_with_their_step_log() -> None:
    bad = set(Rating.objects.filter(grade="bad").values_list("pk", flat=True))
    rects = list(Rectification.objects.all())
    assert sorted(r.rating_id for r in rects) == sorted(bad)
    states = {r.state for r in rects}
    assert "closed" in states  # most closed …
    assert states - {"closed"}, states  # … some still open
    for rect in rects:
        rating = Rating.objects.get(pk=rect.rating_id)
        assert (rect.case_id, rect.region_id, rect.opened_at) == (
            rating.case_id,
            rating.region_id,
            rating.rated_at,
        )
        assert rect.due_at > rect.opened_at
        assert rect.effective_due_at >= rect.due_at
        assert rect.owner_label
        steps = list(RectificationStep.objects.filter(rectification=rect).order_by("at", "id"))
        assert steps[0].action == "open"
        assert steps[0].context["rule"] == rect.rule_code
        assert [s.to_state for s in steps][-1] == rect.state  # the log ends where the row is
        for before, after in zip(steps, steps[1:], strict=False):
            assert after.from_state == before.to_state
        if rect.state == "closed":
            assert rect.finished_at == steps[-1].at
            assert rect.verified_by_id is not None
            assert (rect.rerating_level is not None) == bool(rect.rater_reached and rating.real_name)
        else:
            assert rect.finished_at is None
    closed = [r for r in rects if r.state == "closed"]
    assert any(r.finished_at <= r.effective_due_at for r in closed)  # type: ignore[operator]


@pytest.mark.usefixtures("extras")
def test_calls_fold_from_their_events_and_belong_to_hotline_cases() -> None:
    hotline_cases = set(Case.objects.filter(channel="hotline").values_list("pk", flat=True))
    calls = list(Call.objects.all())
    linked = {c.case_id for c in calls if c.case_id is not None}
    assert linked == hotline_cases  # one answered, wrapped-up call per 12348 case
    assert sum(1 for c in calls if c.case_id is not None) == len(hotline_cases)
    assert any(c.state == "abandoned" for c in calls)
    assert any(c.state == "ended" and c.case_id is None for c in calls)
    events: dict[str, list[RawEvent]] = {}
    for e in CallEvent.objects.all():
        events.setdefault(e.call_ref, []).append(RawEvent(e.event_id, e.type, e.occurred_at, e.data))
    for call in calls:
        folded = call_fold(events[call.call_ref])
        assert folded is not None
        assert (
            folded.state,
            folded.offered_at,
            folded.answered_at,
            folded.ended_at,
            folded.abandoned_at,
        ) == (
            call.state,
            call.offered_at,
            call.answered_at,
            call.ended_at,
            call.abandoned_at,
        )
        assert (folded.caller, folded.rating, folded.event_count) == (
            call.caller_number,
            call.rating,
            call.event_count,
        )
        assert folded.answer_seat == (call.seat.code if call.seat else "")
        if call.case_id is not None:
            case = Case.objects.get(pk=call.case_id)
            assert call.ended_at is not None
            assert call.ended_at < case.submitted_at
            assert call.wrapped_up_at == case.submitted_at
    # the blind index finds a caller's calls (selectors.caller_history), as for a live call
    sample = calls[0]
    from fawang.core.crypto import blind_index

    assert sample.caller_number_bidx == blind_index(sample.caller_number.strip())
    # IVR ratings forwarded to 好差评 (H8) once per rated call with a case
    forwarded = [c for c in calls if c.rating and c.case_id is not None]
    assert forwarded
    assert all(c.rating_forwarded_at is not None for c in forwarded)
    ivr = Rating.objects.filter(channel="hotline_ivr")
    assert sorted(ivr.values_list("instance_key", flat=True)) == sorted(
        f"hotline:{c.call_ref}" for c in forwarded
    )


@pytest.mark.usefixtures("extras")
def test_indicators_equal_hand_computed_values() -> None:
    scope = _scope()
    with time_machine.travel(NOW, tick=False):
        start, end = scope.start, scope.end
        valid = [r for r in Rating.objects.all() if start <= r.rated_at < end and r.state == "valid"]
        good = sum(1 for r in valid if r.grade == "good")
        assert measures.rating_satisfaction(scope) == measures.Measurement(
            numerator=good, denominator=len(valid)
        )
        hot = [r for r in valid if r.case_channel in ("hotline", "12345") or r.channel == "hotline_ivr"]
        assert measures.hotline_satisfaction(scope) == measures.Measurement(
            numerator=sum(1 for r in hot if r.grade == "good"), denominator=len(hot)
        )
        assert measures.rating_bad(scope).numerator == sum(1 for r in valid if r.grade == "bad")
        finished = [
            c for c in Case.objects.exclude(status="withdrawn") if c.closed_at and start <= c.closed_at < end
        ]
        rated = set(Rating.objects.filter(state="valid").values_list("case_id", flat=True))
        participation = measures.rating_participation(scope)
        assert participation == measures.Measurement(
            numerator=sum(1 for c in finished if c.pk in rated), denominator=len(finished)
        )
        assert 0.3 < participation.numerator / participation.denominator < 0.8  # type: ignore[operator]
        calls = [c for c in Call.objects.all() if start <= c.offered_at < end and not c.out_of_hours]
        answer = measures.hotline_answer_rate(scope)
        assert answer == measures.Measurement(
            numerator=sum(1 for c in calls if c.answered_at is not None), denominator=len(calls)
        )
        assert 0.9 < answer.numerator / answer.denominator < 0.995  # type: ignore[operator]
        cohort = [
            r
            for r in Rectification.objects.all()
            if start < r.effective_due_at <= end
            and (r.state in ("closed", "voided") or r.effective_due_at <= NOW)
        ]
        on_time = sum(
            1
            for r in cohort
            if r.state in ("closed", "voided") and r.finished_at and r.finished_at <= r.effective_due_at
        )
        assert measures.rectification_on_time(scope) == measures.Measurement(
            numerator=on_time, denominator=len(cohort)
        )
        assert 0 < on_time < len(cohort)


@pytest.mark.usefixtures("extras")
def test_summaries_still_equal_raw_rows() -> None:
    with time_machine.travel(NOW, tick=False):
        call_command(
            "analytics_verify", "--region", "500231000000", "--from", "2025-01-01", "--to", "2026-11-25"
        )
