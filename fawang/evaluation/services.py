"""Writing ratings, rectifications, appeals and complaints (STYLE §2: keyword-only, explicit actor, atomic).

H1-H6: `rating_submit` stores one voluntary rating per finished service instance; a bad one opens a rectification
owned by the handling unit (谁办理谁负责) with a deadline from the jurisdiction's rule. The unit answers with one of
the four H3 outcomes; a supervisor or quality inspector calls the rater back, records whether the fix holds and the
rater's new rating (H4); an appeal, decided by a supervisor, voids a mistaken or malicious rating (H5). Every step
writes a RectificationStep row and an audit entry.
"""

from __future__ import annotations

from datetime import date, datetime, time, timedelta

from django.db import IntegrityError, transaction

from fawang.accounts.models import User
from fawang.accounts.roles import INTAKE_ROLES, Role
from fawang.accounts.services import SYSTEM_USERNAME
from fawang.cases.deadlines import LOCAL_TZ, deadline_compute
from fawang.cases.models import Case
from fawang.cases.selectors import case_roles_for_user, case_staff_covering
from fawang.cases.services import case_create, case_transition
from fawang.cases.states import ServiceType, Status
from fawang.cases.workflow import STAFF_ACTORS
from fawang.cases.workflow.complaint import CONFIRM, REJECT_REPLY, REPLY
from fawang.cases.working_calendar import working_calendar
from fawang.core import clock
from fawang.core.audit import audit_record
from fawang.core.errors import ConflictError, DomainError, NotFoundError, PermissionDeniedError
from fawang.core.models import AuditAction
from fawang.directory.models import Institution, Practitioner, PractitionerKind, Site, SiteKind
from fawang.evaluation.models import (
    MEDIATOR_MISCONDUCT,
    AppealDecision,
    AppealGround,
    ComplaintDetail,
    ComplaintGround,
    Grade,
    Rating,
    RatingAppeal,
    RatingChannel,
    RatingLevel,
    RatingState,
    Rectification,
    RectificationOutcome,
    RectificationState,
    RectificationStep,
)
from fawang.evaluation.rules import rectify_rule_for
from fawang.exchange.outbox import exchange_enqueue_rating
from fawang.notifications.services import notification_send
from fawang.people.models import Person
from fawang.regions.models import Region
from fawang.supervision.parameters import RECTIFY_RULE_KEY, parameter_value

MAX_COMMENT = 1000
# A matter as a whole is "finished" in these statuses (H1); a single visit or call is finished when it is rated.
FINISHED_STATUSES = frozenset({Status.RESOLVED, Status.CLOSED, Status.REFUSED, Status.REJECTED})
RECORDING_ROLES = frozenset({Role.HOTLINE_OPERATOR, Role.WINDOW_CLERK, Role.ADMIN})
VERIFIER_ROLES = frozenset({Role.SUPERVISOR, Role.QUALITY_INSPECTOR})
APPEAL_DECIDERS = frozenset({Role.SUPERVISOR})


def grade_for(level: int) -> Grade:
    """H1: top two good, middle neutral, bottom two bad."""
    if level >= RatingLevel.SATISFIED:
        return Grade.GOOD
    if level == RatingLevel.NEUTRAL:
        return Grade.NEUTRAL
    return Grade.BAD


def _is_requester(actor: User, case: Case) -> bool:
    return actor.pk is not None and (
        case.requester_user_id == actor.pk
        or (case.requester is not None and case.requester.user_id == actor.pk)
    )


def _check_may_record(actor: User, case: Case) -> None:
    if _is_requester(actor, case) or actor.username == SYSTEM_USERNAME:
        return
    if case_roles_for_user(user=actor, case=case) & RECORDING_ROLES:
        return
    if case_roles_for_user(user=actor, case=case):
        raise PermissionDeniedError("只有服务对象本人，或代为记录评价的窗口、热线工作人员可以提交评价。")
    raise NotFoundError()


def _validate_rating(case: Case, level: object, channel: str, comment: str, instance_key: str) -> int:
    if not isinstance(level, int) or isinstance(level, bool) or level not in RatingLevel.values:
        raise DomainError("请选择评价等级（非常满意、满意、基本满意、不满意、非常不满意）。")
    if channel not in RatingChannel.values:
        raise DomainError(f"未知的评价渠道：{channel}。")
    if len(comment) > MAX_COMMENT:
        raise DomainError(f"评价意见请控制在 {MAX_COMMENT} 字以内。")
    if len(instance_key) > 64:
        raise DomainError("服务实例编号过长。")
    if case.status == Status.WITHDRAWN:
        raise DomainError("该工单已撤回，没有可评价的服务。")
    if not instance_key and case.status not in FINISHED_STATUSES:
        raise DomainError("该事项尚未办结，办结后方可评价。")
    return level


@transaction.atomic
def rating_submit(
    *,
    actor: User,
    case: Case,
    level: int,
    comment: str = "",
    channel: str,
    instance_key: str = "",
    anonymous: bool = False,
) -> Rating:
    """Rate one finished service instance once (H1). Voluntary and never pre-filled: `level` has no default (H2)."""
    case = Case.objects.select_related("requester", "region").get(pk=case.pk)
    _check_may_record(actor, case)
    comment = comment.strip()
    instance_key = instance_key.strip()
    level = _validate_rating(case, level, channel, comment, instance_key)
    if Rating.objects.filter(case=case, instance_key=instance_key).exists():
        raise ConflictError("该次服务已经评价过，每次服务只能评价一次。")
    rater = None if anonymous else case.requester
    rating = Rating(
        case=case,
        instance_key=instance_key,
        level=level,
        grade=grade_for(level),
        channel=channel,
        comment=comment,
        real_name=rater is not None,
        rater_person=rater,
        rater_user=actor if _is_requester(actor, case) and not anonymous else None,
        recorded_by=actor,
        rated_at=clock.now(),
        region=case.region,
        service_type=case.service_type,
        case_channel=case.channel,
        handler_site=case.handler_site,
        handler_institution=case.handler_institution,
        handler_practitioner=case.handler_practitioner,
    )
    try:
        with transaction.atomic():
            rating.save()
    except IntegrityError as exc:  # a concurrent duplicate (the unique constraint is the real guard)
        raise ConflictError("该次服务已经评价过，每次服务只能评价一次。") from exc
    exchange_enqueue_rating(rating=rating)  # K11 outbox, same transaction; no query if unconfigured
    audit_record(
        actor=actor,
        action=AuditAction.CREATE,
        object_type="evaluation.Rating",
        object_id=rating.pk,
        summary=f"{case.reference} level={level}",
    )
    if rating.grade == Grade.BAD:
        rectification_open(actor=actor, rating=rating)
    return rating


# --- rectification ------------------------------------------------------------------------------------------


def _owner(case: Case) -> tuple[Institution | None, Site | None, str]:
    """谁办理谁负责: the handling institution, else the handling site, else the service site of the case's region."""
    if case.handler_institution is not None:
        return case.handler_institution, None, case.handler_institution.name
    if case.handler_site is not None:
        return None, case.handler_site, case.handler_site.name
    site = (
        Site.objects.filter(region=case.region, kind__in=[SiteKind.STATION, SiteKind.CENTRE, SiteKind.ROOM])
        .order_by("kind")
        .first()
    )
    if site is not None:
        return None, site, site.name
    return None, None, f"{case.region.name}受理单位"


def _step(
    rect: Rectification,
    *,
    actor: User,
    action: str,
    from_state: str,
    note: str = "",
    context: dict[str, object],
) -> None:
    RectificationStep.objects.create(
        rectification=rect,
        at=clock.now(),
        actor=actor,
        action=action,
        from_state=from_state,
        to_state=rect.state,
        note=note,
        context=context,
    )
    audit_record(
        actor=actor,
        action=AuditAction.TRANSITION,
        object_type="evaluation.Rectification",
        object_id=rect.pk,
        summary=f"{from_state}->{rect.state} ({action})",
    )


RECTIFICATION_NOTICE_ROLES = frozenset(
    {Role.WINDOW_CLERK, Role.AID_REVIEWER, Role.ADMIN, Role.HOTLINE_OPERATOR}
)


def _unit_users(rect: Rectification) -> list[User]:
    """Staff whose grants cover the case: the handling unit's people are told that a rectification is due."""
    return case_staff_covering(case=rect.case, roles=RECTIFICATION_NOTICE_ROLES & STAFF_ACTORS, limit=50)


def rectification_open(*, actor: User, rating: Rating) -> Rectification:
    """H3: a bad review opens one rectification for the handling unit, due by the jurisdiction's rule."""
    if rating.grade != Grade.BAD or rating.state != RatingState.VALID:
        raise DomainError("只有有效的差评需要整改。")
    case = rating.case
    now = clock.now()
    code = str(parameter_value(key=RECTIFY_RULE_KEY, region=case.region, as_of=clock.local_today()))
    rule = rectify_rule_for(code)
    due = deadline_compute(rule=rule, start=now, calendar=working_calendar())
    if due.due_at is None:
        raise DomainError("无法计算整改期限，请检查工作日历。")
    institution, site, label = _owner(case)
    rect = Rectification(
        rating=rating,
        case=case,
        region=rating.region,
        real_name=rating.real_name,
        owner_institution=institution,
        owner_site=site,
        owner_label=label[:120],
        state=RectificationState.OPEN,
        rule_code=rule.code,
        rule_version=rule.version,
        opened_at=now,
        due_at=due.due_at,
        effective_due_at=due.due_at,
    )
    try:
        with transaction.atomic():
            rect.save()
    except IntegrityError as exc:
        raise ConflictError("该差评已有正在进行的整改。") from exc
    _step(
        rect,
        actor=actor,
        action="open",
        from_state="",
        context={"rule": rule.code, "due_at": str(due.due_at)},
    )
    notification_send(
        recipients=_unit_users(rect),
        case=case,
        kind="rectification",
        message=f"工单 {case.reference} 收到差评，请于期限内整改并反馈（{label}）。",
        key=f"rectification-open:{rect.pk}",
    )
    return rect


def _lock(rectification_id: int) -> Rectification:
    rect = (
        Rectification.objects.select_for_update(of=("self",))
        .select_related("case__region", "case__requester", "rating")
        .filter(pk=rectification_id)
        .first()
    )
    if rect is None:
        raise NotFoundError()
    return rect


def _roles(actor: User, rect: Rectification) -> frozenset[Role]:
    roles = case_roles_for_user(user=actor, case=rect.case)
    if not roles:
        raise NotFoundError()
    return roles


def _move(rect: Rectification, *, to: RectificationState, expected: tuple[str, ...]) -> str:
    """Conditional update on the state (STYLE §18): two people acting at once cannot both move the row."""
    from_state = rect.state
    if from_state not in expected:
        raise DomainError(f"整改当前状态为“{rect.get_state_display()}”，不能执行该操作。")
    if not Rectification.objects.filter(pk=rect.pk, state=from_state).update(state=to):
        raise ConflictError("该整改刚被他人办理，请刷新后重试。")
    rect.state = to
    return from_state


def _end_of_local_day(day: date) -> datetime:
    return datetime.combine(day + timedelta(days=1), time.min, tzinfo=LOCAL_TZ)


def _respond_target(outcome: str, ledger_deadline: date | None, appeal_ground: str) -> RectificationState:
    if outcome not in RectificationOutcome.values:
        raise DomainError("请选择整改方式：立行立改、限期整改、解释说明或申诉。")
    if outcome == RectificationOutcome.FIX_BY_DEADLINE:
        if ledger_deadline is None or ledger_deadline < clock.local_today():
            raise DomainError("限期整改须填写不早于今天的台账整改期限。")
        return RectificationState.IN_PROGRESS
    if outcome == RectificationOutcome.APPEAL:
        if appeal_ground not in AppealGround.values:
            raise DomainError("申诉须选择理由：误评或恶意差评。")
        return RectificationState.APPEALED
    return RectificationState.AWAITING_VERIFICATION


@transaction.atomic
def rectification_respond(
    *,
    actor: User,
    rectification_id: int,
    outcome: str,
    response: str,
    ledger_deadline: date | None = None,
    appeal_ground: str = "",
) -> Rectification:
    """The handling unit's answer (H3): fix now, fix by a ledger deadline, explain, or appeal (H5)."""
    rect = _lock(rectification_id)
    if not _roles(actor, rect) & STAFF_ACTORS:
        raise PermissionDeniedError("只有承办单位工作人员可以反馈整改情况。")
    response = response.strip()
    if not response:
        raise DomainError("请写明整改情况、解释内容或申诉理由。")
    now = clock.now()
    target = _respond_target(outcome, ledger_deadline, appeal_ground)
    context: dict[str, object] = {"outcome": outcome}
    if ledger_deadline is not None and outcome == RectificationOutcome.FIX_BY_DEADLINE:
        context["ledger_deadline"] = ledger_deadline.isoformat()
    from_state = _move(rect, to=target, expected=(RectificationState.OPEN,))
    rect.outcome = outcome
    rect.response = response
    rect.responded_at = now
    fields = ["outcome", "response", "responded_at", "updated_at"]
    if ledger_deadline is not None and outcome == RectificationOutcome.FIX_BY_DEADLINE:
        rect.ledger_deadline = ledger_deadline
        rect.effective_due_at = max(rect.due_at, _end_of_local_day(ledger_deadline))
        fields += ["ledger_deadline", "effective_due_at"]
    rect.save(update_fields=fields)
    if outcome == RectificationOutcome.APPEAL:
        try:
            with transaction.atomic():
                RatingAppeal.objects.create(
                    rating=rect.rating,
                    rectification=rect,
                    ground=appeal_ground,
                    statement=response,
                    filed_by=actor,
                    filed_at=now,
                )
        except IntegrityError as exc:
            raise ConflictError("该差评已有待审核的申诉。") from exc
        context["ground"] = appeal_ground
    _step(rect, actor=actor, action="respond", from_state=from_state, note=response, context=context)
    return rect


@transaction.atomic
def rectification_report_done(*, actor: User, rectification_id: int, response: str) -> Rectification:
    """A ledger item is done: the unit reports it, and the follow-up call is next (H3, H4)."""
    rect = _lock(rectification_id)
    if not _roles(actor, rect) & STAFF_ACTORS:
        raise PermissionDeniedError("只有承办单位工作人员可以报告整改完成。")
    if not response.strip():
        raise DomainError("请写明整改完成情况。")
    from_state = _move(
        rect, to=RectificationState.AWAITING_VERIFICATION, expected=(RectificationState.IN_PROGRESS,)
    )
    rect.response = f"{rect.response}\n【整改完成】{response.strip()}".strip()
    rect.save(update_fields=["response", "updated_at"])
    _step(rect, actor=actor, action="report_done", from_state=from_state, note=response.strip(), context={})
    return rect


@transaction.atomic
def rectification_verify(
    *,
    actor: User,
    rectification_id: int,
    reached: bool,
    rectified: bool,
    rerating_level: int | None,
    note: str,
) -> Rectification:
    """回访核实 (H3, H4; A8's back-office follow-up): the supervising office calls the rater back. A real-name rater
    who is reached rates the fix; a fix that does not hold sends the task back to the unit."""
    rect = _lock(rectification_id)
    if not _roles(actor, rect) & VERIFIER_ROLES:
        raise PermissionDeniedError("回访核实由督办管理员或质检员办理。")
    note = note.strip()
    if not note:
        raise DomainError("请记录回访核实情况。")
    if reached and rect.rating.real_name:
        if rerating_level is None or rerating_level not in RatingLevel.values:
            raise DomainError("已联系上实名评价人，须记录其对整改的评价（1-5 级，H4）。")
    elif rerating_level is not None:
        raise DomainError("未联系上评价人或匿名评价时不能记录整改后评价。")
    target = RectificationState.CLOSED if rectified else RectificationState.OPEN
    from_state = _move(rect, to=target, expected=(RectificationState.AWAITING_VERIFICATION,))
    rect.rater_reached = reached
    rect.rerating_level = rerating_level
    rect.verification_note = note
    rect.verified_by = actor
    fields = ["rater_reached", "rerating_level", "verification_note", "verified_by", "updated_at"]
    if rectified:
        rect.finished_at = clock.now()
        fields.append("finished_at")
    else:
        rect.outcome = ""
        fields.append("outcome")
    rect.save(update_fields=fields)
    _step(
        rect,
        actor=actor,
        action="verify",
        from_state=from_state,
        note=note,
        context={"reached": reached, "rectified": rectified, "rerating_level": rerating_level},
    )
    return rect


@transaction.atomic
def appeal_decide(*, actor: User, appeal_id: int, upheld: bool, reason: str) -> RatingAppeal:
    """H5: a supervisor voids a mistaken or malicious bad review, or sends the rectification back to the unit."""
    appeal = RatingAppeal.objects.select_for_update(of=("self",)).filter(pk=appeal_id).first()
    if appeal is None:
        raise NotFoundError()
    rect = _lock(appeal.rectification_id)
    if not _roles(actor, rect) & APPEAL_DECIDERS:
        raise PermissionDeniedError("差评申诉由督办管理员审核。")
    if appeal.filed_by_id == actor.pk:
        raise PermissionDeniedError("申诉人不能审核自己的申诉。")
    reason = reason.strip()
    if not reason:
        raise DomainError("请写明审核意见。")
    if not RatingAppeal.objects.filter(pk=appeal.pk, decision=AppealDecision.PENDING).update(
        decision=AppealDecision.UPHELD if upheld else AppealDecision.REJECTED
    ):
        raise ConflictError("该申诉已审核。")
    now = clock.now()
    appeal.refresh_from_db()
    appeal.decided_by = actor
    appeal.decided_at = now
    appeal.decision_reason = reason
    appeal.save(update_fields=["decided_by", "decided_at", "decision_reason", "updated_at"])
    if upheld:
        from_state = _move(rect, to=RectificationState.VOIDED, expected=(RectificationState.APPEALED,))
        rect.finished_at = now
        rect.save(update_fields=["finished_at", "updated_at"])
        rating = rect.rating
        rating.state = RatingState.VOIDED
        rating.voided_at = now
        rating.void_reason = reason
        rating.save(update_fields=["state", "voided_at", "void_reason", "updated_at"])
        audit_record(
            actor=actor,
            action=AuditAction.UPDATE,
            object_type="evaluation.Rating",
            object_id=rating.pk,
            summary=f"voided on appeal {appeal.pk}: {reason}"[:500],
        )
    else:
        from_state = _move(rect, to=RectificationState.OPEN, expected=(RectificationState.APPEALED,))
        rect.outcome = ""
        rect.save(update_fields=["outcome", "updated_at"])
    _step(
        rect,
        actor=actor,
        action="appeal_upheld" if upheld else "appeal_rejected",
        from_state=from_state,
        note=reason,
        context={"appeal": appeal.pk},
    )
    return appeal


# --- complaints and suggestions -----------------------------------------------------------------------------


@transaction.atomic
def complaint_file(
    *,
    actor: User,
    service_type: str,
    channel: str,
    title: str,
    description: str,
    region: Region,
    requester: Person | None = None,
    requester_user: User | None = None,
    ground: str = "",
    subject_practitioner: Practitioner | None = None,
    subject_institution: Institution | None = None,
    subject_site: Site | None = None,
    about_case: Case | None = None,
    origin_rating: Rating | None = None,
    idempotency_key: str | None = None,
    language: str = "",
) -> Case:
    """A complaint or suggestion 工单 (A3) linked to whom it concerns (C14, D13, K9), in `language` (A12)."""
    if service_type not in (ServiceType.COMPLAINT, ServiceType.SUGGESTION):
        raise DomainError("只能登记投诉或建议。")
    own = requester_user is not None and requester_user.pk == actor.pk
    from fawang.accounts.selectors import user_roles

    if not own and not user_roles(user=actor) & INTAKE_ROLES and actor.username != SYSTEM_USERNAME:
        raise PermissionDeniedError("只有本人或受理窗口、热线工作人员可以登记投诉建议。")
    if ground and ground not in ComplaintGround.values:
        raise DomainError(f"未知的投诉事由：{ground}。")
    if service_type == ServiceType.COMPLAINT and not ground:
        raise DomainError("请选择投诉事由。")
    if ground in MEDIATOR_MISCONDUCT and (
        subject_practitioner is None or subject_practitioner.kind != PractitionerKind.MEDIATOR
    ):
        # D13: the complaint must land on the mediator's record, which the committee acts on (人民调解法 Art.15).
        raise DomainError("投诉人民调解员违规须指明被投诉的调解员：请填写所涉调解工单编号或调解员编号。")
    case = case_create(
        actor=actor,
        service_type=service_type,
        channel=channel,
        title=title,
        description=description,
        region=region,
        requester=requester,
        requester_user=requester_user,
        idempotency_key=idempotency_key,
        language=language,
    )
    ComplaintDetail.objects.get_or_create(
        case=case,
        defaults={
            "ground": ground,
            "subject_practitioner": subject_practitioner,
            "subject_institution": subject_institution,
            "subject_site": subject_site,
            "about_case": about_case,
            "origin_rating": origin_rating,
        },
    )
    return case


def complaint_from_rating(*, actor: User, rating: Rating) -> Case:
    """X6: recorded dissatisfaction grows into a complaint about the unit that handled the rated service."""
    if rating.grade != Grade.BAD:
        raise DomainError("只有差评可以转为投诉。")
    if ComplaintDetail.objects.filter(origin_rating=rating).exists():
        raise ConflictError("该差评已转为投诉。")
    case = rating.case
    return complaint_file(
        actor=actor,
        service_type=ServiceType.COMPLAINT,
        channel=case.channel,
        title=f"差评转投诉：{case.title}"[:200],
        description=rating.comment,
        region=rating.region,
        requester=rating.rater_person,
        ground=ComplaintGround.QUALITY,
        subject_practitioner=rating.handler_practitioner,
        subject_institution=rating.handler_institution,
        subject_site=rating.handler_site,
        about_case=case,
        origin_rating=rating,
        idempotency_key=f"rating-complaint:{rating.pk}",
    )


def _detail(reference: str) -> ComplaintDetail:
    """The complaint row, created on first use for complaints registered at a generic intake desk.
    Callers run inside a transaction that case_transition's permission check rolls back when it refuses."""
    case = Case.objects.filter(
        reference=reference, service_type__in=[ServiceType.COMPLAINT, ServiceType.SUGGESTION]
    ).first()
    if case is None:
        raise NotFoundError()
    ComplaintDetail.objects.get_or_create(case=case)
    return ComplaintDetail.objects.select_for_update().get(case=case)


@transaction.atomic
def complaint_reply(*, actor: User, reference: str, finding: str, reply: str) -> Case:
    detail = _detail(reference)
    case = case_transition(
        reference=reference, action=REPLY, actor=actor, reason=reply, payload={"finding": finding}
    )
    detail.finding = finding
    detail.finding_at = clock.now()
    detail.save(update_fields=["finding", "finding_at", "updated_at"])
    return case


@transaction.atomic
def complaint_confirm(*, actor: User, reference: str, satisfaction: int, note: str = "") -> Case:
    """The complainant's satisfaction closes the case (X6)."""
    detail = _detail(reference)
    case = case_transition(
        reference=reference, action=CONFIRM, actor=actor, reason=note, payload={"satisfaction": satisfaction}
    )
    detail.satisfaction = satisfaction
    detail.satisfaction_at = clock.now()
    detail.save(update_fields=["satisfaction", "satisfaction_at", "updated_at"])
    return case


@transaction.atomic
def complaint_reject_reply(*, actor: User, reference: str, reason: str) -> Case:
    """The complainant rejects the reply: handled again, the reply clock restarts (A6)."""
    detail = _detail(reference)
    case = case_transition(reference=reference, action=REJECT_REPLY, actor=actor, reason=reason)
    detail.reopen_count += 1
    detail.finding = ""
    detail.save(update_fields=["reopen_count", "finding", "updated_at"])
    return case
