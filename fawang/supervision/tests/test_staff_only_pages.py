"""Supervision pages are for staff (issue 8 §2 review; M4): the requester of a case must not reach its
supervision page (full event log, deadlines, internal orders) nor the orders list, even for their own case."""

from __future__ import annotations

from datetime import timedelta

from django.test import Client

from fawang.accounts.models import User
from fawang.conftest import MakeCase
from fawang.core import clock
from fawang.supervision.services import supervision_order_issue


def _client(user: User) -> Client:
    client = Client()
    client.force_login(user)
    return client


def test_the_requester_is_refused_the_supervision_pages_of_their_own_case(
    personas: dict[str, User], make_case: MakeCase
) -> None:
    case = make_case(requester_user=personas["citizen"], title="督办")
    order = supervision_order_issue(
        actor=personas["county_supervisor"],
        reference=case.reference,
        due_on=clock.local_today() + timedelta(days=7),
        instruction="内部督办要求",
    )
    citizen = _client(personas["citizen"])
    for url in (
        f"/supervision/cases/{case.reference}/",
        "/supervision/orders/",
        f"/supervision/orders/{order.pk}/",
    ):
        response = citizen.get(url)
        assert response.status_code == 403, url
        assert "内部督办要求" not in response.content.decode()
    supervisor = _client(personas["county_supervisor"])
    assert supervisor.get(f"/supervision/cases/{case.reference}/").status_code == 200
    assert "内部督办要求" in supervisor.get("/supervision/orders/").content.decode()
