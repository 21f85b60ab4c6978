"""The committee register and the notice to the basic court (D10; 人民调解法 Art.6, 8-9) through HTTP."""

from __future__ import annotations

import pytest
import time_machine

from fawang.accounts.models import User
from fawang.conftest import County
from fawang.core.models import AuditAction, AuditEntry
from fawang.directory.models import Institution, InstitutionKind
from fawang.directory.tests.factories import InstitutionFactory
from fawang.mediation.models import CommitteeMember
from fawang.mediation.tests.helpers import client_for
from fawang.mediation.tests.test_mediation_http import START, _apply

pytestmark = pytest.mark.django_db
URL = "/work/mediation/committees/"
TODAY = "2026-06-30 10:00:00+08:00"


def _member(name: str, gender: str = "M", **extra: object) -> dict[str, object]:
    return {"name": name, "gender": gender, "term_start": "2026-01-01", "term_end": "2028-12-31", **extra}


@time_machine.travel(TODAY, tick=False)
def test_a_clerk_registers_members_and_the_register_follows_article_8(
    personas: dict[str, User], committee: Institution
) -> None:
    clerk = client_for(personas["clerk_x"])
    page = clerk.get(URL).content.decode()
    assert "委员0人，应为3至9人（人民调解法第8条）" in page
    for data in (_member("王一", role="chair"), _member("李二"), _member("赵三", "F", ethnic_minority="on")):
        response = clerk.post(URL, {"committee": committee.pk, **data})
        assert response.status_code == 302
    page = clerk.get(URL).content.decode()
    assert "符合要求" in page
    assert "在任委员 3 人" in page
    assert "王一（主任）" in page


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (_member("钱四", term_end="2030-01-01"), "每届任期3年"),
        (_member("", "F"), "请填写委员姓名和性别"),
        (_member("孙五", term_start="去年"), "请填写有效的日期"),
    ],
)
@time_machine.travel(TODAY, tick=False)
def test_bad_member_data_is_explained_and_nothing_is_saved(
    personas: dict[str, User], committee: Institution, data: dict[str, object], message: str
) -> None:
    response = client_for(personas["admin"]).post(URL, {"committee": committee.pk, **data})
    assert response.status_code == 400
    assert message in response.content.decode()
    assert not CommitteeMember.objects.exists()


@time_machine.travel(TODAY, tick=False)
def test_a_committee_outside_the_place_cannot_be_chosen(personas: dict[str, User], county: County) -> None:
    elsewhere = InstitutionFactory.create(
        kind=InstitutionKind.MEDIATION_COMMITTEE, name="西镇调委会", region=county.town_y
    )
    response = client_for(personas["clerk_x"]).post(URL, {"committee": elsewhere.pk, **_member("周六")})
    assert response.status_code == 400
    assert "请选择本辖区的人民调解委员会" in response.content.decode()
    assert not CommitteeMember.objects.exists()


def test_the_notice_to_the_court_counts_the_period_and_is_logged(
    personas: dict[str, User], committee: Institution
) -> None:
    with time_machine.travel(START, tick=False):
        assert _apply(client_for(personas["clerk_x"]), committee).status_code == 302
    with time_machine.travel(TODAY, tick=False):
        admin = client_for(personas["admin"])
        for data in (_member("王一"), _member("李二", "F")):
            assert admin.post(URL, {"committee": committee.pk, **data}).status_code == 302
        page = admin.get(URL, {"since": "2026-01-01", "on": "2026-06-30"}).content.decode()
        row = page[page.index(committee.name) :].replace("\n", "")
        # women, minorities, opened, agreements, terminations
        assert "<td>1</td><td>0</td><td>1</td><td>0</td><td>0</td>" in row
        later = admin.get(URL, {"since": "2026-04-01"}).content.decode()
        assert later.count("<td>0</td><td>0</td><td>0</td>") == 1  # the March application is outside
        pdf = admin.get(f"{URL}notice.pdf", {"since": "2026-01-01"})
        assert pdf.status_code == 200
        assert pdf["Content-Type"] == "application/pdf"
    exports = AuditEntry.objects.filter(action=AuditAction.EXPORT, object_type="mediation.CommitteeRegister")
    assert exports.count() == 1


@time_machine.travel(TODAY, tick=False)
def test_bad_dates_and_other_places_are_refused(personas: dict[str, User], county: County) -> None:
    admin = client_for(personas["admin"])
    reversed_period = admin.get(URL, {"since": "2026-06-01", "on": "2026-01-01"})
    assert reversed_period.status_code == 400
    assert "统计起始日期不能晚于截止日期" in reversed_period.content.decode()
    assert admin.get(URL, {"region": county.other_county.code}).status_code == 400
    assert admin.get(f"{URL}notice.pdf", {"region": county.other_county.code}).status_code == 400
    assert not AuditEntry.objects.filter(action=AuditAction.EXPORT).exists()


@time_machine.travel(TODAY, tick=False)
def test_supervisors_read_only_and_others_are_refused(
    personas: dict[str, User], committee: Institution
) -> None:
    supervisor = client_for(personas["county_supervisor"])
    page = supervisor.get(URL)
    assert page.status_code == 200
    assert 'id="member-form"' not in page.content.decode()
    assert supervisor.post(URL, {"committee": committee.pk, **_member("王一")}).status_code == 403
    for persona in ("mediator", "aid_lawyer", "hotline_operator"):
        assert client_for(personas[persona]).get(URL).status_code == 403
    assert not CommitteeMember.objects.exists()
