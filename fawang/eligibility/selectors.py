"""Reading hardship standards from the database and feeding them to the pure engine (C3; ADR 0020)."""

from __future__ import annotations

import threading
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Count, Max, QuerySet

from fawang.eligibility.engine import Facts, Result, RuleBook, evaluate, load_rulebook
from fawang.eligibility.models import HardshipArea, HardshipStandard


@dataclass(frozen=True)
class CurrentRules:
    """The rule book built from the active standards, with the revision behind each ``rule_version``."""

    book: RuleBook
    revisions: dict[str, int] = field(default_factory=dict)


_cache_lock = threading.Lock()
_cache: dict[str, Any] = {}


def standard_list() -> QuerySet[HardshipStandard]:
    return HardshipStandard.objects.select_related("area", "updated_by").order_by(
        "area__key", "effective_from"
    )


def area_list() -> QuerySet[HardshipArea]:
    return HardshipArea.objects.order_by("key")


def standard_get(*, pk: int) -> HardshipStandard:
    from fawang.core.errors import NotFoundError

    standard = standard_list().filter(pk=pk).first()
    if standard is None:
        raise NotFoundError("未找到该经济困难标准。")
    return standard


def standard_rule_dict(standard: HardshipStandard) -> dict[str, Any]:
    """The engine's dict shape for one row: the stored values plus the area identity."""
    return {**standard.data, "area": standard.area.as_rule_area()}


def rules_current() -> CurrentRules:
    """Active (not withdrawn) standards as a ``RuleBook``; rebuilt only when a row changed.

    The cache key is (row count, last update, last revision): one aggregate query per call. Rows that fail
    validation cannot be stored (the services validate with the same parser), so loading does not fail here.
    """
    stats = HardshipStandard.objects.aggregate(n=Count("id"), last=Max("updated_at"), rev=Max("revision"))
    key = f"{stats['n']}:{stats['last']}:{stats['rev']}"
    with _cache_lock:
        cached = _cache.get(key)
    if isinstance(cached, CurrentRules):
        return cached
    rows = list(standard_list().filter(withdrawn=False))
    current = CurrentRules(
        book=load_rulebook(standard_rule_dict(row) for row in rows),
        revisions={row.version: row.revision for row in rows},
    )
    with _cache_lock:
        _cache.clear()
        _cache[key] = current
    return current


def eligibility_evaluate(*, facts: Facts) -> tuple[Result, int | None]:
    """Run the engine on the administrator-maintained standards; returns the result and the rule revision."""
    current = rules_current()
    result = evaluate(facts=facts, rules=current.book)
    revision = current.revisions.get(result.rule_version) if result.rule_version else None
    return result, revision
