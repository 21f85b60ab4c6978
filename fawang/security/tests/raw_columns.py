"""Reading a column as the database stores it, to prove that personal data is encrypted at rest (M3)."""

from __future__ import annotations

from typing import Any

from django.db import connection


def raw_column(table: str, column: str, pk: int) -> Any:
    quote = connection.ops.quote_name
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT {quote(column)} FROM {quote(table)} WHERE id = %s", [pk])  # noqa: S608
        return cursor.fetchone()[0]


def assert_ciphertext(raw: Any, *plaintexts: str) -> None:
    """A Fernet token, holding none of the plaintexts."""
    assert isinstance(raw, str)
    assert raw.startswith("gAAAAA")
    for plain in plaintexts:
        assert plain not in raw
