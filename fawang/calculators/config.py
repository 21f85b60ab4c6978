"""Deployment data of the calculators (J10): regional figures and the province's lawyer-fee table.

Both differ per province and year, and neither may be invented, so both are empty by default:

- ``FAWANG_CALCULATOR_REGIONAL_FIGURES``: ``{year: {"region", "average_monthly_wage", "urban_disposable_income",
  "source"}}``, the statistics *of* that year (the 2024 figures are the "上年度" of an event in 2025);
- ``FAWANG_CALCULATOR_LAWYER_FEE_TABLES``: a list of dated progressive tables (docs/calculators.md);
- ``FAWANG_CALCULATOR_CONFIG_FILE``: a JSON file with the keys ``regional_figures`` and ``lawyer_fee_tables``,
  used for whichever of the two settings is empty.

A malformed value stops start-up through a system check (`fawang.calculators.checks`).
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured

from fawang.calculators.engines.brackets import Band, Brackets
from fawang.calculators.engines.common import CalculatorError
from fawang.calculators.rules import LawyerFeeTable


@dataclass(frozen=True)
class RegionalFigures:
    year: int
    region: str
    source: str
    average_monthly_wage: Decimal | None  # 职工月平均工资（元/月）
    urban_disposable_income: Decimal | None  # 城镇居民人均可支配收入（元/年）


def _file() -> dict[str, Any]:
    path = str(getattr(settings, "FAWANG_CALCULATOR_CONFIG_FILE", "") or "")
    if not path:
        return {}
    try:
        data = json.loads(Path(path).read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise ImproperlyConfigured(f"FAWANG_CALCULATOR_CONFIG_FILE {path} 无法读取：{exc}") from exc
    if not isinstance(data, dict):
        raise ImproperlyConfigured(f"FAWANG_CALCULATOR_CONFIG_FILE {path} 应是一个 JSON 对象")
    return data


def _decimal(value: object, where: str, *, optional: bool = False) -> Decimal | None:
    if value is None or value == "":
        if optional:
            return None
        raise ImproperlyConfigured(f"{where} 缺少数值")
    try:
        number = Decimal(str(value))
    except InvalidOperation as exc:
        raise ImproperlyConfigured(f"{where} 不是数字：{value!r}") from exc
    if not number.is_finite() or number < 0:
        raise ImproperlyConfigured(f"{where} 必须是非负数：{value!r}")
    return number


def _required(value: object, where: str) -> Decimal:
    number = _decimal(value, where)
    if number is None:
        raise ImproperlyConfigured(f"{where} 缺少数值")
    return number


def regional_figures() -> dict[int, RegionalFigures]:
    raw = (
        getattr(settings, "FAWANG_CALCULATOR_REGIONAL_FIGURES", None) or _file().get("regional_figures") or {}
    )
    if not isinstance(raw, Mapping):
        raise ImproperlyConfigured("FAWANG_CALCULATOR_REGIONAL_FIGURES 应是按年份为键的字典")
    figures = {}
    for key, entry in raw.items():
        where = f"FAWANG_CALCULATOR_REGIONAL_FIGURES[{key!r}]"
        try:
            year = int(key)
        except (TypeError, ValueError) as exc:
            raise ImproperlyConfigured(f"{where}：键应是年份") from exc
        if not isinstance(entry, Mapping) or not entry.get("source"):
            raise ImproperlyConfigured(f"{where} 应是字典，并写明来源 source（如统计公报名称）")
        figures[year] = RegionalFigures(
            year=year,
            region=str(entry.get("region", "")),
            source=str(entry["source"]),
            average_monthly_wage=_decimal(
                entry.get("average_monthly_wage"), f"{where}.average_monthly_wage", optional=True
            ),
            urban_disposable_income=_decimal(
                entry.get("urban_disposable_income"), f"{where}.urban_disposable_income", optional=True
            ),
        )
    return figures


def _lawyer_table(entry: Mapping[str, Any], where: str) -> LawyerFeeTable:
    try:
        valid_from = date.fromisoformat(str(entry["valid_from"]))
        bands = tuple(
            Band(
                upper=_decimal(band.get("upper"), f"{where}.bands.upper", optional=True),
                rate=_required(band.get("rate"), f"{where}.bands.rate"),
                rate_max=_decimal(band.get("rate_max"), f"{where}.bands.rate_max", optional=True),
            )
            for band in entry.get("bands", ())
        )
        brackets = Brackets(
            floor_upto=_required(entry.get("floor_upto", 0), f"{where}.floor_upto"),
            floor_fee=_required(entry.get("floor_fee", 0), f"{where}.floor_fee"),
            floor_fee_max=_decimal(entry.get("floor_fee_max"), f"{where}.floor_fee_max", optional=True),
            bands=bands,
            cap=_decimal(entry.get("cap"), f"{where}.cap", optional=True),
        )
        source, region = str(entry["source"]), str(entry["region"])
    except (KeyError, ValueError, TypeError, AttributeError) as exc:
        raise ImproperlyConfigured(
            f"{where} 格式不正确（需要 valid_from、region、source、bands）：{exc}"
        ) from exc
    except CalculatorError as exc:
        raise ImproperlyConfigured(f"{where}：{exc.message}") from exc
    if not bands:
        raise ImproperlyConfigured(f"{where} 至少要有一段 bands")
    return LawyerFeeTable(
        id=f"lawyer-fee/{region}",
        version=str(entry.get("version", valid_from.isoformat())),
        valid_from=valid_from,
        source=source,
        region=region,
        brackets=brackets,
    )


def lawyer_fee_tables() -> list[LawyerFeeTable]:
    raw = (
        getattr(settings, "FAWANG_CALCULATOR_LAWYER_FEE_TABLES", None)
        or _file().get("lawyer_fee_tables")
        or []
    )
    if not isinstance(raw, list | tuple):
        raise ImproperlyConfigured("FAWANG_CALCULATOR_LAWYER_FEE_TABLES 应是列表")
    tables = []
    for i, entry in enumerate(raw):
        where = f"FAWANG_CALCULATOR_LAWYER_FEE_TABLES[{i}]"
        if not isinstance(entry, Mapping):
            raise ImproperlyConfigured(f"{where} 应是字典")
        tables.append(_lawyer_table(entry, where))
    return tables
