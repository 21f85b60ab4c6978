"""L8: the 普法 pages (courses, the quiz, the event calendar, legal-culture sites) follow the interface language
chosen with the picker; Mandarin stays the default. Titles, places and other content stay as entered.

Needs the compiled catalogues (`make locale`, which `make test` runs).
"""

from __future__ import annotations

import re
from datetime import datetime

import pytest
import time_machine
from django.test import Client
from django.urls import reverse

from fawang.accounts.models import User
from fawang.cases.deadlines import LOCAL_TZ
from fawang.conftest import County
from fawang.education.tests.helpers import event, local, published_course

pytestmark = pytest.mark.django_db
NOW = datetime(2026, 3, 10, 12, 0, tzinfo=LOCAL_TZ)


def english(client: Client | None = None) -> Client:
    client = client or Client()
    switched = client.post("/i18n/setlang/", {"language": "en", "next": "/learn/"})
    assert switched.status_code == 302
    return client


def test_a_course_and_its_quiz_in_english(personas: dict[str, User]) -> None:
    course = published_course(personas)
    listing = english().get("/learn/courses/").content.decode()
    assert '<html lang="en"' in listing
    assert "<h1>Legal education courses</h1>" in listing
    assert "2 lessons · quiz (2 questions)" in listing
    assert "劳动者权益入门" in listing  # the course title is content
    for chinese in ("普法课程", "全部免费", "共2节", "有测验"):
        assert chinese not in listing
    citizen = Client()
    citizen.force_login(personas["citizen"])
    english(citizen)
    enrolled = citizen.post(reverse("education:course-enrol", args=[course.pk]), follow=True).content.decode()
    assert "You are enrolled and can start learning." in enrolled
    assert "0 of 2 lessons done" in enrolled
    assert "Mark lesson as done" in enrolled
    assert "You can take the quiz after finishing all 2 lessons." in enrolled
    for chinese in ("已学", "学完本节", "报名成功", "测验"):
        assert chinese not in enrolled


@time_machine.travel(NOW, tick=False)
def test_the_event_calendar_in_english(county: County, personas: dict[str, User]) -> None:
    created = event(personas["admin"], county.town_x, local(2026, 3, 20, 14))
    calendar = english().get("/learn/events/").content.decode()
    # Date formats are msgids shared with other apps' catalogues, so the month may be spelt out or abbreviated.
    assert re.search(r"<h2>Friday, Mar(ch)? 20</h2>", calendar)
    assert re.search(r"<strong>Time: </strong>14:00 to Mar(ch)? 20,? 16:00", calendar)
    assert "80 people" in calendar
    assert "送法进村" in calendar
    assert "村委会会议室" in calendar
    for chinese in ("普法活动日历", "3月20日", "星期五", "时间：", "80人", "全部免费参加"):
        assert chinese not in calendar
    detail = english().get(f"/learn/events/{created.pk}/").content.decode()
    assert re.search(r"Mar(ch)? 20, 2026,? 14:00 to Mar(ch)? 20, 2026,? 16:00", detail)
    assert "年" not in detail
    assert "Village (community)" in detail  # the venue kind, a choice label


def test_the_culture_sites_in_english(county: County, personas: dict[str, User]) -> None:
    admin = Client()
    admin.force_login(personas["admin"])
    form = {
        "name": "东镇法治文化广场",
        "kind": "square",
        "region": county.town_x.pk,
        "address": "东镇人民路1号",
        "opening_hours": "全天开放",
        "latitude": "30.5",
        "longitude": "114.25",
    }
    assert admin.post("/learn/manage/culture-sites/", form).status_code == 302
    page = english().get("/learn/culture-sites/").content.decode()
    assert "Rule-of-law culture square" in page
    assert "Coordinates: 30.500000 N, 114.250000 E" in page
    assert "Basis for free opening: Public legal service catalogue, item 1" in page
    assert "东镇法治文化广场" in page
    assert "全天开放" in page
    for chinese in ("法治文化阵地", "免费开放依据", "坐标", "类型：", "全部地区"):
        assert chinese not in page


def test_mandarin_stays_the_default(personas: dict[str, User]) -> None:
    published_course(personas)
    body = Client().get("/learn/courses/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "<h1>普法课程</h1>" in body
    assert "共2节 · 有测验（2题）" in body
    assert "Legal education courses" not in body
