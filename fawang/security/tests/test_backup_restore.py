"""Backup and restore round trip (N6) on whichever database the suite runs on (SQLite or PostgreSQL, N9):
back up, change data, restore, and find the data exactly as backed up with the audit chain intact."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command
from django.db import connection

from fawang.accounts.models import User
from fawang.cases.models import Case, CaseEvent
from fawang.core.audit import audit_chain_verify
from fawang.core.backup import table_counts
from fawang.core.models import AuditEntry
from fawang.people.models import Person
from fawang.people.selectors import person_find_by_id_number
from fawang.people.services import person_register


@pytest.mark.usefixtures("flushable_db")
def test_round_trip(tmp_path: Path, personas: dict[str, User], make_case: Callable[..., Case]) -> None:
    person = person_register(
        actor=personas["admin"], name="王五", id_number="11010519491231002X", phone="13912345678"
    )
    kept = make_case(title="备份前的工单")
    before = table_counts()
    chain_before = audit_chain_verify()
    output = tmp_path / f"fawang-{connection.vendor}.dump"

    call_command("backup_db", "--output", str(output))
    manifest = json.loads(output.with_name(output.name + ".json").read_text(encoding="utf-8"))
    assert manifest["vendor"] == connection.vendor
    assert manifest["counts"] == before

    make_case(title="备份后的工单")  # changes after the backup are rolled back by the restore
    Person.objects.filter(pk=person.pk).update(name="改过的名字")
    assert Case.objects.count() == before["cases_case"] + 1

    call_command("restore_db", str(output), "--yes")
    after = table_counts()
    # The restore appends one audit entry (recorded restore): everything else is exactly as backed up.
    assert {t: n for t, n in after.items() if t != "core_auditentry"} == {
        t: n for t, n in before.items() if t != "core_auditentry"
    }
    assert after["core_auditentry"] == before["core_auditentry"] + 1
    assert list(Case.objects.values_list("reference", flat=True)) == [kept.reference]
    assert CaseEvent.objects.count() == before["cases_caseevent"]
    restored = person_find_by_id_number(id_number="11010519491231002X")
    assert restored is not None
    assert (restored.name, restored.phone) == ("王五", "13912345678")
    report = audit_chain_verify()
    assert report.ok
    assert report.checked == chain_before.checked + 1
    assert AuditEntry.objects.order_by("-id").first().summary == f"restored {output.name}"  # type: ignore[union-attr]


@pytest.mark.usefixtures("flushable_db")
def test_tampered_backup_is_refused(tmp_path: Path) -> None:
    output = tmp_path / "b.dump"
    call_command("backup_db", "--output", str(output))
    with output.open("ab") as handle:
        handle.write(b"x")
    with pytest.raises(CommandError, match="校验失败"):
        call_command("restore_db", str(output), "--yes")
