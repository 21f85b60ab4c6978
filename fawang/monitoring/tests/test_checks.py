"""Start-up checks of the monitoring settings (N8): a misspelt threshold key or a bad window fails `fawang check`."""

from __future__ import annotations

from typing import Any

from fawang.monitoring.checks import monitoring_settings_check


def test_the_shipped_settings_pass() -> None:
    assert monitoring_settings_check() == []


def test_a_misspelt_threshold_and_a_bad_window_fail(settings: Any) -> None:
    settings.FAWANG_ALERT_THRESHOLDS = {"cases_unrouted": 5, "deadline_breached": 0, "tasks_failed": "0"}
    settings.FAWANG_MONITORING_WINDOWS = {"near_breach_hours": 0, "failed_jobs_hours": 24}
    assert [(m.id, m.msg) for m in monitoring_settings_check()] == [
        ("monitoring.E001", "FAWANG_ALERT_THRESHOLDS：未知的监测指标 'deadline_breached'"),
        ("monitoring.E001", "FAWANG_ALERT_THRESHOLDS：监测指标 'tasks_failed' 的阈值必须是整数，收到 '0'"),
        ("monitoring.E002", "FAWANG_MONITORING_WINDOWS['near_breach_hours'] 必须是正整数，收到 0"),
        ("monitoring.E002", "FAWANG_MONITORING_WINDOWS['interface_errors_minutes'] 必须是正整数，收到 None"),
    ]
