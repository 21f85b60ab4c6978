"""Reads of the 事项清单 (G3): the public list of a province, and the editor's scope (STYLE §3).

A province's list is edited by the province's own administrators and supervisors, meaning a role assignment at the
province node itself; county staff and other provinces' staff may read the public page but change nothing.
"""

from __future__ import annotations

from datetime import date

from django.db.models import Q, QuerySet

from fawang.accounts.models import User
from fawang.accounts.roles import Role
from fawang.accounts.selectors import grant_list_for_user
from fawang.catalogue.models import ServiceItem
from fawang.core.errors import NotFoundError, PermissionDeniedError
from fawang.regions.models import PREFIX_LENGTH, Region, RegionLevel

CATALOGUE_EDITORS = frozenset({Role.ADMIN, Role.SUPERVISOR})
PROVINCE_PREFIX = PREFIX_LENGTH[RegionLevel.PROVINCE]


def catalogue_province_codes_for_user(*, user: User) -> frozenset[str]:
    """The 12-digit codes of the provinces whose list this user may edit."""
    if not user.is_authenticated:
        return frozenset()
    return frozenset(
        g.region_prefix.ljust(12, "0")
        for g in grant_list_for_user(user=user)
        if g.role in CATALOGUE_EDITORS and g.region_prefix and len(g.region_prefix) == PROVINCE_PREFIX
    )


def catalogue_provinces_for_user(*, user: User) -> QuerySet[Region]:
    codes = catalogue_province_codes_for_user(user=user)
    return Region.objects.filter(code__in=codes, level=RegionLevel.PROVINCE).order_by("code")


def catalogue_item_list_for_user(*, user: User) -> QuerySet[ServiceItem]:
    """Every item, retired ones included, of the provinces the user edits."""
    codes = catalogue_province_codes_for_user(user=user)
    return (
        ServiceItem.objects.filter(province__code__in=codes)
        .select_related("province", "updated_by")
        .order_by("province__code", "order", "code")
    )


def catalogue_item_get_for_user(*, user: User, item_id: int) -> ServiceItem:
    """The item for editing: 404 when it does not exist, 403 when it belongs to a list the user does not edit (the
    list is public, so its existence is no secret)."""
    item = ServiceItem.objects.filter(pk=item_id).select_related("province").first()
    if item is None:
        raise NotFoundError()
    if item.province.code not in catalogue_province_codes_for_user(user=user):
        raise PermissionDeniedError("只能修改本省（区、市）的公共法律服务事项清单。")
    return item


def catalogue_public_provinces() -> QuerySet[Region]:
    """Provinces that publish at least one item."""
    return (
        Region.objects.filter(level=RegionLevel.PROVINCE, service_items__active=True)
        .distinct()
        .order_by("code")
    )


def catalogue_item_list_public(*, province: Region, on: date) -> QuerySet[ServiceItem]:
    """The items of the province in force on a date, in display order (G3)."""
    return (
        ServiceItem.objects.filter(province=province, active=True, effective_from__lte=on)
        .filter(Q(effective_to__isnull=True) | Q(effective_to__gte=on))
        .order_by("order", "code")
    )
