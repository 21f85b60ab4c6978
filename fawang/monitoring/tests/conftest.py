"""A small world for the monitoring tests (N8), built through the services at known moments before T0:

- 工单 (window and hotline consultations): one unrouted for 30 days with its 3-working-day clock breached, one urgent
  hotline call 30 minutes old (unrouted, its 1-hour transfer clock near breach), two accepted (open, routed), one
  withdrawn (closed);
- hotline callbacks: one booked three days ago (overdue), one booked ten minutes ago (open), one cancelled;
- the upstream exchange (K11) with two targets against a local stub that answers 500: 中国法律服务网 keeps retrying
  (2 failed), 省政务服务平台 gives up at once (2 dead, one of them two hours ago); the last acceptance is not sent yet
  (1 pending per target);
- the 12348 webhook: one unsigned delivery five minutes ago, one wrongly signed two hours ago (outside the window);
- django-tasks database results as the worker writes them: one failed two hours ago, one failed 30 hours ago
  (outside the window), one successful, one ready for 20 minutes, one scheduled for later.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
import time_machine
from django.test import Client
from django_tasks import TaskResultStatus
from django_tasks_db.models import DBTaskResult, get_date_max

from fawang.accounts.models import User
from fawang.accounts.services import system_actor
from fawang.cases.models import Case
from fawang.cases.services import case_transition
from fawang.conftest import County, MakeCase
from fawang.directory.models import SiteKind
from fawang.directory.tests.factories import SiteFactory
from fawang.exchange.services import exchange_deliver_due
from fawang.exchange.tests import conftest as exchange_fixtures
from fawang.exchange.tests.conftest import Configure, Upstream, target
from fawang.hotline.services.callbacks import callback_cancel, callback_schedule
from fawang.hotline.services.seats import centre_ensure
from fawang.hotline.signing import SIGNATURE_HEADER, TIMESTAMP_HEADER

T0 = datetime(2026, 3, 10, 2, 0, tzinfo=UTC)  # a Tuesday, 10:00 in Shanghai
TOKEN = "test-metrics-token-0123456789abcdef"
# The exchange tests' fixtures: a local upstream stub, its targets, backoff without jitter.
upstream = exchange_fixtures.upstream
configure = exchange_fixtures.configure
no_jitter = exchange_fixtures.no_jitter
NOTIFY_TASK = "fawang.notifications.tasks.notify_case_handler"
EXPORT_TASK = "fawang.exchange.tasks.exchange_push"
# Thresholds that every figure of the world stays within, and the ones it breaks are set per test.
QUIET = {
    "cases_unrouted": 10,
    "cases_unrouted_oldest_hours": 1000,
    "callbacks_overdue": 5,
    "tasks_ready_oldest_minutes": 60,
    "deadlines_near_breach": 10,
    "deadlines_breached": 5,
    "tasks_failed": 5,
    "exchange_failing": 10,
    "exchange_dead": 5,
    "exchange_errors_recent": 10,
    "webhook_rejections_recent": 10,
}


@dataclass
class World:
    unrouted: Case
    urgent: Case
    accepted: Case
    withdrawn: Case
    accepted_late: Case


def _at(moment: datetime) -> Any:
    return time_machine.travel(moment, tick=False)


def _webhook(body: bytes, headers: dict[str, str]) -> None:
    response = Client().post(
        "/api/v1/hotline/events", data=body, content_type="application/json", headers=headers
    )
    assert response.status_code == 401


def _task(
    status: str, *, path: str = NOTIFY_TASK, run_after: datetime | None = None
) -> DBTaskResult[Any, Any]:
    """A task result row as django-tasks-db's backend and worker write it (tests run tasks immediately)."""
    from fawang.core import clock

    finished = status in (TaskResultStatus.FAILED, TaskResultStatus.SUCCESSFUL)
    return DBTaskResult.objects.create(
        status=status,
        task_path=path,
        args_kwargs={"args": [], "kwargs": {}},
        backend_name="default",
        run_after=run_after or get_date_max(),
        started_at=clock.now() if finished else None,
        finished_at=clock.now() if finished else None,
        exception_class_path="builtins.RuntimeError" if status == TaskResultStatus.FAILED else "",
        traceback="Traceback (most recent call last): ..." if status == TaskResultStatus.FAILED else "",
    )


def _cases(make_case: MakeCase, admin: User, stub: Upstream) -> World:
    with _at(T0 - timedelta(days=30)):
        unrouted = make_case("consultation", channel="window")
    with _at(T0 - timedelta(hours=2)):
        withdrawn = make_case("consultation", channel="window")
        case_transition(reference=withdrawn.reference, action="withdraw", actor=admin, reason="申请人撤回")
        stub.answer(500, 500)
        exchange_deliver_due(actor=system_actor())  # national: failed (retrying); province: dead at once
    with _at(T0 - timedelta(hours=1)):
        accepted = make_case("consultation", channel="window")
        case_transition(reference=accepted.reference, action="accept", actor=admin)
    with _at(T0 - timedelta(minutes=30)):
        urgent = make_case("consultation", channel="hotline", urgent=True)
    with _at(T0 - timedelta(minutes=10)):
        stub.answer(500, 500, 500)
        exchange_deliver_due(
            actor=system_actor()
        )  # both national messages fail again; province's new one dies
    with _at(T0 - timedelta(minutes=5)):
        accepted_late = make_case("consultation", channel="window")
        case_transition(reference=accepted_late.reference, action="accept", actor=admin)
    return World(unrouted, urgent, accepted, withdrawn, accepted_late)


def _callbacks(county: County, personas: dict[str, User]) -> None:
    site = SiteFactory.create(kind=SiteKind.HOTLINE, name="甲县12348热线", region=county.county)
    centre = centre_ensure(actor=personas["admin"], site=site, code="MON12348", seats=1)
    operator = personas["hotline_operator"]
    book = {"actor": operator, "centre": centre, "phone": "13800001111", "reason": "需查询后答复"}
    with _at(T0 - timedelta(days=3)):
        callback_schedule(**book, priority=True, priority_reason="老年人")  # type: ignore[arg-type]
    with _at(T0 - timedelta(minutes=10)):
        callback_schedule(**book, priority=True, priority_reason="老年人")  # type: ignore[arg-type]
        cancelled = callback_schedule(**book, priority=True, priority_reason="老年人")  # type: ignore[arg-type]
        callback_cancel(actor=operator, callback_id=cancelled.pk, reason="来电人已自行解决")


def _rejections(settings: Any) -> None:
    settings.HOTLINE_WEBHOOK_SECRET = "monitoring-test-secret"
    body = json.dumps({"event_id": "E1", "type": "queued"}).encode()
    with _at(T0 - timedelta(hours=2)):
        _webhook(
            body, {TIMESTAMP_HEADER: str(int((T0 - timedelta(hours=2)).timestamp())), SIGNATURE_HEADER: "x"}
        )
    with _at(T0 - timedelta(minutes=5)):
        _webhook(body, {})


def _tasks() -> None:
    with _at(T0 - timedelta(hours=30)):
        _task(TaskResultStatus.FAILED, path=EXPORT_TASK)
    with _at(T0 - timedelta(hours=2)):
        _task(TaskResultStatus.FAILED)
        _task(TaskResultStatus.SUCCESSFUL)
    with _at(T0 - timedelta(minutes=20)):
        _task(TaskResultStatus.READY)
        _task(TaskResultStatus.READY, run_after=T0 + timedelta(hours=1))


@pytest.fixture
def world(
    make_case: MakeCase,
    personas: dict[str, User],
    county: County,
    upstream: Upstream,
    configure: Configure,
    no_jitter: None,
    settings: Any,
) -> World:
    configure(
        target("12348_national", upstream.url),
        target("province_gov", upstream.url, max_attempts=1),
    )
    settings.FAWANG_ALERT_THRESHOLDS = dict(QUIET)
    built = _cases(make_case, personas["admin"], upstream)
    _callbacks(county, personas)
    _rejections(settings)
    _tasks()
    return built


@pytest.fixture
def token(settings: Any) -> str:
    settings.FAWANG_METRICS_TOKEN = TOKEN
    return TOKEN


def scrape(token: str = TOKEN, **headers: str) -> Any:
    with _at(T0):
        return Client().get("/metrics", headers={"Authorization": f"Bearer {token}", **headers})
