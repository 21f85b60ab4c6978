"""A small fixed history in March 2026 whose indicators are computed by hand in test_indicators.py.

Built through the real services with the clock moved to each moment. Cases (county 990101 unless noted):
C1 consultation 东镇 window (劳动纠纷): dispatched to 东镇工作站, answered and closed 03-03; rated 5 on 03-04.
C2 consultation 西镇 hotline (婚姻家庭): accepted and answered 03-05, closed; rated 1 on 03-06 -> rectification,
   answered "fix now" 03-10, verified 03-12 (reached, re-rated 4).
C3 legal aid 东镇 web, person A: accepted 03-02, granted 03-05 (review met), assigned 03-10 (assign breached).
C4 legal aid 西镇 window: accepted 03-03, refused 03-20 (review breached).
C6 legal aid 东镇 window, person A again: accepted 03-09, granted 03-11 (review met), not yet assigned.
C7 mediation 东镇 window: its 1-month clock met on 03-20 (written directly, see _mediation_concluded); one visit
   rated 3 on 03-21.
C8 notary 东镇 window: its 15-WD clock (ended 03-23) stopped, breached, on 03-30 (written directly).
C9 consultation in the other county 990102, 03-05, open.   C10 consultation 东镇, 2026-02-20, open.
C11 complaint 东镇 web: accepted 03-04, replied 03-06 (met).
Village advisers: 东村 active since 2026-01-01; 西村's ended 2026-02-01.
Survey (county, 02-01..03-31): four answers in March, one in February.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

import pytest
import time_machine

from fawang.accounts.models import User
from fawang.accounts.roles import Role
from fawang.cases.deadlines import LOCAL_TZ
from fawang.cases.models import Case, CaseDeadline, CaseEvent, ClockState
from fawang.cases.services import case_create, case_transition
from fawang.conftest import County, MakeUser
from fawang.core import clock
from fawang.directory.models import VillageAdviserAssignment
from fawang.evaluation.models import Rectification
from fawang.evaluation.services import (
    complaint_file,
    complaint_reply,
    rating_submit,
    rectification_respond,
    rectification_verify,
)
from fawang.people.models import Person
from fawang.supervision.models import Questionnaire, SurveyResponse


def at(month: int, day: int, hour: int = 10) -> time_machine.travel:
    return time_machine.travel(datetime(2026, month, day, hour, 0, tzinfo=LOCAL_TZ), tick=False)


@dataclass
class Dataset:
    cases: dict[str, Case]
    inspector: User


def _make(
    actor: User, service: str, region: object, channel: str, person: Person | None = None, **kw: object
) -> Case:
    return case_create(
        actor=actor,
        service_type=service,
        channel=channel,
        title=f"{service} 测试",
        region=region,  # type: ignore[arg-type]
        requester=person or Person.objects.create(name="群众", phone="13900000000"),
        **kw,  # type: ignore[arg-type]
    )


def _go(ref: str, action: str, actor: User, **kw: object) -> Case:
    return case_transition(reference=ref, action=action, actor=actor, **kw)  # type: ignore[arg-type]


def _clock_done(case: Case, actor: User, rule: str, due_at: datetime, state: ClockState) -> None:
    """Mediation and notary lifecycles belong to their modules (and need their records); the indicators read
    only the clock row and the resolve event, so those are written directly: started 03-02, stopped now."""
    started = datetime(2026, 3, 2, 10, 0, tzinfo=LOCAL_TZ)
    CaseDeadline.objects.create(
        case=case,
        rule_code=rule,
        rule_version=1,
        started_at=started,
        due_at=due_at,
        state=state,
        stopped_at=clock.now(),
    )
    CaseEvent.objects.create(
        case=case,
        at=clock.now(),
        actor=actor,
        action="resolve",
        code=f"{case.service_type}.resolve",
        from_status="in_progress",
        to_status="resolved",
    )


@pytest.fixture
def dataset(county: County, personas: dict[str, User], make_user: MakeUser) -> Dataset:  # noqa: C901 - a script
    admin, clerk, hotline = personas["admin"], personas["window_clerk"], personas["hotline_operator"]
    reviewer, mediator, notary = personas["aid_reviewer"], personas["mediator"], personas["notary"]
    inspector = make_user("inspector", Role.QUALITY_INSPECTOR, region=county.county)
    citizen = personas["citizen"]
    person_a = Person.objects.create(name="受援人甲", phone="13700000000")
    c: dict[str, Case] = {}
    with at(2, 20):
        c["C10"] = _make(admin, "consultation", county.town_x, "window")
    with at(3, 2, 9):
        c["C1"] = _make(
            admin, "consultation", county.town_x, "window", category="劳动纠纷", requester_user=citizen
        )
        c["C3"] = _make(admin, "legal_aid", county.town_x, "web", person_a)
        c["C7"] = _make(admin, "mediation", county.town_x, "window")
        c["C8"] = _make(admin, "notary", county.town_x, "window")
    with at(3, 2, 10):
        _go(c["C1"].reference, "dispatch", clerk, payload={"site_id": county.station_x.pk})
        _go(c["C3"].reference, "accept", reviewer)
    with at(3, 3):
        _go(c["C1"].reference, "answer", clerk, reason="已解答")
        _go(c["C1"].reference, "close", clerk)
        c["C4"] = _make(admin, "legal_aid", county.town_y, "window")
        _go(c["C4"].reference, "accept", reviewer)
    with at(3, 4):
        rating_submit(actor=citizen, case=c["C1"], level=5, channel="web")
        c["C11"] = complaint_file(
            actor=clerk,
            service_type="complaint",
            channel="web",
            title="投诉",
            description="态度差",
            region=county.town_x,
            ground="attitude",
        )
        _go(c["C11"].reference, "accept", clerk)
    with at(3, 5):
        c["C2"] = _make(admin, "consultation", county.town_y, "hotline", category="婚姻家庭")
        _go(c["C2"].reference, "accept", hotline)
        _go(c["C2"].reference, "answer", hotline, reason="已解答")
        _go(c["C2"].reference, "close", hotline)
        _go(c["C3"].reference, "grant", reviewer)
        c["C9"] = _make(admin, "consultation", county.other_county, "window")
    with at(3, 6):
        rating_submit(actor=hotline, case=c["C2"], level=1, channel="hotline_ivr", comment="答非所问")
        complaint_reply(actor=clerk, reference=c["C11"].reference, finding="unjustified", reply="经查不属实")
    rect = Rectification.objects.get(case=c["C2"])
    with at(3, 9):
        c["C6"] = _make(admin, "legal_aid", county.town_x, "window", person_a)
        _go(c["C6"].reference, "accept", reviewer)
    with at(3, 10):
        _go(c["C3"].reference, "assign", reviewer, payload={"practitioner_id": county.lawyer.pk})
        rectification_respond(actor=clerk, rectification_id=rect.pk, outcome="fix_now", response="重新解答")
    with at(3, 11):
        _go(c["C6"].reference, "grant", reviewer)
    with at(3, 12):
        rectification_verify(
            actor=inspector,
            rectification_id=rect.pk,
            reached=True,
            rectified=True,
            rerating_level=4,
            note="认可",
        )
    with at(3, 20):
        _go(c["C4"].reference, "refuse", reviewer, reason="不符合经济困难标准")
        _clock_done(
            c["C7"],
            mediator,
            "mediation.conclude",
            datetime(2026, 4, 3, 0, 0, tzinfo=LOCAL_TZ),
            ClockState.MET,
        )
    with at(3, 21):
        rating_submit(actor=clerk, case=c["C7"], level=3, channel="window", instance_key="visit-1")
    with at(3, 30):
        _clock_done(
            c["C8"], notary, "notary.issue", datetime(2026, 3, 24, 0, 0, tzinfo=LOCAL_TZ), ClockState.BREACHED
        )
    VillageAdviserAssignment.objects.create(
        village=county.village_x, practitioner=county.lawyer, valid_from=date(2026, 1, 1)
    )
    VillageAdviserAssignment.objects.create(
        village=county.village_y,
        practitioner=county.other_lawyer,
        valid_from=date(2025, 1, 1),
        valid_to=date(2026, 2, 1),
    )
    q = Questionnaire.objects.create(
        title="2026年一季度调查",
        region=county.county,
        opens_on=date(2026, 2, 1),
        closes_on=date(2026, 3, 31),
        created_by=admin,
    )
    for region, day, aware, first, sat in (
        (county.town_x, date(2026, 3, 10), True, True, 5),
        (county.town_x, date(2026, 3, 11), True, False, 4),
        (county.town_y, date(2026, 3, 12), False, None, 2),
        (county.town_y, date(2026, 3, 12), True, False, None),
        (county.town_x, date(2026, 2, 25), False, False, 1),
    ):
        SurveyResponse.objects.create(
            questionnaire=q,
            region=region,
            responded_on=day,
            channel="staff",
            entered_by=admin,
            aware=aware,
            first_choice=first,
            satisfaction=sat,
        )
    return Dataset(cases={k: Case.objects.get(pk=v.pk) for k, v in c.items()}, inspector=inspector)
