"""The province history generator (issue 7 §8): consistent with the lifecycle tables, deterministic, summarised."""

from __future__ import annotations

import random
from datetime import UTC, datetime

import numpy as np
import pytest
import time_machine
from django.core.management import call_command

from fawang.analytics.models import BulkHistoryRun
from fawang.cases.models import Case, CaseDeadline, CaseEvent, ReferenceCounter
from fawang.demo.province import province_network_build
from fawang.demo.province_check import province_history_check
from fawang.demo.province_history import province_build
from fawang.demo.province_plan import DayTask, HistoryPlanner

COUNTY = ("500231",)  # 垫江县 only: a real county's townships, generated villages, small enough for a test
NOW = datetime(2026, 11, 26, 2, 0, tzinfo=UTC)


@pytest.fixture
def history(db: None) -> None:
    with time_machine.travel(NOW, tick=False):
        province_build(cases=600, seed=11, years=2, counties=COUNTY)


@pytest.mark.usefixtures("history")
def test_every_generated_case_replays_through_the_lifecycle_tables() -> None:
    assert Case.objects.count() == 600
    assert province_history_check(case_ids=list(Case.objects.values_list("pk", flat=True))) == []
    # a realistic mix: several services, channels, open and closed, clocks met and breached
    assert Case.objects.values("service_type").distinct().count() == 7
    assert Case.objects.values("channel").distinct().count() >= 5
    assert Case.objects.filter(closed_at__isnull=True).exists()
    assert Case.objects.filter(status="closed").exists()
    assert set(CaseDeadline.objects.values_list("state", flat=True).distinct()) >= {
        "met",
        "breached",
        "running",
    }
    assert CaseEvent.objects.filter(action="create").count() == 600
    # mediations end in an agreement or, less often, a termination notice; legal aid is sometimes refused
    assert CaseEvent.objects.filter(action="terminate", case__service_type="mediation").exists()
    assert CaseEvent.objects.filter(action="refuse", case__service_type="legal_aid").exists()
    day = Case.objects.order_by("-submitted_at").first()
    assert day is not None
    counter = ReferenceCounter.objects.get(day=day.reference[2:10])
    assert counter.value == Case.objects.filter(reference__startswith=day.reference[:11]).count()


@pytest.mark.usefixtures("history")
def test_the_check_catches_a_tampered_case() -> None:
    case = Case.objects.filter(status="closed").order_by("pk").first()
    assert case is not None
    Case.objects.filter(pk=case.pk).update(status="in_progress")
    problems = province_history_check(case_ids=[case.pk])
    assert len(problems) == 1
    assert problems[0].startswith(f"{case.reference}: stored (in_progress")


@pytest.mark.usefixtures("history")
def test_a_second_run_with_the_same_seed_adds_nothing() -> None:
    with time_machine.travel(NOW, tick=False):
        result = province_build(cases=600, seed=11, years=2, counties=COUNTY)
    assert result.skipped
    assert (Case.objects.count(), BulkHistoryRun.objects.count()) == (600, 1)


@pytest.mark.django_db
def test_generation_is_deterministic_for_a_seed() -> None:
    net = province_network_build(rng=random.Random(4), only=COUNTY)

    def rows(seed: int, split: int) -> list[list[int]]:
        planner = HistoryPlanner(net=net, seed=seed, now=NOW, years=1, pools={0: [5, 6, 7]})
        day_counts = planner.day_counts(300)
        assert sum(n for _, n in day_counts) == 300
        tasks, next_id = [], 1
        for midnight, count in day_counts[-40:]:
            tasks.append(DayTask(midnight, count, next_id, 1))
            next_id += count
        # the same days planned in one piece or in two give the same rows (each day has its own stream)
        first = planner.plan(tasks[:split], first_event=1, first_clock=1)
        second = planner.plan(tasks[split:], first_event=1 + first.n_events, first_clock=1 + first.n_clocks)
        return [
            np.concatenate([a.cases[f], b.cases[f]]).tolist()
            for f in sorted(first.cases)
            for a, b in [(first, second)]
        ] + [np.concatenate([first.clocks[f], second.clocks[f]]).tolist() for f in sorted(first.clocks)]

    first, again, other = rows(7, 10), rows(7, 25), rows(8, 10)
    assert first == again
    assert first != other


@pytest.mark.django_db
def test_command_switches_to_the_province_for_large_counts(capsys: pytest.CaptureFixture[str]) -> None:
    with time_machine.travel(NOW, tick=False):
        call_command("generate_demo", "--province", "--cases", "50", "--seed", "3", "--years", "1")
    out = capsys.readouterr().out
    assert "全省历史就绪：工单 50 件" in out
    assert "province_supervisor" in out
    assert Case.objects.count() == 50
