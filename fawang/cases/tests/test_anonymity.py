"""M8: whether a consultation may be anonymous is set per channel; elsewhere it needs a name and an ID number."""

from __future__ import annotations

import pytest
from django.core.checks import run_checks
from django.test import override_settings

from fawang.accounts.models import User
from fawang.cases.models import Case
from fawang.cases.services import case_create
from fawang.conftest import County
from fawang.core.errors import DomainError
from fawang.people.models import Person

ID = "500231195203150022"
ID_2 = "11010519491231002X"
HOTLINE_ONLY = override_settings(FAWANG_CONSULTATION_ANONYMOUS_CHANNELS=["hotline", "12345"])


def _consult(
    actor: User, county: County, channel: str, *, requester: Person | None = None, user: User | None = None
) -> Case:
    return case_create(
        actor=actor,
        service_type="consultation",
        channel=channel,
        title="欠薪怎么办",
        region=county.town_x,
        requester=requester,
        requester_user=user,
    )


def test_by_default_every_channel_takes_anonymous_consultations(
    county: County, personas: dict[str, User]
) -> None:
    for channel in ("web", "hotline", "window"):
        _consult(personas["admin"], county, channel)
    assert Case.objects.count() == 3


@HOTLINE_ONLY
def test_anonymous_only_where_the_deployment_allows(county: County, personas: dict[str, User]) -> None:
    admin, citizen = personas["admin"], personas["citizen"]
    _consult(admin, county, "hotline")
    _consult(admin, county, "12345", requester=Person.objects.create(name="来电人（尾号1111）"))
    for channel, requester, user in (
        ("web", None, citizen),  # an account without real-name registration
        ("window", Person.objects.create(name="王大爷", phone="13900001111"), None),  # a name but no ID
        ("window", Person.objects.create(name=" ", id_number=ID_2), None),  # an ID but no name
    ):
        with pytest.raises(DomainError, match="须实名：请登记咨询人的姓名和身份证号码"):
            _consult(admin, county, channel, requester=requester, user=user)
    assert Case.objects.count() == 2

    Person.objects.create(name="李四", id_number=ID, user=citizen)  # the portal's real-name registration
    assert _consult(citizen, county, "web", user=citizen).requester_user == citizen
    with pytest.raises(DomainError, match="通过窗口提出的法律咨询须实名"):
        _consult(admin, county, "window")


@HOTLINE_ONLY
def test_transactions_are_not_governed_by_the_consultation_setting(
    county: County, personas: dict[str, User]
) -> None:
    """I2 is enforced by each module's own intake (the guided applications' identity step), not here."""
    case_create(
        actor=personas["admin"],
        service_type="complaint",
        channel="web",
        title="投诉",
        region=county.town_x,
        requester_user=personas["citizen"],
    )
    assert Case.objects.count() == 1


def test_a_misspelt_channel_stops_start_up() -> None:
    with override_settings(FAWANG_CONSULTATION_ANONYMOUS_CHANNELS=["hotline", "phone"]):
        errors = [e for e in run_checks() if e.id == "cases.E001"]
    assert len(errors) == 1
    assert "phone" in errors[0].msg
    with override_settings(FAWANG_CONSULTATION_ANONYMOUS_CHANNELS=["*"]):
        assert not [e for e in run_checks() if e.id == "cases.E001"]
