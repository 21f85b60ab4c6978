"""GET /metrics (N8) through the Django test client: the bearer token, and the exposition of the world's figures."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
import time_machine
from django.test import Client
from prometheus_client.parser import text_string_to_metric_families

from fawang.accounts.models import User
from fawang.monitoring.tests.conftest import T0, TOKEN, World, scrape

pytestmark = pytest.mark.django_db

Samples = dict[tuple[str, tuple[tuple[str, str], ...]], float]


def _samples(body: str) -> Samples:
    return {
        (s.name, tuple(sorted(s.labels.items()))): s.value
        for family in text_string_to_metric_families(body)
        for s in family.samples
    }


def _nonzero(samples: Samples, name: str) -> dict[tuple[tuple[str, str], ...], float]:
    return {labels: v for (n, labels), v in samples.items() if n == name and v}


def test_unset_token_hides_the_endpoint(settings: Any) -> None:
    settings.FAWANG_METRICS_TOKEN = ""
    assert Client().get("/metrics").status_code == 404
    assert Client().get("/metrics", headers={"Authorization": "Bearer "}).status_code == 404


@pytest.mark.parametrize(
    ("_case", "authorization"),
    [
        ("no header", None),
        ("wrong token", "Bearer not-the-token"),
        ("token with a suffix", f"Bearer {TOKEN}x"),
        ("token prefix", f"Bearer {TOKEN[:-1]}"),
        ("another scheme", f"Basic {TOKEN}"),
        ("scheme only", "Bearer"),
    ],
)
def test_a_missing_or_wrong_token_is_refused(_case: str, authorization: str | None, token: str) -> None:
    headers = {"Authorization": authorization} if authorization is not None else {}
    response = Client().get("/metrics", headers=headers)
    assert response.status_code == 401
    assert response["WWW-Authenticate"] == 'Bearer realm="fawang-metrics"'
    assert b"fawang_" not in response.content


def test_a_signed_in_administrator_without_the_token_is_refused(
    token: str, personas: dict[str, User]
) -> None:
    client = Client()
    client.force_login(personas["admin"])
    assert client.get("/metrics").status_code == 401


def test_only_get(token: str) -> None:
    response = Client().post("/metrics", headers={"Authorization": f"Bearer {token}"})
    assert response.status_code == 405


def test_exposition_of_the_world(world: World, token: str) -> None:
    response = scrape()
    assert response.status_code == 200
    assert response["Content-Type"] == "text/plain; version=0.0.4; charset=utf-8"
    assert response["Cache-Control"] == "no-store"
    samples = _samples(response.content.decode())
    assert samples[("fawang_cases_unrouted", ())] == 2
    assert samples[("fawang_cases_unrouted_oldest_age_seconds", ())] == 30 * 86400
    assert _nonzero(samples, "fawang_cases_open") == {(("service_type", "consultation"),): 4}
    assert samples[("fawang_cases_open", (("service_type", "mediation"),))] == 0  # every type is exposed
    assert samples[("fawang_hotline_callbacks_open", ())] == 2
    assert samples[("fawang_hotline_callbacks_overdue", ())] == 1
    assert samples[("fawang_tasks_ready", ())] == 1
    assert samples[("fawang_tasks_ready_oldest_age_seconds", ())] == 20 * 60
    assert _nonzero(samples, "fawang_deadlines_near_breach") == {(("rule", "hotline.transfer_urgent"),): 1}
    assert _nonzero(samples, "fawang_deadlines_breached") == {(("rule", "consultation.answer"),): 1}
    assert samples[("fawang_deadlines_breached", (("rule", "legal_aid.review"),))] == 0
    assert _nonzero(samples, "fawang_tasks_failed") == {
        (("task", "fawang.notifications.tasks.notify_case_handler"),): 1
    }
    assert {k[1]: v for k, v in samples.items() if k[0] == "fawang_exchange_outbox_messages"} == {
        (("status", "dead"), ("target", "12348_national")): 0,
        (("status", "failed"), ("target", "12348_national")): 2,
        (("status", "pending"), ("target", "12348_national")): 1,
        (("status", "dead"), ("target", "province_gov")): 2,
        (("status", "failed"), ("target", "province_gov")): 0,
        (("status", "pending"), ("target", "province_gov")): 1,
    }
    assert {k[1]: v for k, v in samples.items() if k[0] == "fawang_exchange_errors_recent"} == {
        (("target", "12348_national"),): 2,
        (("target", "province_gov"),): 1,  # the other dead message failed two hours ago
    }
    assert _nonzero(samples, "fawang_hotline_webhook_rejections_recent") == {(("reason", "unsigned"),): 1}
    assert _nonzero(samples, "fawang_monitoring_window_seconds") == {
        (("window", "near_breach"),): 24 * 3600,
        (("window", "failed_jobs"),): 24 * 3600,
        (("window", "interface_errors"),): 3600,
    }


def test_exposition_carries_the_thresholds_and_the_breaches(world: World, token: str, settings: Any) -> None:
    settings.FAWANG_ALERT_THRESHOLDS = settings.FAWANG_ALERT_THRESHOLDS | {
        "deadlines_breached": 0,  # 1 breached clock: above
        "callbacks_overdue": 1,  # 1 overdue callback: not above
        "webhook_rejections_recent": -1,  # switched off
    }
    samples = _samples(scrape().content.decode())
    assert samples[("fawang_alert_threshold", (("figure", "deadlines_breached"),))] == 0
    assert samples[("fawang_alert_threshold", (("figure", "callbacks_overdue"),))] == 1
    assert _nonzero(samples, "fawang_alert_breached") == {(("figure", "deadlines_breached"),): 1}
    assert samples[("fawang_alert_breached", (("figure", "callbacks_overdue"),))] == 0
    assert ("fawang_alert_threshold", (("figure", "webhook_rejections_recent"),)) not in samples
    assert ("fawang_alert_breached", (("figure", "webhook_rejections_recent"),)) not in samples


def test_no_personal_data_in_the_exposition(world: World, token: str) -> None:
    body = scrape().content.decode()
    for case in (world.unrouted, world.urgent, world.accepted):
        assert case.reference not in body
    for text in ("13800001111", "13800000000", "申请人", "需查询后答复", "测试事项"):
        assert text not in body


def test_openmetrics_when_asked(world: World, token: str) -> None:
    response = scrape(Accept="application/openmetrics-text; version=1.0.0")
    assert response["Content-Type"].startswith("application/openmetrics-text; version=1.0.0")
    body = response.content.decode()
    assert body.endswith("# EOF\n")
    assert "# UNIT fawang_cases_unrouted_oldest_age_seconds seconds" in body


def test_an_empty_platform_scrapes_with_zeros(db: None, token: str) -> None:
    samples = _samples(scrape().content.decode())
    assert samples[("fawang_cases_unrouted", ())] == 0
    assert samples[("fawang_cases_unrouted_oldest_age_seconds", ())] == 0
    assert samples[("fawang_tasks_ready_oldest_age_seconds", ())] == 0
    assert _nonzero(samples, "fawang_alert_breached") == {}
    assert not [k for k in samples if k[0] == "fawang_exchange_outbox_messages"]  # no target configured


def test_a_scrape_runs_seven_queries_whatever_the_rows(
    world: World, token: str, make_case: Any, django_assert_num_queries: Any
) -> None:
    with django_assert_num_queries(7):
        assert scrape().status_code == 200
    for _ in range(3):
        make_case("mediation", channel="window")
    with django_assert_num_queries(7):
        body = scrape().content.decode()
    assert _samples(body)[("fawang_cases_open", (("service_type", "mediation"),))] == 3


def test_ages_and_windows_move_with_the_clock(world: World, token: str) -> None:
    """An hour after T0 the ready task has waited 80 minutes, the one scheduled for T0 + 1 h is due too, the urgent
    transfer is past due, and the interface errors of T0 - 10 min and T0 - 5 min have left the one-hour window."""
    with time_machine.travel(T0 + timedelta(hours=1), tick=False):
        body = Client().get("/metrics", headers={"Authorization": f"Bearer {token}"}).content.decode()
    samples = _samples(body)
    assert samples[("fawang_tasks_ready", ())] == 2
    assert samples[("fawang_tasks_ready_oldest_age_seconds", ())] == 80 * 60
    assert _nonzero(samples, "fawang_hotline_webhook_rejections_recent") == {}
    assert _nonzero(samples, "fawang_exchange_errors_recent") == {}
    assert _nonzero(samples, "fawang_deadlines_near_breach") == {}
    assert _nonzero(samples, "fawang_deadlines_breached") == {
        (("rule", "consultation.answer"),): 1,
        (("rule", "hotline.transfer_urgent"),): 1,
    }
