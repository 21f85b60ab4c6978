"""Shared helpers for the legal-aid tests (no mutable module data)."""

from __future__ import annotations

import io
from typing import Any

from django.test import Client
from pypdf import PdfReader

from fawang.accounts.models import User
from fawang.cases.models import Case


def client_for(user: User) -> Client:
    client = Client()
    client.force_login(user)
    return client


def pdf_text(data: bytes) -> str:
    """Extracted text with whitespace removed (fpdf2's CJK output extracts with spaces between glyphs)."""
    reader = PdfReader(io.BytesIO(data))
    return "".join("".join(page.extract_text().replace("\x00", "").split()) for page in reader.pages)


def post_step(client: Client, case: Case, step: str, data: dict[str, Any] | None = None, **extra: Any) -> Any:
    return client.post(f"/work/legal-aid/{case.reference}/{step}/", data or {}, **extra)


def squash(text: str) -> str:
    return "".join(text.split())
