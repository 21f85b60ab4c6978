"""Staff pages are scoped by region like other staff pages (STYLE §3; M4), and reads of commenters' personal data
are audited (M6). Q2, Q3, Q4."""

from __future__ import annotations

import pytest

from fawang.accounts.models import User
from fawang.core.models import AuditAction, AuditEntry
from fawang.legislation import services
from fawang.legislation.models import Draft
from fawang.legislation.tests.conftest import client_for

pytestmark = pytest.mark.django_db


@pytest.fixture
def commented(personas: dict[str, User], open_draft: Draft) -> Draft:
    citizen = personas["citizen"]
    citizen.phone = "13912345678"
    citizen.save(update_fields=["phone", "phone_bidx"])
    services.comment_submit(
        actor=citizen, draft_id=open_draft.pk, body="意见", name="张三", id_number="11010519491231002X"
    )
    return open_draft


@pytest.mark.parametrize(
    ("persona", "status"),
    [
        pytest.param("admin", 200, id="county-admin"),
        pytest.param("county_supervisor", 200, id="county-supervisor"),
        pytest.param("province_supervisor", 200, id="province-supervisor-above"),
        pytest.param("clerk_x", 200, id="township-clerk-reads"),
        pytest.param("outsider", 404, id="other-county-404"),
        pytest.param("hotline_operator", 403, id="no-legislation-role"),
        pytest.param("aid_lawyer", 403, id="practitioner"),
        pytest.param("citizen", 403, id="citizen"),
    ],
)
def test_draft_workbench_page_scope(
    personas: dict[str, User], open_draft: Draft, persona: str, status: int
) -> None:
    response = client_for(personas[persona]).get(f"/work/legislation/{open_draft.pk}/")
    assert response.status_code == status


def test_staff_list_shows_only_the_jurisdiction(personas: dict[str, User], open_draft: Draft) -> None:
    assert open_draft.title in client_for(personas["admin"]).get("/work/legislation/").content.decode()
    assert open_draft.title not in client_for(personas["outsider"]).get("/work/legislation/").content.decode()
    assert client_for(personas["citizen"]).get("/work/legislation/").status_code == 403
    assert client_for(None).get("/work/legislation/").status_code == 302


def test_only_editors_create_and_publish(
    personas: dict[str, User], open_draft: Draft, make_draft: object
) -> None:
    assert client_for(personas["clerk_x"]).get("/work/legislation/new/").status_code == 403
    response = client_for(personas["clerk_x"]).post(
        f"/work/legislation/{open_draft.pk}/act/", {"action": "withdraw", "reason": "x"}
    )
    assert response.status_code == 403
    response = client_for(personas["outsider"]).post(
        f"/work/legislation/{open_draft.pk}/act/", {"action": "withdraw", "reason": "x"}
    )
    assert response.status_code == 404
    open_draft.refresh_from_db()
    assert open_draft.status == "published"


def test_comment_list_masks_and_is_audited(personas: dict[str, User], commented: Draft) -> None:
    before = AuditEntry.objects.filter(action=AuditAction.VIEW, object_type="legislation.Comment").count()
    response = client_for(personas["county_supervisor"]).get(f"/work/legislation/{commented.pk}/comments/")
    assert response.status_code == 200
    body = response.content.decode()
    assert "张*" in body
    assert "139****5678" in body
    assert "张三" not in body
    assert "13912345678" not in body
    entries = AuditEntry.objects.filter(action=AuditAction.VIEW, object_type="legislation.Comment")
    assert entries.count() == before + 1
    entry = entries.order_by("-id").first()
    assert entry is not None
    assert (entry.actor, entry.object_id) == (personas["county_supervisor"], f"draft:{commented.pk}")


def test_comment_detail_with_personal_data_is_audited(personas: dict[str, User], commented: Draft) -> None:
    comment = commented.comments.get()
    response = client_for(personas["admin"]).get(f"/work/legislation/comments/{comment.pk}/")
    assert response.status_code == 200
    body = response.content.decode()
    assert "张三" in body
    assert "13912345678" in body
    assert "110105********002X" in body
    assert "11010519491231002X" not in body
    entry = AuditEntry.objects.filter(
        object_type="legislation.Comment", object_id=comment.reference
    ).order_by("-id")
    assert entry.first() is not None
    assert (entry.first().action, entry.first().actor) == (AuditAction.VIEW, personas["admin"])  # type: ignore[union-attr]


@pytest.mark.parametrize(
    ("persona", "status"),
    [
        pytest.param("clerk_x", 403, id="clerk-reads-drafts-not-personal-data"),
        pytest.param("outsider", 404, id="other-county"),
        pytest.param("citizen", 403, id="citizen"),
        pytest.param("hotline_operator", 403, id="hotline"),
    ],
)
def test_personal_data_refused_outside_editors_and_not_audited_as_view(
    personas: dict[str, User], commented: Draft, persona: str, status: int
) -> None:
    comment = commented.comments.get()
    before = AuditEntry.objects.filter(action=AuditAction.VIEW, object_type="legislation.Comment").count()
    client = client_for(personas[persona])
    assert client.get(f"/work/legislation/comments/{comment.pk}/").status_code == status
    assert client.get(f"/work/legislation/{commented.pk}/comments/").status_code == status
    assert (
        AuditEntry.objects.filter(action=AuditAction.VIEW, object_type="legislation.Comment").count()
        == before
    )


def test_q2_attachment_download_for_editors_only_and_audited(
    personas: dict[str, User], open_draft: Draft
) -> None:
    from django.core.files.uploadedfile import SimpleUploadedFile

    from fawang.portal.tests.apply_helpers import PDF

    comment = services.comment_submit(
        actor=personas["citizen"],
        draft_id=open_draft.pk,
        body="见附件",
        name="张三",
        files=[SimpleUploadedFile("建议.pdf", PDF)],
    )
    attachment = comment.attachments.get()
    url = f"/work/legislation/attachments/{attachment.pk}/"
    for persona, status in (("clerk_x", 403), ("outsider", 404), ("citizen", 403)):
        assert client_for(personas[persona]).get(url).status_code == status, persona
    assert not AuditEntry.objects.filter(object_type="legislation.CommentAttachment").exists()
    response = client_for(personas["admin"]).get(url)
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == PDF  # type: ignore[attr-defined]
    assert response["Content-Disposition"].startswith("attachment;")
    entry = AuditEntry.objects.get(object_type="legislation.CommentAttachment")
    assert (entry.action, entry.actor, entry.object_id) == (
        AuditAction.VIEW,
        personas["admin"],
        str(attachment.pk),
    )
