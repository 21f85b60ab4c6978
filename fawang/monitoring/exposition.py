"""The N8 figures in the Prometheus exposition format, through `prometheus_client` (ADR 0103; docs/monitoring.md).

A custom collector runs the monitoring selectors at scrape time, so every scrape reads the database once (seven
aggregate queries) and nothing is kept in process memory: the figures are the same whichever gunicorn worker
answers, and no multiprocess mode is needed. Its registry holds only this collector (no process or platform
metrics). Every metric is a gauge of counts or ages; labels carry codes only (service types, deadline rule codes,
task paths, exchange targets and statuses, webhook rejection reasons), never personal data.
"""

from __future__ import annotations

import secrets
from collections.abc import Iterator, Mapping

from prometheus_client import CollectorRegistry
from prometheus_client.exposition import choose_encoder
from prometheus_client.metrics_core import GaugeMetricFamily, Metric

from fawang.core import clock
from fawang.monitoring.alerts import FIGURES
from fawang.monitoring.selectors import Report, monitoring_report_get


def _labelled(
    name: str, documentation: str, label: str, values: Mapping[str, float], unit: str = ""
) -> Metric:
    family = GaugeMetricFamily(name, documentation, labels=[label], unit=unit)
    for key in sorted(values):
        family.add_metric([key], values[key])
    return family


def _queues(report: Report) -> Iterator[Metric]:
    s = report.snapshot
    yield GaugeMetricFamily(
        "fawang_cases_unrouted",
        "Open cases in status new with no handling site, institution or practitioner (the unrouted queue, N1).",
        value=s.cases_unrouted,
    )
    yield GaugeMetricFamily(
        "fawang_cases_unrouted_oldest_age_seconds",
        "Time since the oldest unrouted case was submitted; 0 when there is none.",
        value=s.cases_unrouted_oldest_seconds,
        unit="seconds",
    )
    yield _labelled(
        "fawang_cases_open",
        "Open cases (not resolved or ended) by service type.",
        "service_type",
        s.cases_open,
    )
    yield GaugeMetricFamily(
        "fawang_hotline_callbacks_open",
        "Hotline callbacks open or being called back.",
        value=s.callbacks_open,
    )
    yield GaugeMetricFamily(
        "fawang_hotline_callbacks_overdue",
        "Open hotline callbacks whose window has ended.",
        value=s.callbacks_overdue,
    )
    yield GaugeMetricFamily(
        "fawang_tasks_ready",
        "Background tasks (django-tasks database backend) ready to run now.",
        value=s.tasks_ready,
    )
    yield GaugeMetricFamily(
        "fawang_tasks_ready_oldest_age_seconds",
        "Time the oldest task ready to run has been waiting; grows while no worker runs. 0 when there is none.",
        value=s.tasks_ready_oldest_seconds,
        unit="seconds",
    )


def _deadlines_and_failures(report: Report) -> Iterator[Metric]:
    s = report.snapshot
    yield _labelled(
        "fawang_deadlines_near_breach",
        "Running statutory clocks due within the near-breach window, by deadline rule.",
        "rule",
        s.deadlines_near_breach,
    )
    yield _labelled(
        "fawang_deadlines_breached",
        "Running statutory clocks past their due time, by deadline rule.",
        "rule",
        s.deadlines_breached,
    )
    yield _labelled(
        "fawang_tasks_failed",
        "Background task results that failed within the failed-jobs window, by task.",
        "task",
        s.tasks_failed,
    )
    outbox = GaugeMetricFamily(
        "fawang_exchange_outbox_messages",
        "Upstream exchange outbox messages pending, failed (awaiting retry) or dead, by target and status (K11).",
        labels=["target", "status"],
    )
    for (target, status), n in sorted(s.exchange_messages.items()):
        outbox.add_metric([target, status], n)
    yield outbox
    yield _labelled(
        "fawang_exchange_errors_recent",
        "Outbox messages whose last delivery attempt failed within the interface-errors window, by target.",
        "target",
        s.exchange_errors_recent,
    )
    yield _labelled(
        "fawang_hotline_webhook_rejections_recent",
        "Deliveries the 12348 call-centre webhook refused within the interface-errors window, by reason.",
        "reason",
        s.webhook_rejections_recent,
    )


def _settings(report: Report) -> Iterator[Metric]:
    windows = report.snapshot.windows
    yield _labelled(
        "fawang_monitoring_window_seconds",
        "What near and recent mean: the near-breach, failed-jobs and interface-errors windows.",
        "window",
        {
            "near_breach": windows.near_breach.total_seconds(),
            "failed_jobs": windows.failed_jobs.total_seconds(),
            "interface_errors": windows.interface_errors.total_seconds(),
        },
        unit="seconds",
    )
    active = [f for f in FIGURES if report.thresholds.get(f.key, -1) >= 0]
    breached = {b.figure.key for b in report.breaches}
    yield _labelled(
        "fawang_alert_threshold",
        "Configured alert threshold per figure, in the figure's unit (FAWANG_ALERT_THRESHOLDS).",
        "figure",
        {f.key: report.thresholds[f.key] for f in active},
    )
    yield _labelled(
        "fawang_alert_breached",
        "1 when the figure is above its threshold (the rule of fawang check_alerts), else 0.",
        "figure",
        {f.key: float(f.key in breached) for f in active},
    )


class MonitoringCollector:
    """Reads the figures when Prometheus scrapes (N8). No `describe`: registering it runs no query."""

    def collect(self) -> Iterator[Metric]:
        report = monitoring_report_get(now=clock.now())
        yield from _queues(report)
        yield from _deadlines_and_failures(report)
        yield from _settings(report)


REGISTRY = CollectorRegistry(auto_describe=False)
REGISTRY.register(MonitoringCollector())


def metrics_exposition(*, accept: str) -> tuple[bytes, str]:
    """The body and content type for this Accept header: the classic text format, or OpenMetrics when asked."""
    encoder, content_type = choose_encoder(accept)
    return encoder(REGISTRY), content_type


def bearer_token_valid(*, authorization: str, token: str) -> bool:
    """`Authorization: Bearer <token>`, compared in constant time. Never valid while no token is configured."""
    scheme, _, given = authorization.partition(" ")
    if not token or scheme.lower() != "bearer":
        return False
    return secrets.compare_digest(given.strip().encode(), token.encode())
