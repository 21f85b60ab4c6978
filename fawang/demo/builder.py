"""Building the demo county end to end (issue 2 §8). Idempotent: a second run adds nothing."""

from __future__ import annotations

import random
from dataclasses import dataclass

from django.db import transaction

from fawang.accounts.models import User
from fawang.accounts.services import system_actor
from fawang.cases.models import Case
from fawang.cases.scanner import deadline_scan
from fawang.catalogue.demo import catalogue_demo_build
from fawang.core import clock
from fawang.demo.accounts import DemoAccount, accounts_build
from fawang.demo.committees import committee_members_build
from fawang.demo.history import history_build
from fawang.demo.network import network_build
from fawang.education.demo import education_demo_build
from fawang.hotline.services.seats import centre_ensure
from fawang.legal_aid.roster_demo import roster_demo_build, roster_demo_history_build
from fawang.legislation.demo import legislation_demo_build
from fawang.regions.models import Region
from fawang.supervision.demo import (
    institution_accessibility_demo_build,
    readiness_demo_build,
    windows_demo_build,
)

DEMO_SEATS = 6


@dataclass(frozen=True)
class DemoResult:
    accounts: list[DemoAccount]
    cases_created: int


def demo_build(*, seed: int = 2026, cases: int = 300) -> DemoResult:
    rng = random.Random(seed)
    with transaction.atomic():
        net = network_build(rng=rng)
        accounts = accounts_build(net=net)
        admin = User.objects.get(username="admin")
        # A stream of its own, so the members do not change the history drawn below from `rng`.
        committee_members_build(rng=random.Random(seed + 1), net=net, actor=admin)
        # The county's 12348 line is a working centre from the start, so the demo agent can take a call (issue 5).
        centre_ensure(actor=system_actor(), site=net.hotline, seats=DEMO_SEATS)
        # The province's 事项清单 (G3), entered by its province-level supervisor like any editor.
        editor = User.objects.get(username="prov_supervisor")
        catalogue_demo_build(
            actor=editor, province=Region.objects.get(code=net.county.code[:2].ljust(12, "0"))
        )
        # One readiness inspection of most of the county's sites (G7), by the county's supervisor.
        supervisor = User.objects.get(username="supervisor")
        readiness_demo_build(actor=supervisor, county=net.county, rng=random.Random(seed + 2))
        windows_demo_build(actor=supervisor, centre=net.centre)
        # What the county's institutions offer disabled and elderly people (L6), declared by its supervisor.
        institution_accessibility_demo_build(actor=supervisor, county=net.county)
        # A normative document open for comment (Q1-Q5) and the county's 普法 course, event and site (P1-P4).
        legislation_demo_build(actor=supervisor, county=net.county)
        education_demo_build(author=admin, reviewer=User.objects.get(username="reviewer"), county=net.county)
        # The county's legal-aid roster and rota (O8, X3), kept by its aid reviewer.
        roster_demo_build(actor=User.objects.get(username="reviewer"), county=net.county)
    created = 0
    if not Case.objects.filter(region__code__startswith=net.county.prefix).exists():
        users = {u.username: u for u in User.objects.filter(username__in=[a.username for a in accounts])}
        with transaction.atomic():
            created = history_build(rng=rng, net=net, users=users, cases=cases)
            # Half a year of aid matters allocated through the roster (X3), on a stream of its own.
            created += roster_demo_history_build(
                rng=random.Random(seed + 3),
                reviewer=users["reviewer"],
                county=net.county,
                villages=net.villages,
            )
    deadline_scan(now=clock.now())
    return DemoResult(accounts=accounts, cases_created=created)
