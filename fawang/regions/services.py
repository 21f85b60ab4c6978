"""Importing the division tree from CSV: code, name, parent code, level, population, urban_rural."""

from __future__ import annotations

import csv
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from django.db import transaction

from fawang.core.errors import DomainError
from fawang.regions.models import Region, RegionLevel, UrbanRural

CSV_FIELDS = ("code", "name", "parent_code", "level", "population", "urban_rural")


@dataclass(frozen=True)
class RegionRow:
    code: str
    name: str
    parent_code: str
    level: int
    population: int
    urban_rural: str


def _parse_row(line_no: int, raw: dict[str, str]) -> RegionRow:
    code = (raw.get("code") or "").strip()
    if len(code) != 12 or not code.isdigit():
        raise DomainError(f"第 {line_no} 行：区划代码必须是 12 位数字，收到 {code!r}。")
    try:
        level = int(raw.get("level") or "")
        population = int(raw.get("population") or 0)
    except ValueError as exc:
        raise DomainError(f"第 {line_no} 行：层级和人口必须是整数。") from exc
    if level not in RegionLevel.values:
        raise DomainError(f"第 {line_no} 行：层级必须是 1 到 5。")
    urban_rural = (raw.get("urban_rural") or UrbanRural.RURAL).strip()
    if urban_rural not in UrbanRural.values:
        raise DomainError(f"第 {line_no} 行：城乡分类只能是 urban 或 rural。")
    name = (raw.get("name") or "").strip()
    if not name:
        raise DomainError(f"第 {line_no} 行：名称不能为空。")
    return RegionRow(code, name, (raw.get("parent_code") or "").strip(), level, population, urban_rural)


def region_rows_from_csv(path: Path) -> list[RegionRow]:
    with path.open(encoding="utf-8-sig", newline="") as handle:
        reader = csv.DictReader(handle)
        missing = set(CSV_FIELDS) - set(reader.fieldnames or ())
        if missing:
            raise DomainError(f"CSV 缺少列：{'、'.join(sorted(missing))}。")
        return [_parse_row(i, row) for i, row in enumerate(reader, start=2)]


@transaction.atomic
def region_import(*, rows: Iterable[RegionRow]) -> int:
    """Create or update regions; parents must come before children or exist already. All or nothing."""
    by_code: dict[str, Region] = {}
    count = 0
    for row in sorted(rows, key=lambda r: (r.level, r.code)):
        parent = None
        if row.parent_code:
            parent = by_code.get(row.parent_code) or Region.objects.filter(code=row.parent_code).first()
            if parent is None:
                raise DomainError(f"区划 {row.code} 的上级 {row.parent_code} 不存在。")
        region, _ = Region.objects.update_or_create(
            code=row.code,
            defaults={
                "name": row.name,
                "parent": parent,
                "level": row.level,
                "population": row.population,
                "urban_rural": row.urban_rural,
            },
        )
        by_code[row.code] = region
        count += 1
    return count
