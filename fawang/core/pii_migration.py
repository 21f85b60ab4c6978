"""Data-migration helpers that encrypt existing plaintext columns in place (M3, ADR 0080; STYLE §14).

Used by the migrations that turn a plaintext column into an `EncryptedTextField` (or `EncryptedJSONField`): the
schema change comes first (the column becomes text), then `encrypt_columns(...)` rewrites every row with raw SQL, so
no model code runs on historical rows. Blind indexes are HMACs of the stripped value under the primary index key,
exactly what `BlindIndexField` computes with `fawang.people.models.normalise_phone`. Re-running skips values that
are already Fernet tokens; the reverse (`decrypt_columns`) puts the plaintext back before the column type reverts.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from fawang.core.crypto import blind_index, pii_decrypt, pii_encrypt

FERNET_PREFIX = "gAAAAA"

RunPythonFunc = Callable[[Any, Any], None]


@dataclass(frozen=True)
class Index:
    """A blind-index column of `source`; `null_when_empty` for nullable (unique) indexes."""

    column: str
    source: str
    null_when_empty: bool = False


@dataclass(frozen=True)
class Columns:
    table: str
    encrypted: tuple[str, ...]
    indexes: tuple[Index, ...] = field(default_factory=tuple)


def _encrypted_row(values: dict[str, Any], spec: Columns) -> dict[str, Any] | None:
    if any(isinstance(v, str) and v.startswith(FERNET_PREFIX) for v in values.values()):
        return None  # already encrypted (a re-run)
    new: dict[str, Any] = {}
    for name in spec.encrypted:
        value = values[name]
        new[name] = None if value is None else pii_encrypt(str(value))
    for index in spec.indexes:
        plain = (values[index.source] or "").strip()
        new[index.column] = blind_index(plain) if plain else (None if index.null_when_empty else "")
    return new


def _rows(cursor: Any, spec: Columns) -> list[tuple[Any, dict[str, Any]]]:
    quote = cursor.db.ops.quote_name
    cols = ", ".join(quote(c) for c in spec.encrypted)
    cursor.execute(f"SELECT id, {cols} FROM {quote(spec.table)}")  # noqa: S608  # names are constants
    return [(row[0], dict(zip(spec.encrypted, row[1:], strict=True))) for row in cursor.fetchall()]


def _update(cursor: Any, spec: Columns, pk: Any, values: dict[str, Any]) -> None:
    quote = cursor.db.ops.quote_name
    sets = ", ".join(f"{quote(c)} = %s" for c in values)
    cursor.execute(
        f"UPDATE {quote(spec.table)} SET {sets} WHERE id = %s",  # noqa: S608  # names are constants
        [*values.values(), pk],
    )


def encrypt_columns(*specs: Columns) -> RunPythonFunc:
    """A RunPython forward function: encrypt the plaintext of each column and fill its blind indexes."""

    def forward(apps: Any, schema_editor: Any) -> None:
        with schema_editor.connection.cursor() as cursor:
            for spec in specs:
                for pk, values in _rows(cursor, spec):
                    new = _encrypted_row(values, spec)
                    if new is not None:
                        _update(cursor, spec, pk, new)

    return forward


def decrypt_columns(*specs: Columns) -> RunPythonFunc:
    """A RunPython backward function: back to plaintext (blind indexes are dropped by the schema reverse)."""

    def backward(apps: Any, schema_editor: Any) -> None:
        with schema_editor.connection.cursor() as cursor:
            for spec in specs:
                for pk, values in _rows(cursor, spec):
                    plain = {
                        k: pii_decrypt(v) if isinstance(v, str) and v.startswith(FERNET_PREFIX) else v
                        for k, v in values.items()
                    }
                    _update(cursor, spec, pk, plain)

    return backward
