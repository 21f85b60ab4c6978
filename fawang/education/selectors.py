from __future__ import annotations

from django.db.models import QuerySet

from fawang.core.errors import NotFoundError
from fawang.education.models import ArticleStatus, LessonArticle, ReadingList, Topic


def lesson_article_list_published(
    *, topic: Topic | None = None, audience: str = ""
) -> QuerySet[LessonArticle]:
    articles = LessonArticle.objects.filter(status=ArticleStatus.PUBLISHED).select_related("topic")
    if topic is not None:
        articles = articles.filter(topic=topic)
    if audience:
        # JSON list membership: small table, filtered in the database by a text match on the stored list.
        articles = articles.filter(audiences__icontains=f'"{audience}"')
    return articles.order_by("-published_at", "-id")


def lesson_article_get_published(*, article_id: int) -> LessonArticle:
    article = LessonArticle.objects.filter(pk=article_id, status=ArticleStatus.PUBLISHED).select_related(
        "topic"
    )
    found = article.first()
    if found is None:
        raise NotFoundError("未找到该普法文章。")
    return found


def reading_list_get(*, list_id: int) -> ReadingList:
    found = ReadingList.objects.filter(pk=list_id).prefetch_related("items__article").first()
    if found is None:
        raise NotFoundError("未找到该学习清单。")
    return found
