"""The data subject's copy (M9, 个人信息保护法 Art.45) includes their real-name comments on drafts (Q2) and their
learning records and study groups (P2); anonymous comments have no account link and cannot appear."""

from __future__ import annotations

import json

from django.test import Client

from fawang.accounts.models import User
from fawang.education.courses.groups import study_group_create
from fawang.education.courses.learning import course_enrol, course_lesson_complete
from fawang.education.tests.helpers import published_course
from fawang.legislation.models import Draft
from fawang.legislation.services import comment_submit


def test_my_data_holds_comments_and_learning(
    personas: dict[str, User], open_draft: Draft, anonymous_draft: Draft
) -> None:
    citizen = personas["citizen"]
    article = open_draft.articles.order_by("position").first()
    assert article is not None
    comment_submit(actor=citizen, draft_id=open_draft.pk, body="第二条的期限太短", article_id=article.pk)
    comment_submit(actor=citizen, draft_id=anonymous_draft.pk, body="匿名提出的意见", anonymous=True)
    comment_submit(actor=personas["citizen_b"], draft_id=open_draft.pk, body="别人的意见")
    course = published_course(personas, quiz=False)
    course_enrol(actor=citizen, course=course)
    course_lesson_complete(
        actor=citizen, course=course, article_id=course.lessons.order_by("position")[0].article_id
    )
    study_group_create(actor=citizen, name="村民学法小组", kind="village")
    client = Client()
    client.force_login(citizen)
    data = json.loads(client.get("/security/my-data/download/").content)
    assert [(c["draft"], c["article"], c["body"]) for c in data["legislation_comments"]] == [
        (open_draft.title, article.label, "第二条的期限太短")
    ]
    assert [(row["course"], row["lessons_done"], row["lessons"]) for row in data["learning"]] == [
        (course.title, 1, 2)
    ]
    assert [(g["name"], g["role"]) for g in data["study_groups"]] == [("村民学法小组", "组织者")]
