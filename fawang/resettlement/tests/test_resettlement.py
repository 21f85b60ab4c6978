"""Resettlement records (R1-R2): named roles only, refusals that change and reveal nothing, aggregate figures;
the village adviser's service log and its counts (O4)."""

from __future__ import annotations

from datetime import date

import pytest

from fawang.accounts.models import User
from fawang.accounts.roles import Role
from fawang.cases.models import Case
from fawang.conftest import County, MakeUser
from fawang.core.errors import PermissionDeniedError
from fawang.core.models import AuditEntry
from fawang.directory.models import AdviserServiceLog, PractitionerKind, VillageAdviserAssignment
from fawang.directory.tests.factories import PractitionerFactory
from fawang.mediation.tests.helpers import client_for
from fawang.people.models import Person
from fawang.resettlement.adviser_log import adviser_service_counts, adviser_service_log_record
from fawang.resettlement.models import ResettlementAccessGrant, ResettlementRecord, ResettlementVisit
from fawang.resettlement.services import resettlement_access_grant, resettlement_record_open


@pytest.fixture
def record(personas: dict[str, User], county: County) -> ResettlementRecord:
    person = Person.objects.create(name="陈某某", phone="13700000000")
    return resettlement_record_open(
        actor=personas["admin"],
        person=person,
        township=county.town_x,
        released_on=date(2026, 10, 8),
        released_from="重庆市某监狱",
        handed_over_on=date(2026, 10, 9),
        needs=["work", "relief"],
        plan="介绍就业，申请临时救助。",
        unable_to_work_without_support=True,
    )


def _trace() -> tuple[int, int, int]:
    """Everything a refused request could leave behind (sign-ins by the test client are not its doing)."""
    touched = AuditEntry.objects.filter(object_type__startswith="resettlement.").count()
    return touched, ResettlementVisit.objects.count(), ResettlementAccessGrant.objects.count()


@pytest.mark.parametrize(
    "persona",
    [
        "clerk_x",
        "clerk_y",
        "window_clerk",
        "county_supervisor",
        "hotline_operator",
        "mediator",
        "aid_reviewer",
        "outsider",
        "citizen",
    ],
)
def test_unnamed_roles_get_not_found_and_leave_no_trace(
    personas: dict[str, User], record: ResettlementRecord, persona: str
) -> None:
    client = client_for(personas[persona])
    before = _trace()
    assert client.get(f"/work/resettlement/{record.pk}/").status_code == 404
    response = client.post(
        f"/work/resettlement/{record.pk}/step/visit/",
        {"visited_on": "2026-10-20", "method": "home", "notes": "走访"},
    )
    assert response.status_code == 404
    assert client.get("/work/resettlement/").status_code == 403
    assert _trace() == before


def test_county_admin_opens_and_every_view_is_audited(
    personas: dict[str, User], record: ResettlementRecord
) -> None:
    client = client_for(personas["admin"])
    before = AuditEntry.objects.filter(object_type="resettlement.ResettlementRecord", action="view").count()
    page = client.get(f"/work/resettlement/{record.pk}/")
    assert page.status_code == 200
    assert "陈某某" in page.content.decode()
    after = AuditEntry.objects.filter(object_type="resettlement.ResettlementRecord", action="view").count()
    assert after - before == 1


def test_township_clerk_needs_a_named_grant_for_their_own_township(
    personas: dict[str, User], county: County, record: ResettlementRecord
) -> None:
    with pytest.raises(PermissionDeniedError):
        resettlement_access_grant(actor=personas["clerk_x"], user=personas["clerk_x"], township=county.town_x)
    assert ResettlementAccessGrant.objects.count() == 0
    resettlement_access_grant(actor=personas["admin"], user=personas["clerk_x"], township=county.town_x)
    resettlement_access_grant(actor=personas["admin"], user=personas["clerk_y"], township=county.town_x)
    assert client_for(personas["clerk_x"]).get(f"/work/resettlement/{record.pk}/").status_code == 200
    # A grant for another township's records does not help a clerk of township Y (R2).
    assert client_for(personas["clerk_y"]).get(f"/work/resettlement/{record.pk}/").status_code == 404
    clerk = client_for(personas["clerk_x"])
    response = clerk.post(
        f"/work/resettlement/{record.pk}/step/visit/",
        {"visited_on": "2026-10-20", "method": "home", "notes": "已到村委会报到。"},
    )
    assert response.status_code == 302
    assert list(record.visits.values_list("notes", flat=True)) == ["已到村委会报到。"]


def test_relief_must_be_linked_before_closing(personas: dict[str, User], record: ResettlementRecord) -> None:
    client = client_for(personas["admin"])
    response = client.post(f"/work/resettlement/{record.pk}/step/close/", {"note": "已稳定"})
    assert response.status_code == 400
    assert "须先衔接当地社会救助" in response.content.decode()
    client.post(
        f"/work/resettlement/{record.pk}/step/measure/",
        {"kind": "relief", "description": "已申请临时救助1500元", "taken_on": "2026-10-15"},
    )
    assert client.post(f"/work/resettlement/{record.pk}/step/close/", {"note": "已稳定"}).status_code == 302
    record.refresh_from_db()
    assert (record.status, record.relief_linked, record.relief_note) == (
        "closed",
        True,
        "已申请临时救助1500元",
    )


def test_never_in_the_general_queue_or_case_search(
    personas: dict[str, User], record: ResettlementRecord
) -> None:
    assert Case.objects.count() == 0
    for persona in ("admin", "window_clerk"):
        client = client_for(personas[persona])
        assert "陈某某" not in client.get("/work/").content.decode()
        assert client.get("/api/v1/cases/").json() == []


def test_published_figures_are_aggregate_only(
    personas: dict[str, User], county: County, record: ResettlementRecord
) -> None:
    page = client_for(personas["county_supervisor"]).get("/work/resettlement/figures/")
    body = page.content.decode()
    assert page.status_code == 200
    assert "帮扶中 1 人，已结束 0 人" in body
    assert "<td>东镇</td><td>&lt;5</td><td>0</td>" in body
    assert "陈某某" not in body
    assert "某监狱" not in body
    assert client_for(personas["clerk_x"]).get("/work/resettlement/figures/").status_code == 403


@pytest.fixture
def adviser(county: County, make_user: MakeUser) -> User:
    user = make_user("adviser", Role.VILLAGE_ADVISER, institution=county.law_firm)
    practitioner = PractitionerFactory.create(
        kind=PractitionerKind.LAWYER, name="何顾问", institution=county.law_firm, user=user
    )
    VillageAdviserAssignment.objects.create(
        village=county.village_x, practitioner=practitioner, valid_from=date(2026, 1, 1)
    )
    return user


def test_adviser_logs_services_for_paired_villages_only(adviser: User, county: County) -> None:
    client = client_for(adviser)
    response = client.post(
        "/work/resettlement/advisers/",
        {
            "village": county.village_x.pk,
            "kind": "lecture",
            "happened_on": "2026-11-20",
            "topic": "民法典婚姻家庭编",
            "attendees": "",
        },
    )
    assert (response.status_code, "普法讲座请填写参加人数" in response.content.decode()) == (400, True)
    assert (
        client.post(
            "/work/resettlement/advisers/",
            {
                "village": county.village_x.pk,
                "kind": "lecture",
                "happened_on": "2026-11-20",
                "topic": "民法典婚姻家庭编",
                "attendees": "45",
            },
        ).status_code
        == 302
    )
    response = client.post(
        "/work/resettlement/advisers/",
        {
            "village": county.village_y.pk,
            "kind": "visit",
            "happened_on": "2026-11-20",
            "topic": "走访",
        },
    )
    assert (response.status_code, AdviserServiceLog.objects.count()) == (400, 1)
    with pytest.raises(PermissionDeniedError):
        adviser_service_log_record(
            actor=adviser,
            village=county.village_y,
            kind="visit",
            happened_on=date(2026, 11, 20),
            topic="走访",
        )


def test_adviser_service_counts(adviser: User, county: County) -> None:
    for kind, day, attendees in (
        ("consultation", 3, 0),
        ("consultation", 5, 0),
        ("lecture", 7, 30),
        ("mediation_support", 9, 0),
        ("visit", 28, 0),
    ):
        adviser_service_log_record(
            actor=adviser,
            village=county.village_x,
            kind=kind,
            happened_on=date(2026, 10, day),
            topic="服务",
            attendees=attendees,
        )
    counts = adviser_service_counts(
        region=county.county, date_from=date(2026, 10, 1), date_to=date(2026, 10, 20)
    )
    assert counts == {
        "visit": 0,
        "consultation": 2,
        "opinion": 0,
        "lecture": 1,
        "mediation_support": 1,
        "villages_served": 1,
        "villages_paired": 1,
        "lecture_attendees": 30,
    }
    other = adviser_service_counts(
        region=county.town_y, date_from=date(2026, 10, 1), date_to=date(2026, 10, 31)
    )
    assert (other["consultation"], other["villages_served"], other["villages_paired"]) == (0, 0, 0)
