from __future__ import annotations

from collections.abc import Callable

import pytest

from fawang.accounts.models import User
from fawang.accounts.roles import Role
from fawang.cases.models import Case
from fawang.cases.services import case_transition
from fawang.conftest import County, MakeCase, MakeUser


@pytest.fixture
def inspector(make_user: MakeUser, county: County) -> User:
    return make_user("inspector", Role.QUALITY_INSPECTOR, region=county.county)


FinishedCase = Callable[..., Case]


@pytest.fixture
def finished_case(make_case: MakeCase, personas: dict[str, User], county: County) -> FinishedCase:
    """A consultation answered and closed at the 东镇 station, requested by the citizen persona."""

    def make(**kwargs: object) -> Case:
        kwargs.setdefault("requester_user", personas["citizen"])
        case = make_case("consultation", **kwargs)
        clerk = personas["window_clerk"]
        case_transition(
            reference=case.reference,
            action="dispatch",
            actor=clerk,
            payload={"site_id": county.station_x.pk},
        )
        case_transition(reference=case.reference, action="answer", actor=clerk, reason="已解答")
        return case_transition(reference=case.reference, action="close", actor=clerk)

    return make
