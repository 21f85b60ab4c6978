"""Demo readiness inspections (G7): the county's centre and stations, and some village rooms, were inspected once,
each site found short of a few items, so the readiness page has shortfalls to show. Safe to run twice."""

from __future__ import annotations

import random
from datetime import timedelta

from fawang.accounts.models import User
from fawang.core import clock
from fawang.directory.models import Site
from fawang.regions.models import Region
from fawang.supervision.models import SiteInspection
from fawang.supervision.readiness import PHYSICAL, items_for, site_inspection_record


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
