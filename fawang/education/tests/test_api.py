"""P2-P4 REST API: public reads of courses, events and culture sites; the citizen's own learning records."""

from __future__ import annotations

from datetime import datetime

import pytest
import time_machine
from django.test import Client
from pytest_django import DjangoAssertNumQueries

from fawang.accounts.models import User
from fawang.cases.deadlines import LOCAL_TZ
from fawang.conftest import County
from fawang.education.courses.learning import course_enrol, course_lesson_complete
from fawang.education.culture.services import SiteDetails, culture_site_create
from fawang.education.tests.helpers import event, local, published_course

pytestmark = pytest.mark.django_db
NOW = datetime(2026, 3, 10, 12, 0, tzinfo=LOCAL_TZ)


def test_public_course_reads_never_show_answers(personas: dict[str, User]) -> None:
    course = published_course(personas)
    listing = Client().get("/api/v1/education/courses/").json()
    assert [(c["title"], c["lesson_count"], c["question_count"]) for c in listing] == [
        ("劳动者权益入门", 2, 2)
    ]
    detail = Client().get(f"/api/v1/education/courses/{course.pk}/").json()
    assert [lesson["title"] for lesson in detail["lessons"]] == ["第1课", "第2课"]
    assert "correct" not in str(detail)
    assert Client().get("/api/v1/education/courses/999/").status_code == 404


@time_machine.travel(NOW, tick=False)
def test_public_events_by_region(county: County, personas: dict[str, User]) -> None:
    event(personas["admin"], county.town_x, local(2026, 3, 20), title="东镇")
    event(personas["admin"], county.village_y, local(2026, 3, 21), title="西村")
    event(personas["admin"], county.town_x, local(2026, 3, 1), title="已结束")
    everything = Client().get("/api/v1/education/events/").json()
    assert [e["title"] for e in everything] == ["东镇", "西村"]
    west = Client().get("/api/v1/education/events/", {"region": county.town_y.code}).json()
    assert [(e["title"], e["region_code"]) for e in west] == [("西村", county.village_y.code)]
    bad = Client().get("/api/v1/education/events/", {"region": "abc"})
    assert bad.status_code == 400
    assert "应为12位数字" in bad.content.decode()


def test_public_culture_sites(county: County, personas: dict[str, User]) -> None:
    for name, kind, region in (
        ("东镇广场", "square", county.town_x),
        ("西村宣传栏", "noticeboard", county.village_y),
    ):
        culture_site_create(
            actor=personas["admin"],
            details=SiteDetails(name=name, kind=kind, region=region, address="某路1号", opening_hours="全天"),
        )
    sites = Client().get("/api/v1/education/culture-sites/", {"region": county.town_y.code}).json()
    assert [(s["name"], s["free_and_open"]) for s in sites] == [("西村宣传栏", True)]
    assert "事项清单" in sites[0]["free_basis"]
    squares = Client().get("/api/v1/education/culture-sites/", {"kind": "square"}).json()
    assert [s["name"] for s in squares] == ["东镇广场"]


def test_my_learning_is_my_own(personas: dict[str, User]) -> None:
    course = published_course(personas)
    course_enrol(actor=personas["citizen"], course=course)
    course_lesson_complete(
        actor=personas["citizen"], course=course, article_id=course.lessons.order_by("position")[0].article_id
    )
    course_enrol(actor=personas["citizen_b"], course=course)
    mine = Client()
    mine.force_login(personas["citizen"])
    rows = mine.get("/api/v1/me/learning/").json()
    assert [
        (r["course_title"], r["lessons_done"], r["lessons"], r["passed"], r["completed_at"]) for r in rows
    ] == [("劳动者权益入门", 1, 2, False, None)]
    other = Client()
    other.force_login(personas["citizen_b"])
    assert [r["lessons_done"] for r in other.get("/api/v1/me/learning/").json()] == [0]
    assert Client().get("/api/v1/me/learning/").status_code == 403


@time_machine.travel(NOW, tick=False)
def test_public_lists_take_a_fixed_number_of_queries(
    county: County, personas: dict[str, User], django_assert_num_queries: DjangoAssertNumQueries
) -> None:
    """STYLE §12: list endpoints do not grow with their rows."""
    for day in (20, 21, 22):
        event(personas["admin"], county.town_x, local(2026, 3, day))
        culture_site_create(
            actor=personas["admin"],
            details=SiteDetails(
                name=f"阵地{day}", kind="park", region=county.town_x, address="路", opening_hours="全天"
            ),
        )
    published_course(personas)
    published_course(personas, title="第二门课")
    client = Client()
    counted = django_assert_num_queries
    with counted(1):
        assert len(client.get("/api/v1/education/courses/").json()) == 2
    with counted(2):  # the region, then the events with their regions and sites
        assert len(client.get("/api/v1/education/events/", {"region": county.county.code}).json()) == 3
    with counted(1):
        assert len(client.get("/api/v1/education/culture-sites/").json()) == 3
