"""The retention job (M10): a dry run changes nothing, a real run purges per category, both are logged; the audit
log is never purged by it (M6). X8: the retention job as a command, with its periods from M10's Config."""

from __future__ import annotations

from datetime import timedelta

import time_machine
from django.core.management import call_command

from fawang.accounts.models import User
from fawang.core import clock
from fawang.core.audit import audit_chain_verify
from fawang.core.models import AuditEntry
from fawang.notifications.models import Notification
from fawang.people.models import Person
from fawang.security.models import LoginFailureCounter, RetentionRun


def test_dry_run_then_purge(personas: dict[str, User], make_case: object) -> None:
    old = clock.now() - timedelta(days=4 * 365)
    with time_machine.travel(old, tick=False):
        stale = Person.objects.create(name="无工单的人", phone="13500000000")
        LoginFailureCounter.objects.create(username="ghost", failures=2, last_failure_at=clock.now())
        Notification.objects.create(
            recipient=personas["clerk"] if "clerk" in personas else personas["window_clerk"],
            kind="x",
            message="旧通知",
            dedupe_key="old",
            read_at=clock.now(),
        )
    fresh = Person.objects.create(name="新登记", phone="13600000000")
    Notification.objects.create(
        recipient=personas["window_clerk"], kind="x", message="新", dedupe_key="new", read_at=clock.now()
    )
    audit_before = AuditEntry.objects.count()

    call_command("purge_expired", "--dry-run")
    dry = {r.category: (r.matched, r.purged) for r in RetentionRun.objects.filter(dry_run=True)}
    assert dry["unlinked_people"] == (1, 0)
    assert dry["login_failures"] == (1, 0)
    assert dry["notifications"] == (1, 0)
    assert Person.objects.get(pk=stale.pk).name == "无工单的人"

    call_command("purge_expired")
    real = {r.category: (r.matched, r.purged, r.action) for r in RetentionRun.objects.filter(dry_run=False)}
    assert real["unlinked_people"] == (1, 1, "anonymise")
    assert real["login_failures"] == (1, 1, "delete")
    assert real["notifications"] == (1, 1, "delete")
    assert real["audit_log"][1:] == (0, "keep")
    assert Person.objects.get(pk=stale.pk).name == "（已匿名）"
    assert Person.objects.get(pk=fresh.pk).phone == "13600000000"
    assert list(Notification.objects.values_list("dedupe_key", flat=True)) == ["new"]
    assert LoginFailureCounter.objects.count() == 0
    # The audit log only grew (one entry per run) and its chain still verifies.
    assert AuditEntry.objects.count() == audit_before + 2
    assert audit_chain_verify().ok


def test_audit_log_older_than_floor_is_counted_not_deleted(db: None) -> None:
    from fawang.core.audit import audit_record
    from fawang.core.models import AuditAction

    with time_machine.travel(clock.now() - timedelta(days=5 * 365), tick=False):
        audit_record(actor=None, action=AuditAction.VIEW, object_type="x")
    call_command("purge_expired", "--category", "audit_log")
    run = RetentionRun.objects.get(category="audit_log")
    assert (run.matched, run.purged) == (1, 0)
    assert AuditEntry.objects.filter(object_type="x").count() == 1
