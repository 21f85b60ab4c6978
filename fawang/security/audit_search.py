"""Searching the audit log (M6), scoped by role (ADR 0084):

- administrators (Role.ADMIN, or a Django superuser) search every entry;
- supervisors search the entries written by users whose role assignments lie in their region subtree (their
  region's staff and citizens' own accounts are not included unless they hold a grant there); entries without an
  actor (failed sign-ins with an unknown name, system jobs) are for administrators only;
- everyone else is refused (403).
Each search is itself audited.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from django.db.models import Q, QuerySet

from fawang.accounts.models import RoleAssignment, User
from fawang.accounts.roles import Role
from fawang.accounts.selectors import grant_list_for_user
from fawang.core import clock
from fawang.core.audit import audit_record
from fawang.core.errors import PermissionDeniedError
from fawang.core.models import AuditAction, AuditEntry


@dataclass(frozen=True)
class AuditQuery:
    actor: str = ""
    action: str = ""
    object_type: str = ""
    object_id: str = ""
    date_from: date | None = None
    date_to: date | None = None

    def describe(self) -> str:
        parts = [f"{k}={v}" for k, v in self.__dict__.items() if v not in ("", None)]
        return " ".join(parts) or "all"


def audit_scope_for_user(*, user: User) -> Q | None:
    """None: may not search. Q(): everything. Otherwise the filter for this user's scope."""
    grants = grant_list_for_user(user=user)
    if user.is_superuser or any(g.role is Role.ADMIN for g in grants):
        return Q()
    prefixes = [g.region_prefix for g in grants if g.role is Role.SUPERVISOR and g.region_prefix is not None]
    if not prefixes:
        return None
    in_region = Q(pk__in=[])
    for prefix in prefixes:
        in_region |= (
            Q(region__code__startswith=prefix)
            | Q(site__region__code__startswith=prefix)
            | Q(institution__region__code__startswith=prefix)
        )
    actors = RoleAssignment.objects.filter(in_region).values("user_id")
    return Q(actor_id__in=actors)


def _local_start(day: date) -> datetime:
    return datetime.combine(day, time.min, tzinfo=clock.LOCAL_TZ)


def audit_search_for_user(*, user: User, query: AuditQuery) -> QuerySet[AuditEntry]:
    scope = audit_scope_for_user(user=user)
    if scope is None:
        raise PermissionDeniedError("只有督办管理员和系统管理员可以查询审计日志。")
    entries = AuditEntry.objects.filter(scope)
    if query.actor:
        entries = entries.filter(actor_label__icontains=query.actor)
    if query.action:
        entries = entries.filter(action=query.action)
    if query.object_type:
        entries = entries.filter(object_type=query.object_type)
    if query.object_id:
        entries = entries.filter(object_id=query.object_id)
    if query.date_from:
        entries = entries.filter(at__gte=_local_start(query.date_from))
    if query.date_to:
        entries = entries.filter(at__lt=_local_start(query.date_to + timedelta(days=1)))
    audit_record(
        actor=user,
        action=AuditAction.VIEW,
        object_type="core.AuditEntry",
        summary=f"search {query.describe()}",
    )
    return entries.order_by("-id")
