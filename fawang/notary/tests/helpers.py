"""Shared helpers for the notarisation tests."""

from __future__ import annotations

from django.test import Client

from fawang.conftest import County


def notary_apply(client: Client, county: County, **extra: object) -> tuple[int, dict[str, object]]:
    """An entrustment application through the public API (`extra` overrides fields): status and JSON body."""
    payload: dict[str, object] = {
        "office_id": county.notary_office.pk,
        "matter_code": "entrustment",
        "purpose": "委托他人办理房屋过户",
        "documents": "委托书一份",
        "signed_by": "sign",
        "proofs_count": 2,
    }
    payload.update(extra)
    response = client.post("/api/v1/notary/applications/", payload, content_type="application/json")
    return response.status_code, response.json()
