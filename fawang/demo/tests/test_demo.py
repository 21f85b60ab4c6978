"""The demo county builder (issue 2 §8): realistic counts, one account per role, history, idempotent."""

from __future__ import annotations

from collections import Counter
from datetime import date, timedelta

import pytest
from django.core.management import call_command
from django.test import Client

from fawang.accounts.models import RoleAssignment, User
from fawang.accounts.roles import Role
from fawang.cases.models import Case
from fawang.core import clock
from fawang.demo.builder import demo_build
from fawang.directory.models import (
    Practitioner,
    Site,
    SiteKind,
    StewardContact,
    VillageAdviserAssignment,
    WindowPost,
)
from fawang.directory.selectors import window_posts_for_clerk
from fawang.mediation.models import CommitteeMember
from fawang.mediation.registry import committee_register
from fawang.regions.models import Region, RegionLevel
from fawang.supervision.demo import CENTRE_WINDOWS
from fawang.supervision.models import SiteInspection


@pytest.mark.django_db
def test_demo_county(capsys: pytest.CaptureFixture[str]) -> None:
    call_command("generate_demo", "--cases", "40", "--seed", "7")
    out = capsys.readouterr().out
    townships = Region.objects.filter(level=RegionLevel.TOWNSHIP).count()
    villages = Region.objects.filter(level=RegionLevel.VILLAGE)
    assert townships == 26
    assert villages.count() >= 100
    assert not villages.filter(population=0).exists()
    assert Site.objects.filter(kind=SiteKind.CENTRE).count() == 1
    assert Site.objects.filter(kind=SiteKind.STATION).count() == townships
    assert Site.objects.filter(kind=SiteKind.ROOM).count() == villages.count()
    assert Practitioner.objects.count() >= 50
    assert VillageAdviserAssignment.objects.filter(valid_to__isnull=True).count() == villages.count()
    assert StewardContact.objects.count() == townships * 4
    county = Region.objects.get(code="500231000000")
    assert county.population == sum(villages.values_list("population", flat=True))
    assert set(RoleAssignment.objects.values_list("role", flat=True)) == {r.value for r in Role}
    for username in (
        "hotline",
        "clerk",
        "reviewer",
        "lawyer",
        "mediator",
        "notary",
        "supervisor",
        "admin",
        "citizen",
    ):
        assert username in out
    cases = Case.objects.count()  # the 40 asked for, and the roster's half year of aid matters (X3)
    assert cases > 40
    assert f"新建历史工单 {cases} 件" in out
    assert len(set(Case.objects.values_list("service_type", flat=True))) >= 4
    assert len(set(Case.objects.values_list("channel", flat=True))) >= 4
    assert Case.objects.filter(status="closed").exists()
    assert Case.objects.exclude(
        status__in=["closed", "refused", "rejected", "withdrawn", "resolved"]
    ).exists()

    # D10: every committee has a compliant membership (3-9 members, a woman), registered through the service.
    register = committee_register(region=county, since=date(2026, 1, 1), on=clock.local_today())
    assert len(register.rows) >= 27
    assert register.non_compliant == 0
    members = CommitteeMember.objects.count()
    inspections = SiteInspection.objects.count()
    assert 0 < inspections < Site.objects.count()  # G7: most sites inspected once, some left to do
    clerk = User.objects.get(username="clerk")
    assert [str(w) for w in window_posts_for_clerk(user=clerk)][:2] == [
        "1号窗口（综合受理）",
        "2号窗口（法律援助）",
    ]

    # Q1-Q5: a draft open for comment with a hearing; P1-P4: a published course, an upcoming event, a culture site.
    from fawang.education.models import Course, CultureSite, EducationEvent
    from fawang.legislation.models import Draft, Hearing

    draft = Draft.objects.get()
    assert draft.phase_on(clock.local_today()) == "open"
    assert Hearing.objects.filter(draft=draft).count() == 1
    assert Course.objects.get().status == "published"
    assert (EducationEvent.objects.count(), CultureSite.objects.count()) == (1, 1)
    public = Client()
    assert draft.title in public.get("/legislation/").content.decode()
    assert "农民工讨薪维权入门" in public.get("/learn/courses/").content.decode()

    # O8, X3: the county's aid roster (criminal matters to lawyers only) and a rota for the coming rest days.
    from fawang.legal_aid.models import DutyShift, RosterEntry

    roster = RosterEntry.objects.filter(region=county)
    assert roster.count() >= 5
    assert not roster.filter(criminal=True).exclude(practitioner__kind="lawyer").exists()
    shifts = DutyShift.objects.count()
    assert shifts >= 2
    reviewer = Client()
    reviewer.force_login(User.objects.get(username="reviewer"))
    assert "法律援助人员名册" in reviewer.get("/work/legal-aid/roster/").content.decode()

    # X3: half a year of aid matters allocated through the roster, so that the fairness table of each pool has
    # (almost) no empty rows and the weights show: on aggregate, more weight means more matters.
    from fawang.legal_aid.models import AllocationHold, AllocationMethod, AllocationPool, Assignment
    from fawang.legal_aid.roster_selectors import roster_fairness

    for pool in AllocationPool:
        shares = [r.share for r in roster_fairness(county=county, pool=pool) if r.share is not None]
        assert len(shares) >= 5, pool
        assert sum(s.allocated > 0 for s in shares) >= 0.9 * len(shares), (pool, shares)
    by_weight: dict[int, list[int]] = {}
    for row in roster_fairness(county=county, pool=AllocationPool.CIVIL):
        if row.share is not None:
            by_weight.setdefault(row.share.weight, []).append(row.share.allocated)
    means = [sum(counts) / len(counts) for _, counts in sorted(by_weight.items())]
    assert len(means) >= 2, by_weight
    assert means == sorted(means), by_weight
    assert means[0] < means[-1], by_weight
    recent = Counter(
        Assignment.objects.filter(assigned_at__gte=clock.now() - timedelta(days=183)).values_list(
            "method", "override_reason"
        )
    )
    suggested = sum(n for (method, _), n in recent.items() if method == AllocationMethod.SUGGESTED)
    assert suggested > sum(recent.values()) / 2  # mostly as the engine suggested...
    overridden = [r for (method, r), n in recent.items() if method == AllocationMethod.MANUAL and r]
    assert overridden  # ...some set aside with a reason...
    corrections = sum(
        n for (method, r), n in recent.items() if method == AllocationMethod.COURSE_CORRECTION and r
    )
    assert corrections == 2  # ...and two course corrections, left out of the counts
    assert not Assignment.objects.filter(pool="").exists()
    assert not Assignment.objects.exclude(application__case__region__code__startswith=county.prefix).exists()
    assert not AllocationHold.objects.exists()  # every suggestion was taken or set aside

    # L6: the county's institutions declared their accessible services through the service; the aid centre lacks
    # braille and large print, so the supervisor's 待整改 list shows it; one law firm is left unrecorded.
    from fawang.core.models import AuditEntry
    from fawang.directory.models import Institution, InstitutionKind
    from fawang.supervision.accessibility import aid_centre_shortfall_list_for_user

    declared = AuditEntry.objects.filter(object_type="directory.Institution").count()
    county_institutions = Institution.objects.filter(region__code__startswith=county.prefix)
    assert declared == county_institutions.exclude(accessibility_recorded_at=None).count()
    assert county_institutions.filter(accessibility_recorded_at=None).count() == 1
    shortfalls = aid_centre_shortfall_list_for_user(user=User.objects.get(username="supervisor"))
    assert [(r.institution.kind, [m.service for m in r.missing]) for r in shortfalls] == [
        (InstitutionKind.LEGAL_AID_CENTRE, ["braille_large_print"])
    ]
    signing = public.get("/directory/", {"accessible_service": "sign_language"}).content.decode()
    assert "垫江县法律援助中心" in signing

    assignments = Assignment.objects.count()
    demo_build(seed=7, cases=40)  # a second run adds nothing
    assert Assignment.objects.count() == assignments  # X3
    assert AuditEntry.objects.filter(object_type="directory.Institution").count() == declared  # L6
    assert (RosterEntry.objects.count(), DutyShift.objects.count()) == (roster.count(), shifts)
    assert Case.objects.count() == cases
    assert (Draft.objects.count(), Course.objects.count(), EducationEvent.objects.count()) == (1, 1, 1)
    assert CommitteeMember.objects.count() == members
    assert SiteInspection.objects.count() == inspections
    assert WindowPost.objects.count() == len(CENTRE_WINDOWS)  # G6
    assert Practitioner.objects.count() == Practitioner.objects.values("licence_number").distinct().count()


@pytest.mark.django_db
def test_each_demo_role_reaches_its_workbench() -> None:
    demo_build(seed=3, cases=30)
    for username in (
        "hotline",
        "clerk",
        "clerk_town",
        "reviewer",
        "lawyer",
        "mediator",
        "notary",
        "appraiser",
        "adviser",
        "supervisor",
        "inspector",
        "admin",
    ):
        client = Client()
        assert client.login(username=username, password="Fawang@2026demo"), username
        response = client.get("/work/")
        assert response.status_code == 200, username
        assert "我的工作台" in response.content.decode()
    agent = Client()
    assert agent.login(username="hotline", password="Fawang@2026demo")
    assert agent.get("/work/hotline/").status_code == 200  # the demo 12348 centre exists, with seats
    supervisor = Client()
    assert supervisor.login(username="supervisor", password="Fawang@2026demo")
    assert supervisor.get("/work/hotline/hours/").status_code == 200
    citizen = Client()
    assert citizen.login(username="citizen", password="Fawang@2026demo")
    assert citizen.get("/work/")["Location"] == "/me/"
    assert "我的事项" in citizen.get("/me/").content.decode()
