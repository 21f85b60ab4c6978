"""The vectorised province plan (issue 7 §8): symbolic clock replay, due tables, staging format, persons."""

from __future__ import annotations

import random
import struct
from datetime import UTC, datetime

import numpy as np
import pytest

from fawang.cases.deadlines import deadline_compute
from fawang.cases.working_calendar import working_calendar
from fawang.demo.province_expand import _binary
from fawang.demo.province_paths import PATHS
from fawang.demo.province_plan import DAY, LOCAL_OFFSET, HistoryPlanner, path_tables_build

NOW = datetime(2026, 11, 26, 2, 0, tzinfo=UTC)


def test_legal_aid_materials_pause_and_resume_the_review_clock() -> None:
    tables = path_tables_build()
    pid = tables.keys[("legal_aid", "window", "normal")] + 1  # review + materials + granted (PATHS order)
    actions = [s.action for s in tables.paths[pid].steps]
    assert actions[:3] == ["accept", "request_materials", "supplement"]
    review = tables.rules.index(next(r for r in tables.rules if r.code == "legal_aid.review"))
    after_request = [c for c in tables.clocks[(pid, 2)] if c.rule == review]
    assert [(c.pause, c.resume, c.stop) for c in after_request] == [(2, -1, -1)]
    after_supplement = [c for c in tables.clocks[(pid, 3)] if c.rule == review]
    assert [(c.pause, c.resume) for c in after_supplement] == [(2, 3)]
    assert tables.reasons[after_supplement[0].reason] == "材料不全，一次性告知。"
    assert tables.closing_step[(pid, len(actions))] == len(actions)
    assert tables.closing_step[(pid, 3)] == 0


def test_mediation_can_end_in_a_termination() -> None:
    variants = [[s.action for s in steps] for _, steps in PATHS["mediation"]]  # type: ignore[index]
    assert any("terminate" in v for v in variants)
    weights = {tuple(v): w for (w, _), v in zip(PATHS["mediation"], variants, strict=True)}  # type: ignore[index]
    share = sum(w for v, w in weights.items() if "terminate" in v) / sum(weights.values())
    assert 0.05 < share < 0.3


@pytest.mark.django_db
def test_due_tables_match_deadline_compute_at_any_time_of_day() -> None:
    from fawang.demo.province import province_network_build

    net = province_network_build(rng=random.Random(4), only=("500231",))
    planner = HistoryPlanner(net=net, seed=1, now=NOW, years=1, pools={})
    rng = random.Random(3)
    calendar = working_calendar()
    for index, rule in enumerate(planner.tables.rules):
        table = planner.due_table[index]
        if table is None:
            continue
        for _ in range(20):
            start = planner.start + rng.randint(0, 360 * DAY)
            expected = deadline_compute(
                rule=rule, start=datetime.fromtimestamp(start, tz=UTC), calendar=calendar
            )
            assert expected.due_at is not None
            assert table[(start + LOCAL_OFFSET) // DAY - planner.day0] == int(expected.due_at.timestamp()), (
                rule.code
            )


def test_binary_copy_rows_have_the_postgresql_layout() -> None:
    data = _binary({"a": np.array([1, -2]), "b": np.array([3, 400000])}, ["a", "b"])
    assert data.startswith(b"PGCOPY\n\xff\r\n\x00" + struct.pack(">ii", 0, 0))
    assert data.endswith(struct.pack(">h", -1))
    body = data[19:-2]
    assert len(body) == 2 * (2 + 2 * 8)
    assert struct.unpack(">hiiii", body[:18]) == (2, 4, 1, 4, 3)
    assert struct.unpack(">hiiii", body[18:]) == (2, 4, -2, 4, 400000)


@pytest.mark.django_db
def test_persons_are_written_with_encrypted_fields_the_model_reads() -> None:
    from fawang.demo.persons import persons_create
    from fawang.demo.province import province_network_build
    from fawang.people.models import Person
    from fawang.people.selectors import person_list_by_phone

    net = province_network_build(rng=random.Random(4), only=("500231",))
    pools = persons_create(rng=random.Random(1), net=net, count=30)
    ids = [i for pool in pools.values() for i in pool]
    assert Person.objects.filter(pk__in=ids).count() == len(ids) >= 30
    person = Person.objects.get(pk=ids[0])
    assert person.phone.startswith("1")
    assert len(person.phone) == 11
    assert person.region_id is not None
    assert person_list_by_phone(phone=person.phone).filter(pk=person.pk).exists()  # the blind index matches
