"""Rate limits (M15): fixed windows in the cache, a page decorator and a DRF throttle over the same counters."""

from __future__ import annotations

from datetime import timedelta

import pytest
import time_machine
from django.test import override_settings

from fawang.core import clock
from fawang.security.ratelimit import RateLimitedError, parse_rate, rate_limit_hit


@pytest.mark.parametrize(
    ("_case", "rate", "parsed"),
    [("per minute", "30/m", (30, 60)), ("per hour", "5/h", (5, 3600)), ("per day", "1/d", (1, 86400))],
)
def test_parse(_case: str, rate: str, parsed: tuple[int, int]) -> None:
    assert parse_rate(rate) == parsed


@pytest.mark.usefixtures("real_rate_limits")
def test_window_budget_and_reset() -> None:
    start = clock.now().replace(minute=0, second=0, microsecond=0)
    with (
        time_machine.travel(start, tick=False) as traveller,
        override_settings(FAWANG_RATE_LIMITS={"sms": "5/h"}),
    ):
        assert [rate_limit_hit(scope="sms", key="13912345678") for _ in range(5)] == [1, 2, 3, 4, 5]
        with pytest.raises(RateLimitedError) as info:
            rate_limit_hit(scope="sms", key="13912345678")
        assert (info.value.status_code, info.value.retry_after) == (429, 3600)
        assert rate_limit_hit(scope="sms", key="13900000000") == 1  # another number has its own budget
        traveller.shift(timedelta(hours=1))
        assert rate_limit_hit(scope="sms", key="13912345678") == 1


def test_intake_api_throttled(personas: dict[str, object], county: object, rate_window: None) -> None:
    from django.test import Client

    from fawang.cases.models import Case

    client = Client()
    client.force_login(personas["hotline_operator"])  # type: ignore[arg-type]
    body = {
        "service_type": "consultation",
        "channel": "hotline",
        "title": "咨询",
        "region_code": "990101001000",
    }
    with override_settings(FAWANG_RATE_LIMITS={"intake": "2/m"}):
        statuses = [
            client.post("/api/v1/cases/", body, content_type="application/json").status_code for _ in range(3)
        ]
    assert statuses == [201, 201, 429]
    assert Case.objects.count() == 2
