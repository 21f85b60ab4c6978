"""The one source of "now" (N7). Tests use time-machine; replays (demo history, simulators) use `travel`."""

from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from datetime import date, datetime
from zoneinfo import ZoneInfo

from django.utils import timezone

LOCAL_TZ = ZoneInfo("Asia/Shanghai")

_override: ContextVar[datetime | None] = ContextVar("fawang_clock_override", default=None)


def now() -> datetime:
    return _override.get() or timezone.now()


def local_today() -> date:
    return now().astimezone(LOCAL_TZ).date()


def to_local(moment: datetime) -> datetime:
    return moment.astimezone(LOCAL_TZ)


@contextmanager
def travel(moment: datetime) -> Iterator[None]:
    """Run services as of a past moment, e.g. to build a realistic history through the real code paths."""
    if timezone.is_naive(moment):
        raise ValueError("clock.travel 需要带时区的时间")
    token = _override.set(moment)
    try:
        yield
    finally:
        _override.reset(token)
