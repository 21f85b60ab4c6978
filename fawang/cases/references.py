"""Readable case references (A13): FW + local date + a per-day sequence, e.g. FW20261126-00042."""

from __future__ import annotations

from datetime import datetime

from django.db import IntegrityError, transaction
from django.db.models import F

from fawang.cases.models import ReferenceCounter
from fawang.core.clock import to_local


def reference_next(*, at: datetime) -> str:
    """Reserve the next reference for the local day of `at`. Safe under concurrent writers."""
    day = to_local(at).strftime("%Y%m%d")
    with transaction.atomic():
        if not ReferenceCounter.objects.filter(day=day).update(value=F("value") + 1):
            try:
                with transaction.atomic():
                    ReferenceCounter.objects.create(day=day, value=1)
            except IntegrityError:
                ReferenceCounter.objects.filter(day=day).update(value=F("value") + 1)
        value = ReferenceCounter.objects.values_list("value", flat=True).get(day=day)
    return f"FW{day}-{value:05d}"
