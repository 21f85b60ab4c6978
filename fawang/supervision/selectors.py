"""Scoped reads for supervisors (STYLE §3; K2): jurisdiction checks, supervision orders, surveys, publications."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass

from django.db.models import Count, Exists, OuterRef, Q, QuerySet
from django.db.models.functions import Substr

from fawang.accounts.models import User
from fawang.accounts.roles import Role
from fawang.accounts.selectors import grant_list_for_user
from fawang.cases.languages import language_label
from fawang.cases.models import Case
from fawang.cases.selectors import case_list_for_user, case_scope_exists, case_scope_q
from fawang.cases.states import TERMINAL_STATUSES, DueState, Status
from fawang.core.errors import NotFoundError, PermissionDeniedError
from fawang.regions.models import Region
from fawang.supervision.models import OPEN_ORDER_STATES, Publication, Questionnaire, SupervisionOrder
from fawang.supervision.periods import Scope

SUPERVISION_ROLES = frozenset({Role.SUPERVISOR, Role.QUALITY_INSPECTOR, Role.ADMIN})


def supervision_prefixes(*, user: User) -> list[str]:
    if not user.is_authenticated:
        return []
    return sorted(
        {
            g.region_prefix
            for g in grant_list_for_user(user=user)
            if g.role in SUPERVISION_ROLES and g.region_prefix
        },
        key=len,
    )


def supervision_region_check(*, user: User, region: Region) -> None:
    """Refuse a region outside the user's jurisdiction (K2): supervisors see their own subtree only."""
    prefixes = supervision_prefixes(user=user)
    if not prefixes:
        raise PermissionDeniedError("您没有督办监测权限。")
    if not any(region.code.startswith(p) for p in prefixes):
        raise PermissionDeniedError(f"“{region.name}”不在您的辖区内，无权查看。")


def supervision_home_region(*, user: User) -> Region:
    prefixes = supervision_prefixes(user=user)
    if not prefixes:
        raise PermissionDeniedError("您没有督办监测权限。")
    region = Region.objects.filter(code=prefixes[0].ljust(12, "0")).first()
    if region is None:
        raise NotFoundError("未找到您的辖区。")
    return region


def open_cases(*, user: User, region: Region) -> QuerySet[Case]:
    return (
        case_list_for_user(user=user)
        .filter(region__code__startswith=region.prefix)
        .exclude(status__in=[*TERMINAL_STATUSES, Status.RESOLVED])
    )


@dataclass(frozen=True)
class AtRisk:
    """Open overdue and due-soon work in a region (K2), from one grouped query over the at-risk index."""

    units: list[dict[str, object]]  # {"unit", "overdue", "due_soon"}, most overdue first
    overdue_by_child: dict[str, int]  # child-region code prefix -> overdue open cases


def at_risk_summary(*, user: User, region: Region, child_length: int) -> AtRisk:
    """By handling unit (institution, else site, else region) and by child region (the code's first
    `child_length` digits): the dashboard's two at-risk tables read the same rows once (issue 7 §8)."""
    rows = (
        open_cases(user=user, region=region)
        .filter(due_state__in=[DueState.OVERDUE, DueState.DUE_SOON])
        .annotate(part=Substr("region__code", 1, child_length))
        .values("handler_institution__name", "handler_site__name", "region__name", "part")
        .annotate(
            overdue=Count("pk", filter=Q(due_state=DueState.OVERDUE)),
            due_soon=Count("pk", filter=Q(due_state=DueState.DUE_SOON)),
        )
        .order_by()
    )
    merged: dict[str, dict[str, object]] = {}
    by_child: Counter[str] = Counter()
    for row in rows:
        unit = str(row["handler_institution__name"] or row["handler_site__name"] or row["region__name"])
        entry = merged.setdefault(unit, {"unit": unit, "overdue": 0, "due_soon": 0})
        entry["overdue"] = int(entry["overdue"]) + int(row["overdue"])  # type: ignore[call-overload]
        entry["due_soon"] = int(entry["due_soon"]) + int(row["due_soon"])  # type: ignore[call-overload]
        if row["overdue"]:
            by_child[str(row["part"])] += int(row["overdue"])
    units = sorted(merged.values(), key=lambda e: (-int(e["overdue"]), -int(e["due_soon"]), str(e["unit"])))  # type: ignore[call-overload]
    return AtRisk(units=units, overdue_by_child=dict(by_child))


def case_count_by_language(*, user: User, scope: Scope) -> list[tuple[str, str, int]]:
    """A12: requests received in the region and period by intake language, so a bureau can staff dialect seats.
    (code, label, count), most first. One grouped query on case_region_submitted_idx, not the summaries."""
    supervision_region_check(user=user, region=scope.region)
    rows = (
        Case.objects.filter(
            case_scope_q(user=user),
            region__code__startswith=scope.prefix,
            submitted_at__gte=scope.start,
            submitted_at__lt=scope.end,
        )
        .values_list("language")
        .annotate(n=Count("pk"))
        .order_by("-n", "language")
    )
    return [(str(code), language_label(str(code)), int(n)) for code, n in rows]


def at_risk_by_unit(*, user: User, region: Region) -> list[dict[str, object]]:
    """Overdue and due-soon open work by handling unit (K2): institution, else site, else region."""
    return at_risk_summary(user=user, region=region, child_length=len(region.prefix)).units


def supervision_orders_open_for_case(case: Case) -> list[SupervisionOrder]:
    """K3: the open orders a handler's queue and case page show until a supervisor closes them."""
    return list(
        SupervisionOrder.objects.filter(case=case, state__in=OPEN_ORDER_STATES)
        .select_related("issued_by")
        .order_by("due_at")
    )


def supervision_order_list_for_user(*, user: User, open_only: bool = True) -> QuerySet[SupervisionOrder]:
    rows = SupervisionOrder.objects.filter(case_scope_exists(user=user)).select_related("case", "issued_by")
    if open_only:
        rows = rows.filter(state__in=OPEN_ORDER_STATES)
    return rows.order_by("due_at")


def supervision_order_get_for_user(*, user: User, order_id: int) -> SupervisionOrder:
    order = supervision_order_list_for_user(user=user, open_only=False).filter(pk=order_id).first()
    if order is None:
        raise NotFoundError()
    return order


def questionnaire_list_for_user(*, user: User) -> QuerySet[Questionnaire]:
    prefixes = supervision_prefixes(user=user)
    q = Q(pk__in=[])
    for prefix in prefixes:
        q |= Q(region__code__startswith=prefix)
    return Questionnaire.objects.filter(q).select_related("region").annotate(n=Count("responses"))


def publication_list_public() -> QuerySet[Publication]:
    return Publication.objects.filter(withdrawn_at__isnull=True).select_related("region")


def supervision_order_open_exists() -> Exists:
    """An annotation for case querysets: does the case carry an open supervision order (K3)?"""
    return Exists(SupervisionOrder.objects.filter(case=OuterRef("pk"), state__in=OPEN_ORDER_STATES))
