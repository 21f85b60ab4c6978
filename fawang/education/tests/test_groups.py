"""P2: organised groups keep records. The organiser (only) sees members' progress and quiz results in the group's
courses; each such read is audited as a read of personal data (M6)."""

from __future__ import annotations

import pytest
from django.test import Client

from fawang.accounts.models import User
from fawang.core.models import AuditEntry
from fawang.education.courses.groups import study_group_course_add, study_group_create, study_group_join
from fawang.education.courses.learning import course_enrol, course_lesson_complete
from fawang.education.models import Enrolment, StudyGroup, StudyGroupMember
from fawang.education.tests.helpers import published_course

pytestmark = pytest.mark.django_db


def _client(user: User) -> Client:
    client = Client()
    client.force_login(user)
    return client


def test_organise_join_and_read_records(personas: dict[str, User]) -> None:
    organiser, member = personas["citizen"], personas["citizen_b"]
    group_course = published_course(personas)
    other_course = published_course(personas, lessons=1, quiz=False, title="婚姻家庭")
    response = _client(organiser).post("/learn/groups/", {"name": "东村村民学法组", "kind": "village"})
    group = StudyGroup.objects.get()
    assert response.status_code == 302
    assert group.organiser == organiser
    assert (
        _client(organiser).post(f"/learn/groups/{group.pk}/courses/", {"course": group_course.pk}).status_code
        == 302
    )
    assert (
        _client(member).post("/learn/groups/join/", {"invite_code": group.invite_code.lower()}).status_code
        == 302
    )
    assert Enrolment.objects.filter(user=member, course=group_course).count() == 1  # enrolled on joining
    lesson = group_course.lessons.order_by("position").first()
    assert lesson is not None
    course_lesson_complete(actor=member, course=group_course, article_id=lesson.article_id)
    course_enrol(actor=member, course=other_course)  # the member's own learning, not the group's
    before = AuditEntry.objects.filter(action="view", object_type="education.StudyGroup").count()
    page = _client(organiser).get(f"/learn/groups/{group.pk}/")
    html = page.content.decode()
    assert page.status_code == 200
    assert "citizen_b" in html  # the member's name
    assert "1/2节" in html
    assert other_course.title not in html.split("添加本组课程")[0]  # only the group's courses
    audits = AuditEntry.objects.filter(action="view", object_type="education.StudyGroup")
    assert audits.count() == before + 1
    assert (audits.last().actor, audits.last().object_id) == (organiser, str(group.pk))  # type: ignore[union-attr]


def test_records_are_the_organisers_only(personas: dict[str, User]) -> None:
    organiser, member = personas["citizen"], personas["citizen_b"]
    group = study_group_create(actor=organiser, name="企业学法组", kind="enterprise")
    study_group_join(actor=member, invite_code=group.invite_code)
    before = AuditEntry.objects.filter(object_type="education.StudyGroup", action="view").count()
    for persona in ("citizen_b", "admin", "county_supervisor"):
        client = _client(personas[persona])
        assert client.get(f"/learn/groups/{group.pk}/").status_code == 404
        assert client.post(f"/learn/groups/{group.pk}/courses/", {"course": 1}).status_code == 404
    assert AuditEntry.objects.filter(object_type="education.StudyGroup", action="view").count() == before


def test_bad_codes_and_inputs_change_nothing(personas: dict[str, User]) -> None:
    group = study_group_create(actor=personas["citizen"], name="三年级二班", kind="school_class")
    member = _client(personas["citizen_b"])
    response = member.post("/learn/groups/join/", {"invite_code": "WRONG123"}, follow=True)
    assert "邀请码不正确" in response.content.decode()
    own = _client(personas["citizen"]).post(
        "/learn/groups/join/", {"invite_code": group.invite_code}, follow=True
    )
    assert "您是这个学习组的组织者" in own.content.decode()
    assert StudyGroupMember.objects.count() == 0
    blank = _client(personas["citizen"]).post("/learn/groups/", {"name": "", "kind": "village"})
    assert blank.status_code == 400
    assert "该字段是必填项" in blank.content.decode()
    assert StudyGroup.objects.count() == 1


def test_adding_a_course_enrols_existing_members_and_drafts_are_refused(personas: dict[str, User]) -> None:
    from fawang.core.errors import DomainError, PermissionDeniedError
    from fawang.education.courses.authoring import course_create

    course = published_course(personas, lessons=1, quiz=False)
    group = study_group_create(actor=personas["citizen"], name="东村", kind="village")
    study_group_join(actor=personas["citizen_b"], invite_code=group.invite_code)
    study_group_course_add(actor=personas["citizen"], group=group, course=course)
    assert Enrolment.objects.filter(user=personas["citizen_b"], course=course).count() == 1
    with pytest.raises(PermissionDeniedError, match="只有学习组的组织者"):
        study_group_course_add(actor=personas["citizen_b"], group=group, course=course)
    draft = course_create(
        actor=personas["admin"],
        title="草稿课",
        summary="简介",
        audience="general",
        pass_mark=60,
        article_ids=[course.lessons.get().article_id],
    )
    with pytest.raises(DomainError, match="只能添加已发布的课程"):
        study_group_course_add(actor=personas["citizen"], group=group, course=draft)
