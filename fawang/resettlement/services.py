"""Resettlement assistance: the writes (R1-R2). Every write checks the named-role rule first; a refusal changes
nothing and reveals nothing (404)."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

from django.db import transaction

from fawang.accounts.models import User
from fawang.core import clock
from fawang.core.audit import audit_record
from fawang.core.errors import DomainError, NotFoundError, PermissionDeniedError
from fawang.core.models import AuditAction
from fawang.people.models import Person
from fawang.regions.models import Region, RegionLevel
from fawang.resettlement.access import (
    resettlement_may_grant,
    resettlement_scope_q,
    resettlement_township_allowed,
)
from fawang.resettlement.models import (
    MeasureKind,
    Need,
    RecordStatus,
    ResettlementAccessGrant,
    ResettlementMeasure,
    ResettlementRecord,
    ResettlementVisit,
    VisitMethod,
)


@transaction.atomic
def resettlement_access_grant(*, actor: User, user: User, township: Region) -> ResettlementAccessGrant:
    """A county administrator names a township staff member who may open that township's records (R2)."""
    if not resettlement_may_grant(user=actor, township=township):
        raise PermissionDeniedError("只有县级以上司法行政管理员可以授权查阅本辖区乡镇的安置帮扶档案。")
    grant, _ = ResettlementAccessGrant.objects.get_or_create(
        user=user, township=township, revoked_at=None, defaults={"granted_by": actor}
    )
    audit_record(
        actor=actor,
        action=AuditAction.PERMISSION,
        object_type="accounts.User",
        object_id=user.pk,
        summary=f"resettlement grant {township.code}",
    )
    return grant


@transaction.atomic
def resettlement_access_revoke(*, actor: User, grant: ResettlementAccessGrant) -> None:
    if not resettlement_may_grant(user=actor, township=grant.township):
        raise PermissionDeniedError("只有县级以上司法行政管理员可以撤销授权。")
    ResettlementAccessGrant.objects.filter(pk=grant.pk, revoked_at=None).update(revoked_at=clock.now())
    audit_record(
        actor=actor,
        action=AuditAction.PERMISSION,
        object_type="accounts.User",
        object_id=grant.user_id,
        summary=f"resettlement revoke {grant.township.code}",
    )


def _record_for_write(*, actor: User, record_id: int) -> ResettlementRecord:
    record = ResettlementRecord.objects.filter(resettlement_scope_q(user=actor)).filter(pk=record_id).first()
    if record is None:
        raise NotFoundError()
    if record.status != RecordStatus.OPEN:
        raise DomainError("该帮扶档案已结束。")
    return record


@transaction.atomic
def resettlement_record_open(
    *,
    actor: User,
    person: Person,
    township: Region,
    released_on: date,
    released_from: str,
    handed_over_on: date,
    needs: Sequence[str],
    plan: str,
    unable_to_work_without_support: bool = False,
) -> ResettlementRecord:
    """Open the record when a released person is handed over to the township (R1)."""
    if township.level != RegionLevel.TOWNSHIP:
        raise DomainError("安置帮扶由户籍或居住地乡镇（司法所）衔接。")
    if not resettlement_township_allowed(user=actor, township=township):
        raise NotFoundError()
    unknown = [n for n in needs if n not in Need.values]
    if unknown or not plan.strip() or not released_from.strip():
        raise DomainError("请填写释放单位、帮扶需求和帮扶计划。")
    if handed_over_on < released_on or handed_over_on > clock.local_today():
        raise DomainError("衔接日期应在释放日期之后、今天之前。")
    record = ResettlementRecord.objects.create(
        person=person,
        township=township,
        released_on=released_on,
        released_from=released_from.strip(),
        handed_over_on=handed_over_on,
        needs=sorted(set(needs)),
        plan=plan.strip(),
        opened_by=actor,
        unable_to_work_without_support=unable_to_work_without_support,
    )
    audit_record(
        actor=actor,
        action=AuditAction.CREATE,
        object_type="resettlement.ResettlementRecord",
        object_id=record.pk,
    )
    return record


@transaction.atomic
def resettlement_measure_add(
    *, actor: User, record_id: int, kind: str, description: str, taken_on: date
) -> ResettlementMeasure:
    record = _record_for_write(actor=actor, record_id=record_id)
    if kind not in MeasureKind.values or not description.strip() or taken_on > clock.local_today():
        raise DomainError("请选择帮扶措施、填写内容，日期不能晚于今天。")
    measure = ResettlementMeasure.objects.create(
        record=record, kind=kind, description=description.strip(), taken_on=taken_on, recorded_by=actor
    )
    if kind == MeasureKind.RELIEF:
        record.relief_linked = True  # R1: linked to local relief
        record.relief_note = description.strip()[:200]
        record.save(update_fields=["relief_linked", "relief_note", "updated_at"])
    audit_record(
        actor=actor,
        action=AuditAction.UPDATE,
        object_type="resettlement.ResettlementRecord",
        object_id=record.pk,
        summary=f"measure {kind}",
    )
    return measure


@transaction.atomic
def resettlement_visit_record(
    *,
    actor: User,
    record_id: int,
    visited_on: date,
    method: str,
    notes: str,
    next_visit_on: date | None = None,
) -> ResettlementVisit:
    record = _record_for_write(actor=actor, record_id=record_id)
    if method not in VisitMethod.values or not notes.strip() or visited_on > clock.local_today():
        raise DomainError("请选择回访方式、填写回访情况，日期不能晚于今天。")
    if next_visit_on is not None and next_visit_on <= visited_on:
        raise DomainError("下次回访日期应晚于本次。")
    visit = ResettlementVisit.objects.create(
        record=record,
        visited_on=visited_on,
        method=method,
        notes=notes.strip(),
        next_visit_on=next_visit_on,
        recorded_by=actor,
    )
    audit_record(
        actor=actor,
        action=AuditAction.UPDATE,
        object_type="resettlement.ResettlementRecord",
        object_id=record.pk,
        summary="visit",
    )
    return visit


@transaction.atomic
def resettlement_record_close(*, actor: User, record_id: int, note: str) -> ResettlementRecord:
    record = _record_for_write(actor=actor, record_id=record_id)
    if not note.strip():
        raise DomainError("请写明结束帮扶的情况。")
    if record.unable_to_work_without_support and not record.relief_linked:
        raise DomainError("丧失劳动能力又无其他收入来源的，须先衔接当地社会救助（监狱法第37条，R1）。")
    record.status, record.closed_on = RecordStatus.CLOSED, clock.local_today()
    record.save(update_fields=["status", "closed_on", "updated_at"])
    audit_record(
        actor=actor,
        action=AuditAction.UPDATE,
        object_type="resettlement.ResettlementRecord",
        object_id=record.pk,
        summary=f"close: {note.strip()[:200]}",
    )
    return record
