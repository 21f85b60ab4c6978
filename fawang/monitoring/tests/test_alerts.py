"""The alert rule of N8, table-tested: a figure above its threshold is a breach; a negative threshold is off; a figure
without a threshold never alerts; an unknown threshold key is an error. Pure (no database)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from django.conf import settings

from fawang.monitoring.alerts import (
    FIGURES,
    FIGURES_BY_KEY,
    Snapshot,
    Windows,
    alert_breaches,
    figure_values,
    number_format,
    threshold_errors,
)


@pytest.mark.parametrize(
    ("_case", "values", "thresholds", "breached"),
    [
        ("nothing configured: no alert", {"cases_unrouted": 99}, {}, []),
        ("below the threshold", {"cases_unrouted": 19}, {"cases_unrouted": 20}, []),
        ("at the threshold is not above it", {"cases_unrouted": 20}, {"cases_unrouted": 20}, []),
        ("one above", {"cases_unrouted": 21}, {"cases_unrouted": 20}, ["cases_unrouted"]),
        (
            "threshold 0: any occurrence alerts",
            {"deadlines_breached": 1},
            {"deadlines_breached": 0},
            ["deadlines_breached"],
        ),
        ("threshold 0 and none", {"deadlines_breached": 0}, {"deadlines_breached": 0}, []),
        ("a negative threshold switches the alert off", {"exchange_dead": 500}, {"exchange_dead": -1}, []),
        (
            "an age a tenth above",
            {"cases_unrouted_oldest_hours": 24.1},
            {"cases_unrouted_oldest_hours": 24},
            ["cases_unrouted_oldest_hours"],
        ),
        ("a figure the snapshot lacks never alerts", {}, {"tasks_failed": 0}, []),
        (
            "several, reported in the order of FIGURES, not of the settings",
            {"webhook_rejections_recent": 11, "tasks_failed": 2, "cases_unrouted": 30, "exchange_dead": 0},
            {"webhook_rejections_recent": 10, "tasks_failed": 0, "cases_unrouted": 20, "exchange_dead": 0},
            ["cases_unrouted", "tasks_failed", "webhook_rejections_recent"],
        ),
    ],
)
def test_alert_breaches(
    _case: str, values: dict[str, float], thresholds: dict[str, int], breached: list[str]
) -> None:
    breaches = alert_breaches(values=values, thresholds=thresholds)
    assert [b.figure.key for b in breaches] == breached
    for breach in breaches:
        assert (breach.value, breach.threshold) == (values[breach.figure.key], thresholds[breach.figure.key])


def test_breach_message_is_chinese_with_units() -> None:
    [breach] = alert_breaches(
        values={"cases_unrouted_oldest_hours": 30.5}, thresholds={"cases_unrouted_oldest_hours": 24}
    )
    assert breach.message == "最早一件未分派工单已等待：30.5 小时，超过阈值 24 小时"
    [breach] = alert_breaches(values={"cases_unrouted": 25}, thresholds={"cases_unrouted": 20})
    assert breach.message == "未分派工单（待受理且无承办单位）：25 件，超过阈值 20 件"


@pytest.mark.parametrize(
    ("_case", "thresholds", "errors"),
    [
        ("all known", {"cases_unrouted": 1, "tasks_failed": -1}, []),
        ("misspelt key", {"cases_unroute": 1}, ["未知的监测指标 'cases_unroute'"]),
        ("not a whole number", {"tasks_failed": 1.5}, ["监测指标 'tasks_failed' 的阈值必须是整数，收到 1.5"]),
        (
            "a boolean is not a number here",
            {"tasks_failed": True},
            ["监测指标 'tasks_failed' 的阈值必须是整数，收到 True"],
        ),
    ],
)
def test_threshold_errors(_case: str, thresholds: dict[str, object], errors: list[str]) -> None:
    assert threshold_errors(thresholds) == errors


def test_an_unknown_threshold_is_refused_not_ignored() -> None:
    with pytest.raises(ValueError, match="未知的监测指标 'deadline_breached'"):
        alert_breaches(values={}, thresholds={"deadline_breached": 0})


def _snapshot(**overrides: object) -> Snapshot:
    fields: dict[str, object] = {
        "at": datetime(2026, 3, 10, 2, 0, tzinfo=UTC),
        "windows": Windows(timedelta(hours=24), timedelta(hours=24), timedelta(hours=1)),
        "cases_open": {"consultation": 3, "mediation": 2, "notary": 0},
        "cases_unrouted": 2,
        "cases_unrouted_oldest_seconds": 5400.0,
        "callbacks_open": 4,
        "callbacks_overdue": 1,
        "tasks_ready": 3,
        "tasks_ready_oldest_seconds": 95.0,
        "deadlines_near_breach": {"legal_aid.review": 2, "notary.issue": 1},
        "deadlines_breached": {"legal_aid.review": 1, "notary.issue": 0},
        "tasks_failed": {"a.task": 2, "b.task": 1},
        "exchange_messages": {
            ("national", "pending"): 5,
            ("national", "failed"): 2,
            ("national", "dead"): 1,
            ("province", "pending"): 1,
            ("province", "failed"): 0,
            ("province", "dead"): 3,
        },
        "exchange_errors_recent": {"national": 2, "province": 1},
        "webhook_rejections_recent": {"unsigned": 1, "stale": 2},
    }
    fields.update(overrides)
    return Snapshot(**fields)  # type: ignore[arg-type]  # the test's table of fields


def test_figure_values_sum_the_breakdowns_and_convert_ages() -> None:
    assert figure_values(_snapshot()) == {
        "cases_unrouted": 2,
        "cases_unrouted_oldest_hours": 1.5,
        "cases_open": 5,
        "callbacks_open": 4,
        "tasks_ready": 3,
        "tasks_ready_oldest_minutes": 1.6,  # 95 s, to a tenth of a minute
        "exchange_pending": 6,
        "deadlines_near_breach": 3,
        "deadlines_breached": 1,
        "callbacks_overdue": 1,
        "tasks_failed": 3,
        "exchange_failing": 2,
        "exchange_dead": 4,
        "exchange_errors_recent": 3,
        "webhook_rejections_recent": 3,
    }


def test_every_figure_has_a_value_and_every_value_a_figure() -> None:
    assert set(figure_values(_snapshot())) == set(FIGURES_BY_KEY)
    assert len(FIGURES) == len(FIGURES_BY_KEY)


def test_every_default_threshold_names_a_figure() -> None:
    assert threshold_errors(settings.FAWANG_ALERT_THRESHOLDS) == []


@pytest.mark.parametrize(
    ("value", "text"), [(12, "12"), (12.0, "12"), (1.5, "1.5"), (0, "0"), (720.0, "720")]
)
def test_number_format(value: float, text: str) -> None:
    assert number_format(value) == text
