"""Q2: comments on the whole draft or one article, with attachments, real-name or anonymous as the draft sets,
each with a reference on a receipt; every refusal changes nothing. Personal data encrypted, never public (M3)."""

from __future__ import annotations

from datetime import timedelta

import pytest
import time_machine
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test import override_settings

from fawang.accounts.models import User
from fawang.legislation.models import Comment, CommentAttachment, Draft
from fawang.legislation.rules import COMMENT_MAX_CHARS
from fawang.legislation.tests.conftest import MakeDraft, client_for
from fawang.portal.tests.apply_helpers import ID_NUMBER, PDF, PNG

pytestmark = pytest.mark.django_db


def _citizen(personas: dict[str, User]) -> User:
    user = personas["citizen"]
    user.display_name = "张三"
    user.phone = "13912345678"
    user.save(update_fields=["display_name", "phone", "phone_bidx"])
    return user


def _unchanged() -> tuple[int, int]:
    return Comment.objects.count(), CommentAttachment.objects.count()


def test_q2_real_name_comment_on_an_article_gets_a_reference_and_receipt(
    personas: dict[str, User], open_draft: Draft
) -> None:
    article = open_draft.articles.get(label="第三条")
    client = client_for(_citizen(personas))
    response = client.post(
        f"/legislation/{open_draft.pk}/comment/",
        {
            "article": article.pk,
            "body": "建议明确犬链长度。",
            "id_number": ID_NUMBER,
            "attachments": [SimpleUploadedFile("建议.pdf", PDF), SimpleUploadedFile("照片.png", PNG)],
        },
    )
    assert response.status_code == 201
    comment = Comment.objects.get()
    assert comment.reference == "LF20260302-00001"
    body = response.content.decode()
    assert "意见编号：<strong>LF20260302-00001</strong>" in body
    assert "第三条" in body
    assert (comment.article, comment.anonymous, comment.user) == (article, False, personas["citizen"])
    assert (comment.name, comment.phone, comment.id_number) == ("张三", "13912345678", ID_NUMBER)
    assert sorted(comment.attachments.values_list("original_name", "content_type")) == [
        ("建议.pdf", "application/pdf"),
        ("照片.png", "image/png"),
    ]
    with connection.cursor() as cursor:  # M3: encrypted at rest
        cursor.execute("SELECT name, phone, id_number FROM legislation_comment WHERE id = %s", [comment.pk])
        stored = cursor.fetchone()
    assert "张三" not in stored[0]
    assert "13912345678" not in stored[1]
    assert ID_NUMBER not in stored[2]
    second = client.post(f"/legislation/{open_draft.pk}/comment/", {"body": "整体同意。"})
    assert second.status_code == 201
    assert Comment.objects.get(reference="LF20260302-00002").article is None


def test_q2_article_form_is_swapped_in_by_htmx(open_draft: Draft) -> None:
    article = open_draft.articles.get(label="第二条")
    page = client_for(None).get(f"/legislation/{open_draft.pk}/").content.decode()
    assert page.count("评论此条") == 3
    fragment = client_for(None).get(
        f"/legislation/{open_draft.pk}/comment/?article={article.pk}", HTTP_HX_REQUEST="true"
    )
    assert fragment.status_code == 200
    html = fragment.content.decode()
    assert "针对第二条提意见" in html
    assert "<html" not in html
    assert f'name="article" value="{article.pk}"' in html


def test_q2_real_name_draft_refuses_anonymous_and_signed_out(
    personas: dict[str, User], open_draft: Draft
) -> None:
    response = client_for(None).post(
        f"/legislation/{open_draft.pk}/comment/", {"body": "意见", "anonymous": "on"}
    )
    assert response.status_code == 400
    assert "要求实名提出意见，不能匿名提交" in response.content.decode()
    response = client_for(None).post(f"/legislation/{open_draft.pk}/comment/", {"body": "意见"})
    assert response.status_code == 403
    assert "实名提出意见请先登录" in response.content.decode()
    assert _unchanged() == (0, 0)


def test_q2_anonymous_comment_keeps_nothing_about_the_person(
    personas: dict[str, User], anonymous_draft: Draft
) -> None:
    response = client_for(None).post(
        f"/legislation/{anonymous_draft.pk}/comment/", {"body": "建议增加停车位。", "anonymous": "on"}
    )
    assert response.status_code == 201
    signed = client_for(_citizen(personas)).post(
        f"/legislation/{anonymous_draft.pk}/comment/", {"body": "也匿名。", "anonymous": "on", "name": "张三"}
    )
    assert signed.status_code == 201
    rows = [(c.anonymous, c.user_id is None, c.name, c.phone, c.id_number) for c in Comment.objects.all()]
    assert rows == [(True, True, "", "", ""), (True, True, "", "", "")]
    response = client_for(None).post(
        f"/legislation/{anonymous_draft.pk}/comment/", {"body": "不匿名但未登录"}
    )
    assert response.status_code == 403
    assert "请先登录后实名提交，或选择匿名提交" in response.content.decode()
    assert Comment.objects.count() == 2


@pytest.mark.parametrize(
    ("data", "message"),
    [
        pytest.param({"body": "   "}, "请填写意见内容", id="q2-empty"),
        pytest.param(
            {"body": "长" * (COMMENT_MAX_CHARS + 1)}, f"不能超过{COMMENT_MAX_CHARS}字", id="q2-too-long"
        ),
        pytest.param({"body": "意见", "id_number": "123"}, "身份证号码应为18位", id="q2-bad-id"),
        pytest.param(
            {"body": "意见", "article": 999999}, "所选条文不属于该征求意见稿", id="q2-foreign-article"
        ),
        pytest.param(
            {"body": "意见", "attachments": [SimpleUploadedFile("病毒.exe", b"MZ\x90\x00")]},
            "不支持的文件类型",
            id="q2-attachment-type",
        ),
        pytest.param(
            {"body": "意见", "attachments": [SimpleUploadedFile("伪装.pdf", PNG)]},
            "文件内容与扩展名 .pdf 不符",
            id="q2-attachment-disguised",
        ),
        pytest.param(
            {"body": "意见", "attachments": [SimpleUploadedFile(f"{i}.png", PNG) for i in range(6)]},
            "附件最多5个",
            id="q2-attachment-count",
        ),
    ],
)
def test_q2_refusals_change_nothing(
    personas: dict[str, User], open_draft: Draft, data: dict[str, object], message: str
) -> None:
    response = client_for(_citizen(personas)).post(f"/legislation/{open_draft.pk}/comment/", data)
    assert response.status_code == 400
    assert message in response.content.decode()
    assert _unchanged() == (0, 0)


@override_settings(FAWANG_UPLOAD_MAX_BYTES=100)
def test_q2_oversized_attachment_refused(personas: dict[str, User], open_draft: Draft) -> None:
    big = SimpleUploadedFile("大.pdf", PDF + b"0" * 200)
    response = client_for(_citizen(personas)).post(
        f"/legislation/{open_draft.pk}/comment/", {"body": "意见", "attachments": [big]}
    )
    assert response.status_code == 400
    assert "文件过大" in response.content.decode()
    assert _unchanged() == (0, 0)


def test_q2_refused_outside_the_period(
    personas: dict[str, User], make_draft: MakeDraft, frozen_day: time_machine.Traveller
) -> None:
    from fawang.legislation.tests.conftest import TODAY

    later = make_draft(publish=True, opens_on=TODAY + timedelta(days=5), closes_on=TODAY + timedelta(days=40))
    response = client_for(_citizen(personas)).post(f"/legislation/{later.pk}/comment/", {"body": "提前"})
    assert response.status_code == 400
    assert "现在还不能提交" in response.content.decode()
    frozen_day.shift(timedelta(days=41))  # the day after closes_on
    response = client_for(personas["citizen"]).post(f"/legislation/{later.pk}/comment/", {"body": "太晚"})
    assert response.status_code == 400
    assert "征求意见已于2026年04月11日截止" in response.content.decode()
    assert _unchanged() == (0, 0)


def test_q2_last_day_is_still_open(
    personas: dict[str, User], open_draft: Draft, frozen_day: time_machine.Traveller
) -> None:
    frozen_day.shift(timedelta(days=30, hours=11, minutes=59))  # 23:59 on closes_on, Beijing time
    response = client_for(_citizen(personas)).post(
        f"/legislation/{open_draft.pk}/comment/", {"body": "赶上了"}
    )
    assert response.status_code == 201


def test_q2_personal_data_never_on_public_pages(personas: dict[str, User], open_draft: Draft) -> None:
    client_for(_citizen(personas)).post(
        f"/legislation/{open_draft.pk}/comment/", {"body": "意见", "id_number": ID_NUMBER}
    )
    for url in (
        f"/legislation/{open_draft.pk}/",
        f"/api/v1/legislation/drafts/{open_draft.pk}/",
        "/legislation/",
    ):
        text = client_for(None).get(url).content.decode()
        assert "张三" not in text
        assert "13912345678" not in text
        assert ID_NUMBER not in text


@override_settings(FAWANG_RATE_LIMITS={"intake": "2/m"})
def test_q2_comment_form_is_rate_limited(personas: dict[str, User], anonymous_draft: Draft) -> None:
    """M15: the public comment form counts in the intake budget like other public forms."""
    client = client_for(None)
    url = f"/legislation/{anonymous_draft.pk}/comment/"
    statuses = [client.post(url, {"body": f"第{i}条意见", "anonymous": "on"}).status_code for i in range(3)]
    assert statuses == [201, 201, 429]
    assert Comment.objects.count() == 2
