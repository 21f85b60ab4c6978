"""Intake: one 工单 per request from any channel, a readable reference, idempotent retries (A1, A13, N1, N2, G5)."""

from __future__ import annotations

import re
from datetime import UTC, datetime

import pytest
import time_machine
from django.test import override_settings

from fawang.accounts.models import User
from fawang.cases.models import Case, CaseEvent
from fawang.cases.services import case_create
from fawang.cases.states import OPTIONAL_CHANNELS, Channel
from fawang.conftest import County
from fawang.core.errors import DomainError
from fawang.people.models import Person


def _create(personas: dict[str, User], county: County, **kwargs: object) -> Case:
    values: dict[str, object] = {
        "service_type": "consultation",
        "channel": "web",
        "title": "咨询",
        "region": county.town_x,
    }
    values.update(kwargs)
    return case_create(actor=personas["admin"], **values)  # type: ignore[arg-type]


@pytest.mark.parametrize("channel", list(Channel))
@override_settings(FAWANG_OPTIONAL_CHANNELS=sorted(OPTIONAL_CHANNELS))  # G10: opened here
def test_every_channel_creates_the_same_record(
    channel: str, personas: dict[str, User], county: County
) -> None:
    case = _create(personas, county, channel=channel)
    assert (case.status, case.channel) == ("new", channel)
    assert list(case.events.values_list("action", "to_status")) == [("create", "new")]


def test_references_are_readable_and_sequential(personas: dict[str, User], county: County) -> None:
    with time_machine.travel(datetime(2026, 11, 26, 1, 0, tzinfo=UTC), tick=False):
        first = _create(personas, county)
        second = _create(personas, county)
    assert (first.reference, second.reference) == ("FW20261126-00001", "FW20261126-00002")
    assert re.fullmatch(r"FW\d{8}-\d{5}", first.reference)


def test_idempotency_key_returns_the_first_case(personas: dict[str, User], county: County) -> None:
    first = _create(personas, county, idempotency_key="k-1")
    again = _create(personas, county, idempotency_key="k-1", title="重复提交")
    assert again.pk == first.pk
    assert Case.objects.count() == 1
    assert CaseEvent.objects.count() == 1


def test_special_groups_get_priority(personas: dict[str, User], county: County) -> None:
    elderly = Person.objects.create(name="老人", groups=["elderly"])
    assert _create(personas, county, requester=elderly).priority == "priority"
    assert _create(personas, county).priority == "normal"
    assert _create(personas, county, urgent=True).priority == "urgent"


@pytest.mark.parametrize(
    ("_case", "kwargs", "message"),
    [
        ("unknown service", {"service_type": "magic"}, "未知的服务类型"),
        ("unknown channel", {"channel": "pigeon"}, "未知的受理渠道"),
        ("empty title", {"title": "  "}, "请填写事项名称"),
        ("huge description", {"description": "字" * 20001}, "情况描述过长"),
    ],
)
def test_bad_input_is_refused_and_creates_nothing(
    _case: str, kwargs: dict[str, object], message: str, personas: dict[str, User], county: County
) -> None:
    with pytest.raises(DomainError, match=message):
        _create(personas, county, **kwargs)
    assert Case.objects.count() == 0
