"""Expiry of abandoned portal applications (M10 retention; issue 4 §3 save-and-continue).

A draft holds personal data (answers, scans) that was never handed to any service, so it is kept only while the
citizen is still working on it: an unsubmitted draft whose last change (any screen saved, upload added or removed:
every change bumps `updated_at`) is older than FAWANG_RETENTION_DAYS["portal_drafts"] is deleted by the retention
job (fawang/security/retention.py), uploaded files included. Submitted drafts are the application's record and are
never touched here.
"""

from __future__ import annotations

from datetime import datetime

from django.db import transaction
from django.db.models import QuerySet

from fawang.portal.models import ApplicationDraft, DraftUpload


def drafts_untouched_since(cutoff: datetime) -> QuerySet[ApplicationDraft]:
    """Unsubmitted drafts last changed before `cutoff`."""
    return ApplicationDraft.objects.filter(
        case__isnull=True, submitted_at__isnull=True, updated_at__lt=cutoff
    )


def drafts_expire(rows: QuerySet[ApplicationDraft]) -> int:
    """Delete the drafts and their uploads; the files go once the deletion is committed (a rollback keeps them).
    Returns the number of drafts deleted. Runs inside the retention job's transaction."""
    drafts = list(rows.select_for_update().values_list("pk", flat=True))
    if not drafts:
        return 0
    files = [
        (upload.file.storage, str(upload.file.name))
        for upload in DraftUpload.objects.filter(draft_id__in=drafts, attachment__isnull=True)
    ]
    ApplicationDraft.objects.filter(pk__in=drafts).delete()

    def remove_files() -> None:
        for storage, name in files:
            storage.delete(name)

    transaction.on_commit(remove_files)
    return len(drafts)
