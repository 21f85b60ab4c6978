"""Writing cases: intake and the one transition service (STYLE §2, §4; A1, A13-A15, N1-N3)."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from django.db import IntegrityError, transaction

from fawang.accounts.models import User
from fawang.accounts.roles import Role, role_label
from fawang.cases.clocks import (
    clock_current_due,
    clock_extend,
    clock_pause,
    clock_resume,
    clock_start,
    clock_stop,
)
from fawang.cases.languages import DEFAULT_LANGUAGE, Language, language_enabled
from fawang.cases.models import Case, CaseEvent
from fawang.cases.references import reference_next
from fawang.cases.selectors import case_roles_for_user, channel_enabled, consultation_may_be_anonymous
from fawang.cases.states import TERMINAL_STATUSES, Channel, DueState, Priority, ServiceType, Status
from fawang.cases.workflow import STAFF_ACTORS, Action, Transition, lifecycle_for, transition_for
from fawang.core import clock
from fawang.core.audit import audit_record
from fawang.core.errors import ConflictError, DomainError, NotFoundError, PermissionDeniedError
from fawang.core.models import AuditAction
from fawang.directory.models import Institution, Practitioner, Site, SiteKind
from fawang.exchange.outbox import exchange_enqueue_case_event
from fawang.people.models import Person
from fawang.regions.models import Region

MAX_DESCRIPTION = 20_000


def _priority_for(requester: Person | None, urgent: bool) -> Priority:
    if urgent:
        return Priority.URGENT
    if requester is not None and requester.groups:
        return Priority.PRIORITY  # special groups are served first (G5)
    return Priority.NORMAL


def _event(
    case: Case, *, actor: User, action: str, from_status: str, reason: str, context: dict[str, Any]
) -> None:
    event = CaseEvent.objects.create(
        case=case,
        at=clock.now(),
        actor=actor,
        action=action,
        code=f"{case.service_type}.{action}",
        from_status=from_status,
        to_status=case.status,
        reason=reason,
        context=context,
    )
    # K11: the upstream outbox, in this transaction; no query when no target is configured.
    exchange_enqueue_case_event(case=case, event=event)


def _refresh_due(case: Case) -> list[str]:
    case.due_at, case.remind_at = clock_current_due(case=case)
    case.due_state = DueState.ON_TRACK if case.due_at else DueState.NONE
    return ["due_at", "remind_at", "due_state"]


def _real_name_check(
    *, service_type: str, channel: str, requester: Person | None, requester_user: User | None
) -> None:
    """A consultation on a channel that does not allow anonymity needs the asker's name and ID number (M8).
    Transactions get theirs from each module's own intake (I2: the guided applications' identity step)."""
    if service_type != ServiceType.CONSULTATION or consultation_may_be_anonymous(channel):
        return
    person = requester
    if person is None and requester_user is not None:
        person = Person.objects.filter(user=requester_user).first()
    if person is None or not person.name.strip() or not person.id_number:
        label = Channel(channel).label
        raise DomainError(
            f"按本地规定，通过{label}提出的法律咨询须实名：请登记咨询人的姓名和身份证号码"
            "（网上咨询请先在“我的”页面完成实名登记）。"
        )


def _validate_intake(
    *,
    service_type: str,
    channel: str,
    title: str,
    description: str,
    handler_practitioner: Practitioner | None,
) -> str:
    """Refuse bad intake with a Chinese message before anything is written; returns the cleaned title."""
    if service_type not in ServiceType.values:
        raise DomainError(f"未知的服务类型：{service_type}。")
    if channel not in Channel.values:
        raise DomainError(f"未知的受理渠道：{channel}。")
    if not channel_enabled(channel):
        raise DomainError(f"本平台未开通“{Channel(channel).label}”渠道。")
    title = title.strip()
    if not title:
        raise DomainError("请填写事项名称。")
    if handler_practitioner is not None and not handler_practitioner.active:
        raise DomainError("该人员已不在岗，不能承办。")
    if len(description) > MAX_DESCRIPTION:
        raise DomainError(f"情况描述过长，请控制在 {MAX_DESCRIPTION} 字以内。")
    return title


def _intake_language(language: str, parent: Case | None) -> str:
    """A12: an explicit language must be one this deployment offers; none given keeps the parent's (A15)."""
    if not language:
        return parent.language if parent is not None else DEFAULT_LANGUAGE.value
    if language not in Language.values:
        raise DomainError(f"未知的受理语言：{language}。")
    if not language_enabled(language):
        raise DomainError(f"本平台未开通“{Language(language).label}”受理，请改用已开通的语言或方言。")
    return language


@transaction.atomic
def case_create(
    *,
    actor: User,
    service_type: str,
    channel: str,
    title: str,
    region: Region,
    description: str = "",
    requester: Person | None = None,
    requester_user: User | None = None,
    category: str = "",
    urgent: bool = False,
    confidential: bool = False,
    parent: Case | None = None,
    handler_site: Site | None = None,
    idempotency_key: str | None = None,
    handler_institution: Institution | None = None,
    handler_practitioner: Practitioner | None = None,
    language: str = "",
) -> Case:
    """Store a request from any channel as one 工单 before acknowledging it (N1). A repeated key returns the first.
    `language` (A12) defaults to the parent's (a child keeps its parent's language, A15), else 普通话."""
    if idempotency_key:
        existing = Case.objects.filter(idempotency_key=idempotency_key).first()
        if existing is not None:
            return existing
    language = _intake_language(language, parent)
    title = _validate_intake(
        service_type=service_type,
        channel=channel,
        title=title,
        description=description,
        handler_practitioner=handler_practitioner,
    )
    _real_name_check(
        service_type=service_type, channel=channel, requester=requester, requester_user=requester_user
    )
    now = clock.now()
    case = Case(
        reference=reference_next(at=now),
        service_type=service_type,
        channel=channel,
        category=category,
        status=Status.NEW,
        priority=_priority_for(requester, urgent),
        title=title[:200],
        description=description,
        requester=requester,
        requester_user=requester_user,
        region=region,
        handler_site=handler_site,
        handler_institution=handler_institution,
        handler_practitioner=handler_practitioner,
        confidential=confidential,
        parent=parent,
        language=language,
        idempotency_key=idempotency_key or None,
        submitted_at=now,
    )
    lifecycle = lifecycle_for(service_type)
    case.next_actor_role = lifecycle.first_actor.value if lifecycle.first_actor else ""
    try:
        with transaction.atomic():  # a savepoint: a concurrent duplicate loses on the unique key (N2)
            case.save()
    except IntegrityError:
        existing = Case.objects.filter(idempotency_key=idempotency_key).first() if idempotency_key else None
        if existing is None:
            raise
        return existing
    for start in lifecycle.on_create:
        clock_start(case=case, start=start, at=now)
    fields = _refresh_due(case)
    case.save(update_fields=[*fields, "updated_at"])
    context = {"channel": channel} | ({"language": language} if language != DEFAULT_LANGUAGE else {})
    _event(case, actor=actor, action="create", from_status="", reason="", context=context)
    audit_record(actor=actor, action=AuditAction.CREATE, object_type="cases.Case", object_id=case.reference)
    return case


# --- transitions --------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Handler:
    site: Site | None
    institution: Institution | None
    practitioner: Practitioner | None


def _load(model: type[Site] | type[Institution] | type[Practitioner], raw: Any, label: str) -> Any:
    if not raw:
        return None
    try:
        return model.objects.get(pk=int(raw))
    except (ValueError, TypeError, model.DoesNotExist) as exc:
        raise DomainError(f"未找到指定的{label}（编号 {raw}）。") from exc


def _handler_from_payload(payload: Mapping[str, Any]) -> Handler:
    return Handler(
        site=_load(Site, payload.get("site_id"), "承办站点"),
        institution=_load(Institution, payload.get("institution_id"), "承办机构"),
        practitioner=_load(Practitioner, payload.get("practitioner_id"), "承办人员"),
    )


def _escalation_target(case: Case) -> Handler:
    """Village room → township station → county centre (A11): the site of the next level up."""
    parent = case.region.parent
    if parent is None:
        raise DomainError("该工单已在最高层级，无法继续报送上级。")
    site = Site.objects.filter(region=parent, kind__in=[SiteKind.STATION, SiteKind.CENTRE]).first()
    if site is None:
        raise DomainError(f"上级辖区（{parent.name}）没有可承办的服务站点。")
    return Handler(site=site, institution=None, practitioner=None)


def _apply_handler(case: Case, handler: Handler) -> list[str]:
    fields = []
    if handler.site is not None:
        case.handler_site = handler.site
        case.region = handler.site.region  # jurisdiction follows the handling unit
        fields += ["handler_site", "region"]
    if handler.institution is not None:
        case.handler_institution = handler.institution
        fields.append("handler_institution")
    if handler.practitioner is not None:
        if not handler.practitioner.active:
            raise DomainError("该人员已不在岗，不能承办。")
        case.handler_practitioner = handler.practitioner
        fields.append("handler_practitioner")
    return fields


def _check_allowed(case: Case, transition: Transition | None, actor: User, action: str) -> Transition:
    if case.status in TERMINAL_STATUSES and (transition is None or case.status not in transition.sources):
        raise DomainError(f"工单已{case.get_status_display()}，不能再办理。")
    if transition is None:
        raise DomainError(f"“{case.get_service_type_display()}”工单没有“{action}”这一步骤。")
    if case.status not in transition.sources:
        raise DomainError(f"工单当前状态为“{case.get_status_display()}”，不能执行“{transition.label}”。")
    roles = case_roles_for_user(user=actor, case=case)
    if not roles & transition.roles:
        allowed = "、".join(sorted(role_label(r) for r in transition.roles))
        raise PermissionDeniedError(f"“{transition.label}”只能由{allowed}办理。")
    return transition


def _run_guards(case: Case, transition: Transition, payload: Mapping[str, Any], reason: str) -> None:
    if transition.needs_reason and not reason.strip():
        raise DomainError(f"“{transition.label}”须填写理由或说明。")
    for guard in transition.guards:
        problem = guard(case, payload)
        if problem:
            raise DomainError(problem)


def _apply_clocks(case: Case, transition: Transition, reason: str) -> None:
    now = clock.now()
    if transition.stop:
        clock_stop(case=case, codes=transition.stop, at=now)
    if transition.pause:
        clock_pause(case=case, at=now, reason=reason or transition.label)
    if transition.resume:
        clock_resume(case=case, at=now)
    for start in transition.start:
        clock_start(case=case, start=start, at=now)


@transaction.atomic
def case_transition(
    *,
    reference: str,
    action: str,
    actor: User,
    reason: str = "",
    payload: Mapping[str, Any] | None = None,
    expected_status: str | None = None,
) -> Case:
    """Check the table, lock the row, write one event, update status, handler, owner and clocks (STYLE §4)."""
    payload = payload or {}
    case = (
        Case.objects.select_for_update(of=("self",))
        .select_related("region", "requester", "handler_practitioner")
        .filter(reference=reference)
        .first()
    )
    if case is None or not case_roles_for_user(user=actor, case=case):
        raise NotFoundError()
    if expected_status and case.status != expected_status:
        raise ConflictError("该工单刚被他人办理，状态已变化，请刷新后重试。")
    transition = _check_allowed(case, transition_for(case.service_type, action), actor, action)
    _run_guards(case, transition, payload, reason)
    from_status = case.status
    handler = (
        _escalation_target(case) if transition.action == Action.ESCALATE else _handler_from_payload(payload)
    )
    fields = _apply_handler(case, handler)
    if transition.target is not None:
        case.status = transition.target
    # The conditional update keeps two concurrent clerks from both moving the case (SQLite has no row locks).
    if not Case.objects.filter(pk=case.pk, status=from_status).update(status=case.status):
        raise ConflictError("该工单刚被他人办理，状态已变化，请刷新后重试。")
    if transition.next_actor is not None or transition.target in TERMINAL_STATUSES | {Status.RESOLVED}:
        case.next_actor_role = transition.next_actor.value if transition.next_actor else ""
        fields.append("next_actor_role")
    if transition.target in TERMINAL_STATUSES:
        case.closed_at = clock.now()
        fields.append("closed_at")
    elif from_status in TERMINAL_STATUSES and case.status not in TERMINAL_STATUSES:
        case.closed_at = None  # reopened, e.g. a refusal corrected after an objection (C11)
        fields.append("closed_at")
    if transition.action in (Action.ANSWER, Action.RESOLVE, Action.REFUSE, Action.REJECT):
        case.outcome = reason[:200]
        fields.append("outcome")
    _apply_clocks(case, transition, reason)
    fields += _refresh_due(case)
    case.save(update_fields=[*set(fields), "updated_at"])
    context = {k: v for k, v in payload.items() if isinstance(v, str | int | float | bool | list)}
    if handler.site or handler.institution or handler.practitioner:
        context["handler"] = str(handler.practitioner or handler.institution or handler.site)
    _event(
        case,
        actor=actor,
        action=transition.action,
        from_status=from_status,
        reason=reason,
        context=context,
    )
    audit_record(
        actor=actor,
        action=AuditAction.TRANSITION,
        object_type="cases.Case",
        object_id=case.reference,
        summary=f"{from_status}->{case.status} ({transition.action})",
    )
    _notify_next_actor(case)
    _notify_requester(case, transition.action)
    return case


def _notify_next_actor(case: Case) -> None:
    from fawang.notifications.tasks import notify_case_handler

    reference = case.reference
    transaction.on_commit(lambda: notify_case_handler.enqueue(reference=reference, kind="assigned"))


# Steps the requester hears about in the portal (issue 4 §2, §4): answers, requests for materials, decisions.
REQUESTER_NOTIFIED_ACTIONS = frozenset(
    {
        Action.ACCEPT,
        Action.ANSWER,
        Action.RESOLVE,
        Action.REQUEST_MATERIALS,
        Action.GRANT,
        Action.REFUSE,
        Action.REJECT,
    }
)


def _notify_requester(case: Case, action: str) -> None:
    if action not in REQUESTER_NOTIFIED_ACTIONS:
        return
    if case.requester_user_id is None and (case.requester is None or case.requester.user_id is None):
        return
    from fawang.notifications.tasks import notify_case_requester

    reference = case.reference
    transaction.on_commit(lambda: notify_case_requester.enqueue(reference=reference, action=action))


@transaction.atomic
def case_deadline_extend(*, reference: str, rule_code: str, actor: User, reason: str) -> Case:
    """Record an approved extension of one clock (A5: feedback to 15 WD; F6: appraisal +30 WD)."""
    case = (
        Case.objects.select_for_update(of=("self",))
        .select_related("region")
        .filter(reference=reference)
        .first()
    )
    if case is None or not case_roles_for_user(user=actor, case=case):
        raise NotFoundError()
    if not case_roles_for_user(user=actor, case=case) & STAFF_ACTORS:
        raise PermissionDeniedError("只有承办单位工作人员可以批准延期。")
    if not reason.strip():
        raise DomainError("延期须写明理由和批准情况。")
    try:
        row = clock_extend(case=case, rule_code=rule_code)
    except LookupError as exc:
        raise DomainError(f"该工单没有正在计时的“{rule_code}”时限。") from exc
    except ValueError as exc:
        raise DomainError(str(exc)) from exc
    fields = _refresh_due(case)
    case.save(update_fields=[*fields, "updated_at"])
    _event(
        case,
        actor=actor,
        action="extend",
        from_status=case.status,
        reason=reason,
        context={"rule": rule_code, "due_at": row.due_at.isoformat() if row.due_at else None},
    )
    audit_record(
        actor=actor,
        action=AuditAction.UPDATE,
        object_type="cases.Case",
        object_id=case.reference,
        summary="extend",
    )
    return case


def case_next_actor_label(case: Case) -> str:
    if not case.next_actor_role:
        return ""
    return (
        role_label(case.next_actor_role)
        if case.next_actor_role in Role.__members__.values()
        else case.next_actor_role
    )
