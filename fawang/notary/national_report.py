"""Revocations and corrections reported to the national notary system (E7: "reported the same day"; E10).

The national system (全国公证管理系统) takes uploads from the offices; it has no interface Fawang can call. So the
decisions wait in a queue, the reviews themselves (decided revocations; corrections and supplements once executed,
when the corrected certificate exists), and `fawang notary_report_export` writes them to a file, one JSON object
per line, and marks them reported with a batch id in the same transaction, so nothing is marked that was not
written and a lost file can be written again from its batch. Run it daily (docs/notary.md); the queue shows what
is still waiting. The rows carry the certificate and the decision, not the applicant's name.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from django.db import transaction
from django.db.models import Q, QuerySet

from fawang.accounts.models import User
from fawang.core import clock
from fawang.core.audit import audit_record
from fawang.core.errors import NotFoundError
from fawang.core.models import AuditAction
from fawang.notary.models import NotaryReview, ReviewOutcome

REPORTED_OUTCOMES = (ReviewOutcome.REVOKE, ReviewOutcome.CORRECT, ReviewOutcome.SUPPLEMENT)


def national_report_pending() -> QuerySet[NotaryReview]:
    """Reviews whose outcome must go to the national system and has not: a revocation once decided, a correction
    or supplement once executed. Oldest decision first."""
    due = Q(outcome=ReviewOutcome.REVOKE, decided_at__isnull=False) | Q(
        outcome__in=[ReviewOutcome.CORRECT, ReviewOutcome.SUPPLEMENT], executed_at__isnull=False
    )
    return (
        NotaryReview.objects.filter(due, reported_at__isnull=True)
        .select_related("matter__office", "matter__certificate")
        .order_by("decided_at", "pk")
    )


def national_report_row(review: NotaryReview) -> dict[str, Any]:
    matter = review.matter
    certificate = getattr(matter, "certificate", None)
    return {
        "certificate_number": certificate.number if certificate is not None else "",
        "office": matter.office.name,
        "office_licence": matter.office.licence_number,
        "matter_code": matter.matter_code,
        "action": review.outcome,
        "action_label": str(review.get_outcome_display()),
        "decided_at": review.decided_at.isoformat() if review.decided_at else None,
        "executed_at": review.executed_at.isoformat() if review.executed_at else None,
        "reason": review.decision_note,
        "review_id": review.pk,
    }


@dataclass(frozen=True)
class ReportBatch:
    batch: str
    rows: list[dict[str, Any]]


@transaction.atomic
def notary_national_report_export(*, actor: User, now: datetime | None = None) -> ReportBatch:
    """Take every pending review into a new batch and mark it reported. The caller writes the rows inside the same
    transaction (the command does), so a failed write marks nothing."""
    now = now or clock.now()
    reviews = list(national_report_pending().select_for_update(of=("self",)))
    batch = f"{clock.to_local(now):%Y%m%d%H%M%S}-{len(reviews)}"
    if reviews:
        NotaryReview.objects.filter(pk__in=[r.pk for r in reviews]).update(
            reported_at=now, report_batch=batch, updated_at=now
        )
        audit_record(
            actor=actor,
            action=AuditAction.EXPORT,
            object_type="notary.NotaryReview",
            summary=f"national report batch {batch}: {len(reviews)}",
        )
    return ReportBatch(batch, [national_report_row(r) for r in reviews])


def national_report_batch(*, actor: User, batch: str) -> ReportBatch:
    """An earlier batch again (a lost or rejected upload file)."""
    reviews = (
        list(
            NotaryReview.objects.filter(report_batch=batch)
            .select_related("matter__office", "matter__certificate")
            .order_by("decided_at", "pk")
        )
        if batch
        else []
    )
    if not reviews:
        raise NotFoundError(f"没有报送批次 {batch}。")
    audit_record(
        actor=actor,
        action=AuditAction.EXPORT,
        object_type="notary.NotaryReview",
        summary=f"national report batch {batch} again: {len(reviews)}",
    )
    return ReportBatch(batch, [national_report_row(r) for r in reviews])
