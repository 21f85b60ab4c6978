"""Concurrency on PostgreSQL (N3, M6): real threads, real row locks. SQLite serialises writers, so these run on
PostgreSQL only (the conditional UPDATE inside case_transition covers SQLite; cases/tests test it there)."""

from __future__ import annotations

from functools import partial

import pytest
from django.db import connection

from fawang.accounts.models import User
from fawang.cases.models import Case, CaseEvent
from fawang.cases.services import case_transition
from fawang.cases.states import ServiceType, Status
from fawang.conftest import County, MakeCase, race
from fawang.core.audit import audit_chain_verify, audit_record
from fawang.core.errors import DomainError
from fawang.core.models import AuditAction, AuditEntry
from fawang.people.models import Person
from fawang.people.services import person_register

pytestmark = [
    pytest.mark.usefixtures("flushable_db"),
]


@pytest.fixture(autouse=True)
def _postgresql_only() -> None:
    if connection.vendor != "postgresql":
        pytest.skip("row locks need PostgreSQL (run with DATABASE_URL=postgres://...)")


def test_concurrent_assignment_has_one_winner(
    make_case: MakeCase, personas: dict[str, User], county: County
) -> None:
    for round_ in range(5):  # several rounds: a race that passes once by luck would not pass five times
        case = make_case(ServiceType.LEGAL_AID)
        Case.objects.filter(pk=case.pk).update(status=Status.GRANTED)  # test set-up only
        lawyers = [county.lawyer, county.other_lawyer]
        results = race(
            [
                partial(
                    case_transition,
                    reference=case.reference,
                    action="assign",
                    actor=personas["aid_reviewer"],
                    payload={"practitioner_id": p.pk},
                )
                for p in lawyers
            ]
        )
        winners = [r for r in results if isinstance(r, Case)]
        losers = [r for r in results if isinstance(r, DomainError)]
        assert (len(winners), len(losers)) == (1, 1), (round_, results)
        case.refresh_from_db()
        assert case.status == Status.ASSIGNED
        assert isinstance(winners[0], Case)
        assert case.handler_practitioner_id == winners[0].handler_practitioner_id
        assert CaseEvent.objects.filter(case=case, action="assign").count() == 1


def test_concurrent_dispatch_with_expected_status(
    make_case: MakeCase, personas: dict[str, User], county: County
) -> None:
    case = make_case()
    sites = [county.station_x, county.station_y, county.centre]
    results = race(
        [
            partial(
                case_transition,
                reference=case.reference,
                action="dispatch",
                actor=personas["admin"],
                payload={"site_id": s.pk},
                expected_status=Status.NEW,
            )
            for s in sites
        ]
    )
    assert sum(isinstance(r, Case) for r in results) == 1, results
    assert sum(isinstance(r, DomainError) for r in results) == 2, results
    assert CaseEvent.objects.filter(case=case, action="dispatch").count() == 1


def test_audit_chain_under_concurrent_writers(personas: dict[str, User]) -> None:
    before = AuditEntry.objects.count()
    writers = 8
    per_writer = 25

    def write(i: int) -> int:
        for n in range(per_writer):
            audit_record(
                actor=personas["admin"], action=AuditAction.VIEW, object_type="race", object_id=f"{i}-{n}"
            )
        return per_writer

    results = race([partial(write, i) for i in range(writers)])
    assert results == [per_writer] * writers
    assert AuditEntry.objects.count() == before + writers * per_writer
    report = audit_chain_verify()
    assert (report.ok, report.checked) == (True, before + writers * per_writer)


def test_concurrent_registration_of_one_new_person(db: None, personas: dict[str, User]) -> None:
    results = race(
        [
            partial(
                person_register,
                actor=personas["window_clerk"],
                name="王五",
                id_number="11010519491231002X",
                phone=phone,
            )
            for phone in ("13900000001", "13900000002", "13900000003", "13900000004")
        ]
    )
    assert all(isinstance(r, Person) for r in results), results
    assert len({r.pk for r in results if isinstance(r, Person)}) == 1
    assert Person.objects.count() == 1
