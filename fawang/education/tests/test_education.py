"""普法: public reading, draft → legal review → publication by someone else (P1, P5, P6)."""

from __future__ import annotations

import pytest
from django.test import Client

from fawang.accounts.models import User
from fawang.core.errors import DomainError, PermissionDeniedError
from fawang.education.models import ArticleStatus, LessonArticle, ReadingList, ReadingListItem, Topic
from fawang.education.services import lesson_article_create, lesson_article_publish, lesson_article_submit


@pytest.fixture
def topic(db: None) -> Topic:
    return Topic.objects.create(name="劳动就业")


def _draft(author: User, topic: Topic, title: str = "拖欠工资怎么办") -> LessonArticle:
    return lesson_article_create(
        actor=author,
        title=title,
        summary="三步维权",
        body="可以先协商，再申请劳动仲裁。",
        topic=topic,
        audiences=["migrant_workers"],
    )


def test_publication_needs_a_second_person(personas: dict[str, User], topic: Topic) -> None:
    article = _draft(personas["admin"], topic)
    lesson_article_submit(actor=personas["admin"], article=article)
    with pytest.raises(DomainError, match="作者不能审核"):
        lesson_article_publish(actor=personas["admin"], article=article)
    published = lesson_article_publish(actor=personas["aid_reviewer"], article=article)
    assert (published.status, published.reviewed_by_id) == (
        ArticleStatus.PUBLISHED,
        personas["aid_reviewer"].pk,
    )


def test_only_editors_write(personas: dict[str, User], topic: Topic) -> None:
    with pytest.raises(PermissionDeniedError):
        _draft(personas["citizen"], topic)
    assert LessonArticle.objects.count() == 0


def test_public_pages_show_only_published(personas: dict[str, User], topic: Topic) -> None:
    draft = _draft(personas["admin"], topic, title="草稿文章")
    live = _draft(personas["admin"], topic, title="已发布文章")
    lesson_article_submit(actor=personas["admin"], article=live)
    lesson_article_publish(actor=personas["aid_reviewer"], article=live)
    reading = ReadingList.objects.create(title="农民工维权必读")
    ReadingListItem.objects.create(reading_list=reading, article=live, position=1)
    ReadingListItem.objects.create(reading_list=reading, article=draft, position=2)
    client = Client()
    index = client.get("/learn/").content.decode()
    assert "已发布文章" in index
    assert "草稿文章" not in index
    assert "已发布文章" in client.get("/learn/", {"audience": "migrant_workers"}).content.decode()
    assert "已发布文章" not in client.get("/learn/", {"audience": "elderly"}).content.decode()
    assert client.get(f"/learn/articles/{live.pk}/").status_code == 200
    assert client.get(f"/learn/articles/{draft.pk}/").status_code == 404
    listing = client.get(f"/learn/lists/{reading.pk}/").content.decode()
    assert "已发布文章" in listing
    assert "草稿文章" not in listing


def test_manage_page_roles(personas: dict[str, User], topic: Topic) -> None:
    citizen = Client()
    citizen.force_login(personas["citizen"])
    assert citizen.get("/learn/manage/").status_code == 403
    admin = Client()
    admin.force_login(personas["admin"])
    response = admin.post(
        "/learn/manage/", {"title": "新文章", "summary": "摘要", "body": "正文", "topic": topic.pk}
    )
    assert response.status_code == 302
    article = LessonArticle.objects.get()
    assert admin.post(f"/learn/manage/{article.pk}/advance/").status_code == 302
    article.refresh_from_db()
    assert article.status == ArticleStatus.REVIEW
