"""Safe contact on the supervisor's case page (M14; 法律援助法 Art.32): the requester's number is the workbench's
label from the one route, so a flagged requester's registered number is not shown, even masked."""

from __future__ import annotations

import pytest
from django.test import Client

from fawang.accounts.models import User
from fawang.conftest import MakeCase
from fawang.people.services import ContactSafety, person_contact_safety_set

pytestmark = pytest.mark.django_db


def test_supervisor_case_page_shows_the_safe_route_not_the_registered_number(
    make_case: MakeCase, personas: dict[str, User]
) -> None:
    flagged = make_case(requester_user=personas["citizen"])
    plain = make_case(requester_user=personas["citizen_b"])
    assert flagged.requester is not None
    person_contact_safety_set(
        actor=personas["citizen"],
        person=flagged.requester,
        safety=ContactSafety(channel="safe_phone", safe_phone="13912345678"),
    )
    client = Client()
    client.force_login(personas["county_supervisor"])
    page = client.get(f"/supervision/cases/{flagged.reference}/").content.decode()
    assert "138****0000" not in page
    assert "安全电话 139****5678" in page
    control = client.get(f"/supervision/cases/{plain.reference}/").content.decode()
    assert "138****0000" in control
