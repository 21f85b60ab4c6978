"""P2 + P5: courses are reviewed by someone else before publication; learners enrol, mark lessons 学完本节, take
the quiz (every attempt recorded) and see their completion record."""

from __future__ import annotations

import pytest
from django.test import Client

from fawang.accounts.models import User
from fawang.core.errors import DomainError, PermissionDeniedError
from fawang.education.courses.authoring import course_create, course_publish, course_submit
from fawang.education.models import (
    ArticleStatus,
    Course,
    Enrolment,
    LessonProgress,
    QuizAttempt,
    QuizQuestion,
)
from fawang.education.tests.helpers import published_article, published_course

pytestmark = pytest.mark.django_db


def _client(user: User) -> Client:
    client = Client()
    client.force_login(user)
    return client


def test_authoring_through_the_pages_and_review_by_another(personas: dict[str, User]) -> None:
    first, second = published_article(personas, "讨薪"), published_article(personas, "工伤")
    admin = _client(personas["admin"])
    response = admin.post(
        "/learn/manage/courses/",
        {
            "title": "打工维权",
            "summary": "两课",
            "audience": "migrant_workers",
            "pass_mark": "80",
            "lessons": f"{second.pk}，{first.pk}",
        },
    )
    assert response.status_code == 302
    course = Course.objects.get()
    assert list(course.lessons.values_list("article_id", "position")) == [(second.pk, 1), (first.pk, 2)]
    question = {
        "text": "工伤认定向谁申请？",
        "kind": "single",
        "options": "社会保险行政部门\n法院",
        "correct": "1",
    }
    assert admin.post(f"/learn/manage/courses/{course.pk}/", question).status_code == 302
    assert list(QuizQuestion.objects.values_list("options", "correct")) == [
        (["社会保险行政部门", "法院"], [0])
    ]
    assert Client().get(f"/learn/courses/{course.pk}/").status_code == 404  # a draft is not public
    admin.post(f"/learn/manage/courses/{course.pk}/advance/")  # submit
    admin.post(f"/learn/manage/courses/{course.pk}/advance/")  # the author's own publication is refused
    course.refresh_from_db()
    assert course.status == ArticleStatus.REVIEW
    _client(personas["aid_reviewer"]).post(f"/learn/manage/courses/{course.pk}/advance/")
    course.refresh_from_db()
    assert (course.status, course.reviewed_by) == (ArticleStatus.PUBLISHED, personas["aid_reviewer"])
    assert "打工维权" in Client().get("/learn/courses/").content.decode()


def test_the_author_cannot_publish_and_only_editors_write(personas: dict[str, User]) -> None:
    article = published_article(personas, "讨薪")
    course = course_create(
        actor=personas["admin"],
        title="课",
        summary="简介",
        audience="general",
        pass_mark=60,
        article_ids=[article.pk],
    )
    course_submit(actor=personas["admin"], course=course)
    with pytest.raises(DomainError, match="作者不能审核自己的课程"):
        course_publish(actor=personas["admin"], course=course)
    with pytest.raises(PermissionDeniedError):
        course_publish(actor=personas["county_supervisor"], course=course)  # an editor, not a reviewer
    with pytest.raises(PermissionDeniedError):
        course_create(
            actor=personas["citizen"],
            title="课",
            summary="简介",
            audience="general",
            pass_mark=60,
            article_ids=[article.pk],
        )
    assert _client(personas["citizen"]).get("/learn/manage/courses/").status_code == 403
    course.refresh_from_db()
    assert (course.status, Course.objects.count()) == (ArticleStatus.REVIEW, 1)


@pytest.mark.parametrize(
    ("_case", "data", "message"),
    [
        ("P2: unknown article", {"lessons": "999"}, "不存在或尚未发布"),
        ("P2: the same lesson twice", {"lessons": "ID,ID"}, "不能在课程中出现两次"),
        ("P2: not numbers", {"lessons": "第一课"}, "请填写数字"),
        ("P2: pass mark above 100", {"pass_mark": "120"}, "100"),
    ],
)
def test_bad_course_input_changes_nothing(
    personas: dict[str, User], _case: str, data: dict[str, str], message: str
) -> None:
    article = published_article(personas, "讨薪")
    form = {
        "title": "课",
        "summary": "简介",
        "audience": "general",
        "pass_mark": "60",
        "lessons": str(article.pk),
    }
    form.update({k: v.replace("ID", str(article.pk)) for k, v in data.items()})
    response = _client(personas["admin"]).post("/learn/manage/courses/", form)
    assert response.status_code == 400
    assert message in response.content.decode()
    assert Course.objects.count() == 0


@pytest.mark.parametrize(
    ("_case", "data", "message"),
    [
        (
            "P2: single choice with two answers",
            {"kind": "single", "correct": "1,2"},
            "单选题只能有一个正确答案",
        ),
        ("P2: answer beyond the options", {"correct": "3"}, "正确答案必须是已有选项的序号"),
        ("P2: one option only", {"options": "甲"}, "每题需要 2 到 8 个非空选项"),
    ],
)
def test_bad_question_changes_nothing(
    personas: dict[str, User], _case: str, data: dict[str, str], message: str
) -> None:
    article = published_article(personas, "讨薪")
    course = course_create(
        actor=personas["admin"],
        title="课",
        summary="简介",
        audience="general",
        pass_mark=60,
        article_ids=[article.pk],
    )
    form = {"text": "题", "kind": "multiple", "options": "甲\n乙", "correct": "1", **data}
    response = _client(personas["admin"]).post(f"/learn/manage/courses/{course.pk}/", form)
    assert response.status_code == 400
    assert message in response.content.decode()
    assert QuizQuestion.objects.count() == 0


def test_learning_a_course_to_completion(personas: dict[str, User]) -> None:
    course = published_course(personas)
    lessons = list(course.lessons.order_by("position").values_list("article_id", flat=True))
    questions = list(course.questions.order_by("position"))
    citizen = _client(personas["citizen"])
    base = f"/learn/courses/{course.pk}"
    assert citizen.post(f"{base}/lessons/{lessons[0]}/done/").status_code == 302  # not enrolled: refused
    assert LessonProgress.objects.count() == 0
    citizen.post(f"{base}/enrol/")
    citizen.post(f"{base}/enrol/")  # twice: one enrolment
    assert Enrolment.objects.filter(user=personas["citizen"]).count() == 1
    citizen.get(f"/learn/articles/{lessons[0]}/")  # reading is not progress
    assert LessonProgress.objects.count() == 0
    partial = citizen.post(f"{base}/lessons/{lessons[0]}/done/", HTTP_HX_REQUEST="true")
    assert partial.status_code == 200
    assert "已学 1 / 2 节" in partial.content.decode()
    early = citizen.post(f"{base}/quiz/", {f"q_{questions[0].pk}": "0", f"q_{questions[1].pk}": ["0", "1"]})
    assert early.status_code == 400
    assert "请先学完全部课程内容" in early.content.decode()
    citizen.post(f"{base}/lessons/{lessons[1]}/done/")
    failed = citizen.post(f"{base}/quiz/", {f"q_{questions[0].pk}": "1", f"q_{questions[1].pk}": ["0"]})
    assert "本次得分：0 分" in failed.content.decode()
    half = citizen.post(f"{base}/quiz/", {f"q_{questions[0].pk}": "0", f"q_{questions[1].pk}": ["0"]})
    assert "本次得分：50 分" in half.content.decode()
    enrolment = Enrolment.objects.get(user=personas["citizen"])
    assert enrolment.completed_at is None
    passed = citizen.post(f"{base}/quiz/", {f"q_{questions[0].pk}": "0", f"q_{questions[1].pk}": ["0", "1"]})
    assert "本次得分：100 分" in passed.content.decode()
    assert list(QuizAttempt.objects.order_by("id").values_list("score", "passed")) == [
        (0, False),
        (50, False),
        (100, True),
    ]
    enrolment.refresh_from_db()
    assert enrolment.completed_at is not None
    mine = citizen.get("/learn/me/").content.decode()
    assert "已学 2 / 2 节" in mine
    assert "已通过（最高 100 分）" in mine
    assert "已完成" in mine


def test_a_course_without_quiz_completes_with_its_lessons(personas: dict[str, User]) -> None:
    course = published_course(personas, lessons=1, quiz=False)
    article_id = course.lessons.get().article_id
    citizen = _client(personas["citizen"])
    citizen.post(f"/learn/courses/{course.pk}/enrol/")
    citizen.post(f"/learn/courses/{course.pk}/lessons/{article_id}/done/")
    assert Enrolment.objects.get().completed_at is not None
    assert citizen.get(f"/learn/courses/{course.pk}/quiz/").status_code == 404


@pytest.mark.parametrize(
    ("_case", "answers", "status", "message"),
    [
        ("P2: a question left blank", {"first": "0"}, 400, "请作答本题"),
        ("P2: an option that does not exist", {"first": "7", "second": ["0"]}, 400, "选项无效"),
    ],
)
def test_bad_quiz_answers_change_nothing(
    personas: dict[str, User], _case: str, answers: dict[str, object], status: int, message: str
) -> None:
    course = published_course(personas)
    first, second = course.questions.order_by("position")
    citizen = _client(personas["citizen"])
    citizen.post(f"/learn/courses/{course.pk}/enrol/")
    for article_id in course.lessons.values_list("article_id", flat=True):
        citizen.post(f"/learn/courses/{course.pk}/lessons/{article_id}/done/")
    data = {f"q_{ {'first': first, 'second': second}[k].pk }": v for k, v in answers.items()}
    response = citizen.post(f"/learn/courses/{course.pk}/quiz/", data)
    assert response.status_code == status
    assert message in response.content.decode()
    assert QuizAttempt.objects.count() == 0


def test_anonymous_may_read_but_not_enrol(personas: dict[str, User]) -> None:
    course = published_course(personas)
    anonymous = Client()
    assert anonymous.get(f"/learn/courses/{course.pk}/").status_code == 200
    assert anonymous.post(f"/learn/courses/{course.pk}/enrol/").status_code == 302  # to sign-in
    assert anonymous.get("/learn/me/").status_code == 302
    assert Enrolment.objects.count() == 0


def test_the_service_refuses_what_a_form_cannot_send(personas: dict[str, User]) -> None:
    """Two answers to a single-choice question, or a question of another course (e.g. through a crafted call)."""
    from fawang.education.courses.learning import course_enrol, course_lesson_complete, quiz_attempt_submit

    course = published_course(personas)
    first, second = course.questions.order_by("position")
    course_enrol(actor=personas["citizen"], course=course)
    for article_id in course.lessons.values_list("article_id", flat=True):
        course_lesson_complete(actor=personas["citizen"], course=course, article_id=article_id)
    with pytest.raises(DomainError, match="第1题是单选题，只能选一个答案"):
        quiz_attempt_submit(
            actor=personas["citizen"], course=course, answers={first.pk: [0, 1], second.pk: [0]}
        )
    with pytest.raises(DomainError, match="不属于本测验"):
        quiz_attempt_submit(
            actor=personas["citizen"], course=course, answers={first.pk: [0], second.pk: [0], 999: [0]}
        )
    with pytest.raises(DomainError, match="本课程没有这一节"):
        course_lesson_complete(actor=personas["citizen"], course=course, article_id=999)
    assert QuizAttempt.objects.count() == 0
