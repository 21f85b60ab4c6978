"""The outbox hooks (K11): one message per configured target and kind, in the business transaction; nothing, and
no query, when nothing is configured."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
import time_machine
from django.db import transaction

from fawang.accounts.models import User
from fawang.cases.models import Case, CaseEvent
from fawang.cases.services import case_transition
from fawang.conftest import County, MakeCase
from fawang.evaluation.services import rating_submit
from fawang.exchange import outbox
from fawang.exchange.models import ExchangeMessage, Kind, MessageStatus
from fawang.exchange.outbox import exchange_enqueue_case_event, exchange_enqueue_rating
from fawang.exchange.tests.conftest import Configure, target

pytestmark = pytest.mark.django_db

URL = "https://exchange.example.gov.cn/in"
MONDAY = datetime(2026, 11, 23, 1, 0, tzinfo=UTC)  # 09:00 in Shanghai, a working day


def _accept(case: Case, personas: dict[str, User]) -> Case:
    return case_transition(reference=case.reference, action="accept", actor=personas["window_clerk"])


def _answer(case: Case, personas: dict[str, User]) -> Case:
    return case_transition(
        reference=case.reference, action="answer", actor=personas["window_clerk"], reason="已解答"
    )


def test_nothing_configured_queues_nothing_and_runs_no_query(
    make_case: MakeCase, personas: dict[str, User], django_assert_num_queries: Any
) -> None:
    case = _answer(_accept(make_case("consultation"), personas), personas)
    event = case.events.last()
    assert event is not None
    with django_assert_num_queries(0):
        assert exchange_enqueue_case_event(case=case, event=event) == 0
    rating = rating_submit(actor=personas["window_clerk"], case=case, level=5, channel="window")
    with django_assert_num_queries(0):
        assert exchange_enqueue_rating(rating=rating) == 0
    assert ExchangeMessage.objects.count() == 0


def test_one_message_per_target_that_takes_the_kind_and_service(
    make_case: MakeCase, personas: dict[str, User], configure: Configure
) -> None:
    configure(
        target("12348_national", URL, kinds=["case_accepted", "case_concluded"], sender="SJ370000"),
        target("province_gov", URL, kinds=["case_concluded", "rating"], services=["consultation"]),
        target("aid_only", URL, services=["legal_aid"]),
    )
    case = _accept(make_case("consultation"), personas)
    accepted = ExchangeMessage.objects.get()
    event = CaseEvent.objects.get(case=case, action="accept")
    key = f"{case.reference}:case_accepted:{event.pk}"
    assert (accepted.target, accepted.kind, accepted.case_id, accepted.region_id) == (
        "12348_national",
        Kind.CASE_ACCEPTED,
        case.pk,
        case.region_id,
    )
    assert (accepted.status, accepted.attempts, accepted.idempotency_key) == (MessageStatus.PENDING, 0, key)
    assert accepted.payload["idempotency_key"] == key
    assert accepted.payload["sender"] == "SJ370000"
    assert accepted.payload["record"]["status"] == "accepted"

    _answer(case, personas)
    concluded = ExchangeMessage.objects.filter(kind=Kind.CASE_CONCLUDED)
    assert sorted(concluded.values_list("target", flat=True)) == ["12348_national", "province_gov"]
    assert ExchangeMessage.objects.count() == 3


def test_rating_goes_to_the_targets_that_take_ratings(
    make_case: MakeCase, personas: dict[str, User], configure: Configure
) -> None:
    case = _answer(_accept(make_case("consultation"), personas), personas)
    configure(
        target("12348_national", URL, kinds=["case_accepted"]), target("province_gov", URL, kinds=["rating"])
    )
    rating = rating_submit(
        actor=personas["window_clerk"], case=case, level=1, channel="window", comment="态度差"
    )
    message = ExchangeMessage.objects.get()
    assert (message.target, message.kind, message.rating_id) == ("province_gov", Kind.RATING, rating.pk)
    assert message.idempotency_key == f"{case.reference}:rating:{rating.pk}"
    assert message.payload["record"]["level"] == 1
    assert "态度差" not in str(message.payload)


def test_rolled_back_transition_leaves_no_message(
    make_case: MakeCase, personas: dict[str, User], configure: Configure
) -> None:
    configure(target("12348_national", URL))
    case = make_case("consultation")
    inside: list[int] = []

    def transition_then_fail() -> None:
        with transaction.atomic():
            _accept(case, personas)
            inside.append(ExchangeMessage.objects.count())  # written inside the business transaction
            raise RuntimeError("the caller fails after the transition")

    with pytest.raises(RuntimeError):
        transition_then_fail()
    assert inside == [1]
    assert ExchangeMessage.objects.count() == 0
    assert not CaseEvent.objects.filter(case=case, action="accept").exists()


def test_the_worker_is_woken_only_after_commit(
    make_case: MakeCase,
    personas: dict[str, User],
    configure: Configure,
    django_capture_on_commit_callbacks: Any,
) -> None:
    configure(target("12348_national", URL))
    case = make_case("consultation")
    with django_capture_on_commit_callbacks() as callbacks:
        _accept(case, personas)
    assert callbacks.count(outbox._push) == 1


@pytest.mark.parametrize(
    ("_case", "days_before_answer", "deadline_met"),
    [
        ("answered the same day: 3 WD consultation.answer met (A7)", 0, True),
        ("answered after three weeks: breached", 21, False),
    ],
)
def test_concluded_record_says_whether_the_deadline_was_met(
    make_case: MakeCase,
    personas: dict[str, User],
    configure: Configure,
    _case: str,
    days_before_answer: int,
    deadline_met: bool,
) -> None:
    configure(target("12348_national", URL, kinds=["case_concluded"]))
    with time_machine.travel(MONDAY, tick=False):
        case = _accept(make_case("consultation"), personas)
    with time_machine.travel(MONDAY + timedelta(days=days_before_answer, hours=2), tick=False):
        _answer(case, personas)
    record = ExchangeMessage.objects.get().payload["record"]
    assert (record["status"], record["deadline_met"]) == ("resolved", deadline_met)


def test_rejection_at_the_door_is_reported_as_an_ending_without_acceptance(
    make_case: MakeCase, personas: dict[str, User], configure: Configure
) -> None:
    configure(target("12348_national", URL))
    case = make_case("consultation")
    case_transition(
        reference=case.reference, action="reject", actor=personas["window_clerk"], reason="不属于受理范围"
    )
    message = ExchangeMessage.objects.get()
    assert (message.kind, message.payload["record"]["status"]) == (Kind.CASE_CONCLUDED, "rejected")
    assert "不属于受理范围" not in str(message.payload)


def test_archiving_and_notes_queue_nothing(
    make_case: MakeCase, personas: dict[str, User], configure: Configure, county: County
) -> None:
    case = _answer(_accept(make_case("consultation"), personas), personas)
    configure(target("12348_national", URL))
    case_transition(reference=case.reference, action="note", actor=personas["window_clerk"], reason="回访")
    case_transition(reference=case.reference, action="close", actor=personas["window_clerk"])
    assert ExchangeMessage.objects.count() == 0
