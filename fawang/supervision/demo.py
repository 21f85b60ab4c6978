"""Demo readiness inspections (G7): the county's centre and stations, and some village rooms, were inspected once,
each site found short of a few items, so the readiness page has shortfalls to show. The county centre gets its
windows (G6). The county's institutions declare their accessible services (L6). Safe to run twice."""

from __future__ import annotations

import random
from datetime import timedelta

from fawang.accounts.models import User
from fawang.core import clock
from fawang.directory.models import AccessibleService, Institution, InstitutionKind, Site
from fawang.regions.models import Region
from fawang.supervision.accessibility import institution_accessibility_set
from fawang.supervision.models import SiteInspection
from fawang.supervision.readiness import PHYSICAL, items_for, site_inspection_record
from fawang.supervision.windows import window_post_save

# The windows of a county centre's hall: one comprehensive window, then the services with their own windows.
CENTRE_WINDOWS = (
    (1, "综合受理", ()),
    (2, "法律援助", ("legal_aid",)),
    (3, "人民调解", ("mediation",)),
    (4, "公证", ("notary",)),
    (5, "法律咨询与司法鉴定", ("consultation", "appraisal")),
)


def windows_demo_build(*, actor: User, centre: Site) -> int:
    if centre.windows.exists():
        return 0
    for number, name, services in CENTRE_WINDOWS:
        window_post_save(actor=actor, site_id=centre.pk, number=number, name=name, service_types=services)
    return len(CENTRE_WINDOWS)


def readiness_demo_build(*, actor: User, county: Region, rng: random.Random) -> int:
    sites = Site.objects.filter(kind__in=PHYSICAL, region__code__startswith=county.prefix).order_by("pk")
    recorded = 0
    for site in sites:
        # Every draw is made for every site, so a second run makes the same choices and records nothing new.
        skip = rng.random() < 0.3  # about a third of the sites are left for the bureau to inspect
        codes = [item.code for item in items_for(site.kind)]
        present = [code for code in codes if rng.random() < 0.8]
        days_ago = rng.randint(10, 300)
        if skip or SiteInspection.objects.filter(site=site).exists():
            continue
        site_inspection_record(
            actor=actor,
            site_id=site.pk,
            inspected_on=clock.local_today() - timedelta(days=days_ago),
            present=present,
            note="请于三个月内补齐缺项。" if len(present) < len(codes) else "",
        )
        recorded += 1
    return recorded


A = AccessibleService
# What each kind of institution of a rural county plausibly offers (L6), by the institution's place in its kind
# (cycled): the aid centre lacks braille and large print, so the supervisor's 待整改 list has an entry to show; one
# law firm declares nothing and one is left unrecorded.
ACCESSIBILITY_BY_KIND: dict[str, tuple[tuple[tuple[str, ...], str] | None, ...]] = {
    InstitutionKind.LEGAL_AID_CENTRE: (
        (
            (A.BARRIER_FREE_ACCESS, A.SIGN_LANGUAGE, A.HOME_VISIT, A.PRIORITY, A.REMOTE, A.ACCOMPANIMENT),
            "手语服务请提前一个工作日预约（县残联派手语翻译）；行动不便的可拨打12348预约上门。",
        ),
    ),
    InstitutionKind.LAW_FIRM: (
        ((A.BARRIER_FREE_ACCESS, A.REMOTE), "可预约视频咨询。"),
        ((A.REMOTE, A.HOME_VISIT), ""),
        ((), ""),
        None,
    ),
    InstitutionKind.GRASSROOTS_OFFICE: (((A.HOME_VISIT, A.ACCOMPANIMENT), ""),),
    InstitutionKind.NOTARY_OFFICE: (
        (
            (A.BARRIER_FREE_ACCESS, A.PRIORITY, A.HOME_VISIT, A.BRAILLE_LARGE_PRINT),
            "行动不便的老年人、残疾人可预约上门办理公证。",
        ),
    ),
    InstitutionKind.APPRAISAL_INSTITUTION: (((A.BARRIER_FREE_ACCESS, A.PRIORITY), ""),),
    InstitutionKind.MEDIATION_COMMITTEE: (((A.HOME_VISIT,), ""), ((A.HOME_VISIT, A.ACCOMPANIMENT), "")),
    InstitutionKind.JUSTICE_OFFICE: (((A.BARRIER_FREE_ACCESS, A.HOME_VISIT, A.ACCOMPANIMENT), ""),),
}


def institution_accessibility_demo_build(*, actor: User, county: Region) -> int:
    """Declare the accessible services of the county's institutions through the service; those already recorded
    are left alone, so a second run records nothing."""
    recorded = 0
    seen: dict[str, int] = {}
    institutions = Institution.objects.filter(region__code__startswith=county.prefix).order_by("kind", "pk")
    for institution in institutions:
        plan = ACCESSIBILITY_BY_KIND.get(institution.kind, (None,))
        place = seen.get(institution.kind, 0)
        seen[institution.kind] = place + 1
        declaration = plan[place % len(plan)]
        if declaration is None or institution.accessibility_recorded_at is not None:
            continue
        services, note = declaration
        institution_accessibility_set(actor=actor, institution=institution, services=services, note=note)
        recorded += 1
    return recorded
