"""`fawang check_alerts` (N8): each breach in Chinese, --json, exit status 1 on any breach and 0 otherwise."""

from __future__ import annotations

import json
from io import StringIO
from typing import Any

import pytest
import time_machine
from django.core.management import CommandError, call_command

from fawang.monitoring.tests.conftest import QUIET, T0, World

pytestmark = pytest.mark.django_db


def _run(*args: str) -> tuple[str, int, str]:
    """The command's output, its exit status and its error line: the `fawang` script prints a CommandError to
    stderr and exits with its returncode."""
    out = StringIO()
    with time_machine.travel(T0, tick=False):
        try:
            call_command("check_alerts", *args, stdout=out)
        except CommandError as exc:
            return out.getvalue(), exc.returncode, str(exc)
    return out.getvalue(), 0, ""


def test_within_every_threshold_exits_0(world: World) -> None:
    assert _run() == ("正常：各项监测指标均未超过阈值。\n", 0, "")


def test_each_breach_is_printed_in_chinese_and_exits_1(world: World, settings: Any) -> None:
    settings.FAWANG_ALERT_THRESHOLDS = QUIET | {"deadlines_breached": 0, "exchange_dead": 1}
    output, status, error = _run()
    assert (status, error) == (1, "2 项监测指标超过阈值。")
    assert output.splitlines() == [
        "告警：已超期仍在计时的法定时限：1 个，超过阈值 0 个",
        "告警：已停止重试的上报消息：2 条，超过阈值 1 条",
    ]


def test_the_default_thresholds_on_the_world(world: World, settings: Any) -> None:
    """The shipped defaults (settings/base.py) against the world: which of its figures they flag."""
    from fawang.config.settings import base

    settings.FAWANG_ALERT_THRESHOLDS = dict(base.FAWANG_ALERT_THRESHOLDS)
    output, status, error = _run()
    assert (status, error) == (1, "6 项监测指标超过阈值。")
    assert output.splitlines() == [
        "告警：最早一件未分派工单已等待：720 小时，超过阈值 24 小时",
        "告警：最早一个待执行后台任务已等待：20 分钟，超过阈值 15 分钟",
        "告警：已超期仍在计时的法定时限：1 个，超过阈值 0 个",
        "告警：已过应回拨时间仍未完成的回拨：1 件，超过阈值 0 件",
        "告警：执行失败的后台任务（统计窗口内）：1 个，超过阈值 0 个",
        "告警：已停止重试的上报消息：2 条，超过阈值 0 条",
    ]


def test_json(world: World, settings: Any) -> None:
    settings.FAWANG_ALERT_THRESHOLDS = QUIET | {"tasks_failed": 0}
    output, status, error = _run("--json")
    assert (status, error) == (1, "1 项监测指标超过阈值。")
    document = json.loads(output)
    assert document["at"] == "2026-03-10T02:00:00+00:00"
    assert document["ok"] is False
    assert document["breaches"] == [
        {
            "figure": "tasks_failed",
            "label": "执行失败的后台任务（统计窗口内）",
            "unit": "个",
            "value": 1,
            "threshold": 0,
            "message": "执行失败的后台任务（统计窗口内）：1 个，超过阈值 0 个",
        }
    ]
    assert document["values"]["cases_unrouted"] == 2
    assert document["values"]["exchange_errors_recent"] == 3
    assert document["thresholds"] == QUIET | {"tasks_failed": 0}


def test_json_when_all_is_well(db: None, settings: Any) -> None:
    output, status, _ = _run("--json")
    assert status == 0
    document = json.loads(output)
    assert (document["ok"], document["breaches"]) == (True, [])
    assert set(document["values"].values()) == {0}
