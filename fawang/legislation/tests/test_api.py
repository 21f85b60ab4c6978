"""REST API (Q1, Q2): public reads of published drafts and comment submission, sharing the portal's service."""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from rest_framework.test import APIClient

from fawang.accounts.models import User
from fawang.legislation.models import Comment, Draft
from fawang.legislation.tests.conftest import MakeDraft
from fawang.portal.tests.apply_helpers import PDF

pytestmark = pytest.mark.django_db


def test_q1_api_lists_published_drafts_only(open_draft: Draft, make_draft: MakeDraft) -> None:
    make_draft(title="未发布的草案")
    rows = APIClient().get("/api/v1/legislation/drafts/").json()
    assert [(r["id"], r["phase"], r["closes_on"]) for r in rows] == [(open_draft.pk, "open", "2026-04-01")]
    detail = APIClient().get(f"/api/v1/legislation/drafts/{open_draft.pk}/").json()
    assert [a["label"] for a in detail["articles"]] == ["第一条", "第二条", "第三条"]
    assert (detail["explanation"], detail["summary"], detail["identity_mode"]) == (
        "为规范养犬行为，起草了本办法。",
        None,
        "real_name",
    )


def test_q2_api_anonymous_comment_with_attachment(anonymous_draft: Draft) -> None:
    article = anonymous_draft.articles.get(label="第二条")
    response = APIClient().post(
        f"/api/v1/legislation/drafts/{anonymous_draft.pk}/comments/",
        {
            "body": "建议",
            "article": article.pk,
            "anonymous": True,
            "attachments": [SimpleUploadedFile("a.pdf", PDF)],
        },
        format="multipart",
    )
    assert response.status_code == 201, response.content
    data = response.json()
    assert (data["reference"], data["article"], data["anonymous"], data["attachments"]) == (
        "LF20260302-00001",
        "第二条",
        True,
        1,
    )


def test_q2_api_real_name_needs_sign_in(personas: dict[str, User], open_draft: Draft) -> None:
    url = f"/api/v1/legislation/drafts/{open_draft.pk}/comments/"
    response = APIClient().post(url, {"body": "意见"}, format="json")
    assert response.status_code == 403
    assert response.json()["detail"] == "实名提出意见请先登录。"
    response = APIClient().post(url, {"body": "意见", "anonymous": True}, format="json")
    assert response.status_code == 400
    assert Comment.objects.count() == 0
    client = APIClient()
    client.force_authenticate(personas["citizen"])
    response = client.post(url, {"body": "意见", "name": "张三"}, format="json")
    assert response.status_code == 201
    assert Comment.objects.get().name == "张三"


def test_q2_api_refuses_empty_text_and_unknown_draft(anonymous_draft: Draft) -> None:
    url = f"/api/v1/legislation/drafts/{anonymous_draft.pk}/comments/"
    response = APIClient().post(url, {"body": "", "anonymous": True}, format="json")
    assert response.status_code == 400
    assert response.json()["detail"] == "请填写意见内容。"
    assert (
        APIClient()
        .post("/api/v1/legislation/drafts/9999/comments/", {"body": "x"}, format="json")
        .status_code
        == 404
    )
    assert Comment.objects.count() == 0
