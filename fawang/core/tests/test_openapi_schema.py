"""The committed OpenAPI schema and the code agree (STYLE §13); regenerate with `make schema`."""

from pathlib import Path

from django.core.management import call_command
from django.test import Client

SCHEMA = Path(__file__).resolve().parents[3] / "schema" / "openapi.yaml"


def test_committed_schema_matches_code(tmp_path: Path) -> None:
    generated = tmp_path / "openapi.yaml"
    call_command("spectacular", "--file", str(generated), "--validate", "--fail-on-warn")
    assert generated.read_text(encoding="utf-8") == SCHEMA.read_text(encoding="utf-8"), (
        "schema/openapi.yaml is out of date: run `make schema` and commit it"
    )


def test_schema_and_docs_are_served(db: None) -> None:
    client = Client()
    assert client.get("/api/schema/").status_code == 200
    assert client.get("/api/docs/").status_code == 200
