"""The 15-working-day issuance clock with its statutory pauses, one row per case (E5, T5; 公证法 Art.30).

Art.30 and REQUIREMENTS E5 set no ceiling on the excluded time: force majeure, supplementing and verification each
stop the clock, with a reason, for as long as they last. The application is accepted on Monday 2 March 2026 at 09:00,
so the unpaused certificate is due at the end of Monday 23 March (15 working days, the start day not counted). A
pause excludes the days after the day it starts up to and including the day the clock resumes, and only working
days among them move the due date.
"""

from __future__ import annotations

from collections.abc import Sequence

import pytest
import time_machine

from fawang.accounts.models import User
from fawang.cases.models import CaseDeadline
from fawang.conftest import County
from fawang.mediation.tests.helpers import client_for
from fawang.notary.tests.helpers import notary_apply
from fawang.notary.tests.test_notary_http import MONDAY, _due, _step
from fawang.people.models import Person

pytestmark = pytest.mark.django_db

UNPAUSED = "2026-03-24T00:00:00+08:00"
Move = tuple[str, str, dict[str, str]]  # (local time, workbench step, form data)


@pytest.fixture
def accepted(personas: dict[str, User], county: County) -> str:
    """An application by the citizen persona, accepted on Monday 2 March 2026 at 09:00."""
    Person.objects.create(
        name="王芳", id_number="110101199003077571", phone="13900000000", user=personas["citizen"]
    )
    with time_machine.travel(MONDAY, tick=False):
        code, matter = notary_apply(client_for(personas["citizen"]), county)
        assert code == 201
        ref = str(matter["reference"])
        accept = {"has_interest": "1", "no_dispute": "1", "within_scope": "1", "within_area": "1"}
        assert _step(client_for(personas["window_clerk"]), ref, "accept", **accept)[0] == 200
    return ref


def _supplement(asked: str, supplied: str) -> list[Move]:
    return [
        (asked, "act", {"action": "request_materials", "missing_items": "房产证复印件"}),
        (supplied, "act", {"action": "supplement"}),
    ]


def _pause(kind: str, reason: str, start: str, resume: str) -> list[Move]:
    return [(start, "pause", {"kind": kind, "reason": reason}), (resume, "resume", {"note": "恢复"})]


@pytest.mark.parametrize(
    ("_case", "moves", "due", "reasons"),
    [
        ("E5 no pause: due after 15 working days", [], UNPAUSED, []),
        (
            "E5 supplementing Tue 3 -> Thu 5 Mar excludes 4 and 5 March (2 WD)",
            _supplement("2026-03-03 10:00", "2026-03-05 10:00"),
            "2026-03-26T00:00:00+08:00",
            ["一次性告知补正材料"],
        ),
        (
            "E5 verification Tue 3 -> Thu 5 Mar excludes 4 and 5 March (2 WD)",
            _pause("verification", "向不动产登记中心核实产权", "2026-03-03 10:00", "2026-03-05 16:00"),
            "2026-03-26T00:00:00+08:00",
            ["核实有关情况：向不动产登记中心核实产权"],
        ),
        (
            "E5 force majeure Fri 6 -> Mon 9 Mar: the weekend is no working day, 9 March is (1 WD)",
            _pause("force_majeure", "台风停工", "2026-03-06 10:00", "2026-03-09 10:00"),
            "2026-03-25T00:00:00+08:00",
            ["不可抗力：台风停工"],
        ),
        (
            "E5 force majeure over the weekend only moves nothing",
            _pause("force_majeure", "暴雨断电", "2026-03-06 17:00", "2026-03-08 12:00"),
            UNPAUSED,
            ["不可抗力：暴雨断电"],
        ),
        (
            "E5 verification started and ended the same day moves nothing",
            _pause("verification", "电话核实", "2026-03-10 09:00", "2026-03-10 15:00"),
            UNPAUSED,
            ["核实有关情况：电话核实"],
        ),
        (
            "E5 all three kinds add up: 2 + 2 + 1 WD, with no ceiling on the total (Art.30)",
            _supplement("2026-03-03 10:00", "2026-03-05 10:00")
            + _pause("verification", "核实亲属关系", "2026-03-10 10:00", "2026-03-12 10:00")
            + _pause("force_majeure", "疫情封控", "2026-03-13 10:00", "2026-03-16 10:00"),
            "2026-03-31T00:00:00+08:00",
            ["一次性告知补正材料", "核实有关情况：核实亲属关系", "不可抗力：疫情封控"],
        ),
    ],
)
def test_issue_clock_excludes_each_statutory_pause(
    personas: dict[str, User],
    county: County,
    accepted: str,
    _case: str,
    moves: Sequence[Move],
    due: str,
    reasons: list[str],
) -> None:
    ref = accepted
    clerk, notary = client_for(personas["window_clerk"]), client_for(personas["notary"])
    with time_machine.travel("2026-03-02 10:00:00+08:00", tick=False):
        assert _step(clerk, ref, "act", action="assign", practitioner_id=county.notary.pk)[0] == 200
        assert _step(notary, ref, "act", action="start")[0] == 200
    for when, step, data in moves:
        with time_machine.travel(f"{when}:00+08:00", tick=False):
            code, body = _step(notary, ref, step, **data)
            assert code == 200, body
    row = CaseDeadline.objects.get(case__reference=ref, rule_code="notary.issue")
    assert (row.state, _due(ref), [p["reason"] for p in row.pauses]) == ("running", due, reasons)
