"""Personal data on screens, in exports and for the data subject (M3, M7, M9; PIPL Art.44-47, 51).

- Masking is the default: `person_masked(person)`; `requester_view_for(user=, case=)` applies the confidential
  rule (M7) as well. Lists, pages, API and exports use these.
- A full value is shown only through `person_field_reveal(...)`: a role that needs it, on a case in its scope,
  after re-authentication, and every reveal writes an audit entry (M6).
- Exports of personal data are logged with `personal_data_export_log(...)` (M6).
- A citizen downloads their own data (`my_data_collect`) and files requests (`data_request_submit`) with a due date.
"""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from django.conf import settings
from django.db import IntegrityError, transaction

from fawang.accounts.models import User
from fawang.accounts.roles import Role
from fawang.cases.models import Case
from fawang.cases.selectors import case_get_for_user, case_roles_for_user
from fawang.core import clock
from fawang.core.audit import audit_record
from fawang.core.errors import ConflictError, DomainError, PermissionDeniedError
from fawang.core.models import AuditAction, AuditEntry
from fawang.education.courses.selectors import progress_list_for_user, study_group_list_for_user
from fawang.legislation.selectors import comment_list_for_subject
from fawang.people.idcard import id_number_mask, phone_mask
from fawang.people.models import ContactChannel, Person
from fawang.people.selectors import ContactRoute, person_contact_route, person_list_for_user
from fawang.security.models import DataRequest, DataRequestKind, DataRequestStatus

# Roles that may see a confidential requester's identity (M7, I1): the same set as the case page.
CONFIDENTIAL_READERS = frozenset({Role.AID_REVIEWER, Role.ADMIN, Role.AID_LAWYER, Role.MEDIATOR, Role.NOTARY})
# Roles whose work needs a requester's full contact or ID details (M4 least privilege): front desks and handlers.
REVEAL_ROLES = frozenset(
    {
        Role.HOTLINE_OPERATOR,
        Role.WINDOW_CLERK,
        Role.AID_REVIEWER,
        Role.AID_LAWYER,
        Role.MEDIATOR,
        Role.NOTARY,
        Role.APPRAISER,
        Role.ADMIN,
    }
)
REVEALABLE_FIELDS = {"id_number": "身份证号码", "phone": "联系电话", "address": "住址"}
CONTACT_FIELDS = frozenset({"phone", "address"})  # what staff use to call, visit or write (M14)


def address_mask(value: str) -> str:
    """Keep the first 6 characters (county, township), hide the rest."""
    if len(value) <= 6:
        return "*" * len(value)
    return value[:6] + "*" * min(len(value) - 6, 8)


def person_masked(person: Person) -> dict[str, str]:
    return {
        "name": person.name,
        "id_number": id_number_mask(person.id_number) if person.id_number else "",
        "phone": phone_mask(person.phone) if person.phone else "",
        "address": address_mask(person.address) if person.address else "",
    }


def requester_view_for(*, user: User, case: Case) -> dict[str, str] | None:
    """The requester as this user may see them on this case: masked, or hidden when confidential (M7)."""
    person = case.requester
    if person is None:
        return None
    if case.confidential and not case_roles_for_user(user=user, case=case) & CONFIDENTIAL_READERS:
        return {"name": "（保密）", "id_number": "", "phone": "", "address": ""}
    return person_masked(person)


def reveal_allowed(*, user: User, case: Case) -> bool:
    roles = case_roles_for_user(user=user, case=case)
    if case.confidential:
        roles = roles & CONFIDENTIAL_READERS
    return bool(roles & REVEAL_ROLES)


def person_field_reveal(*, actor: User, reference: str, field: str, purpose: str = "") -> str:
    """The full value of one requester field, for a case in the actor's scope; audited as a reveal (M3, M6).

    Callers check re-authentication first (fawang.security.reauth). Not one transaction on purpose: a refusal
    is audited (DENIED) and must stay recorded although the call raises."""
    if field not in REVEALABLE_FIELDS:
        raise DomainError("只能查看身份证号码、联系电话或住址。")
    case = case_get_for_user(user=actor, reference=reference, audit=False)
    if case.requester is None:
        raise DomainError("该工单没有登记申请人。")
    if not reveal_allowed(user=actor, case=case):
        audit_record(
            actor=actor,
            action=AuditAction.DENIED,
            object_type="people.Person",
            object_id=case.requester.pk,
            summary=f"reveal {field} via {reference}",
        )
        raise PermissionDeniedError("您的角色无权查看该申请人的完整信息。")
    value = str(getattr(case.requester, field) or "")
    route = person_contact_route(person=case.requester)
    if route.restricted and field in CONTACT_FIELDS:
        value = _safe_contact_value(route, field)
        field = f"{field} (safe route)"
    audit_record(
        actor=actor,
        action=AuditAction.REVEAL,
        object_type="people.Person",
        object_id=case.requester.pk,
        summary=f"{field} via {reference}" + (f": {purpose[:200]}" if purpose else ""),
    )
    return value


def _safe_contact_value(route: ContactRoute, field: str) -> str:
    """M14: a flagged requester's registered number and address are not handed out for calling, visiting or
    writing; the phone reveal gives the safe number, when the safe channel has one."""
    if field == "phone" and route.phone:
        return route.phone
    raise DomainError(route.instruction)


def personal_data_export_log(*, actor: User, what: str, count: int, purpose: str, masked: bool) -> AuditEntry:
    """Every export that contains personal data is logged (M6): what, how many rows, why, masked or not."""
    if not purpose.strip():
        raise DomainError("导出个人信息须注明用途。")
    return audit_record(
        actor=actor,
        action=AuditAction.EXPORT,
        object_type=what[:60],
        summary=f"rows={count} masked={masked} purpose={purpose.strip()[:300]}",
    )


def _case_row(case: Case) -> dict[str, Any]:
    return {
        "reference": case.reference,
        "service_type": case.get_service_type_display(),
        "channel": case.get_channel_display(),
        "status": case.get_status_display(),
        "title": case.title,
        "description": case.description,
        "submitted_at": case.submitted_at.isoformat(),
        "closed_at": case.closed_at.isoformat() if case.closed_at else None,
        "outcome": case.outcome,
    }


def my_data_collect(*, user: User) -> dict[str, Any]:
    """Everything Fawang holds about this account's owner, in full (it is their own data), as JSON (M9, Art.45):
    account, person records, requests, learning records and study groups (P2), comments on drafts (Q2).

    Logged as an export of personal data by the data subject."""
    people = list(person_list_for_user(user_id=user.pk))
    cases = Case.objects.filter(requester_user=user) | Case.objects.filter(requester__user=user)
    data = {
        "generated_at": clock.now().isoformat(),
        "account": {
            "username": user.get_username(),
            "display_name": user.display_name,
            "phone": user.phone,
            "date_joined": user.date_joined.isoformat(),
        },
        "people": [
            {
                "name": p.name,
                "id_number": p.id_number or "",
                "phone": p.phone,
                "address": p.address,
                "gender": p.gender,
                "birth_date": p.birth_date.isoformat() if p.birth_date else None,
                "groups": p.group_labels,
                "region": str(p.region) if p.region else "",
            }
            for p in people
        ],
        "cases": [_case_row(c) for c in cases.distinct().order_by("submitted_at")],
        "learning": [
            {
                "course": p.course.title,
                "lessons_done": p.lessons_done,
                "lessons": p.lessons,
                "quiz_attempts": p.attempts,
                "best_score": p.best_score,
                "passed": p.passed,
                "completed_at": p.completed_at.isoformat() if p.completed_at else None,
            }
            for p in progress_list_for_user(user=user)
        ],
        "study_groups": [
            {"name": g.name, "kind": g.get_kind_display(), "role": role}
            for role, groups in zip(("组织者", "成员"), study_group_list_for_user(user=user), strict=True)
            for g in groups
        ],
        "legislation_comments": [
            {
                "reference": c.reference,
                "draft": c.draft.title,
                "article": c.article.label if c.article else "全文",
                "body": c.body,
                "name": c.name,
                "phone": c.phone,
                "id_number": c.id_number,
                "submitted_at": c.created_at.isoformat(),
                "handling": c.get_handling_display(),
                "handling_reason": c.handling_reason,
            }
            for c in comment_list_for_subject(user=user)
        ],
        "data_requests": [
            {
                "kind": r.get_kind_display(),
                "status": r.get_status_display(),
                "submitted_at": r.submitted_at.isoformat(),
                "due_on": r.due_on.isoformat(),
                "decision": r.decision,
            }
            for r in DataRequest.objects.filter(requester=user).order_by("id")
        ],
    }
    audit_record(
        actor=user,
        action=AuditAction.EXPORT,
        object_type="security.MyData",
        object_id=user.pk,
        summary=f"data subject copy: people={len(people)} cases={len(data['cases'])}",
    )
    return data


@transaction.atomic
def data_request_submit(*, actor: User, kind: str, details: str = "") -> DataRequest:
    """File a request about one's own data; due FAWANG_DATA_REQUEST_DUE_DAYS calendar days later (M9)."""
    if kind not in DataRequestKind.values:
        raise DomainError("请求类型不正确。")
    now = clock.now()
    try:
        with transaction.atomic():
            request = DataRequest.objects.create(
                requester=actor,
                kind=kind,
                details=details.strip()[:2000],
                submitted_at=now,
                due_on=clock.local_today() + timedelta(days=settings.FAWANG_DATA_REQUEST_DUE_DAYS),
            )
    except IntegrityError as exc:
        raise ConflictError("您已有一件同类请求正在处理，请等待答复。") from exc
    audit_record(
        actor=actor,
        action=AuditAction.CREATE,
        object_type="security.DataRequest",
        object_id=request.pk,
        summary=kind,
    )
    return request


def _deletion_blockers(user: User) -> list[str]:
    """Records that the law requires us to keep (I3 archives; open matters)."""
    blockers = []
    cases = (Case.objects.filter(requester_user=user) | Case.objects.filter(requester__user=user)).distinct()
    if cases.filter(closed_at__isnull=True).exists():
        blockers.append("尚有未办结的工单")
    if cases.filter(closed_at__isnull=False).exists():
        blockers.append("已办结工单的案卷须依法归档保存（人民调解法第27条、公证法第35条、法律援助法第50条）")
    return blockers


@transaction.atomic
def data_request_decide(*, actor: User, request_id: int, approve: bool, decision: str) -> DataRequest:
    """An administrator closes a request. An approved deletion anonymises the person records that no case file
    refers to; records held for archives are kept and the reply says why (M9: "where the law allows")."""
    from fawang.accounts.selectors import user_roles

    if Role.ADMIN not in user_roles(user=actor):
        raise PermissionDeniedError("只有系统管理员可以处理个人信息权利请求。")
    request = DataRequest.objects.select_for_update().filter(pk=request_id).first()
    if request is None:
        raise DomainError("未找到该请求。")
    if request.status != DataRequestStatus.OPEN:
        raise ConflictError("该请求已处理。")
    text = decision.strip()
    if approve and request.kind == DataRequestKind.DELETION:
        blockers = _deletion_blockers(request.requester)
        anonymised = _anonymise_unreferenced_people(request.requester)
        text = (
            (text + "\n" if text else "")
            + f"已匿名化个人信息记录 {anonymised} 条。"
            + (f"依法保留：{'；'.join(blockers)}。" if blockers else "")
        )
    request.status = DataRequestStatus.COMPLETED if approve else DataRequestStatus.REFUSED
    if not approve and not text:
        raise DomainError("不予办理须说明理由。")
    request.decision = text[:2000]
    request.decided_at = clock.now()
    request.decided_by = actor
    request.save(update_fields=["status", "decision", "decided_at", "decided_by", "updated_at"])
    audit_record(
        actor=actor,
        action=AuditAction.UPDATE,
        object_type="security.DataRequest",
        object_id=request.pk,
        summary=f"{request.kind} {request.status}",
    )
    return request


def person_anonymise(person: Person) -> None:
    person.name = "（已匿名）"
    person.id_number = None
    person.phone = ""
    person.address = ""
    person.birth_date = None
    person.gender = ""
    person.groups = []
    person.adaptation_needs = []
    person.contact_channel = ContactChannel.USUAL
    person.safe_phone = ""
    person.safe_contact_name = ""
    person.contact_note = ""
    person.user = None
    person.save()


def _anonymise_unreferenced_people(user: User) -> int:
    count = 0
    for person in Person.objects.filter(user=user).select_for_update():
        if Case.objects.filter(requester=person).exists():
            continue
        person_anonymise(person)
        count += 1
    return count


def data_request_list_open() -> list[DataRequest]:
    return list(
        DataRequest.objects.filter(status=DataRequestStatus.OPEN)
        .select_related("requester")
        .order_by("due_on")
    )
