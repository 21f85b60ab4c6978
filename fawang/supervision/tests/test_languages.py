"""A12: requests by intake language for a region and period, so a bureau can staff dialect seats; scoped to the
supervisor's jurisdiction like every dashboard table (K2)."""

from __future__ import annotations

from datetime import date, datetime

import pytest
import time_machine
from django.test import Client
from pytest_django.fixtures import Settings

from fawang.accounts.models import User
from fawang.cases.deadlines import LOCAL_TZ
from fawang.cases.services import case_create
from fawang.conftest import County
from fawang.core.errors import PermissionDeniedError
from fawang.people.models import Person
from fawang.regions.models import Region
from fawang.supervision.periods import Scope, scope_make
from fawang.supervision.selectors import case_count_by_language

pytestmark = pytest.mark.django_db
PERIOD = "from=2026-03-01&to=2026-03-31"


@pytest.fixture
def _history(settings: Settings, county: County, personas: dict[str, User]) -> None:
    """March 2026: 东镇 3 粤语 + 1 普通话, 西镇 1 客家话; the other county 2 粤语; February 1 粤语 in 东镇."""
    settings.FAWANG_INTAKE_LANGUAGES = ["zh", "yue", "hak"]
    rows = [
        ("2026-03-02", county.town_x, "yue"),
        ("2026-03-09", county.town_x, "yue"),
        ("2026-03-31", county.town_x, "yue"),
        ("2026-03-05", county.town_x, "zh"),
        ("2026-03-06", county.town_y, "hak"),
        ("2026-03-07", county.other_county, "yue"),
        ("2026-03-08", county.other_county, "yue"),
        ("2026-02-27", county.town_x, "yue"),
    ]
    for day, region, language in rows:
        with time_machine.travel(datetime.fromisoformat(f"{day}T10:00").replace(tzinfo=LOCAL_TZ), tick=False):
            case_create(
                actor=personas["admin"],
                service_type="consultation",
                channel="hotline",
                title="来电咨询",
                region=region,
                requester=Person.objects.create(name="来电人"),
                language=language,
            )


def _march(region: Region) -> Scope:
    return scope_make(region=region, date_from=date(2026, 3, 1), date_to=date(2026, 3, 31))


@pytest.mark.usefixtures("_history")
@time_machine.travel(datetime(2026, 4, 10, 12, tzinfo=LOCAL_TZ), tick=False)
def test_requests_by_language_in_the_region_and_period(county: County, personas: dict[str, User]) -> None:
    county_rows = case_count_by_language(user=personas["county_supervisor"], scope=_march(county.county))
    assert county_rows == [("yue", "粤语", 3), ("hak", "客家话", 1), ("zh", "普通话", 1)]
    town = case_count_by_language(user=personas["county_supervisor"], scope=_march(county.town_y))
    assert town == [("hak", "客家话", 1)]
    province = case_count_by_language(user=personas["province_supervisor"], scope=_march(county.province))
    assert province == [("yue", "粤语", 5), ("hak", "客家话", 1), ("zh", "普通话", 1)]


@pytest.mark.usefixtures("_history")
@time_machine.travel(datetime(2026, 4, 10, 12, tzinfo=LOCAL_TZ), tick=False)
def test_another_jurisdiction_is_refused(county: County, personas: dict[str, User]) -> None:
    with pytest.raises(PermissionDeniedError):
        case_count_by_language(user=personas["county_supervisor"], scope=_march(county.other_county))
    with pytest.raises(PermissionDeniedError):
        case_count_by_language(user=personas["window_clerk"], scope=_march(county.county))


@pytest.mark.usefixtures("_history")
@time_machine.travel(datetime(2026, 4, 10, 12, tzinfo=LOCAL_TZ), tick=False)
def test_the_dashboard_shows_the_table_where_languages_are_offered(
    county: County, personas: dict[str, User], settings: Settings
) -> None:
    client = Client()
    client.force_login(personas["county_supervisor"])
    page = client.get(f"/supervision/r/{county.county.code}/?{PERIOD}").content.decode()
    assert "受理量（按受理语言）" in page
    assert "<td>3</td>" in page.split("受理量（按受理语言）", 1)[1].split("</table>", 1)[0]
    settings.FAWANG_INTAKE_LANGUAGES = ["zh"]
    page = client.get(f"/supervision/r/{county.county.code}/?{PERIOD}").content.decode()
    assert "受理量（按受理语言）" not in page
