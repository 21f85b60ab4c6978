"""Who a user is allowed to be, where (STYLE §3, §7). Every scoped read starts here."""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Q

from fawang.accounts.models import RoleAssignment, User
from fawang.accounts.roles import ROLE_SPECS, Role, Scope
from fawang.core import clock
from fawang.core.crypto import blind_index_candidates


@dataclass(frozen=True)
class Grant:
    """One active role assignment, resolved to a region-code prefix (a subtree) and/or an institution."""

    role: Role
    region_prefix: str | None
    institution_id: int | None
    site_id: int | None

    @property
    def scope(self) -> Scope:
        return ROLE_SPECS[self.role].scope


def grant_list_for_user(*, user: User) -> list[Grant]:
    cached: list[Grant] | None = getattr(user, "_fawang_grants", None)
    if cached is not None:
        return cached
    today = clock.local_today()
    rows = (
        RoleAssignment.objects.filter(user=user)
        .filter(Q(valid_from__isnull=True) | Q(valid_from__lte=today))
        .filter(Q(valid_to__isnull=True) | Q(valid_to__gte=today))
        .select_related("region", "site__region", "institution__region")
    )
    grants = []
    for row in rows:
        region = (
            row.region
            or (row.site.region if row.site else None)
            or (row.institution.region if row.institution else None)
        )
        grants.append(
            Grant(
                role=Role(row.role),
                region_prefix=region.prefix if region is not None else None,
                institution_id=row.institution_id,
                site_id=row.site_id,
            )
        )
    user._fawang_grants = grants  # type: ignore[attr-defined]  # per-request cache on the user object
    return grants


def user_roles(*, user: User) -> frozenset[Role]:
    if not user.is_authenticated:
        return frozenset()
    return frozenset(g.role for g in grant_list_for_user(user=user))


def user_is_admin(*, user: User) -> bool:
    """A system administrator: a superuser or a holder of the admin role (M6, M9, M11, M13 pages)."""
    return user.is_superuser or Role.ADMIN in user_roles(user=user)


def user_is_staff_member(*, user: User) -> bool:
    return any(ROLE_SPECS[r].staff for r in user_roles(user=user))


def user_find_by_phone(*, phone: str) -> User | None:
    """The account registered with this mobile number (M3: the number is encrypted; the lookup uses its blind
    index under every configured index key, so it keeps working during a key rotation)."""
    value = phone.strip()
    if not value:
        return None
    return User.objects.filter(phone_bidx__in=blind_index_candidates(value)).order_by("pk").first()
