"""Demo data for the county (issue 2 §8): two published lessons made into a course, an upcoming 普法 event and a
legal-culture site (P1, P2, P3, P4), entered through the services by the county's editors (the administrator
writes, the aid reviewer publishes, P5). Idempotent: a second run adds nothing."""

from __future__ import annotations

from datetime import datetime, time, timedelta

from fawang.accounts.models import User
from fawang.core import clock
from fawang.education.courses.authoring import course_create, course_publish, course_submit, quiz_question_add
from fawang.education.culture.services import SiteDetails, culture_site_create
from fawang.education.events.services import EventDetails, education_event_create
from fawang.education.models import Course, Topic
from fawang.education.services import lesson_article_create, lesson_article_publish, lesson_article_submit
from fawang.regions.models import Region

COURSE = "农民工讨薪维权入门"
LESSONS = (
    (
        "被拖欠工资怎么办",
        "先协商，再投诉或申请仲裁",
        "可以先和用人单位协商；协商不成，可以向劳动保障监察机构投诉，或者向劳动人事争议仲裁委员会申请仲裁。"
        "符合条件的，可以申请法律援助，拨打12348咨询。",
    ),
    (
        "没有签劳动合同怎么办",
        "保存证据，可以主张二倍工资",
        "用人单位自用工之日起超过一个月不满一年未与劳动者订立书面劳动合同的，应当向劳动者每月支付二倍的工资"
        "（劳动合同法第八十二条）。请保存工资条、考勤记录、工作证等证据。",
    ),
)


def education_demo_build(*, author: User, reviewer: User, county: Region) -> None:
    if Course.objects.filter(title=COURSE).exists():
        return
    topic, _ = Topic.objects.get_or_create(name="劳动就业")
    lessons = []
    for title, summary, body in LESSONS:
        draft = lesson_article_create(
            actor=author, title=title, summary=summary, body=body, topic=topic, audiences=["migrant_workers"]
        )
        lesson_article_submit(actor=author, article=draft)
        lessons.append(lesson_article_publish(actor=reviewer, article=draft))
    course = course_create(
        actor=author,
        title=COURSE,
        summary="两节课讲清讨薪和劳动合同，学完做一道小测验。",
        audience="migrant_workers",
        pass_mark=60,
        article_ids=[a.pk for a in lessons],
    )
    quiz_question_add(
        actor=author,
        course=course,
        text="被拖欠工资，协商不成可以找谁？",
        kind="single",
        options=["劳动保障监察机构或劳动人事争议仲裁委员会", "只能自认倒霉", "找老板的亲戚"],
        correct=[0],
    )
    course_submit(actor=author, course=course)
    course_publish(actor=reviewer, course=course)
    day = clock.local_today() + timedelta(days=10)
    education_event_create(
        actor=author,
        details=EventDetails(
            title="民法典进乡村：邻里纠纷怎么办",
            venue_kind="village",
            place=f"{county.name}桂溪街道村民活动室",
            region=county,
            starts_at=datetime.combine(day, time(14, 30), tzinfo=clock.LOCAL_TZ),
            ends_at=datetime.combine(day, time(16, 30), tzinfo=clock.LOCAL_TZ),
            audience="general",
            organiser=f"{county.name}司法局",
            capacity=80,
        ),
    )
    culture_site_create(
        actor=author,
        details=SiteDetails(
            name=f"{county.name}法治文化广场",
            kind="square",
            region=county,
            address=f"{county.name}人民广场东侧",
            opening_hours="全天开放",
            description="宪法宣传墙、民法典主题雕塑和普法宣传栏。",
        ),
    )
