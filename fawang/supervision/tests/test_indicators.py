"""Each indicator against values computed by hand from the fixed March 2026 history in conftest.py (K1, X9)."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal

import pytest
import time_machine

from fawang.cases.deadlines import LOCAL_TZ
from fawang.conftest import County
from fawang.core.errors import DomainError
from fawang.regions.models import Region
from fawang.supervision.indicators import (
    INDICATORS,
    IndicatorValue,
    indicator_compute,
    indicator_compute_all,
    indicator_source_register,
    indicator_source_unregister,
)
from fawang.supervision.measures import Measurement, region_population
from fawang.supervision.models import Parameter
from fawang.supervision.periods import Scope
from fawang.supervision.tests.conftest import Dataset

pytestmark = pytest.mark.django_db

MARCH = (date(2026, 3, 1), date(2026, 3, 31))
AFTER = datetime(2026, 4, 10, 12, 0, tzinfo=LOCAL_TZ)

# (code, value, numerator, denominator) for county 990101, March 2026, each worked out in the comments.
COUNTY_MARCH = [
    # C1 C2 C3 C4 C6 C7 C8 C11 submitted in March in the county (C9 other county, C10 February).
    ("volume.total", Decimal(8), 8, None),
    (
        "legal_aid.decided_in_time",
        Decimal("66.7"),
        2,
        3,
    ),  # C3 met, C6 met, C4 breached (refused 03-20 > 03-10)
    (
        "legal_aid.assigned_in_time",
        Decimal("0.0"),
        0,
        1,
    ),  # C3 assigned 03-10, due end of 03-08; C6 still running
    ("legal_aid.granted", Decimal(2), 2, None),  # C3, C6
    (
        "legal_aid.recipients_per_10k",
        Decimal("1.11"),
        1,
        9000,
    ),  # C3 and C6 share person A; 5000 + 4000 people
    ("mediation.within_month", Decimal("100.0"), 1, 1),  # C7 resolved 03-20, due end of 04-02
    ("mediation.success_rate", Decimal("100.0"), 1, 1),  # C7's agreement took effect 03-20; no termination
    ("notary.on_time", Decimal("0.0"), 0, 1),  # C8: 15 WD from 03-02 ends 03-23, resolved 03-30
    ("appraisal.on_time", None, 0, 0),  # no appraisal
    ("hotline.answer_rate", None, 0, 0),  # no hotline centre in the county (see the hotline test below)
    # C1 answer met, C2 transfer met, C3 review met + assign breached, C4 review breached, C6 review met,
    # C7 conclude met, C8 issue breached, C11 reply met: 6 of 9.
    ("deadline.compliance", Decimal("66.7"), 6, 9),
    ("complaint.replied_in_time", Decimal("100.0"), 1, 1),  # C11 replied 03-06
    ("hotline.satisfaction", Decimal("0.0"), 0, 1),  # C2 (hotline) rated 1
    ("rating.satisfaction", Decimal("33.3"), 1, 3),  # C1 5, C2 1, C7 3
    ("rating.bad", Decimal(1), 1, None),  # C2
    (
        "rating.participation",
        Decimal("66.7"),
        2,
        3,
    ),  # closed in March: C1, C2 (rated), C4 (refused, not rated)
    ("rectification.on_time", Decimal("100.0"), 1, 1),  # C2's: due end of 03-27 (15 WD), closed 03-12
    ("rectification.followed_up", Decimal("100.0"), 1, 1),  # real-name, reached, re-rated 4
    ("coverage.township_stations", Decimal("100.0"), 2, 2),  # 东镇, 西镇 both have a station
    ("coverage.village_advisers", Decimal("50.0"), 1, 2),  # 东村 yes; 西村's adviser left 02-01
    ("resources.lawyers_per_10k", Decimal("2.22"), 2, 9000),  # 李律师, 王律师
    ("resources.practitioners_per_10k", Decimal("4.44"), 4, 9000),  # + 调解员, 公证员
    ("survey.awareness", Decimal("75.0"), 3, 4),  # March answers: yes, yes, no, yes (February excluded)
    ("survey.first_choice", Decimal("33.3"), 1, 3),  # yes, no, (blank), no
    ("survey.satisfaction", Decimal("66.7"), 2, 3),  # 5, 4, 2, (blank)
]


def _county(dataset: Dataset, county: County, code: str) -> IndicatorValue:
    with time_machine.travel(AFTER, tick=False):
        return indicator_compute(
            code=code, region=county.county, date_from=MARCH[0], date_to=MARCH[1], reference=True
        )


@pytest.mark.parametrize(("code", "value", "numerator", "denominator"), COUNTY_MARCH)
def test_indicator_by_hand(
    dataset: Dataset,
    county: County,
    code: str,
    value: Decimal | None,
    numerator: int,
    denominator: int | None,
) -> None:
    result = _county(dataset, county, code)
    assert (result.value, result.numerator, result.denominator) == (value, numerator, denominator)
    assert result.available


def test_breakdowns_by_hand(dataset: Dataset, county: County) -> None:
    def pairs(code: str) -> list[tuple[str, int]]:
        return [(key, n) for key, _, n in _county(dataset, county, code).breakdown]

    assert pairs("volume.by_channel") == [("window", 5), ("web", 2), ("hotline", 1)]
    assert pairs("volume.by_service") == [
        ("legal_aid", 3),
        ("consultation", 2),
        ("complaint", 1),
        ("mediation", 1),
        ("notary", 1),
    ]
    assert pairs("volume.by_category") == [("", 6), ("劳动纠纷", 1), ("婚姻家庭", 1)]
    assert pairs("volume.by_region") == [("990101001000", 6), ("990101002000", 2)]
    assert pairs("volume.by_month") == [("2026-03", 8)]
    labels = [label for _, label, _ in _county(dataset, county, "volume.by_region").breakdown]
    assert labels == ["东镇", "西镇"]


def test_province_and_township_scopes(dataset: Dataset, county: County) -> None:
    with time_machine.travel(AFTER, tick=False):
        province = indicator_compute(
            code="volume.total", region=county.province, date_from=MARCH[0], date_to=MARCH[1]
        )
        town_y = indicator_compute_all(
            region=county.town_y,
            date_from=MARCH[0],
            date_to=MARCH[1],
            codes=("volume.total", "rating.satisfaction", "legal_aid.decided_in_time"),
        )
        feb = indicator_compute(
            code="volume.total", region=county.county, date_from=date(2026, 2, 1), date_to=date(2026, 2, 28)
        )
    assert province.value == 9  # C9 in the other county counts for the province
    assert [(v.value, v.numerator, v.denominator) for v in town_y] == [
        (Decimal(2), 2, None),  # C2, C4
        (Decimal("0.0"), 0, 1),  # C2 rated 1
        (Decimal("0.0"), 0, 1),  # C4 refused late
    ]
    assert feb.value == 1  # C10


def test_hotline_answer_rate_by_hand(dataset: Dataset, county: County) -> None:
    from fawang.directory.models import Site, SiteKind
    from fawang.hotline.models import Call, HotlineCentre

    centre = HotlineCentre.objects.create(
        site=Site.objects.create(kind=SiteKind.HOTLINE, name="甲县12348", region=county.county),
        code="C-990101",
    )
    base = datetime(2026, 3, 5, 9, 0, tzinfo=LOCAL_TZ)
    for ref, answered, out_of_hours in (
        ("a", True, False),
        ("b", True, False),
        ("c", False, False),
        ("d", False, True),
    ):
        Call.objects.create(
            call_ref=ref,
            centre=centre,
            state="ended" if answered else "abandoned",
            offered_at=base,
            answered_at=base if answered else None,
            out_of_hours=out_of_hours,
        )
    result = _county(dataset, county, "hotline.answer_rate")
    # 3 offered in hours (d was out of hours), 2 answered: 66.7 %, below the 95 % target (B1).
    assert (result.value, result.numerator, result.denominator, result.meets_target) == (
        Decimal("66.7"),
        2,
        3,
        False,
    )


def test_mediation_success_counts_terminations_against_agreements(dataset: Dataset, county: County) -> None:
    """D3/D4/D6: a termination (终止调解) concludes a mediation without agreement: 1 agreed of 2 concluded."""
    from fawang.cases.models import Case, CaseEvent

    c7 = CaseEvent.objects.get(action="resolve", case__service_type="mediation").case
    other = Case.objects.filter(service_type="mediation").exclude(pk=c7.pk).first() or c7
    CaseEvent.objects.create(
        case=other,
        action="terminate",
        code="mediation.terminate",
        from_status="in_progress",
        to_status="resolved",
        at=CaseEvent.objects.get(action="resolve", case=c7).at,
        actor=CaseEvent.objects.filter(case=c7).earliest("at").actor,
    )
    result = _county(dataset, county, "mediation.success_rate")
    assert (result.value, result.numerator, result.denominator) == (Decimal("50.0"), 1, 2)


def test_targets_and_jurisdiction_parameter(dataset: Dataset, county: County) -> None:
    assert _county(dataset, county, "legal_aid.decided_in_time").meets_target is False
    assert _county(dataset, county, "rating.satisfaction").target is None
    Parameter.objects.create(
        key="target.rating.satisfaction",
        region=county.county,
        value="30",
        effective_from=date(2026, 1, 1),
        source="测试县考核办法",
    )
    Parameter.objects.create(
        key="target.rating.satisfaction",
        region=None,
        value="90",
        effective_from=date(2026, 1, 1),
        source="全国默认",
    )
    result = _county(dataset, county, "rating.satisfaction")
    assert (result.target, result.meets_target) == (Decimal(30), True)  # the county's own value wins


def test_population_uses_nearest_populated_level(county: County) -> None:
    assert region_population(county.county) == 9000
    assert region_population(county.town_x) == 5000
    Region.objects.filter(pk=county.county.pk).update(population=10000)
    county.county.refresh_from_db()
    assert region_population(county.county) == 10000


@pytest.mark.parametrize(
    ("date_from", "date_to", "message"),
    [
        (date(2026, 3, 31), date(2026, 3, 1), "晚于结束日期"),
        (date(1999, 12, 31), date(2026, 3, 1), "早于"),
        (date(2010, 1, 1), date(2026, 3, 1), "十年"),
        (date(2026, 5, 1), date(2026, 5, 31), "在今天之后"),
    ],
)
def test_bad_periods_are_refused(county: County, date_from: date, date_to: date, message: str) -> None:
    with time_machine.travel(AFTER, tick=False), pytest.raises(DomainError, match=message):
        indicator_compute(code="volume.total", region=county.county, date_from=date_from, date_to=date_to)


def test_unknown_indicator_is_refused(county: County) -> None:
    with pytest.raises(DomainError, match="未知的指标代码"):
        indicator_compute(code="nope", region=county.county, date_from=MARCH[0], date_to=MARCH[1])


class _FakeSummary:
    """A stand-in summary source: the interface the analytics module plugs into."""

    def measure(self, indicator: object, scope: Scope) -> Measurement | None:
        if getattr(indicator, "code", "") == "volume.total":
            return Measurement(numerator=12345)
        return None


def test_registered_sources_agree_with_the_reference(dataset: Dataset, county: County) -> None:
    """Whatever summary sources are registered (fawang.analytics), they give the raw-row numbers (issue 7 §8)."""
    for region in (county.province, county.county, county.town_x):
        with time_machine.travel(AFTER, tick=False):
            fast = indicator_compute_all(region=region, date_from=MARCH[0], date_to=MARCH[1])
            raw = indicator_compute_all(region=region, date_from=MARCH[0], date_to=MARCH[1], reference=True)
        assert [v.as_dict() for v in fast] == [v.as_dict() for v in raw]


def test_registered_source_is_used_and_reference_bypasses_it(
    dataset: Dataset, county: County, monkeypatch: pytest.MonkeyPatch
) -> None:
    from fawang.supervision import indicators

    monkeypatch.setattr(indicators._SOURCES, "items", [])
    source = _FakeSummary()
    indicator_source_register(source)
    try:
        with time_machine.travel(AFTER, tick=False):
            fast = indicator_compute(
                code="volume.total", region=county.county, date_from=MARCH[0], date_to=MARCH[1]
            )
            raw = indicator_compute(
                code="volume.total",
                region=county.county,
                date_from=MARCH[0],
                date_to=MARCH[1],
                reference=True,
            )
            other = indicator_compute(
                code="rating.bad", region=county.county, date_from=MARCH[0], date_to=MARCH[1]
            )
    finally:
        indicator_source_unregister(source)
    assert (fast.value, raw.value, other.value) == (Decimal(12345), Decimal(8), Decimal(1))


def test_every_indicator_is_documented() -> None:
    for indicator in INDICATORS:
        assert indicator.name, indicator.code
        assert indicator.definition, indicator.code
        assert indicator.source, indicator.code
        assert indicator.target is None or indicator.target_source, indicator.code
    assert len({i.code for i in INDICATORS}) == len(INDICATORS) == 32


def test_the_partial_event_index_covers_every_action_counted_by_time() -> None:
    """Events are indexed by time only for DATED_ACTIONS (issue 7 §8): an indicator that counted another action per
    period would scan every event."""
    from fawang.cases.models import DATED_ACTIONS
    from fawang.supervision.measures import MEDIATION_ENDS

    assert {"grant", *MEDIATION_ENDS} <= set(DATED_ACTIONS)
