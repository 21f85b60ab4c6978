"""Building 普法 content through the real services, as the views do (P2, P5)."""

from __future__ import annotations

from datetime import datetime

from fawang.accounts.models import User
from fawang.cases.deadlines import LOCAL_TZ
from fawang.education.courses.authoring import course_create, course_publish, course_submit, quiz_question_add
from fawang.education.events.services import EventDetails, education_event_create
from fawang.education.models import Course, EducationEvent, LessonArticle, Topic
from fawang.education.services import lesson_article_create, lesson_article_publish, lesson_article_submit
from fawang.regions.models import Region


def published_article(personas: dict[str, User], title: str) -> LessonArticle:
    topic, _ = Topic.objects.get_or_create(name="劳动就业")
    article = lesson_article_create(
        actor=personas["admin"], title=title, summary="摘要", body="正文", topic=topic
    )
    lesson_article_submit(actor=personas["admin"], article=article)
    return lesson_article_publish(actor=personas["aid_reviewer"], article=article)


def published_course(
    personas: dict[str, User], *, lessons: int = 2, quiz: bool = True, title: str = "劳动者权益入门"
) -> Course:
    """A course of `lessons` published articles and, with `quiz`, two questions (one single, one multiple)."""
    articles = [published_article(personas, f"第{i}课") for i in range(1, lessons + 1)]
    course = course_create(
        actor=personas["admin"],
        title=title,
        summary="讨薪、合同、工伤",
        audience="migrant_workers",
        pass_mark=60,
        article_ids=[a.pk for a in articles],
    )
    if quiz:
        quiz_question_add(
            actor=personas["admin"],
            course=course,
            text="拖欠工资可以向哪里投诉？",
            kind="single",
            options=["劳动保障监察", "派出所", "居委会"],
            correct=[0],
        )
        quiz_question_add(
            actor=personas["admin"],
            course=course,
            text="劳动合同应当写明哪些内容？",
            kind="multiple",
            options=["工作内容", "劳动报酬", "星座"],
            correct=[0, 1],
        )
    course_submit(actor=personas["admin"], course=course)
    return course_publish(actor=personas["aid_reviewer"], course=course)


def local(year: int, month: int, day: int, hour: int = 9) -> datetime:
    return datetime(year, month, day, hour, 0, tzinfo=LOCAL_TZ)


def event(
    actor: User, region: Region, starts: datetime, title: str = "送法进村", hours: int = 2
) -> EducationEvent:
    from datetime import timedelta

    return education_event_create(
        actor=actor,
        details=EventDetails(
            title=title,
            venue_kind="village",
            place="村委会会议室",
            region=region,
            starts_at=starts,
            ends_at=starts + timedelta(hours=hours),
            audience="general",
            organiser="东镇司法所",
            capacity=80,
        ),
    )
