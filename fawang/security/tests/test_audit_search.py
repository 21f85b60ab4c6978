"""Audit log search (M6, ADR 0084): administrators see all, supervisors their region's staff, others nobody."""

from __future__ import annotations

from django.test import Client

from fawang.accounts.models import User
from fawang.core.audit import audit_record
from fawang.core.models import AuditAction, AuditEntry


def _seed(personas: dict[str, User]) -> None:
    for key in ("clerk_x", "outsider", "hotline_operator"):
        audit_record(
            actor=personas[key], action=AuditAction.REVEAL, object_type="people.Person", object_id=key
        )
    audit_record(actor=None, action=AuditAction.LOGIN_FAILED, object_type="accounts.User", summary="mallory")


def _ids(client: Client, query: str = "action=reveal") -> list[str]:
    response = client.get(f"/api/v1/security/audit/?{query}")
    assert response.status_code == 200
    return sorted(e["object_id"] for e in response.json())


def test_scope_by_role(personas: dict[str, User]) -> None:
    _seed(personas)
    client = Client()
    client.force_login(personas["admin"])
    assert _ids(client) == ["clerk_x", "hotline_operator", "outsider"]
    assert _ids(client, "action=login_failed") == [""]
    client.force_login(personas["county_supervisor"])
    assert _ids(client) == ["clerk_x", "hotline_operator"]  # the outsider works in the neighbouring county
    assert _ids(client, "action=login_failed") == []  # actor-less entries: administrators only
    client.force_login(personas["province_supervisor"])
    assert _ids(client) == ["clerk_x", "hotline_operator", "outsider"]


def test_filters_and_page(personas: dict[str, User]) -> None:
    _seed(personas)
    client = Client()
    client.force_login(personas["county_supervisor"])
    assert _ids(client, "action=reveal&actor=clerk_x") == ["clerk_x"]
    page = client.get("/work/audit/?actor=hotline").content.decode()
    assert "people.Person#hotline_operator" in page
    assert "people.Person#clerk_x" not in page
    searches = AuditEntry.objects.filter(action=AuditAction.VIEW, object_type="core.AuditEntry")
    assert [e.summary for e in searches.order_by("id")] == [
        "search actor=clerk_x action=reveal",
        "search actor=hotline",
    ]


def test_refused_for_other_roles(personas: dict[str, User]) -> None:
    _seed(personas)
    before = AuditEntry.objects.exclude(action=AuditAction.LOGIN).count()
    client = Client()
    for persona in ("clerk_x", "aid_lawyer", "citizen"):
        client.force_login(personas[persona])  # writes a LOGIN entry, excluded from the comparison
        assert client.get("/work/audit/").status_code == 403
        assert client.get("/api/v1/security/audit/").status_code == 403
    assert AuditEntry.objects.exclude(action=AuditAction.LOGIN).count() == before
