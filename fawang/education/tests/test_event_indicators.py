"""P3 → K1: 普法活动场次 and 参与人次 against values worked out by hand (the indicator catalogue's pattern).

Events (recorded = attendance recorded; times Asia/Shanghai):
E1 东镇 03-05 09:00, recorded 50, then corrected to 社会公众 30 + 老年人 12 = 42
E2 西村 (西镇) 03-20 14:00, recorded 青少年 45
E3 东镇 03-25 09:00, never recorded → not held, not counted
E4 乙县 (other county) 03-10 09:00, recorded 20 → province only
E5 东镇 02-28 23:30 (15:30 UTC, still February locally), recorded 10 → February only
E6 东镇 03-31 23:30 (15:30 UTC on 03-31), recorded 5 → March
"""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal

import pytest
import time_machine

from fawang.accounts.models import User
from fawang.cases.deadlines import LOCAL_TZ
from fawang.conftest import County
from fawang.education.events.services import education_event_attendance_record
from fawang.education.tests.helpers import event, local
from fawang.regions.models import Region
from fawang.supervision.indicators import indicator_compute, indicator_compute_all

pytestmark = pytest.mark.django_db
AFTER = datetime(2026, 4, 10, 12, 0, tzinfo=LOCAL_TZ)
MARCH = (date(2026, 3, 1), date(2026, 3, 31))
FEBRUARY = (date(2026, 2, 1), date(2026, 2, 28))


@pytest.fixture
def events(county: County, personas: dict[str, User]) -> None:
    admin, province = personas["admin"], personas["province_supervisor"]
    with time_machine.travel(AFTER, tick=False):
        e1 = event(admin, county.town_x, local(2026, 3, 5))
        e2 = event(admin, county.village_y, local(2026, 3, 20, 14))
        event(admin, county.town_x, local(2026, 3, 25))
        e4 = event(province, county.other_county, local(2026, 3, 10))
        e5 = event(admin, county.town_x, datetime(2026, 2, 28, 23, 30, tzinfo=LOCAL_TZ), hours=1)
        e6 = event(admin, county.town_x, datetime(2026, 3, 31, 23, 30, tzinfo=LOCAL_TZ), hours=1)
        record = education_event_attendance_record
        record(actor=admin, event=e1, counts={"general": 50})
        record(actor=admin, event=e1, counts={"general": 30, "elderly": 12})
        record(actor=admin, event=e2, counts={"minors": 45})
        record(actor=province, event=e4, counts={"general": 20})
        record(actor=admin, event=e5, counts={"general": 10})
        record(actor=admin, event=e6, counts={"village_cadres": 5})


def _values(
    region: Region, period: tuple[date, date], reference: bool
) -> tuple[Decimal | None, Decimal | None]:
    with time_machine.travel(AFTER, tick=False):
        held = indicator_compute(
            code="education.events",
            region=region,
            date_from=period[0],
            date_to=period[1],
            reference=reference,
        )
        people = indicator_compute(
            code="education.participants",
            region=region,
            date_from=period[0],
            date_to=period[1],
            reference=reference,
        )
    return held.value, people.value


@pytest.mark.usefixtures("events")
@pytest.mark.parametrize("reference", [True, False])
@pytest.mark.parametrize(
    ("_case", "where", "period", "held", "people"),
    [
        ("P3: county, March: E1 E2 E6; 42 + 45 + 5", "county", MARCH, 3, 92),
        ("P3: 东镇, March: E1 E6; 42 + 5", "town_x", MARCH, 2, 47),
        ("P3: 西镇 (E2 is in its village 西村)", "town_y", MARCH, 1, 45),
        ("P3: province adds E4 in 乙县", "province", MARCH, 4, 112),
        ("P3: 乙县 only E4", "other_county", MARCH, 1, 20),
        ("P3: February local time: E5 at 23:30 on 02-28", "county", FEBRUARY, 1, 10),
    ],
)
def test_event_indicators_by_hand(
    county: County, reference: bool, _case: str, where: str, period: tuple[date, date], held: int, people: int
) -> None:
    region = getattr(county, where)
    assert _values(region, period, reference) == (Decimal(held), Decimal(people))


def test_no_events_is_zero_not_missing(county: County) -> None:
    """A region without events held reports 0 场次 and 0 人次 (counts, not rates: never "no value")."""
    assert _values(county.county, MARCH, True) == (Decimal(0), Decimal(0))


@pytest.mark.usefixtures("events")
def test_catalogue_lists_both_in_the_education_group(county: County) -> None:
    with time_machine.travel(AFTER, tick=False):
        values = indicator_compute_all(
            region=county.county,
            date_from=MARCH[0],
            date_to=MARCH[1],
            codes=("education.events", "education.participants"),
        )
    assert [(v.name, v.value, v.numerator, v.available) for v in values] == [
        ("普法活动场次", Decimal(3), 3, True),
        ("普法活动参与人次", Decimal(92), 92, True),
    ]
