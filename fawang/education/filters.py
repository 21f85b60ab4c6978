"""The region filter of the public 普法 pages and API (P3, P4): a 12-digit division code, its subtree included."""

from __future__ import annotations

from collections.abc import Iterable

from fawang.core.errors import DomainError
from fawang.regions.models import Region


def region_filter_parse(raw: str | None) -> Region | None:
    """None for no filter; the region for a known code; a Chinese error otherwise."""
    code = (raw or "").strip()
    if not code:
        return None
    if not (code.isdigit() and len(code) == 12):
        raise DomainError(f"区划代码“{code[:20]}”无效，应为12位数字。")
    region = Region.objects.filter(code=code).first()
    if region is None:
        raise DomainError(f"未找到区划代码 {code}。")
    return region


def region_filter_choices(codes: Iterable[str]) -> list[tuple[str, str]]:
    """The counties and townships the listed items sit in, for the filter's drop-down (one query)."""
    wanted = set()
    for code in codes:
        wanted.add(code[:6].ljust(12, "0"))
        wanted.add(code[:9].ljust(12, "0"))
    rows = Region.objects.filter(code__in=sorted(wanted)).order_by("code").values_list("code", "name")
    return [(code, name if code.endswith("000000") else f"　{name}") for code, name in rows]
