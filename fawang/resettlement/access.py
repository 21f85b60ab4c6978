"""Who may open resettlement records (R2; ADR 0034). One tested rule, used by every selector and service.

Allowed:
* a county (or higher) administrator whose region covers the record's township (Role.ADMIN grant), and
* township staff: a window-clerk (司法所/工作站) grant covering the township AND a live ResettlementAccessGrant
  for that township, given by a county administrator.
Everyone else (supervisors, hotline, other townships' clerks, practitioners, citizens) gets "not found".
"""

from __future__ import annotations

from django.db.models import Q

from fawang.accounts.models import User
from fawang.accounts.roles import Role
from fawang.accounts.selectors import grant_list_for_user
from fawang.regions.models import Region, RegionLevel
from fawang.resettlement.models import ResettlementAccessGrant

TOWNSHIP_ROLES = frozenset({Role.WINDOW_CLERK})


def _admin_prefixes(user: User) -> list[str]:
    prefixes = []
    for grant in grant_list_for_user(user=user):
        if grant.role is Role.ADMIN and grant.region_prefix is not None and len(grant.region_prefix) <= 6:
            prefixes.append(grant.region_prefix)  # county level or above (code prefix of 6 digits or fewer)
    return prefixes


def _clerk_prefixes(user: User) -> list[str]:
    return [
        g.region_prefix
        for g in grant_list_for_user(user=user)
        if g.role in TOWNSHIP_ROLES and g.region_prefix
    ]


def resettlement_prefixes(*, user: User) -> list[str]:
    """Region-code prefixes of the townships (or county) whose records this user may open."""
    if not user.is_authenticated:
        return []
    prefixes = _admin_prefixes(user)
    clerk = _clerk_prefixes(user)
    if clerk:
        granted = ResettlementAccessGrant.objects.filter(user=user, revoked_at__isnull=True).select_related(
            "township"
        )
        for row in granted:
            if any(row.township.code.startswith(p) for p in clerk):  # a clerk of that township or its county
                prefixes.append(row.township.prefix)
    return prefixes


def resettlement_scope_q(*, user: User, field: str = "township__code") -> Q:
    q = Q(pk__in=[])
    for prefix in resettlement_prefixes(user=user):
        q |= Q(**{f"{field}__startswith": prefix})
    return q


def resettlement_township_allowed(*, user: User, township: Region) -> bool:
    return any(township.code.startswith(p) for p in resettlement_prefixes(user=user))


def resettlement_may_grant(*, user: User, township: Region) -> bool:
    return township.level == RegionLevel.TOWNSHIP and any(
        township.code.startswith(p) for p in _admin_prefixes(user)
    )
