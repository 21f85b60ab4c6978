"""Reads for monitoring (N8): queue lengths, deadlines near breach, failed jobs and interface errors.

Aggregates only: every query groups or counts, and nothing here returns a row, a reference, a name, a number or a
text of a case or a person. The number of queries is fixed (seven), whatever the size of the tables:

1. open 工单 per service type, with the unrouted ones (status 待受理 and no handling site, institution or
   practitioner: the queue of N1) and the oldest of them;
2. running statutory clocks (`CaseDeadline`) due before the end of the near-breach window, per rule, split into
   near breach (due from now on) and breached (due before now), on the partial index of running clocks;
3. open hotline callbacks (待回拨, 回拨中), with those past the end of their window;
4. django-tasks database results ready to run now, with the oldest;
5. django-tasks results that failed within the failed-jobs window, per task;
6. the upstream exchange outbox (K11) per target and status (pending, failed, dead), with the messages whose last
   attempt failed within the interface-errors window;
7. deliveries the 12348 webhook refused within that window (`hotline.RejectedDelivery`), per reason.

Not recorded anywhere, so not measured (docs/monitoring.md): in-platform notifications have no delivery status (they
are rows read on the page), SMS goes straight to its sender with no outbox, and nothing calls out to 12345 or a CTI
system.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from datetime import datetime, timedelta

from django.conf import settings
from django.db.models import Case as CaseWhen
from django.db.models import Count, DateTimeField, F, Min, Q, When
from django_tasks import TaskResultStatus
from django_tasks_db.models import DBTaskResult, get_date_max

from fawang.cases.deadline_rules import RULES_BY_CODE
from fawang.cases.models import Case, CaseDeadline, ClockState
from fawang.cases.states import ServiceType, Status
from fawang.cases.workflow import OPEN_STATUSES
from fawang.exchange.config import exchange_configured, exchange_targets
from fawang.exchange.models import PROBLEM_STATUSES, ExchangeMessage, MessageStatus
from fawang.hotline.models import Callback, CallbackStatus, RejectedDelivery, RejectionReason
from fawang.monitoring.alerts import Breach, Snapshot, Windows, alert_breaches, figure_values

OPEN_CALLBACK_STATUSES = (CallbackStatus.OPEN, CallbackStatus.CLAIMED)
OUTBOX_STATUSES = (MessageStatus.PENDING, MessageStatus.FAILED, MessageStatus.DEAD)
UNROUTED = Q(
    status=Status.NEW,
    handler_site__isnull=True,
    handler_institution__isnull=True,
    handler_practitioner__isnull=True,
)


def monitoring_windows() -> Windows:
    windows = settings.FAWANG_MONITORING_WINDOWS
    return Windows(
        near_breach=timedelta(hours=windows["near_breach_hours"]),
        failed_jobs=timedelta(hours=windows["failed_jobs_hours"]),
        interface_errors=timedelta(minutes=windows["interface_errors_minutes"]),
    )


def monitoring_thresholds() -> dict[str, int]:
    return dict(settings.FAWANG_ALERT_THRESHOLDS)


def _age(now: datetime, oldest: datetime | None) -> float:
    return max((now - oldest).total_seconds(), 0.0) if oldest is not None else 0.0


def _cases(now: datetime) -> tuple[dict[str, int], int, float]:
    rows = (
        Case.objects.filter(status__in=sorted(OPEN_STATUSES))
        .values("service_type")
        .annotate(
            n=Count("pk"), unrouted=Count("pk", filter=UNROUTED), oldest=Min("submitted_at", filter=UNROUTED)
        )
        .order_by()
    )
    open_by_type = dict.fromkeys(ServiceType.values, 0)
    unrouted = 0
    oldest: datetime | None = None
    for row in rows:
        open_by_type[row["service_type"]] = row["n"]
        unrouted += row["unrouted"]
        if row["oldest"] is not None and (oldest is None or row["oldest"] < oldest):
            oldest = row["oldest"]
    return open_by_type, unrouted, _age(now, oldest)


def _deadlines(now: datetime, window: timedelta) -> tuple[dict[str, int], dict[str, int]]:
    rows = (
        CaseDeadline.objects.filter(state=ClockState.RUNNING, due_at__lt=now + window)
        .values("rule_code")
        .annotate(near=Count("pk", filter=Q(due_at__gte=now)), breached=Count("pk", filter=Q(due_at__lt=now)))
        .order_by()
    )
    near = dict.fromkeys(RULES_BY_CODE, 0)
    breached = dict.fromkeys(RULES_BY_CODE, 0)
    for row in rows:
        near[row["rule_code"]] = row["near"]
        breached[row["rule_code"]] = row["breached"]
    return near, breached


def _callbacks(now: datetime) -> tuple[int, int]:
    counts = Callback.objects.filter(status__in=OPEN_CALLBACK_STATUSES).aggregate(
        open=Count("pk"), overdue=Count("pk", filter=Q(window_end__lt=now))
    )
    return counts["open"], counts["overdue"]


def _tasks_ready(now: datetime) -> tuple[int, float]:
    """Results ready to run now. A task enqueued without `run_after` stores the far future there (django-tasks-db)
    and is due since it was enqueued; one with `run_after` is due from then."""
    never = get_date_max()
    due_since = CaseWhen(
        When(run_after=never, then=F("enqueued_at")), default=F("run_after"), output_field=DateTimeField()
    )
    counts = (
        DBTaskResult.objects.filter(status=TaskResultStatus.READY)
        .filter(Q(run_after=never) | Q(run_after__lte=now))
        .aggregate(n=Count("pk"), oldest=Min(due_since))
    )
    return counts["n"], _age(now, counts["oldest"])


def _tasks_failed(since: datetime) -> dict[str, int]:
    rows = (
        DBTaskResult.objects.filter(status=TaskResultStatus.FAILED, finished_at__gte=since)
        .values_list("task_path")
        .annotate(n=Count("pk"))
        .order_by()
    )
    return {path: n for path, n in rows}


def _exchange(since: datetime) -> tuple[dict[tuple[str, str], int], dict[str, int]]:
    rows = (
        ExchangeMessage.objects.filter(status__in=OUTBOX_STATUSES)
        .values_list("target", "status")
        .annotate(
            n=Count("pk"),
            recent=Count("pk", filter=Q(status__in=PROBLEM_STATUSES, updated_at__gte=since)),
        )
        .order_by()
    )
    messages: dict[tuple[str, str], int] = {}
    recent: Counter[str] = Counter()
    for target, status, n, failed_recently in rows:
        messages[(target, status)] = n
        recent[target] += failed_recently
    targets = {t for t, _ in messages} | (
        {t.code for t in exchange_targets()} if exchange_configured() else set()
    )
    for target in targets:
        recent.setdefault(target, 0)
        for status in OUTBOX_STATUSES:
            messages.setdefault((target, status), 0)
    return messages, dict(recent)


def _webhook_rejections(since: datetime) -> dict[str, int]:
    rows = (
        RejectedDelivery.objects.filter(received_at__gte=since)
        .values_list("reason")
        .annotate(n=Count("pk"))
        .order_by()
    )
    return dict.fromkeys(RejectionReason.values, 0) | {reason: n for reason, n in rows}


def monitoring_snapshot_get(*, now: datetime, windows: Windows) -> Snapshot:
    """The aggregates of N8 at `now`, in seven queries (module docstring)."""
    cases_open, unrouted, unrouted_age = _cases(now)
    near, breached = _deadlines(now, windows.near_breach)
    callbacks_open, callbacks_overdue = _callbacks(now)
    tasks_ready, tasks_ready_age = _tasks_ready(now)
    messages, exchange_recent = _exchange(now - windows.interface_errors)
    return Snapshot(
        at=now,
        windows=windows,
        cases_open=cases_open,
        cases_unrouted=unrouted,
        cases_unrouted_oldest_seconds=unrouted_age,
        callbacks_open=callbacks_open,
        callbacks_overdue=callbacks_overdue,
        tasks_ready=tasks_ready,
        tasks_ready_oldest_seconds=tasks_ready_age,
        deadlines_near_breach=near,
        deadlines_breached=breached,
        tasks_failed=_tasks_failed(now - windows.failed_jobs),
        exchange_messages=messages,
        exchange_errors_recent=exchange_recent,
        webhook_rejections_recent=_webhook_rejections(now - windows.interface_errors),
    )


@dataclass(frozen=True)
class Report:
    """A snapshot with its figures, the thresholds in force and the breaches (the page, the command, /metrics)."""

    snapshot: Snapshot
    values: dict[str, float]
    thresholds: dict[str, int]
    breaches: list[Breach]


def monitoring_report_get(*, now: datetime) -> Report:
    snapshot = monitoring_snapshot_get(now=now, windows=monitoring_windows())
    values = figure_values(snapshot)
    thresholds = monitoring_thresholds()
    return Report(
        snapshot=snapshot,
        values=values,
        thresholds=thresholds,
        breaches=alert_breaches(values=values, thresholds=thresholds),
    )
