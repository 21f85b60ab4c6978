"""The audit log is append-only and hash-chained; verification finds tampering (M6)."""

from __future__ import annotations

import pytest
from django.core.management import CommandError, call_command
from django.db import DatabaseError, transaction

from fawang.accounts.models import User
from fawang.conftest import set_append_only
from fawang.core.audit import audit_chain_verify, audit_record
from fawang.core.models import AuditAction, AuditEntry


@pytest.fixture
def user(db: None) -> User:
    return User.objects.create_user(username="u1", password="x")


def test_entries_chain_and_verify(user: User) -> None:
    first = audit_record(actor=user, action=AuditAction.VIEW, object_type="cases.Case", object_id="FW1")
    second = audit_record(
        actor=None, action=AuditAction.LOGIN_FAILED, object_type="accounts.User", summary="bob"
    )
    assert second.prev_hash == first.entry_hash
    assert (first.actor_label, second.actor_label) == ("u1", "anonymous")
    report = audit_chain_verify()
    assert (report.ok, report.checked) == (True, 2)
    call_command("verify_audit")


@pytest.mark.usefixtures("append_only_enforced")
def test_database_refuses_changes(user: User) -> None:
    entry = audit_record(actor=user, action=AuditAction.VIEW, object_type="x", object_id="1")
    with pytest.raises(DatabaseError), transaction.atomic():
        AuditEntry.objects.filter(pk=entry.pk).update(summary="changed")
    with pytest.raises(DatabaseError), transaction.atomic():
        AuditEntry.objects.filter(pk=entry.pk).delete()


@pytest.mark.usefixtures("append_only_enforced")
def test_tampering_is_detected(user: User) -> None:
    for i in range(3):
        audit_record(actor=user, action=AuditAction.VIEW, object_type="x", object_id=str(i))
    target = AuditEntry.objects.order_by("id")[1]
    set_append_only(False, ["core_auditentry"])
    AuditEntry.objects.filter(pk=target.pk).update(
        summary="被篡改"
    )  # what an attacker with SQL access could do
    set_append_only(True, ["core_auditentry"])
    report = audit_chain_verify()
    assert (report.ok, report.first_bad_id, report.checked) == (False, target.pk, 1)
    with pytest.raises(CommandError, match="被篡改"):
        call_command("verify_audit")
