"""L8: the 运行监测 page switches to English through the language picker, and stays in Mandarin by default; the
figure labels of the pure alerts module are all marked for the catalogue in the presenter.

The page tests need the compiled catalogues (`make locale`; `make test` runs it)."""

from __future__ import annotations

from typing import Any

import pytest
import time_machine
from django.test import Client

from fawang.accounts.models import User
from fawang.monitoring.alerts import FIGURES, GROUP_LABELS
from fawang.monitoring.presenters import MARKED_LABELS
from fawang.monitoring.tests.conftest import QUIET, T0, World

PAGE = "/supervision/operations/"


def _page(user: User, language: str | None) -> str:
    client = Client()
    client.force_login(user)
    if language is not None:
        client.post("/i18n/setlang/", {"language": language, "next": "/"})
    with time_machine.travel(T0, tick=False):
        return client.get(PAGE).content.decode()


def test_every_label_of_the_alerts_module_is_marked() -> None:
    used = {f.label for f in FIGURES} | {f.unit for f in FIGURES} | set(GROUP_LABELS.values())
    assert used == set(MARKED_LABELS)


@pytest.mark.django_db
def test_the_operations_page_in_english(world: World, personas: dict[str, User], settings: Any) -> None:
    settings.FAWANG_ALERT_THRESHOLDS = QUIET | {"deadlines_breached": 0}
    page = _page(personas["admin"], "en")
    assert "<h1>Operations monitoring</h1>" in page
    assert "Alert: 1 figure is above its threshold" in page
    assert (
        "<li>Statutory time limits overdue and still running: 1 items, above the threshold of 0 items</li>"
        in page
    )
    assert ">Queue lengths</h2>" in page
    assert '<th scope="row">Open cases</th>' in page
    for chinese in ("运行监测", "告警", "队列长度", "在办工单", "超过阈值", "明细"):
        assert chinese not in page, chinese


@pytest.mark.django_db
def test_mandarin_stays_the_default(world: World, personas: dict[str, User], settings: Any) -> None:
    settings.FAWANG_ALERT_THRESHOLDS = QUIET | {"deadlines_breached": 0}
    page = _page(personas["admin"], None)
    assert "<li>已超期仍在计时的法定时限：1 个，超过阈值 0 个</li>" in page
    assert "Operations monitoring" not in page
