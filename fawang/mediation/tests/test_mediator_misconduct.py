"""Mediator misconduct is a complaint category filed against the mediator's record (D13; 人民调解法 Art.15)."""

from __future__ import annotations

import pytest
import time_machine

from fawang.accounts.models import User
from fawang.cases.models import Case, CaseEvent
from fawang.conftest import County
from fawang.directory.models import Institution
from fawang.evaluation.models import ComplaintDetail
from fawang.mediation.tests.helpers import client_for
from fawang.mediation.tests.test_mediation_http import START, _accept_assign_start, _apply

pytestmark = pytest.mark.django_db


@pytest.fixture
def opened(personas: dict[str, User], committee: Institution) -> str:
    with time_machine.travel(START, tick=False):
        response = _apply(client_for(personas["clerk_x"]), committee)
    assert response.status_code == 302
    return str(response["Location"]).rstrip("/").split("/")[-1]


def _complain(clerk: User, ground: str, **extra: str) -> tuple[int, str]:
    data = {
        "kind": "complaint",
        "ground": ground,
        "title": "投诉调解员",
        "description": "调解过程中的情况",
        "channel": "window",
        "name": "张三",
        "phone": "13800000001",
        "idempotency_key": f"d13-{ground}",
        **extra,
    }
    response = client_for(clerk).post("/work/evaluation/complaints/new/", data)
    return response.status_code, response.content.decode()


@pytest.mark.parametrize(
    ("_case", "ground", "label"),
    [
        ("Art.15(1) bias towards one party", "mediator_bias", "调解员偏袒一方当事人"),
        ("Art.15(2) insulting a party", "mediator_insult", "调解员侮辱当事人"),
        ("Art.15(3) taking money or other benefits", "mediator_benefit", "调解员索取、收受财物"),
        (
            "Art.15(4) leaking privacy or trade secrets",
            "mediator_secret",
            "调解员泄露当事人的个人隐私、商业秘密",
        ),
    ],
)
def test_misconduct_complaint_about_a_mediation_lands_on_the_mediators_record(
    personas: dict[str, User], county: County, opened: str, _case: str, ground: str, label: str
) -> None:
    with time_machine.travel(START, tick=False):
        _accept_assign_start(personas, county, opened)
    code, _ = _complain(personas["clerk_x"], ground, about_reference=opened)
    assert code == 302
    detail = ComplaintDetail.objects.get(case__service_type="complaint")
    # The mediator is taken from the mediation 工单 the complaint is about.
    assert (
        detail.ground,
        detail.subject_practitioner,
        detail.about_case.reference if detail.about_case else "",
    ) == (
        ground,
        county.mediator,
        opened,
    )
    page = client_for(personas["county_supervisor"]).get(
        f"/work/evaluation/records/practitioner/{county.mediator.pk}/"
    )
    body = page.content.decode()
    assert (page.status_code, "投诉 1 件" in body, label in body) == (200, True, True)


def test_misconduct_complaint_naming_no_mediator_is_refused_and_nothing_is_filed(
    personas: dict[str, User], county: County, opened: str
) -> None:
    before = (Case.objects.count(), ComplaintDetail.objects.count(), CaseEvent.objects.count())
    clerk = personas["clerk_x"]
    # A lawyer is not a people's mediator: Art.15 grounds need a mediator on the record.
    code, body = _complain(
        clerk, "mediator_bias", about_reference=opened, subject_practitioner=str(county.lawyer.pk)
    )
    assert (code, "须指明被投诉的调解员" in body) == (400, True)
    # No mediator assigned to the mediation yet, and none named.
    code, body = _complain(clerk, "mediator_insult", about_reference=opened)
    assert (code, "须指明被投诉的调解员" in body) == (400, True)
    assert (Case.objects.count(), ComplaintDetail.objects.count(), CaseEvent.objects.count()) == before
