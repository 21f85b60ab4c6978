"""Shared fixtures: a small county and one persona per role, bound to org units (STYLE §12).

County 990101 has two townships, X (990101001) and Y (990101002), each with a station and a village.
A neighbouring county 990102 holds the `outsider`.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any

import pytest
import time_machine
from django.core.cache import caches
from django.db import close_old_connections, connection

from fawang.accounts.models import User
from fawang.accounts.roles import Role
from fawang.accounts.services import role_grant, system_actor
from fawang.cases.models import Case
from fawang.cases.services import case_create
from fawang.core import clock
from fawang.directory.models import (
    Institution,
    InstitutionKind,
    Practitioner,
    PractitionerKind,
    Site,
    SiteKind,
)
from fawang.directory.tests.factories import InstitutionFactory, PractitionerFactory, SiteFactory
from fawang.people.models import Person
from fawang.regions.models import Region, RegionLevel, UrbanRural
from fawang.regions.tests.factories import RegionFactory


@dataclass
class County:
    province: Region
    county: Region
    town_x: Region
    town_y: Region
    village_x: Region
    village_y: Region
    other_county: Region
    centre: Site
    station_x: Site
    station_y: Site
    room_x: Site
    aid_centre: Institution
    law_firm: Institution
    notary_office: Institution
    lawyer: Practitioner
    other_lawyer: Practitioner
    mediator: Practitioner
    notary: Practitioner


def _region(code: str, name: str, level: RegionLevel, parent: Region | None, pop: int = 0) -> Region:
    return RegionFactory.create(
        code=code, name=name, level=level, parent=parent, population=pop, urban_rural=UrbanRural.RURAL
    )


@pytest.fixture
def county(db: None) -> County:
    province = _region("990000000000", "测试省", RegionLevel.PROVINCE, None)
    city = _region("990100000000", "测试市", RegionLevel.CITY, province)
    county = _region("990101000000", "甲县", RegionLevel.COUNTY, city)
    other = _region("990102000000", "乙县", RegionLevel.COUNTY, city)
    town_x = _region("990101001000", "东镇", RegionLevel.TOWNSHIP, county, 5000)
    town_y = _region("990101002000", "西镇", RegionLevel.TOWNSHIP, county, 4000)
    village_x = _region("990101001101", "东村", RegionLevel.VILLAGE, town_x, 1200)
    village_y = _region("990101002101", "西村", RegionLevel.VILLAGE, town_y, 900)
    aid = InstitutionFactory.create(
        kind=InstitutionKind.LEGAL_AID_CENTRE, name="甲县法律援助中心", region=county
    )
    firm = InstitutionFactory.create(kind=InstitutionKind.LAW_FIRM, name="甲县律师事务所", region=county)
    notary_office = InstitutionFactory.create(
        kind=InstitutionKind.NOTARY_OFFICE, name="甲县公证处", region=county
    )
    committee = InstitutionFactory.create(
        kind=InstitutionKind.MEDIATION_COMMITTEE, name="东镇调委会", region=town_x
    )
    return County(
        province=province,
        county=county,
        town_x=town_x,
        town_y=town_y,
        village_x=village_x,
        village_y=village_y,
        other_county=other,
        centre=SiteFactory.create(kind=SiteKind.CENTRE, name="甲县公共法律服务中心", region=county),
        station_x=SiteFactory.create(kind=SiteKind.STATION, name="东镇工作站", region=town_x),
        station_y=SiteFactory.create(kind=SiteKind.STATION, name="西镇工作站", region=town_y),
        room_x=SiteFactory.create(kind=SiteKind.ROOM, name="东村工作室", region=village_x),
        aid_centre=aid,
        law_firm=firm,
        notary_office=notary_office,
        lawyer=PractitionerFactory.create(kind=PractitionerKind.LAWYER, name="李律师", institution=firm),
        other_lawyer=PractitionerFactory.create(
            kind=PractitionerKind.LAWYER, name="王律师", institution=firm
        ),
        mediator=PractitionerFactory.create(
            kind=PractitionerKind.MEDIATOR, name="赵调解员", institution=committee
        ),
        notary=PractitionerFactory.create(
            kind=PractitionerKind.NOTARY, name="钱公证员", institution=notary_office
        ),
    )


MakeUser = Callable[..., User]


@pytest.fixture
def make_user(db: None) -> MakeUser:
    def make(username: str, role: Role, **where: object) -> User:
        user = User.objects.create_user(username=username, password="Passw0rd!x", display_name=username)
        role_grant(actor=system_actor(), user=user, role=role, **where)  # type: ignore[arg-type]
        return user

    return make


@pytest.fixture
def personas(county: County, make_user: MakeUser) -> dict[str, User]:
    """One user per role persona, each bound to its org unit."""
    users = {
        "hotline_operator": make_user("hotline", Role.HOTLINE_OPERATOR, region=county.county),
        "window_clerk": make_user("clerk", Role.WINDOW_CLERK, site=county.centre),
        "clerk_x": make_user("clerk_x", Role.WINDOW_CLERK, site=county.station_x),
        "clerk_y": make_user("clerk_y", Role.WINDOW_CLERK, site=county.station_y),
        "aid_reviewer": make_user(
            "reviewer", Role.AID_REVIEWER, region=county.county, institution=county.aid_centre
        ),
        "aid_lawyer": make_user("lawyer", Role.AID_LAWYER, institution=county.law_firm),
        "other_lawyer": make_user("lawyer2", Role.AID_LAWYER, institution=county.law_firm),
        "mediator": make_user("mediator", Role.MEDIATOR, institution=county.mediator.institution),
        "notary": make_user("notary", Role.NOTARY, institution=county.notary_office),
        "county_supervisor": make_user("supervisor", Role.SUPERVISOR, region=county.county),
        "province_supervisor": make_user("prov_supervisor", Role.SUPERVISOR, region=county.province),
        "admin": make_user("admin", Role.ADMIN, region=county.county),
        "outsider": make_user("outsider", Role.WINDOW_CLERK, region=county.other_county),
        "citizen": make_user("citizen", Role.CITIZEN),
        "citizen_b": make_user("citizen_b", Role.CITIZEN),
    }
    for key, practitioner in (
        ("aid_lawyer", county.lawyer),
        ("other_lawyer", county.other_lawyer),
        ("mediator", county.mediator),
        ("notary", county.notary),
    ):
        practitioner.user = users[key]
        practitioner.save(update_fields=["user"])
    return users


MakeCase = Callable[..., Case]


@pytest.fixture
def make_case(personas: dict[str, User], county: County) -> MakeCase:
    def make(
        service_type: str = "consultation",
        *,
        region: Region | None = None,
        channel: str = "window",
        requester_user: User | None = None,
        **kwargs: object,
    ) -> Case:
        person = Person.objects.create(name="申请人", phone="13800000000", user=requester_user)
        return case_create(
            actor=personas["admin"],
            service_type=service_type,
            channel=channel,
            title=kwargs.pop("title", "测试事项"),  # type: ignore[arg-type]
            region=region or county.town_x,
            requester=person,
            requester_user=requester_user,
            **kwargs,  # type: ignore[arg-type]
        )

    return make


APPEND_ONLY_TABLES = [
    "core_auditentry",
    "cases_caseevent",
    "evaluation_rectificationstep",
    "security_securityincidentstep",
    "legislation_draftevent",
]


def set_append_only(enforced: bool, tables: list[str] = APPEND_ONLY_TABLES) -> None:
    from django.db import connection

    from fawang.core.append_only_sql import drop_statements, install_statements

    statements = (install_statements if enforced else drop_statements)(connection.vendor, tables)
    with connection.cursor() as cursor:
        for statement in statements:
            cursor.execute(statement)


@pytest.fixture
def append_only_enforced(db: None) -> None:
    """The database triggers from the migrations, (re)installed: a transactional test may have dropped them."""
    set_append_only(True)


def race(workers: list[Callable[[], Any]]) -> list[object]:
    """Start every worker on its own thread (and database connection) at one barrier; return each one's result or
    the exception it raised. For PostgreSQL tests of row locks and conditional updates (SQLite serialises writers)."""
    barrier = threading.Barrier(len(workers))
    results: list[object] = [None] * len(workers)

    def run(i: int) -> None:
        try:
            barrier.wait()
            results[i] = workers[i]()
        except Exception as exc:  # noqa: BLE001  # the race's loser reports its error
            results[i] = exc
        finally:
            close_old_connections()
            connection.close()

    threads = [threading.Thread(target=run, args=(i,)) for i in range(len(workers))]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    return results


@pytest.fixture(autouse=True)
def _empty_rate_counters() -> None:
    """Every test starts with empty rate counters. The cache outlives each test, and DRF's public throttles
    (30/min per client, portal API) count in it, so earlier tests' requests would spend a later test's budget."""
    caches["default"].clear()


@pytest.fixture
def rate_window() -> Iterator[None]:
    """Empty rate counters and a stopped clock: the limits are fixed windows (M15), so a test whose requests
    straddle a window boundary would see its budget refilled half-way."""
    caches["default"].clear()
    with time_machine.travel(clock.now(), tick=False):
        yield
    caches["default"].clear()


@pytest.fixture
def flushable_db(transactional_db: None) -> object:
    """Transactional tests end with a flush (DELETE on SQLite), which the append-only triggers refuse."""
    set_append_only(True)
    yield
    set_append_only(False)


# One Playwright browser per test process, shared by every app's browser tests (a second sync_playwright in
# the same process fails), so the fixtures are registered here, at the root, and nowhere else.
from fawang.e2e.fixtures import axe_page, browser, page  # noqa: E402, F401
