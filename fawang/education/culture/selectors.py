"""Reading the legal-culture sites (P4): the public list by region, and the editor's jurisdiction."""

from __future__ import annotations

from functools import reduce
from operator import or_

from django.db.models import Q, QuerySet

from fawang.accounts.models import User
from fawang.core.errors import NotFoundError
from fawang.education.access import education_staff_require
from fawang.education.models import CultureSite
from fawang.regions.models import Region


def culture_site_list_public(*, region: Region | None = None, kind: str = "") -> QuerySet[CultureSite]:
    sites = CultureSite.objects.filter(archived_at__isnull=True).select_related("region")
    if region is not None:
        sites = sites.filter(region__code__startswith=region.prefix)
    if kind:
        sites = sites.filter(kind=kind)
    return sites.order_by("region__code", "name", "id")


def culture_site_get_public(*, site_id: int) -> CultureSite:
    found = culture_site_list_public().filter(pk=site_id).first()
    if found is None:
        raise NotFoundError("未找到该法治文化阵地。")
    return found


def culture_site_list_for_staff(*, user: User) -> QuerySet[CultureSite]:
    q = reduce(or_, (Q(region__code__startswith=p) for p in education_staff_require(user=user)))
    return (
        CultureSite.objects.filter(q).select_related("region").order_by("archived_at", "region__code", "name")
    )


def culture_site_get_for_staff(*, user: User, site_id: int) -> CultureSite:
    found = culture_site_list_for_staff(user=user).filter(pk=site_id).first()
    if found is None:
        raise NotFoundError("未找到该法治文化阵地，或不在您的管辖范围内。")
    return found
