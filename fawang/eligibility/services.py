"""Writing hardship standards (C3): seed from the shipped files, add areas, add and revise standards.

Every write is validated by the pure engine's own parser (``parse_rule``) and by building the whole rule book
(no two standards for one area and date, consistent area definitions), so the database can never hold a rule
the engine refuses. Every change appends a revision with actor and reason, and is audited.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from pathlib import Path
from typing import Any

import yaml
from django.db import transaction

from fawang.accounts.models import User
from fawang.core.audit import audit_record
from fawang.core.errors import DomainError
from fawang.core.models import AuditAction
from fawang.eligibility.engine import DEFAULT_RULES_DIR, RuleError, load_rulebook, parse_rule
from fawang.eligibility.models import HardshipArea, HardshipStandard, HardshipStandardRevision, StandardOrigin
from fawang.eligibility.selectors import standard_rule_dict


def _jsonable(value: Any) -> Any:
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, Mapping):
        return {str(k): _jsonable(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_jsonable(v) for v in value]
    return value


def _effective_from(data: Mapping[str, Any]) -> date:
    entry = data.get("effective_from")
    raw = entry.get("value") if isinstance(entry, Mapping) else None
    try:
        return date.fromisoformat(str(raw))
    except ValueError as exc:
        raise DomainError("请填写有效的施行日期（YYYY-MM-DD）。") from exc


def _validate(area: HardshipArea, data: Mapping[str, Any], *, replacing: HardshipStandard | None) -> None:
    """Parse the rule as the engine will, then build the rule book with it to catch clashes."""
    try:
        parse_rule({**data, "area": area.as_rule_area()}, label=area.key)
        others = HardshipStandard.objects.select_related("area").filter(withdrawn=False)
        if replacing is not None:
            others = others.exclude(pk=replacing.pk)
        load_rulebook([*(standard_rule_dict(row) for row in others), {**data, "area": area.as_rule_area()}])
    except RuleError as exc:
        raise DomainError(f"标准内容不符合规则格式：{exc}") from exc


def _revision(standard: HardshipStandard, *, actor: User, reason: str) -> None:
    HardshipStandardRevision.objects.create(
        standard=standard,
        revision=standard.revision,
        data=standard.data,
        withdrawn=standard.withdrawn,
        reason=reason,
        actor=actor,
    )
    audit_record(
        actor=actor,
        action=AuditAction.CREATE if standard.revision == 1 else AuditAction.UPDATE,
        object_type="eligibility.HardshipStandard",
        object_id=standard.version,
        summary=f"rev {standard.revision}: {reason}"[:500],
    )


@transaction.atomic
def hardship_area_create(
    *,
    actor: User,
    key: str,
    province: str,
    prefecture: str = "",
    county: str = "",
    code: str = "",
    aliases: list[str] | None = None,
) -> HardshipArea:
    key = key.strip()
    if not key or not province.strip():
        raise DomainError("请填写地区代码和省级名称。")
    if HardshipArea.objects.filter(key=key).exists():
        raise DomainError(f"地区代码“{key}”已存在。")
    if county and not prefecture:
        raise DomainError("填写县级名称时须同时填写地级市名称。")
    area = HardshipArea.objects.create(
        key=key,
        province=province.strip(),
        prefecture=prefecture.strip(),
        county=county.strip(),
        code=code.strip(),
        aliases=[a.strip() for a in aliases or [] if a.strip()],
    )
    audit_record(
        actor=actor, action=AuditAction.CREATE, object_type="eligibility.HardshipArea", object_id=key
    )
    return area


@transaction.atomic
def hardship_standard_create(
    *,
    actor: User,
    area: HardshipArea,
    data: Mapping[str, Any],
    reason: str,
    origin: StandardOrigin = StandardOrigin.ADMIN,
) -> HardshipStandard:
    """Add a standard (a new instrument or a new yearly figure) from its ``effective_from`` (C3)."""
    if not reason.strip():
        raise DomainError("请填写录入依据或理由。")
    clean = _jsonable(dict(data))
    clean.pop("area", None)
    _validate(area, clean, replacing=None)
    standard = HardshipStandard.objects.create(
        area=area,
        effective_from=_effective_from(clean),
        data=clean,
        origin=origin,
        updated_by=actor,
    )
    _revision(standard, actor=actor, reason=reason.strip())
    return standard


@transaction.atomic
def hardship_standard_revise(
    *,
    actor: User,
    standard: HardshipStandard,
    data: Mapping[str, Any],
    reason: str,
    withdrawn: bool = False,
) -> HardshipStandard:
    """Correct or withdraw a standard. The effective date is its identity: a new date is a new standard."""
    if not reason.strip():
        raise DomainError("修改经济困难标准须写明理由（如更正来源、停用原因）。")
    locked = HardshipStandard.objects.select_for_update().select_related("area").get(pk=standard.pk)
    clean = _jsonable(dict(data))
    clean.pop("area", None)
    if _effective_from(clean) != locked.effective_from:
        raise DomainError("施行日期是标准的标识，不能修改；新的施行日期请新增一条标准。")
    if clean == locked.data and withdrawn == locked.withdrawn:
        raise DomainError("内容没有变化。")
    if not withdrawn:
        _validate(locked.area, clean, replacing=locked)
    locked.data = clean
    locked.withdrawn = withdrawn
    locked.revision += 1
    locked.updated_by = actor
    locked.save(update_fields=["data", "withdrawn", "revision", "updated_by", "updated_at"])
    _revision(locked, actor=actor, reason=reason.strip())
    return locked


def _shipped_files(root: Path) -> list[tuple[str, dict[str, Any]]]:
    found = []
    for path in sorted(root.glob("*/*.yaml")):
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        if not isinstance(data, dict):
            raise DomainError(f"规则文件 {path.parent.name}/{path.name} 不是映射。")
        found.append((path.parent.name, _jsonable(data)))
    return found


@transaction.atomic
def standards_seed_shipped(*, actor: User, root: Path = DEFAULT_RULES_DIR) -> int:
    """Insert the shipped rule files that the database lacks; never touches existing rows (admins' edits win).

    A standard is identified by (area key, effective_from); a withdrawn one counts as present, so a standard an
    administrator withdrew is not brought back. Returns the number of standards added.
    """
    added = 0
    for key, data in _shipped_files(root):
        area_data = data.pop("area")
        area = HardshipArea.objects.filter(key=key).first()
        if area is None:
            area = hardship_area_create(
                actor=actor,
                key=key,
                province=str(area_data.get("province", "")),
                prefecture=str(area_data.get("prefecture") or ""),
                county=str(area_data.get("county") or ""),
                code=str(area_data.get("code") or ""),
                aliases=[str(a) for a in area_data.get("aliases") or []],
            )
        if HardshipStandard.objects.filter(area=area, effective_from=_effective_from(data)).exists():
            continue
        hardship_standard_create(
            actor=actor,
            area=area,
            data=data,
            reason=f"随系统发布的规则文件 rules/{key}/{_effective_from(data).isoformat()}.yaml",
            origin=StandardOrigin.SHIPPED,
        )
        added += 1
    return added


def standards_ensure_seeded(*, actor: User) -> int:
    """Seed once: only when the table is empty (a fresh or flushed database)."""
    if HardshipStandard.objects.exists():
        return 0
    return standards_seed_shipped(actor=actor)
