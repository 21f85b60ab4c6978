"""Shared steps for the guided-application tests: a real PNG and PDF, and walking a flow through HTTP."""

from __future__ import annotations

import io
import re
from typing import Any

from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from fawang.portal.models import ApplicationDraft

# The smallest valid PNG (1x1, transparent) and a one-page PDF header: real magic numbers for the content sniffer.
PNG = (
    b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x06\x00\x00\x00\x1f\x15\xc4\x89"
    b"\x00\x00\x00\rIDATx\x9cc\xf8\x0f\x00\x00\x01\x01\x00\x05\x18\xd8N\x00\x00\x00\x00IEND\xaeB`\x82"
)
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
ID_NUMBER = "11010519491231002X"


def png(name: str = "身份证.png") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, PNG, content_type="image/png")


def open_draft(client: Client, slug: str) -> ApplicationDraft:
    response = client.post(f"/apply/{slug}/")
    assert response.status_code == 302, response.content.decode()[:500]
    match = re.search(r"/apply/drafts/([0-9a-f]{32})/", response["Location"])
    assert match is not None
    return ApplicationDraft.objects.get(token=match.group(1))


def post_step(client: Client, draft: ApplicationDraft, step: str, data: dict[str, Any]) -> Any:
    draft.refresh_from_db()
    return client.post(f"/apply/drafts/{draft.token}/{step}/", {"version": draft.version, **data})


def upload(client: Client, draft: ApplicationDraft, label: str, file: Any, quantity: int = 1) -> Any:
    draft.refresh_from_db()
    return client.post(
        f"/apply/drafts/{draft.token}/uploads/",
        {"version": draft.version, "label": label, "quantity": quantity, "file": file},
    )


def identity(client: Client, draft: ApplicationDraft, township: str, id_number: str = ID_NUMBER) -> Any:
    return post_step(
        client,
        draft,
        "identity",
        {
            "name": "王小明",
            "id_number": id_number,
            "phone": "13912345678",
            "address": "东村3组",
            "township": township,
        },
    )


def bytes_io(data: bytes) -> io.BytesIO:
    return io.BytesIO(data)
