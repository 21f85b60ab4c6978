"""O8 aid roster and X3 allocation through the workbench HTTP interface: suggestions furthest below the weighted
share, pre-allocation holds seen by concurrent suggestions, override reasons, absences, the out-of-hours rota and
the fairness table."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, date, datetime, timedelta

import pytest
import time_machine
from django.test import Client

from fawang.accounts.models import User
from fawang.accounts.roles import Role
from fawang.conftest import County
from fawang.core.models import AuditEntry
from fawang.directory.models import Practitioner, PractitionerKind
from fawang.legal_aid import services as s
from fawang.legal_aid.models import (
    AllocationHold,
    Assignment,
    DutyShift,
    LegalAidApplication,
    RosterAbsence,
    RosterEntry,
)
from fawang.legal_aid.roster_selectors import allocation_counts
from fawang.legal_aid.tests.helpers import client_for, post_step
from fawang.people.idcard import id_check_char
from fawang.people.services import person_register

T0 = datetime(2025, 3, 3, 2, 0, tzinfo=UTC)  # Monday 2025-03-03 10:00 Beijing
SATURDAY = datetime(2025, 3, 8, 2, 0, tzinfo=UTC)  # 10:00 Beijing on a rest day
ROSTER = "/work/legal-aid/roster/"


def _granted(reviewer: User, county: County, n: int) -> LegalAidApplication:
    first17 = f"11010119900307{n:03d}"
    person = person_register(actor=reviewer, name=f"申请人{n}", id_number=first17 + id_check_char(first17))
    app = s.aid_application_submit(
        actor=reviewer,
        region=county.county,
        requester=person,
        title=f"追索抚养费{n}",
        details=s.AidDetails(matter="maintenance", verification_mode="pledge"),
    )
    s.aid_accept(actor=reviewer, application=app)
    s.aid_grant(actor=reviewer, application=app, reasons="符合条件")
    app.case.refresh_from_db()
    return app


def _roster(client: Client, county: County, practitioner: Practitioner, **fields: object) -> int:
    data = {
        "action": "entry",
        "practitioner_id": practitioner.pk,
        "weight": 1,
        "criminal": "on",
        "civil": "on",
    }
    data["active"] = "on"
    data.update({k: v for k, v in fields.items()})
    return client.post(f"{ROSTER}?county={county.county.pk}", data).status_code


@pytest.fixture
def reviewer(personas: dict[str, User]) -> Client:
    return client_for(personas["aid_reviewer"])


@pytest.fixture
def rostered(reviewer: Client, county: County) -> County:
    with time_machine.travel(T0, tick=False):
        assert _roster(reviewer, county, county.lawyer) == 302
        assert _roster(reviewer, county, county.other_lawyer) == 302
    return county


def test_reviewer_builds_the_roster_and_every_change_is_audited(
    reviewer: Client, county: County, personas: dict[str, User]
) -> None:
    with time_machine.travel(T0, tick=False):
        assert _roster(reviewer, county, county.lawyer, weight=3, note="刑事专长") == 302
        assert _roster(reviewer, county, county.lawyer, weight=2) == 302  # a second save changes the entry
        entry = RosterEntry.objects.get(practitioner=county.lawyer)
        assert (entry.weight, entry.note, entry.updated_by) == (2, "", personas["aid_reviewer"])
        page = reviewer.get(ROSTER)
    assert page.status_code == 200
    body = page.content.decode()
    assert "李律师" in body
    assert 'id="roster-entry-form"' in body
    assert list(
        AuditEntry.objects.filter(object_type="legal_aid.RosterEntry")
        .order_by("id")
        .values_list("action", flat=True)
    ) == ["create", "update"]


@pytest.mark.parametrize(
    ("fields", "error"),
    [
        ({"weight": 11}, "分配权重"),
        ({"weight": 0}, "分配权重"),
        ({"criminal": "", "civil": ""}, "至少选择"),
        ({"practitioner_id": "abc"}, "提交的内容有误"),
    ],
)
def test_bad_roster_input_is_refused_in_chinese_and_changes_nothing(
    reviewer: Client, county: County, fields: dict[str, object], error: str
) -> None:
    with time_machine.travel(T0, tick=False):
        data = {"action": "entry", "practitioner_id": county.lawyer.pk, "weight": 1, "criminal": "on"}
        data.update(fields)
        data = {k: v for k, v in data.items() if v != ""}
        response = reviewer.post(ROSTER, data)
    assert response.status_code == 400
    assert error in response.content.decode()
    assert not RosterEntry.objects.exists()


def test_only_aid_personnel_of_the_county_can_be_rostered(reviewer: Client, county: County) -> None:
    with time_machine.travel(T0, tick=False):
        response = reviewer.post(
            ROSTER, {"action": "entry", "practitioner_id": county.mediator.pk, "weight": 1, "civil": "on"}
        )
    assert response.status_code == 400
    assert "只能将本县（区）在岗的律师" in response.content.decode()
    assert not RosterEntry.objects.exists()


def test_supervisors_read_the_roster_but_cannot_change_it_and_others_are_refused(
    rostered: County, personas: dict[str, User]
) -> None:
    supervisor = client_for(personas["county_supervisor"])
    page = supervisor.get(ROSTER)
    assert page.status_code == 200
    assert "李律师" in page.content.decode()
    assert 'id="roster-entry-form"' not in page.content.decode()
    with time_machine.travel(T0, tick=False):
        refused = _roster(supervisor, rostered, rostered.lawyer, weight=5)
    assert refused == 403
    assert RosterEntry.objects.get(practitioner=rostered.lawyer).weight == 1
    for persona in ("outsider", "citizen", "aid_lawyer"):
        assert client_for(personas[persona]).get(ROSTER).status_code == 403, persona


def test_suggestion_goes_furthest_below_the_weighted_share_and_is_recorded_when_taken(
    reviewer: Client, rostered: County, personas: dict[str, User]
) -> None:
    with time_machine.travel(T0, tick=False):
        earlier = _granted(personas["aid_reviewer"], rostered, 1)
        s.aid_assign(
            actor=personas["aid_reviewer"],
            application=earlier,
            practitioner_id=rostered.lawyer.pk,
            override_reason="",
        )
        app = _granted(personas["aid_reviewer"], rostered, 2)
        assert post_step(reviewer, app.case, "suggest").status_code == 302
        hold = AllocationHold.objects.get(application=app)
        assert hold.practitioner == rostered.other_lawyer  # 李律师 already has one, 王律师 none
        page = reviewer.get(f"/work/legal-aid/{app.case.reference}/").content.decode()
        assert "建议：王律师" in page
        assert "系统建议" in page
        assert (
            post_step(reviewer, app.case, "assign", {"practitioner_id": rostered.other_lawyer.pk}).status_code
            == 302
        )
    assignment = Assignment.objects.get(application=app)
    assert (assignment.method, assignment.pool, assignment.override_reason) == ("suggested", "civil", "")
    assert not AllocationHold.objects.filter(application=app).exists()
    assert Assignment.objects.get(application=earlier).method == "manual"


def test_a_live_hold_counts_so_concurrent_suggestions_spread(
    reviewer: Client, rostered: County, personas: dict[str, User]
) -> None:
    with time_machine.travel(T0, tick=False):
        first, second = (_granted(personas["aid_reviewer"], rostered, n) for n in (1, 2))
        assert post_step(reviewer, first.case, "suggest").status_code == 302
        assert post_step(reviewer, second.case, "suggest").status_code == 302
        held = {h.application_id: h.practitioner_id for h in AllocationHold.objects.all()}
    assert len(held) == 2
    assert held[first.pk] != held[second.pk]
    # After the hold expires it no longer counts.
    with time_machine.travel(T0 + timedelta(minutes=31), tick=False):
        counts = allocation_counts(
            county=rostered.county.code[:6],
            pool="civil",
            since=T0 - timedelta(days=1),
            exclude_application=None,
        )
    assert sum(counts.values()) == 0


def test_setting_a_suggestion_aside_needs_a_reason(
    reviewer: Client, rostered: County, personas: dict[str, User]
) -> None:
    with time_machine.travel(T0, tick=False):
        app = _granted(personas["aid_reviewer"], rostered, 1)
        assert post_step(reviewer, app.case, "suggest").status_code == 302
        suggested = AllocationHold.objects.get(application=app).practitioner
        other = rostered.other_lawyer if suggested == rostered.lawyer else rostered.lawyer
        refused = post_step(
            reviewer, app.case, "assign", {"practitioner_id": other.pk}, HTTP_HX_REQUEST="true"
        )
        assert refused.status_code == 400
        assert "请填写理由" in refused.content.decode()
        assert not Assignment.objects.filter(application=app).exists()
        app.case.refresh_from_db()
        assert app.case.status == "granted"
        done = post_step(
            reviewer,
            app.case,
            "assign",
            {"practitioner_id": other.pk, "override_reason": "受援人指定熟悉的律师"},
        )
        assert done.status_code == 302
    assignment = Assignment.objects.get(application=app)
    assert (assignment.method, assignment.override_reason) == ("manual", "受援人指定熟悉的律师")


def test_course_corrections_are_not_counted_in_the_fair_shares(
    reviewer: Client, rostered: County, personas: dict[str, User]
) -> None:
    with time_machine.travel(T0, tick=False):
        app = _granted(personas["aid_reviewer"], rostered, 1)
        response = post_step(
            reviewer,
            app.case,
            "assign",
            {
                "practitioner_id": rostered.lawyer.pk,
                "method": "course_correction",
                "override_reason": "更正误派",
            },
        )
        assert response.status_code == 302
        counts = allocation_counts(
            county=rostered.county.code[:6],
            pool="civil",
            since=T0 - timedelta(days=1),
            exclude_application=None,
        )
        page = reviewer.get(ROSTER).content.decode()
    assert Assignment.objects.get(application=app).method == "course_correction"
    assert counts[rostered.lawyer.pk] == 0
    assert "0／1／0" in page  # shown in the method columns, not counted


def test_absent_practitioners_are_left_out_and_the_reason_is_shown(
    reviewer: Client, rostered: County, personas: dict[str, User]
) -> None:
    with time_machine.travel(T0, tick=False):
        response = reviewer.post(
            ROSTER,
            {
                "action": "absence",
                "practitioner_id": rostered.lawyer.pk,
                "starts_on": "2025-03-01",
                "ends_on": "2025-03-07",
                "reason": "年休假",
            },
        )
        assert response.status_code == 302
        assert RosterAbsence.objects.count() == 1
        backwards = reviewer.post(
            ROSTER,
            {
                "action": "absence",
                "practitioner_id": rostered.lawyer.pk,
                "starts_on": "2025-03-09",
                "ends_on": "2025-03-08",
                "reason": "x",
            },
        )
        assert backwards.status_code == 400
        assert "结束日期不能早于开始日期" in backwards.content.decode()
        assert RosterAbsence.objects.count() == 1
        for n in (1, 2):
            app = _granted(personas["aid_reviewer"], rostered, n)
            post_step(reviewer, app.case, "suggest")
            assert AllocationHold.objects.get(application=app).practitioner == rostered.other_lawyer
        page = reviewer.get(f"/work/legal-aid/{app.case.reference}/").content.decode()
    assert "李律师：暂停分配期间" in page


def test_out_of_hours_the_duty_rota_answers(
    reviewer: Client, rostered: County, personas: dict[str, User]
) -> None:
    with time_machine.travel(T0, tick=False):
        earlier = _granted(personas["aid_reviewer"], rostered, 1)
        s.aid_assign(
            actor=personas["aid_reviewer"], application=earlier, practitioner_id=rostered.other_lawyer.pk
        )
        response = reviewer.post(
            ROSTER, {"action": "shift", "practitioner_id": rostered.other_lawyer.pk, "on_date": "2025-03-08"}
        )
        assert response.status_code == 302
        again = reviewer.post(
            ROSTER, {"action": "shift", "practitioner_id": rostered.other_lawyer.pk, "on_date": "2025-03-08"}
        )
        assert again.status_code == 400
        assert "已经排班" in again.content.decode()
        assert DutyShift.objects.count() == 1
        app = _granted(personas["aid_reviewer"], rostered, 2)
    with time_machine.travel(SATURDAY, tick=False):
        post_step(reviewer, app.case, "suggest")
        # 王律师 has one matter already, but he alone is on duty on Saturday.
        assert AllocationHold.objects.get(application=app).practitioner == rostered.other_lawyer
        assert (
            "仅在今日值班人员中建议"
            in reviewer.get(f"/work/legal-aid/{app.case.reference}/").content.decode()
        )
    with time_machine.travel(T0 + timedelta(days=1), tick=False):  # back in office hours: the whole roster
        post_step(reviewer, app.case, "suggest")
        assert AllocationHold.objects.get(application=app).practitioner == rostered.lawyer


def test_criminal_matters_are_suggested_to_lawyers_who_take_them(
    reviewer: Client, rostered: County, personas: dict[str, User]
) -> None:
    with time_machine.travel(T0, tick=False):
        assert _roster(reviewer, rostered, rostered.lawyer, criminal="") == 302  # civil only now
        reviewer_user = personas["aid_reviewer"]
        person = person_register(
            actor=reviewer_user,
            name="张某",
            id_number="11010119900307999" + id_check_char("11010119900307999"),
        )
        app = s.aid_application_submit(
            actor=reviewer_user,
            region=rostered.county,
            requester=person,
            title="刑事辩护",
            details=s.AidDetails(matter="criminal_defence", verification_mode="pledge"),
        )
        s.aid_accept(actor=reviewer_user, application=app)
        s.aid_grant(actor=reviewer_user, application=app, reasons="符合条件")
        post_step(reviewer, app.case, "suggest")
        page = reviewer.get(f"/work/legal-aid/{app.case.reference}/").content.decode()
    assert AllocationHold.objects.get(application=app).pool == "criminal"
    assert AllocationHold.objects.get(application=app).practitioner == rostered.other_lawyer
    assert "李律师：不承办刑事案件" in page


def test_an_empty_roster_gives_no_suggestion_and_manual_assignment_still_works(
    reviewer: Client, county: County, personas: dict[str, User]
) -> None:
    with time_machine.travel(T0, tick=False):
        app = _granted(personas["aid_reviewer"], county, 1)
        post_step(reviewer, app.case, "suggest")
        assert not AllocationHold.objects.exists()
        assert (
            "名册中暂无可指派的人员"
            in reviewer.get(f"/work/legal-aid/{app.case.reference}/").content.decode()
        )
        assert (
            post_step(reviewer, app.case, "assign", {"practitioner_id": county.lawyer.pk}).status_code == 302
        )
    assert Assignment.objects.get(application=app).method == "manual"


def test_non_lawyers_never_get_criminal_matters_even_if_rostered_for_them(
    reviewer: Client, county: County
) -> None:
    worker = Practitioner.objects.create(
        kind=PractitionerKind.GRASSROOTS_WORKER,
        name="周法律工作者",
        licence_number="G-1",
        practice_start=date(2015, 1, 1),
        institution=county.law_firm,
    )
    with time_machine.travel(T0, tick=False):
        assert _roster(reviewer, county, worker) == 302
        page = reviewer.get(f"{ROSTER}?pool=criminal").content.decode()
    assert "周法律工作者" in page


def test_a_township_scoped_reviewer_does_not_reach_the_county_roster(
    county: County, make_user: Callable[..., User]
) -> None:
    township = client_for(make_user("town_reviewer", Role.AID_REVIEWER, region=county.town_x))
    assert township.get(ROSTER).status_code == 403
    with time_machine.travel(T0, tick=False):
        assert _roster(township, county, county.lawyer) == 403
    assert not RosterEntry.objects.exists()
