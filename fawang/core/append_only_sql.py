"""Database triggers that refuse UPDATE and DELETE on append-only tables (STYLE §4, M6).

Used by migrations; written for SQLite and PostgreSQL, the two supported backends (N9).
"""

from typing import Any


def _sqlite(table: str) -> list[str]:
    return [
        f"CREATE TRIGGER IF NOT EXISTS {table}_no_update BEFORE UPDATE ON {table} "
        f"BEGIN SELECT RAISE(ABORT, '{table} is append-only'); END;",
        f"CREATE TRIGGER IF NOT EXISTS {table}_no_delete BEFORE DELETE ON {table} "
        f"BEGIN SELECT RAISE(ABORT, '{table} is append-only'); END;",
    ]


def _postgresql(table: str) -> list[str]:
    return [
        "CREATE OR REPLACE FUNCTION fawang_refuse_change() RETURNS trigger AS $$ "
        "BEGIN RAISE EXCEPTION USING MESSAGE = TG_TABLE_NAME || ' is append-only'; END; $$ LANGUAGE plpgsql;",
        f"DROP TRIGGER IF EXISTS {table}_append_only ON {table};",
        f"CREATE TRIGGER {table}_append_only BEFORE UPDATE OR DELETE ON {table} "
        "FOR EACH ROW EXECUTE FUNCTION fawang_refuse_change();",
    ]


def _drop(vendor: str, table: str) -> list[str]:
    if vendor == "sqlite":
        return [f"DROP TRIGGER IF EXISTS {table}_no_update;", f"DROP TRIGGER IF EXISTS {table}_no_delete;"]
    return [f"DROP TRIGGER IF EXISTS {table}_append_only ON {table};"]


def install_statements(vendor: str, tables: list[str]) -> list[str]:
    builder = _sqlite if vendor == "sqlite" else _postgresql
    return [statement for table in tables for statement in builder(table)]


def drop_statements(vendor: str, tables: list[str]) -> list[str]:
    return [statement for table in tables for statement in _drop(vendor, table)]


def install(tables: list[str]) -> Any:
    """A RunPython forward function for a migration."""

    def forward(apps: Any, schema_editor: Any) -> None:
        for statement in install_statements(schema_editor.connection.vendor, tables):
            schema_editor.execute(statement)

    return forward


def uninstall(tables: list[str]) -> Any:
    """A RunPython backward function for a migration."""

    def backward(apps: Any, schema_editor: Any) -> None:
        for statement in drop_statements(schema_editor.connection.vendor, tables):
            schema_editor.execute(statement)

    return backward
