"""Fixtures for the practitioner services: a mediation committee with two mediators, personas bound to them."""

from __future__ import annotations

import pytest

from fawang.accounts.models import User
from fawang.accounts.roles import Role
from fawang.conftest import County, MakeUser
from fawang.directory.models import Institution, Practitioner, PractitionerKind


@pytest.fixture
def committee(county: County) -> Institution:
    return county.mediator.institution


@pytest.fixture
def second_mediator(county: County, make_user: MakeUser, committee: Institution) -> Practitioner:
    from fawang.directory.tests.factories import PractitionerFactory

    user = make_user("mediator2", Role.MEDIATOR, institution=committee)
    return PractitionerFactory.create(
        kind=PractitionerKind.MEDIATOR, name="孙调解员", institution=committee, user=user
    )


@pytest.fixture
def mediator_user(personas: dict[str, User]) -> User:
    return personas["mediator"]
