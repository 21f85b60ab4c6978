"""Summaries give the same numbers as the raw rows (issue 7 §8), and follow changes through the event log."""

from __future__ import annotations

import json
from datetime import UTC, date, datetime
from typing import Any

import pytest
import time_machine

from fawang.accounts.services import system_actor
from fawang.analytics.models import CaseMonthStat, GrantFact, SummaryState
from fawang.analytics.source import HANDLERS
from fawang.analytics.summaries import period_split, summaries_sync
from fawang.analytics.verify import summaries_verify
from fawang.cases.services import case_create, case_transition
from fawang.demo.province_history import province_build
from fawang.regions.models import Region

NOW = datetime(2026, 11, 26, 2, 0, tzinfo=UTC)


@pytest.fixture
def history(db: None) -> None:
    with time_machine.travel(NOW, tick=False):
        province_build(cases=500, seed=21, years=2, counties=("500231",))


@pytest.mark.parametrize(
    ("_case", "code", "date_from", "date_to"),
    [
        ("province, whole year", "500000000000", date(2025, 1, 1), date(2025, 12, 31)),
        ("county, partial months at both ends", "500231000000", date(2025, 2, 14), date(2026, 3, 9)),
        ("city, inside one month", "500200000000", date(2026, 5, 3), date(2026, 5, 20)),
    ],
)
@pytest.mark.usefixtures("history")
def test_summaries_equal_raw_rows(_case: str, code: str, date_from: date, date_to: date) -> None:
    with time_machine.travel(NOW, tick=False):
        region = Region.objects.get(code=code)
        assert summaries_verify(region=region, date_from=date_from, date_to=date_to) == []


@pytest.mark.usefixtures("history")
def test_summaries_follow_a_new_case_and_a_transition() -> None:
    town = Region.objects.filter(code__startswith="500231", level=4).order_by("code").first()
    assert town is not None
    before = SummaryState.objects.get().event_watermark
    with time_machine.travel(NOW, tick=False):
        summaries_sync()
        admin = system_actor()
        from fawang.accounts.roles import Role
        from fawang.accounts.services import role_grant

        role_grant(actor=admin, user=admin, role=Role.ADMIN, region=Region.objects.get(code="500231000000"))
        case = case_create(
            actor=admin,
            service_type="legal_aid",
            channel="window",
            title="申请法律援助",
            region=town,
            category="劳动纠纷",
        )
        case_transition(reference=case.reference, action="accept", actor=admin)
        case_transition(reference=case.reference, action="grant", actor=admin)
        result = summaries_sync()
        assert not result.full, result
        assert SummaryState.objects.get().event_watermark > before
        assert GrantFact.objects.filter(case_id=case.pk).count() == 1
        month = date(2026, 11, 1)
        assert CaseMonthStat.objects.filter(
            month=month, dim="category", key="劳动纠纷", county="500231"
        ).exists()
        region = Region.objects.get(code="500000000000")
        assert summaries_verify(region=region, date_from=date(2025, 11, 1), date_to=date(2026, 11, 26)) == []


def test_period_split() -> None:
    split = period_split(date(2025, 1, 15), date(2025, 4, 10))
    assert split.months == [date(2025, 2, 1), date(2025, 3, 1)]
    assert split.edges == [(date(2025, 1, 15), date(2025, 1, 31)), (date(2025, 4, 1), date(2025, 4, 10))]
    whole = period_split(date(2025, 1, 1), date(2025, 12, 31))
    assert (len(whole.months), whole.edges) == (12, [])
    inside = period_split(date(2025, 3, 2), date(2025, 3, 9))
    assert (inside.months, inside.edges) == ([], [(date(2025, 3, 2), date(2025, 3, 9))])


def test_the_source_covers_the_volume_clock_and_grant_indicators() -> None:
    from fawang.supervision.indicators import INDICATORS_BY_CODE

    assert set(HANDLERS) <= set(INDICATORS_BY_CODE)
    assert len(HANDLERS) == 21


@pytest.mark.usefixtures("history")
def test_rating_participation_from_summaries_equals_the_raw_rows_with_ratings() -> None:
    """rating.participation (B4, H1): finished cases from the summaries, rated ones from the ratings side.
    Two ratings on one case count once, a voided rating counts nowhere, a withdrawn case is not finished."""
    from fawang.cases.models import Case
    from fawang.cases.states import Status
    from fawang.evaluation.models import Grade, Rating, RatingChannel, RatingLevel, RatingState
    from fawang.supervision.indicators import indicator_compute

    region = Region.objects.get(code="500000000000")
    d1, d2 = date(2025, 1, 1), date(2025, 12, 31)
    finished = Case.objects.filter(closed_at__year=2025).exclude(status=Status.WITHDRAWN)
    rated = Rating.objects.filter(state=RatingState.VALID).values("case_id")
    rated_before = finished.filter(pk__in=rated).count()  # the bulk history rates some cases itself
    unrated = Case.objects.exclude(pk__in=Rating.objects.values("case_id"))
    closed = list(unrated.filter(closed_at__year=2025).exclude(status=Status.WITHDRAWN).order_by("pk")[:3])
    withdrawn = unrated.filter(closed_at__year=2025, status=Status.WITHDRAWN).first()
    assert len(closed) == 3
    assert withdrawn is not None
    admin = system_actor()

    def rate(case: Case, state: str = RatingState.VALID, instance: str = "") -> None:
        Rating.objects.create(
            case=case,
            instance_key=instance,
            level=RatingLevel.SATISFIED,
            grade=Grade.GOOD,
            channel=RatingChannel.WEB,
            recorded_by=admin,
            rated_at=NOW,
            region=case.region,
            service_type=case.service_type,
            case_channel=case.channel,
            state=state,
        )

    first, second, third = closed
    rate(first)
    rate(first, instance="session-2")  # a second service instance of the same case: still one rated case
    rate(second)
    rate(third, RatingState.VOIDED)  # appeal upheld (H5): not rated
    rate(withdrawn)  # withdrawn cases are not finished
    with time_machine.travel(NOW, tick=False):
        fast = indicator_compute(code="rating.participation", region=region, date_from=d1, date_to=d2)
        raw = indicator_compute(
            code="rating.participation", region=region, date_from=d1, date_to=d2, reference=True
        )
        assert summaries_verify(region=region, date_from=d1, date_to=d2) == []
    assert (fast.numerator, fast.denominator) == (rated_before + 2, finished.count())
    assert fast.as_dict() == raw.as_dict()


@pytest.mark.parametrize(
    ("code", "date_from", "date_to"),
    [
        ("500000000000", date(2025, 1, 1), date(2025, 12, 31)),
        ("500231000000", date(2025, 2, 14), date(2026, 3, 9)),
    ],
)
@pytest.mark.usefixtures("history")
def test_one_indicator_at_a_time_equals_all_together(code: str, date_from: date, date_to: date) -> None:
    """`measure` (one indicator) and `measure_many` (the dashboard's catalogue) read the same summary rows."""
    from fawang.supervision.indicators import indicator_compute, indicator_compute_all

    region = Region.objects.get(code=code)
    with time_machine.travel(NOW, tick=False):
        together = indicator_compute_all(region=region, date_from=date_from, date_to=date_to)
        alone = [
            indicator_compute(code=v.code, region=region, date_from=date_from, date_to=date_to)
            for v in together
        ]
    assert [v.as_dict() for v in together] == [v.as_dict() for v in alone]


@pytest.mark.usefixtures("history")
def test_the_whole_catalogue_takes_a_few_queries(django_assert_max_num_queries: Any) -> None:
    """Issue 7 §8: each summary table is read once and the summaries synced once for all 32 indicators, the
    targets read in one query and the region labels in one (169 queries before, one per indicator and target).
    The two 普法 event indicators (P3) read their own small table, one query each (30 → 32)."""
    from fawang.supervision.indicators import INDICATORS, indicator_compute_all

    region = Region.objects.get(code="500000000000")
    with time_machine.travel(NOW, tick=False):
        summaries_sync()
        with django_assert_max_num_queries(32):
            values = indicator_compute_all(
                region=region, date_from=date(2025, 1, 1), date_to=date(2025, 12, 31)
            )
    assert len(values) == len(INDICATORS)


@pytest.mark.usefixtures("history")
def test_summaries_follow_new_ratings_voided_ratings_and_calls(settings: Any) -> None:
    """A rating (its month and its case's closing month), a rating voided on appeal (H5) and a call that arrives
    through the webhook (B1) reach the summaries at the next sync: both paths agree over whole months."""
    from django.db.models import Count

    from fawang.cases.models import Case
    from fawang.cases.states import Status
    from fawang.evaluation.models import Grade, Rating, RatingChannel, RatingLevel, RatingState
    from fawang.hotline.models import Call, CallEvent, HotlineCentre
    from fawang.hotline.services.webhook import webhook_receive
    from fawang.hotline.signing import SIGNATURE_HEADER, TIMESTAMP_HEADER, headers_for
    from fawang.supervision.indicators import indicator_compute

    settings.HOTLINE_WEBHOOK_SECRET = "summary-test-secret"
    province = Region.objects.get(code="500000000000")
    d1, d2 = date(2025, 12, 1), date(2026, 11, 30)  # whole months only: nothing is measured from raw edges
    codes = ("rating.participation", "rating.satisfaction", "hotline.answer_rate")
    with time_machine.travel(NOW, tick=False):
        summaries_sync()
        before = {c: indicator_compute(code=c, region=province, date_from=d1, date_to=d2) for c in codes}
        unrated = (
            Case.objects.exclude(pk__in=Rating.objects.values("case_id"))
            .filter(closed_at__date__gte=date(2026, 2, 1), closed_at__date__lte=date(2026, 9, 30))
            .exclude(status=Status.WITHDRAWN)
            .order_by("pk")
            .first()
        )
        assert unrated is not None
        Rating.objects.create(
            case=unrated,
            level=RatingLevel.NEUTRAL,
            grade=Grade.NEUTRAL,
            channel=RatingChannel.WEB,
            recorded_by=system_actor(),
            rated_at=datetime(2026, 10, 15, 2, 0, tzinfo=UTC),  # a month apart from the call's and the case's
            region=unrated.region,
            service_type=unrated.service_type,
            case_channel=unrated.channel,
        )
        lone = (
            Rating.objects.filter(state=RatingState.VALID, grade=Grade.GOOD, rated_at__date__gte=d1)
            .annotate(siblings=Count("case__ratings"))
            .filter(siblings=1, case__closed_at__date__gte=d1)
            .exclude(case__status=Status.WITHDRAWN)
            .first()
        )
        assert lone is not None
        Rating.objects.filter(pk=lone.pk).update(state=RatingState.VOIDED, voided_at=NOW)
        centre = HotlineCentre.objects.order_by("pk").first()
        assert centre is not None
        seat = centre.seats.order_by("pk").values_list("code", flat=True).first()
        for kind, data in (("queued", {"caller": "13800001111"}), ("answered", {"seat": seat})):
            event = {
                "event_id": f"sum-{kind}",
                "type": kind,
                "call_id": "SUM-1",
                "centre": centre.code,
                "occurred_at": NOW.isoformat(),
                "data": data,
            }
            body = json.dumps(event).encode()
            headers = headers_for(secret=settings.HOTLINE_WEBHOOK_SECRET, body=body, now=NOW.timestamp())
            received = webhook_receive(
                body=body,
                timestamp=headers[TIMESTAMP_HEADER],
                signature=headers[SIGNATURE_HEADER],
                remote_addr="127.0.0.1",
            )
            assert received.status_code == 202, received.body
        assert Call.objects.get(call_ref="SUM-1").out_of_hours is False
        result = summaries_sync()
        state = SummaryState.objects.get()
        assert state.rating_watermark == Rating.objects.order_by("-pk").values_list("pk", flat=True).first()
        assert state.call_watermark == CallEvent.objects.order_by("-pk").values_list("pk", flat=True).first()
        after = {c: indicator_compute(code=c, region=province, date_from=d1, date_to=d2) for c in codes}
        assert summaries_verify(region=province, date_from=d1, date_to=d2) == []
    assert not result.full, result
    # One case newly rated (neutral), one whose only rating (good) was voided.
    assert after["rating.participation"].numerator == before["rating.participation"].numerator
    assert after["rating.satisfaction"].denominator == before["rating.satisfaction"].denominator
    assert after["rating.satisfaction"].numerator == (before["rating.satisfaction"].numerator or 0) - 1
    assert after["hotline.answer_rate"].numerator == (before["hotline.answer_rate"].numerator or 0) + 1
    assert after["hotline.answer_rate"].denominator == (before["hotline.answer_rate"].denominator or 0) + 1


@pytest.mark.usefixtures("history")
def test_a_sync_recounts_only_new_rows_and_catches_a_late_commit() -> None:
    """Rows seen once are not recounted at every later sync; a row that becomes visible below the watermark (a
    transaction that took its id first and committed last) is counted at the next sync, found among the ids that
    were missing."""
    from fawang.cases.models import Case
    from fawang.evaluation.models import Grade, Rating, RatingChannel, RatingLevel

    region = Region.objects.get(code="500000000000")
    d1, d2 = date(2025, 12, 1), date(2026, 10, 31)
    cases = list(Case.objects.exclude(pk__in=Rating.objects.values("case_id")).order_by("pk")[:3])

    def rate(case: Case, **extra: Any) -> Rating:
        return Rating.objects.create(
            case=case,
            level=RatingLevel.SATISFIED,
            grade=Grade.GOOD,
            channel=RatingChannel.WEB,
            recorded_by=system_actor(),
            rated_at=datetime(2026, 6, 10, 2, 0, tzinfo=UTC),
            region=case.region,
            service_type=case.service_type,
            case_channel=case.channel,
            **extra,
        )

    with time_machine.travel(NOW, tick=False):
        summaries_sync()
        rate(cases[0])
        first = summaries_sync()
        # Only the new rating's case, nothing seen before it.
        assert (first.full, first.touched_cases) == (False, 1)
        late = rate(cases[1])
        rate(cases[2])
        late_id = late.pk
        late.delete()  # not visible yet at this sync: its id is a gap
        assert summaries_sync().touched_cases == 1
        assert late_id in SummaryState.objects.get().gaps["ratings"]
        rate(cases[1], id=late_id)  # the late commit, below the watermark
        caught = summaries_sync()
        assert caught.touched_cases == 1
        assert late_id not in SummaryState.objects.get().gaps["ratings"]
        assert summaries_sync().touched_cases == 0  # nothing new: the cheap path
        assert summaries_verify(region=region, date_from=d1, date_to=d2) == []
