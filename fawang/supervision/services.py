"""Supervision writes: supervision orders (督办, K3, A8), surveys (H7, H9), publication of figures (G2, C15, K7,
H6)."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta

from django.db import IntegrityError, transaction

from fawang.accounts.models import User
from fawang.accounts.roles import Role
from fawang.accounts.selectors import user_roles
from fawang.cases.deadlines import LOCAL_TZ
from fawang.cases.selectors import case_get_for_user, case_roles_for_user
from fawang.cases.workflow import STAFF_ACTORS
from fawang.core import clock
from fawang.core.audit import audit_record
from fawang.core.errors import ConflictError, DomainError, NotFoundError, PermissionDeniedError
from fawang.core.models import AuditAction
from fawang.notifications.services import notification_send
from fawang.regions.models import Region
from fawang.supervision.indicators import INDICATORS, indicator_compute_all
from fawang.supervision.models import (
    OPEN_ORDER_STATES,
    OrderState,
    Publication,
    Questionnaire,
    SupervisionOrder,
    SurveyChannel,
    SurveyResponse,
)
from fawang.supervision.parameters import SMALL_CELL_KEY, parameter_value
from fawang.supervision.periods import period_check
from fawang.supervision.selectors import supervision_region_check
from fawang.supervision.suppression import suppress_value


def _end_of_day(day: date) -> datetime:
    return datetime.combine(day + timedelta(days=1), time.min, tzinfo=LOCAL_TZ)


@transaction.atomic
def supervision_order_issue(
    *, actor: User, reference: str, due_on: date, instruction: str
) -> SupervisionOrder:
    """K3: put a due date on any 工单 in the supervisor's jurisdiction; it shows in the handler's queue."""
    case = case_get_for_user(user=actor, reference=reference, audit=False)
    if Role.SUPERVISOR not in case_roles_for_user(user=actor, case=case):
        raise PermissionDeniedError("只有督办管理员可以督办工单。")
    instruction = instruction.strip()
    if not instruction:
        raise DomainError("请写明督办要求。")
    if due_on < clock.local_today():
        raise DomainError("督办期限不能早于今天。")
    order = SupervisionOrder(
        case=case, issued_by=actor, issued_at=clock.now(), due_at=_end_of_day(due_on), instruction=instruction
    )
    try:
        with transaction.atomic():
            order.save()
    except IntegrityError as exc:
        raise ConflictError("该工单已有未办结的督办单。") from exc
    audit_record(
        actor=actor,
        action=AuditAction.CREATE,
        object_type="supervision.SupervisionOrder",
        object_id=order.pk,
        summary=f"{case.reference} due {due_on}",
    )
    practitioner_user = case.handler_practitioner.user if case.handler_practitioner else None
    if practitioner_user is not None:
        notification_send(
            recipients=[practitioner_user],
            case=case,
            kind="supervision_order",
            message=f"工单 {case.reference} 被督办，请于 {due_on} 前办理并报告：{instruction}"[:500],
            key=f"supervision-order:{order.pk}",
        )
    return order


def _lock_order(order_id: int) -> SupervisionOrder:
    order = (
        SupervisionOrder.objects.select_for_update(of=("self",))
        .select_related("case__region", "case__requester", "case__handler_practitioner")
        .filter(pk=order_id)
        .first()
    )
    if order is None:
        raise NotFoundError()
    return order


@transaction.atomic
def supervision_order_reply(*, actor: User, order_id: int, reply: str) -> SupervisionOrder:
    order = _lock_order(order_id)
    roles = case_roles_for_user(user=actor, case=order.case)
    if not roles:
        raise NotFoundError()
    if not roles & STAFF_ACTORS:
        raise PermissionDeniedError("督办单由承办单位报告办理情况。")
    if not reply.strip():
        raise DomainError("请写明办理情况。")
    if not SupervisionOrder.objects.filter(pk=order.pk, state__in=OPEN_ORDER_STATES).update(
        state=OrderState.REPLIED
    ):
        raise DomainError("该督办单已办结。")
    order.state = OrderState.REPLIED
    order.reply = reply.strip()
    order.replied_by = actor
    order.replied_at = clock.now()
    order.save(update_fields=["reply", "replied_by", "replied_at", "updated_at"])
    audit_record(
        actor=actor,
        action=AuditAction.UPDATE,
        object_type="supervision.SupervisionOrder",
        object_id=order.pk,
        summary="reply",
    )
    return order


@transaction.atomic
def supervision_order_close(*, actor: User, order_id: int, note: str) -> SupervisionOrder:
    order = _lock_order(order_id)
    roles = case_roles_for_user(user=actor, case=order.case)
    if not roles:
        raise NotFoundError()
    if Role.SUPERVISOR not in roles:
        raise PermissionDeniedError("督办单由督办管理员办结。")
    if not SupervisionOrder.objects.filter(pk=order.pk, state__in=OPEN_ORDER_STATES).update(
        state=OrderState.CLOSED
    ):
        raise DomainError("该督办单已办结。")
    order.state = OrderState.CLOSED
    order.closed_by = actor
    order.closed_at = clock.now()
    order.close_note = note.strip() or "办结"  # stored in Mandarin whatever the interface language (L8)
    order.save(update_fields=["closed_by", "closed_at", "close_note", "updated_at"])
    audit_record(
        actor=actor,
        action=AuditAction.UPDATE,
        object_type="supervision.SupervisionOrder",
        object_id=order.pk,
        summary="close",
    )
    return order


# --- surveys ------------------------------------------------------------------------------------------------


@transaction.atomic
def questionnaire_create(
    *, actor: User, title: str, region: Region, opens_on: date, closes_on: date, online: bool, intro: str = ""
) -> Questionnaire:
    supervision_region_check(user=actor, region=region)
    if not title.strip():
        raise DomainError("请填写问卷名称。")
    if closes_on < opens_on:
        raise DomainError("问卷截止日期不能早于开始日期。")
    questionnaire = Questionnaire.objects.create(
        title=title.strip(),
        region=region,
        opens_on=opens_on,
        closes_on=closes_on,
        online=online,
        intro=intro,
        created_by=actor,
    )
    audit_record(
        actor=actor,
        action=AuditAction.CREATE,
        object_type="supervision.Questionnaire",
        object_id=questionnaire.pk,
    )
    return questionnaire


def _check_answers(aware: bool | None, first_choice: bool | None, satisfaction: int | None) -> None:
    if aware is None and first_choice is None and satisfaction is None:
        raise DomainError("请至少回答一个问题。")
    if satisfaction is not None and not 1 <= satisfaction <= 5:
        raise DomainError("满意程度须为 1-5 级。")


@transaction.atomic
def survey_response_record(
    *,
    actor: User | None,
    questionnaire: Questionnaire,
    region: Region,
    responded_on: date,
    aware: bool | None,
    first_choice: bool | None,
    satisfaction: int | None,
    comment: str = "",
    idempotency_key: str | None = None,
) -> SurveyResponse:
    """One answered questionnaire, entered by staff (actor) or online (actor None). No identity is stored."""
    if idempotency_key:
        existing = SurveyResponse.objects.filter(idempotency_key=idempotency_key).first()
        if existing is not None:
            return existing
    if actor is None:
        if not questionnaire.online:
            raise PermissionDeniedError("该问卷未开放网上填写。")
        responded_on = clock.local_today()
    else:
        supervision_region_check(user=actor, region=questionnaire.region)
    if not region.code.startswith(questionnaire.region.prefix):
        raise DomainError("受访者所在地不在本次调查范围内。")
    if not questionnaire.opens_on <= responded_on <= questionnaire.closes_on:
        raise DomainError(f"调查日期须在 {questionnaire.opens_on} 至 {questionnaire.closes_on} 之间。")
    _check_answers(aware, first_choice, satisfaction)
    return SurveyResponse.objects.create(
        questionnaire=questionnaire,
        region=region,
        responded_on=responded_on,
        channel=SurveyChannel.ONLINE if actor is None else SurveyChannel.STAFF,
        entered_by=actor,
        aware=aware,
        first_choice=first_choice,
        satisfaction=satisfaction,
        comment=comment.strip()[:2000],
        idempotency_key=idempotency_key or None,
    )


# --- publication --------------------------------------------------------------------------------------------


@transaction.atomic
def disclosure_publish(
    *, actor: User, region: Region, date_from: date, date_to: date, title: str = ""
) -> Publication:
    """Freeze the public indicators of a region and period, small cells suppressed (K6), for the public page."""
    supervision_region_check(user=actor, region=region)
    if Role.SUPERVISOR not in user_roles(user=actor):
        raise PermissionDeniedError("只有督办管理员可以发布公开数据。")
    period_check(date_from, date_to)
    if date_to >= clock.local_today():
        raise DomainError("只能公开已经结束的统计期间（截止日期须早于今天）。")
    threshold = int(str(parameter_value(key=SMALL_CELL_KEY, region=region, as_of=date_to)))
    codes = tuple(i.code for i in INDICATORS if i.public)
    values = indicator_compute_all(region=region, date_from=date_from, date_to=date_to, codes=codes)
    publication = Publication.objects.create(
        region=region,
        date_from=date_from,
        date_to=date_to,
        title=title.strip() or f"{region.name}公共法律服务数据（{date_from} 至 {date_to}）",
        figures=[suppress_value(v, threshold) for v in values],
        threshold=threshold,
        published_by=actor,
        published_at=clock.now(),
    )
    audit_record(
        actor=actor,
        action=AuditAction.CREATE,
        object_type="supervision.Publication",
        object_id=publication.pk,
        summary=f"{region.code} {date_from}..{date_to}",
    )
    return publication
