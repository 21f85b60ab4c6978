"""Writes to the 事项清单 (G3, G4). Each one checks the editor's province, applies the free-items rule, and audits.

G4 is checked here so the editor gets a Chinese message and nothing is written; the CheckConstraint
`catalogue_free_kind_not_charged` holds the same rule for any write that bypasses this module.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass
from datetime import date

from django.db import IntegrityError, transaction

from fawang.accounts.models import User
from fawang.catalogue.models import FREE_KINDS, FeeStatus, ProviderKind, ServiceItem, ServiceKind, ServiceMode
from fawang.catalogue.selectors import catalogue_province_codes_for_user
from fawang.core import clock
from fawang.core.audit import audit_record
from fawang.core.errors import ConflictError, DomainError, PermissionDeniedError
from fawang.core.models import AuditAction
from fawang.regions.models import Region, RegionLevel

OBJECT_TYPE = "catalogue.ServiceItem"
FREE_KIND_MESSAGE = "“{kind}”属于免费公共法律服务，不能设为收费。法治宣传教育、法律咨询、法律援助、人民调解和热线、网络法律服务指引一律免费。"


@dataclass(frozen=True)
class ServiceItemInput:
    """What an editor fills in for one item (G3: target group, content, mode, fee status, provider, basis)."""

    code: str
    name: str
    kind: str
    target_group: str
    content: str
    modes: tuple[str, ...]
    fee_status: str
    provider_kind: str
    basis: str
    effective_from: date
    fee_basis: str = ""
    provider_name: str = ""
    effective_to: date | None = None
    order: int = 0


def _cleaned(data: ServiceItemInput) -> dict[str, object]:
    """The field values to store, or a DomainError naming the first problem."""
    if data.kind not in ServiceKind.values:
        raise DomainError("请选择服务类别。")
    if data.fee_status not in FeeStatus.values:
        raise DomainError("请选择收费情况。")
    if data.fee_status == FeeStatus.CHARGED and data.kind in FREE_KINDS:
        raise DomainError(
            FREE_KIND_MESSAGE.format(kind=ServiceKind(data.kind).label), code="free_item_charged"
        )
    if data.provider_kind not in ProviderKind.values:
        raise DomainError("请选择提供主体类别。")
    modes = list(dict.fromkeys(data.modes))
    if not modes or any(m not in ServiceMode.values for m in modes):
        raise DomainError("请至少选择一种服务方式。")
    values: dict[str, object] = {
        k: v.strip() if isinstance(v, str) else v for k, v in asdict(data).items() if k != "modes"
    }
    values["modes"] = modes
    for key, label in (
        ("code", "事项编码"),
        ("name", "事项名称"),
        ("target_group", "服务对象"),
        ("content", "服务内容"),
        ("basis", "设立依据"),
    ):
        if not values[key]:
            raise DomainError(f"请填写{label}。")
    if data.fee_status == FeeStatus.CHARGED and not values["fee_basis"]:
        raise DomainError("收费事项请写明收费依据（如：按价格主管部门核定的标准收取）。")
    if data.effective_to is not None and data.effective_to < data.effective_from:
        raise DomainError("截止日期不能早于施行日期。")
    return values


def _require_editor(actor: User, province: Region) -> None:
    if province.level != RegionLevel.PROVINCE:
        raise DomainError("事项清单按省（区、市）配置，请选择省级区划。")
    if province.code not in catalogue_province_codes_for_user(user=actor):
        raise PermissionDeniedError("只能修改本省（区、市）的公共法律服务事项清单。")


def catalogue_item_create(*, actor: User, province: Region, data: ServiceItemInput) -> ServiceItem:
    _require_editor(actor, province)
    values = _cleaned(data)
    if ServiceItem.objects.filter(province=province, code=values["code"]).exists():
        raise ConflictError(f"本省清单中已有编码为 {values['code']} 的事项。")
    try:
        with transaction.atomic():
            item = ServiceItem.objects.create(province=province, created_by=actor, updated_by=actor, **values)
            audit_record(
                actor=actor,
                action=AuditAction.CREATE,
                object_type=OBJECT_TYPE,
                object_id=item.pk,
                summary=f"{province.name} {item.code} {item.name}",
            )
    except IntegrityError as exc:  # the same code saved by a concurrent editor
        raise ConflictError(f"本省清单中已有编码为 {values['code']} 的事项。") from exc
    return item


def catalogue_item_update(*, actor: User, item: ServiceItem, data: ServiceItemInput) -> ServiceItem:
    _require_editor(actor, item.province)
    values = _cleaned(data)
    if ServiceItem.objects.filter(province=item.province, code=values["code"]).exclude(pk=item.pk).exists():
        raise ConflictError(f"本省清单中已有编码为 {values['code']} 的事项。")
    try:
        with transaction.atomic():
            locked = ServiceItem.objects.select_for_update().get(pk=item.pk)
            changed = [k for k, v in values.items() if getattr(locked, k) != v]
            if not changed:
                return locked
            for key in changed:
                setattr(locked, key, values[key])
            locked.updated_by = actor
            locked.save(update_fields=[*changed, "updated_by", "updated_at"])
            audit_record(
                actor=actor,
                action=AuditAction.UPDATE,
                object_type=OBJECT_TYPE,
                object_id=locked.pk,
                summary=f"{locked.code} 修改：{'、'.join(changed)}",
            )
    except IntegrityError as exc:
        raise ConflictError(f"本省清单中已有编码为 {values['code']} 的事项。") from exc
    return locked


def catalogue_item_retire(
    *, actor: User, item: ServiceItem, reason: str, on: date | None = None
) -> ServiceItem:
    """Take an item off the public list now; `on` records its last day in force (today by default). The row
    stays, with its reason (STYLE §16)."""
    _require_editor(actor, item.province)
    reason = reason.strip()
    if not reason:
        raise DomainError("请写明停用原因。")
    # The last day in force; an item retired before it took effect keeps a one-day range.
    last_day = max(on or clock.local_today(), item.effective_from)
    with transaction.atomic():
        # A conditional UPDATE, so two editors retiring at once record one reason (select_for_update is a no-op on
        # SQLite, STYLE §18).
        updated = ServiceItem.objects.filter(pk=item.pk, active=True).update(
            active=False,
            effective_to=last_day,
            retire_reason=reason[:300],
            updated_by=actor,
            updated_at=clock.now(),
        )
        if updated != 1:
            raise ConflictError("该事项已停用。")
        audit_record(
            actor=actor,
            action=AuditAction.UPDATE,
            object_type=OBJECT_TYPE,
            object_id=item.pk,
            summary=f"{item.code} 停用：{reason}"[:500],
        )
    item.refresh_from_db()
    return item
