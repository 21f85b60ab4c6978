"""Organised study groups (P2): an organiser, members joining by invitation code, the group's courses."""

from __future__ import annotations

import secrets

from django.db import IntegrityError, transaction

from fawang.accounts.models import User
from fawang.core import clock
from fawang.core.audit import audit_record
from fawang.core.errors import DomainError, PermissionDeniedError
from fawang.core.models import AuditAction
from fawang.education.models import (
    ArticleStatus,
    Course,
    Enrolment,
    GroupKind,
    StudyGroup,
    StudyGroupCourse,
    StudyGroupMember,
)

CODE_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"  # no 0/O, 1/I: read out over the phone
CODE_LENGTH = 8


def invite_code_new() -> str:
    return "".join(secrets.choice(CODE_ALPHABET) for _ in range(CODE_LENGTH))


@transaction.atomic
def study_group_create(*, actor: User, name: str, kind: str) -> StudyGroup:
    """Any signed-in person may organise a group (a village cadre, an employer, a teacher)."""
    if not actor.is_authenticated:
        raise PermissionDeniedError("请先登录。")
    if not name.strip():
        raise DomainError("学习组名称不能为空。")
    if kind not in GroupKind.values:
        raise DomainError(f"未知的学习组类型：{kind}。")
    for _ in range(5):
        try:
            with transaction.atomic():
                group = StudyGroup.objects.create(
                    name=name.strip()[:80], kind=kind, organiser=actor, invite_code=invite_code_new()
                )
            break
        except IntegrityError:  # pragma: no cover - a repeated random code
            continue
    else:  # pragma: no cover
        raise DomainError("生成邀请码失败，请重试。")
    audit_record(
        actor=actor, action=AuditAction.CREATE, object_type="education.StudyGroup", object_id=group.pk
    )
    return group


def _enrol_all(users: list[int], courses: list[int]) -> None:
    Enrolment.objects.bulk_create(
        [Enrolment(user_id=u, course_id=c) for u in users for c in courses], ignore_conflicts=True
    )


@transaction.atomic
def study_group_course_add(*, actor: User, group: StudyGroup, course: Course) -> StudyGroupCourse:
    """The organiser adds a published course; current members are enrolled in it."""
    if group.organiser_id != actor.pk:
        raise PermissionDeniedError("只有学习组的组织者可以添加课程。")
    if course.status != ArticleStatus.PUBLISHED:
        raise DomainError("只能添加已发布的课程。")
    link, _ = StudyGroupCourse.objects.get_or_create(group=group, course=course)
    _enrol_all(list(group.members.values_list("user_id", flat=True)), [course.pk])
    return link


@transaction.atomic
def study_group_join(*, actor: User, invite_code: str) -> StudyGroup:
    """Join by the organiser's invitation code; the member is enrolled in the group's courses."""
    if not actor.is_authenticated:
        raise PermissionDeniedError("请先登录。")
    code = invite_code.strip().upper().replace(" ", "")
    group = StudyGroup.objects.filter(invite_code=code).first() if code else None
    if group is None:
        raise DomainError("邀请码不正确，请向组织者核对。")
    if group.organiser_id == actor.pk:
        raise DomainError("您是这个学习组的组织者，不需要加入。")
    StudyGroupMember.objects.get_or_create(group=group, user=actor, defaults={"joined_at": clock.now()})
    _enrol_all([actor.pk], list(group.courses.values_list("course_id", flat=True)))
    return group
