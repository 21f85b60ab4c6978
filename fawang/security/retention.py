"""The retention schedule (M10) and the purge job. Each data category has a period (Config, in
FAWANG_RETENTION_DAYS) and an action; every run, dry runs included, is logged in RetentionRun and audited.

Case files (工单, events, deadlines, attachments) are archives (I3: 人民调解法 Art.27, 公证法 Art.35,
法律援助法 Art.50) and are not purged here. The audit log is kept at least 183 days (M6, enforced by a system
check) and is never deleted by this job: entries past the period are only counted, because the hash chain runs
from the first entry (archive them with the backup command before any manual truncation).

X8 (retention and encryption as scheduled jobs): `purge_expired` (this schedule, run daily by cron) and
`rotate_pii_keys` (fawang.security.keyring) are the two jobs. CLA's "delete cases idle for 3 years" does not
carry over, because case files are archives here (I3); its "empty cases after 2 weeks" is `portal_drafts`
(unsubmitted applications). Every period comes from M10's Config, FAWANG_RETENTION_DAYS.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from django.conf import settings
from django.contrib.sessions.models import Session
from django.db import transaction
from django.db.models import Exists, OuterRef, QuerySet
from django.utils.translation import gettext_noop

from fawang.accounts.models import User
from fawang.cases.models import Case
from fawang.core import clock
from fawang.core.audit import audit_record
from fawang.core.models import AuditAction, AuditEntry
from fawang.notifications.models import Notification
from fawang.people.models import Person
from fawang.portal.apply.expiry import drafts_expire, drafts_untouched_since
from fawang.security.models import DataRequest, DataRequestStatus, LoginFailureCounter, RetentionRun
from fawang.security.privacy import person_anonymise

ANONYMISED_NAME = "（已匿名）"


@dataclass(frozen=True)
class RetentionRule:
    category: str
    label: str
    action: str  # delete | anonymise | keep
    select: Callable[[datetime], QuerySet[Any]]
    # Deletion that must do more than delete rows (e.g. remove uploaded files once committed); returns the count.
    purge: Callable[[QuerySet[Any]], int] | None = None


def _login_failures(cutoff: datetime) -> QuerySet[LoginFailureCounter]:
    return LoginFailureCounter.objects.filter(last_failure_at__lt=cutoff).exclude(
        locked_until__gte=clock.now()
    )


def _notifications(cutoff: datetime) -> QuerySet[Notification]:
    return Notification.objects.filter(read_at__isnull=False, read_at__lt=cutoff)


def _unlinked_people(cutoff: datetime) -> QuerySet[Person]:
    referenced = Case.objects.filter(requester=OuterRef("pk"))
    return (
        Person.objects.filter(created_at__lt=cutoff, user__isnull=True)
        .exclude(name=ANONYMISED_NAME)
        .exclude(Exists(referenced))
    )


def _data_requests(cutoff: datetime) -> QuerySet[DataRequest]:
    return DataRequest.objects.exclude(status=DataRequestStatus.OPEN).filter(decided_at__lt=cutoff)


def _sessions(cutoff: datetime) -> QuerySet[Session]:
    return Session.objects.filter(expire_date__lt=clock.now())


def _audit(cutoff: datetime) -> QuerySet[AuditEntry]:
    return AuditEntry.objects.filter(at__lt=cutoff)


RULES: tuple[RetentionRule, ...] = (
    RetentionRule("login_failures", gettext_noop("登录失败计数"), "delete", _login_failures),
    RetentionRule("notifications", gettext_noop("已读站内通知"), "delete", _notifications),
    RetentionRule("unlinked_people", gettext_noop("无工单、无账户的群众信息"), "anonymise", _unlinked_people),
    RetentionRule("data_requests", gettext_noop("已办结的个人信息权利请求"), "delete", _data_requests),
    RetentionRule("sessions", gettext_noop("过期会话"), "delete", _sessions),
    RetentionRule(
        "portal_drafts",
        gettext_noop("长期未修改的未提交网上申请（含上传材料）"),
        "delete",
        drafts_untouched_since,
        drafts_expire,
    ),
    RetentionRule("audit_log", gettext_noop("审计日志（只统计，不删除）"), "keep", _audit),
)


@dataclass(frozen=True)
class PurgeResult:
    category: str
    label: str
    action: str
    cutoff: datetime
    matched: int
    purged: int


def _apply(rule: RetentionRule, rows: QuerySet[Any]) -> int:
    if rule.purge is not None:
        return rule.purge(rows)
    if rule.action == "delete":
        deleted, _ = rows.delete()
        return int(deleted)
    if rule.action == "anonymise":
        count = 0
        for person in rows.select_for_update():
            person_anonymise(person)
            count += 1
        return count
    return 0


def retention_purge(*, actor: User, dry_run: bool, categories: list[str] | None = None) -> list[PurgeResult]:
    """Apply the schedule; with dry_run, count only. Each category runs in its own transaction."""
    now = clock.now()
    results = []
    for rule in RULES:
        if categories and rule.category not in categories:
            continue
        days = settings.FAWANG_RETENTION_DAYS[rule.category]
        cutoff = now - timedelta(days=days)
        with transaction.atomic():
            rows = rule.select(cutoff)
            matched = rows.count()
            purged = 0 if dry_run else _apply(rule, rows)
            RetentionRun.objects.create(
                at=now,
                actor_label=actor.get_username(),
                category=rule.category,
                dry_run=dry_run,
                cutoff=cutoff,
                matched=matched,
                purged=purged,
                action=rule.action,
            )
            results.append(PurgeResult(rule.category, rule.label, rule.action, cutoff, matched, purged))
    audit_record(
        actor=actor,
        action=AuditAction.UPDATE,
        object_type="security.RetentionRun",
        summary=("dry-run " if dry_run else "purge ")
        + ", ".join(f"{r.category}={r.purged}/{r.matched}" for r in results),
    )
    return results
