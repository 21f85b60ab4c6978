"""Reads for the citizen portal: the directory (public) and the citizen's own requests (scoped)."""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Prefetch, Q, QuerySet, prefetch_related_objects

from fawang.accounts.models import User
from fawang.cases.models import Case
from fawang.cases.selectors import case_list_for_user
from fawang.core.errors import DomainError
from fawang.directory.models import AccessibleService, Institution, Practitioner, Site, WindowPost
from fawang.directory.selectors import PractitionerCredit, practitioner_credit_map
from fawang.portal.models import CaseMessage
from fawang.regions.models import Region, RegionLevel


def my_case_list(*, user: User) -> QuerySet[Case]:
    return case_list_for_user(user=user).select_related("region").order_by("-submitted_at")


def case_message_list(*, case: Case) -> QuerySet[CaseMessage]:
    return CaseMessage.objects.filter(case=case).select_related("author").order_by("created_at", "id")


@dataclass(frozen=True)
class DirectoryQuery:
    q: str = ""
    township: str = ""
    service: str = ""
    specialty: str = ""
    accessible_service: str = ""  # L6: institutions offering this AccessibleService


@dataclass(frozen=True)
class PractitionerCard:
    practitioner: Practitioner
    credit: PractitionerCredit  # O3: practice status and the published sanctions


@dataclass(frozen=True)
class DirectoryResult:
    sites: list[Site]
    institutions: list[Institution]
    practitioners: list[PractitionerCard]


LIMIT = 50
SCAN = 5000


def directory_search(*, query: DirectoryQuery) -> DirectoryResult:
    """Sites, institutions and practitioners by place, service and specialty (O1, O2), practitioners with their
    licence and credit status (O3). With an accessible service (L6), only the institutions offering it: the
    filter is about institutions, whose declarations are the ones L6 publishes."""
    if query.accessible_service and query.accessible_service not in AccessibleService.values:
        raise DomainError(
            f"无法识别的无障碍服务“{query.accessible_service}”，可选：{'、'.join(AccessibleService.values)}。"
        )
    sites = Site.objects.select_related("region")
    institutions = Institution.objects.select_related("region")
    practitioners = Practitioner.objects.filter(active=True).select_related("institution__region")
    if query.township:
        prefix = query.township[:9]
        sites = sites.filter(region__code__startswith=prefix)
        institutions = institutions.filter(region__code__startswith=prefix)
        practitioners = practitioners.filter(institution__region__code__startswith=prefix)
    if query.q:
        sites = sites.filter(Q(name__icontains=query.q) | Q(address__icontains=query.q))
        institutions = institutions.filter(name__icontains=query.q)
        practitioners = practitioners.filter(
            Q(name__icontains=query.q) | Q(institution__name__icontains=query.q)
        )
    institutions = institutions.order_by("region__code", "kind")
    # JSON list membership is filtered here: SQLite has no JSON containment lookup, and the region filter
    # above already bounds the candidates.
    if query.accessible_service:
        code = query.accessible_service
        offering = [i for i in institutions[:SCAN] if code in i.accessible_services]
        return DirectoryResult(sites=[], institutions=offering[:LIMIT], practitioners=[])
    site_list = list(sites.order_by("region__code", "kind")[:SCAN])
    practitioner_list = list(practitioners.order_by("institution__name", "name")[:SCAN])
    institution_list = list(institutions[:LIMIT])
    if query.service:
        site_list = [s for s in site_list if query.service in s.services]
    if query.specialty:
        practitioner_list = [p for p in practitioner_list if query.specialty in p.specialties]
        site_list, institution_list = [], []
    sites_shown = site_list[:LIMIT]
    # Which window to go to (G6): the open windows of the sites shown, in one query.
    open_windows = WindowPost.objects.filter(active=True).order_by("number")
    prefetch_related_objects(sites_shown, Prefetch("windows", queryset=open_windows, to_attr="open_windows"))
    practitioners_shown = practitioner_list[:LIMIT]
    credit = practitioner_credit_map(practitioners=practitioners_shown)
    return DirectoryResult(
        sites=sites_shown,
        institutions=institution_list,
        practitioners=[PractitionerCard(p, credit[p.pk]) for p in practitioners_shown],
    )


def township_choices() -> list[Region]:
    return list(Region.objects.filter(level=RegionLevel.TOWNSHIP).order_by("code"))
