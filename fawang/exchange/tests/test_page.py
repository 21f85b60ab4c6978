"""The supervision page of the exchange (K11): scoped like the other supervision pages (K2, M4); "重新发送" is a
supervisor's or administrator's audited operation. Through the Django test client."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
import time_machine
from django.test import Client

from fawang.accounts.models import User
from fawang.accounts.roles import Role
from fawang.accounts.services import system_actor
from fawang.cases.models import Case
from fawang.cases.services import case_transition
from fawang.conftest import County, MakeCase, MakeUser
from fawang.core.models import AuditEntry
from fawang.exchange.models import ExchangeMessage, MessageStatus
from fawang.exchange.selectors import exchange_problem_list_for_user, exchange_summary_for_user
from fawang.exchange.services import exchange_deliver_due
from fawang.exchange.tests.conftest import Configure, Upstream, target

pytestmark = pytest.mark.django_db

T0 = datetime(2026, 11, 26, 1, 0, tzinfo=UTC)
PAGE = "/supervision/exchange/"


@pytest.fixture
def world(
    upstream: Upstream, configure: Configure, make_case: MakeCase, personas: dict[str, User], county: County
) -> dict[str, Case]:
    """Three accepted consultations: two in 甲县 (one delivered, one dead) and one dead in 乙县 next door."""
    configure(target("12348_national", upstream.url))
    here_ok = make_case("consultation")
    here_dead = make_case("consultation")
    there = make_case("consultation", region=county.other_county)
    with time_machine.travel(T0, tick=False):
        for case, actor in ((here_ok, "admin"), (here_dead, "admin"), (there, "outsider")):
            case_transition(reference=case.reference, action="accept", actor=personas[actor])
        upstream.answer(200, 400, 400)
        exchange_deliver_due(actor=system_actor())
    return {"here_ok": here_ok, "here_dead": here_dead, "there": there}


def _client(user: User) -> Client:
    client = Client()
    client.force_login(user)
    return client


def _message(case: Case) -> ExchangeMessage:
    return ExchangeMessage.objects.get(case=case)


def test_county_supervisor_sees_counts_and_dead_messages_of_the_county_only(
    world: dict[str, Case], personas: dict[str, User]
) -> None:
    response = _client(personas["county_supervisor"]).get(PAGE)
    assert response.status_code == 200
    page = response.content.decode()
    assert "上报交换：甲县" in page
    assert "<td>中国法律服务网</td><td><code>12348_national</code></td><td>0</td><td>0</td><td>1</td>" in page
    assert world["here_dead"].reference in page
    assert "HTTP 400 bad payload: missing record" in page
    assert world["there"].reference not in page
    assert world["here_ok"].reference not in page  # delivered: counted, not listed


def test_province_supervisor_sees_both_counties(world: dict[str, Case], personas: dict[str, User]) -> None:
    page = _client(personas["province_supervisor"]).get(PAGE).content.decode()
    assert world["here_dead"].reference in page
    assert world["there"].reference in page


def test_selectors_are_scoped_and_query_a_fixed_number_of_times(
    world: dict[str, Case], personas: dict[str, User], county: County, django_assert_num_queries: Any
) -> None:
    supervisor = personas["county_supervisor"]
    with django_assert_num_queries(3):  # role grants (then cached on the user), counts, problem list
        [summary] = exchange_summary_for_user(user=supervisor, region=county.county)
        problems = exchange_problem_list_for_user(user=supervisor, region=county.county)
    assert (summary.pending, summary.failed, summary.delivered, summary.dead) == (0, 0, 1, 1)
    assert [m.case.reference for m in problems] == [world["here_dead"].reference]


@pytest.mark.parametrize(
    ("_case", "persona", "status"),
    [
        ("a window clerk is staff but no supervisor", "window_clerk", 403),
        ("a citizen", "citizen", 403),
        ("the neighbouring county's clerk", "outsider", 403),
    ],
)
def test_page_refuses_other_roles(
    world: dict[str, Case], personas: dict[str, User], _case: str, persona: str, status: int
) -> None:
    assert _client(personas[persona]).get(PAGE).status_code == status


def test_page_refuses_a_region_outside_the_jurisdiction(
    world: dict[str, Case], personas: dict[str, User], county: County
) -> None:
    response = _client(personas["county_supervisor"]).get(f"{PAGE}?region={county.other_county.code}")
    assert response.status_code == 403
    assert world["there"].reference not in response.content.decode()


def test_anonymous_is_sent_to_sign_in(world: dict[str, Case]) -> None:
    assert Client().get(PAGE).status_code == 302


def test_supervisor_resends_a_dead_message(
    world: dict[str, Case], personas: dict[str, User], county: County
) -> None:
    message = _message(world["here_dead"])
    response = _client(personas["county_supervisor"]).post(
        f"{PAGE}messages/{message.pk}/retry/", {"region": county.county.code}
    )
    assert (response.status_code, response["Location"]) == (302, f"{PAGE}?region={county.county.code}")
    message.refresh_from_db()
    assert (message.status, message.attempts, message.last_error) == (
        MessageStatus.PENDING,
        0,
        "HTTP 400 bad payload: missing record",
    )
    audit = AuditEntry.objects.filter(
        object_type="exchange.ExchangeMessage", actor=personas["county_supervisor"]
    ).get()
    assert audit.summary.startswith(f"retry 12348_national {message.idempotency_key} (was dead, 1 attempts")


def test_resend_through_htmx_swaps_the_row(world: dict[str, Case], personas: dict[str, User]) -> None:
    message = _message(world["here_dead"])
    response = _client(personas["admin"]).post(
        f"{PAGE}messages/{message.pk}/retry/", {"region": ""}, headers={"HX-Request": "true"}
    )
    assert response.status_code == 200
    row = response.content.decode().strip()
    assert row.startswith(f'<tr id="exchange-message-{message.pk}">')
    assert "待发送" in row
    assert "已重新排队" in row


def test_resend_then_delivery(world: dict[str, Case], personas: dict[str, User], upstream: Upstream) -> None:
    message = _message(world["here_dead"])
    with time_machine.travel(T0 + timedelta(hours=1), tick=False):
        _client(personas["county_supervisor"]).post(f"{PAGE}messages/{message.pk}/retry/")
        exchange_deliver_due(actor=system_actor(), limit=10)
    message.refresh_from_db()
    assert (message.status, message.attempts) == (MessageStatus.DELIVERED, 1)
    assert upstream.received[-1].headers["Idempotency-Key"] == message.idempotency_key


def _unchanged(message: ExchangeMessage) -> None:
    before = (message.status, message.attempts, message.updated_at)
    message.refresh_from_db()
    assert (message.status, message.attempts, message.updated_at) == before
    assert (
        not AuditEntry.objects.filter(object_type="exchange.ExchangeMessage")
        .exclude(actor_label="system")
        .exists()
    )


@pytest.mark.parametrize(
    ("_case", "persona", "which", "status"),
    [
        ("a message in the neighbouring county: not known to exist", "county_supervisor", "there", 404),
        ("a window clerk", "window_clerk", "here_dead", 403),
        ("a citizen", "citizen", "here_dead", 403),
        ("already delivered", "county_supervisor", "here_ok", 409),
    ],
)
def test_resend_refusals_change_nothing(
    world: dict[str, Case], personas: dict[str, User], _case: str, persona: str, which: str, status: int
) -> None:
    message = _message(world[which])
    response = _client(personas[persona]).post(f"{PAGE}messages/{message.pk}/retry/")
    assert response.status_code == status
    _unchanged(message)


def test_quality_inspector_sees_but_may_not_resend(
    world: dict[str, Case], make_user: MakeUser, county: County
) -> None:
    inspector = make_user("inspector", Role.QUALITY_INSPECTOR, region=county.county)
    client = _client(inspector)
    assert client.get(PAGE).status_code == 200
    message = _message(world["here_dead"])
    assert client.post(f"{PAGE}messages/{message.pk}/retry/").status_code == 403
    _unchanged(message)


def test_resend_is_post_only(world: dict[str, Case], personas: dict[str, User]) -> None:
    message = _message(world["here_dead"])
    assert (
        _client(personas["county_supervisor"]).get(f"{PAGE}messages/{message.pk}/retry/").status_code == 405
    )
