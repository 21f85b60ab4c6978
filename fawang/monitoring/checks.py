"""Start-up checks of the monitoring settings (N8): a misspelt threshold or a window that is not a positive whole
number fails `fawang check` (and every command) instead of silently switching an alert off."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.checks import CheckMessage, Error, register

from fawang.monitoring.alerts import threshold_errors

WINDOW_KEYS = ("near_breach_hours", "failed_jobs_hours", "interface_errors_minutes")


@register()
def monitoring_settings_check(app_configs: Any = None, **kwargs: Any) -> list[CheckMessage]:
    messages: list[CheckMessage] = [
        Error(f"FAWANG_ALERT_THRESHOLDS：{error}", id="monitoring.E001")
        for error in threshold_errors(settings.FAWANG_ALERT_THRESHOLDS)
    ]
    windows = settings.FAWANG_MONITORING_WINDOWS
    for key in WINDOW_KEYS:
        value = windows.get(key)
        if isinstance(value, bool) or not isinstance(value, int) or value <= 0:
            messages.append(
                Error(
                    f"FAWANG_MONITORING_WINDOWS[{key!r}] 必须是正整数，收到 {value!r}", id="monitoring.E002"
                )
            )
    return messages
