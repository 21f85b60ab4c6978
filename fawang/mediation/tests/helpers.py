"""Test helpers shared by the practitioner apps (mediation, notary, appraisal, resettlement)."""

from __future__ import annotations

import io
import re
from typing import Any

from django.test import Client
from pypdf import PdfReader

from fawang.accounts.models import User


class _Client(Client):
    """Signs in afresh before each request: tests travel in time, and sessions expire after 30 idle minutes (M5)."""

    def __init__(self, user: User) -> None:
        super().__init__()
        self.user = user

    def request(self, **request: Any) -> Any:
        self.force_login(self.user)
        return super().request(**request)


def client_for(user: User) -> Client:
    return _Client(user)


def pdf_text(content: bytes) -> str:
    """The text of a generated PDF, whitespace removed. pypdf reads fpdf2's two-byte CID codes with a NUL before
    each character; the characters themselves are exact."""
    raw = "".join(page.extract_text() for page in PdfReader(io.BytesIO(content)).pages)
    return re.sub(r"\s+", "", raw.replace("\x00", ""))


def mediation_application(committee_id: int, **extra: object) -> dict[str, object]:
    """The window's application form for a two-party boundary dispute (POST /work/mediation/new/)."""
    return {
        "committee": committee_id,
        "origin": "application",
        "title": "宅基地边界纠纷",
        "facts": "张三与李四因宅基地边界发生争执。",
        "issues": "边界走向",
        "applicant_name": "张三",
        "applicant_id_number": "110101199003077571",
        "applicant_phone": "13800000001",
        "applicant_address": "东村1组",
        "respondent_name": "李四",
        "respondent_phone": "13800000002",
        "respondent_address": "东村2组",
        "status_matter": "none",
        **extra,
    }
