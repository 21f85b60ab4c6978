"""Key rotation for personal data at rest (M3: "with a key-rotation procedure"; docs/security.md).

Procedure: generate a key, put it FIRST in FAWANG_PII_KEYS (keep the old ones after it), optionally put a new
blind-index key first in FAWANG_PII_INDEX_KEYS, restart, run `fawang rotate_pii_keys`, check it reports 0 values
left under old keys, then remove the old keys and restart again. With the retention job this is X8's
"encryption as scheduled jobs": the key-rotation command re-encrypts every `EncryptedTextField`, in chunks.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

from cryptography.fernet import Fernet, InvalidToken
from django.apps import apps
from django.conf import settings
from django.db import connection, models, transaction

from fawang.core.crypto import BlindIndexField, EncryptedTextField


@dataclass(frozen=True)
class ModelKeys:
    model: type[models.Model]
    encrypted: tuple[str, ...]
    indexes: tuple[str, ...]


@dataclass
class RotationReport:
    label: str
    rows: int = 0
    rewritten: int = 0
    old_values_before: int = 0
    old_values_after: int = 0


def encrypted_models() -> Iterator[ModelKeys]:
    for model in apps.get_models():
        fields = model._meta.get_fields()
        encrypted = tuple(f.name for f in fields if isinstance(f, EncryptedTextField))
        if encrypted:
            indexes = tuple(f.name for f in fields if isinstance(f, BlindIndexField))
            yield ModelKeys(model=model, encrypted=encrypted, indexes=indexes)


def _column(model: type[models.Model], name: str) -> str:
    field = model._meta.get_field(name)
    if not isinstance(field, models.Field):
        raise TypeError(name)
    return connection.ops.quote_name(str(field.column))


def _raw_tokens(spec: ModelKeys) -> Iterator[tuple[object, list[str]]]:
    table = connection.ops.quote_name(spec.model._meta.db_table)
    columns = ", ".join(_column(spec.model, f) for f in spec.encrypted)
    pk_field = spec.model._meta.pk
    if pk_field is None:
        raise TypeError(spec.model)
    pk = connection.ops.quote_name(str(pk_field.column))
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT {pk}, {columns} FROM {table}")  # noqa: S608  # names from _meta
        for row in cursor.fetchall():
            yield row[0], [value for value in row[1:] if value]


def _old_value_count(spec: ModelKeys) -> int:
    primary = Fernet(settings.FAWANG_PII_KEYS[0].encode("ascii"))
    old = 0
    for _, tokens in _raw_tokens(spec):
        for token in tokens:
            try:
                primary.decrypt(token.encode("ascii"))
            except InvalidToken:
                old += 1
    return old


def _rewrite(spec: ModelKeys, obj: models.Model) -> None:
    """One UPDATE of the row's encrypted columns (re-encrypted under the primary key on the way in) and blind
    indexes. `update()` rather than `save()`: no `updated_at` churn, no model save logic, and append-only rows
    (hotline.CallEvent) are rewritten too."""
    values: dict[str, object] = {name: getattr(obj, name) for name in spec.encrypted}
    for name in spec.indexes:
        field = spec.model._meta.get_field(name)
        if isinstance(field, BlindIndexField):
            values[name] = field.compute(obj)
    spec.model._default_manager.filter(pk=obj.pk).update(**values)


def pii_keys_rotate(*, dry_run: bool = False, chunk: int = 500) -> list[RotationReport]:
    """Re-encrypt every encrypted field under the primary key and recompute blind indexes with the primary
    index key. Idempotent; safe to interrupt and re-run (each chunk commits on its own)."""
    reports = []
    for spec in encrypted_models():
        report = RotationReport(label=spec.model._meta.label, old_values_before=_old_value_count(spec))
        pks = list(spec.model._default_manager.order_by("pk").values_list("pk", flat=True))
        report.rows = len(pks)
        if not dry_run:
            for start in range(0, len(pks), chunk):
                with transaction.atomic():
                    batch = spec.model._default_manager.select_for_update().filter(
                        pk__in=pks[start : start + chunk]
                    )
                    for obj in batch:
                        _rewrite(spec, obj)
                        report.rewritten += 1
        report.old_values_after = _old_value_count(spec)
        reports.append(report)
    return reports
