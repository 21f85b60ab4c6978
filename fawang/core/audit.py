"""Writing and verifying the hash-chained audit log (M6; issue 8 builds on it)."""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass

from django.contrib.auth.base_user import AbstractBaseUser
from django.db import transaction

from fawang.core import clock
from fawang.core.models import AuditAction, AuditChainHead, AuditEntry
from fawang.core.request_context import current_request_info

GENESIS_HASH = "0" * 64


def _entry_digest(entry: AuditEntry, prev_hash: str) -> str:
    payload = {name: getattr(entry, name) for name in AuditEntry.HASHED_FIELDS}
    payload["at"] = entry.at.isoformat()
    canonical = json.dumps(payload, ensure_ascii=False, sort_keys=True, default=str)
    return hashlib.sha256((prev_hash + canonical).encode("utf-8")).hexdigest()


def audit_record(
    *,
    actor: AbstractBaseUser | None,
    action: AuditAction,
    object_type: str,
    object_id: str | int = "",
    summary: str = "",
) -> AuditEntry:
    """Append one entry, chained to the previous one. Runs inside the caller's transaction."""
    info = current_request_info()
    with transaction.atomic():
        head, _ = AuditChainHead.objects.select_for_update().get_or_create(id=1)
        entry = AuditEntry(
            at=clock.now(),
            actor_id=actor.pk if actor is not None and actor.pk is not None else None,
            actor_label=actor.get_username() if actor is not None else "anonymous",
            action=action,
            object_type=object_type,
            object_id=str(object_id),
            summary=summary[:500],
            ip_address=info.ip_address,
            user_agent=info.user_agent[:300],
            prev_hash=head.last_hash,
        )
        entry.entry_hash = _entry_digest(entry, head.last_hash)
        entry.save()
        head.last_hash = entry.entry_hash
        head.save(update_fields=["last_hash"])
    return entry


@dataclass(frozen=True)
class ChainReport:
    checked: int
    first_bad_id: int | None

    @property
    def ok(self) -> bool:
        return self.first_bad_id is None


def audit_chain_verify() -> ChainReport:
    """Recompute every hash in order; report the first entry whose chain is broken."""
    prev = GENESIS_HASH
    checked = 0
    for entry in AuditEntry.objects.order_by("id").iterator(chunk_size=2000):
        if entry.prev_hash != prev or _entry_digest(entry, prev) != entry.entry_hash:
            return ChainReport(checked=checked, first_bad_id=entry.pk)
        prev = entry.entry_hash
        checked += 1
    return ChainReport(checked=checked, first_bad_id=None)
