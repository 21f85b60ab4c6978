"""Demo data (issue 2 §8): the demo county's legal-aid roster (O8) with weights, and an out-of-hours rota for the
coming rest days (X3), entered through the roster services by the county's aid reviewer. Idempotent."""

from __future__ import annotations

from datetime import timedelta

from fawang.accounts.models import User
from fawang.cases.working_calendar import working_calendar
from fawang.core import clock
from fawang.directory.models import PractitionerKind
from fawang.legal_aid.models import RosterEntry
from fawang.legal_aid.roster_selectors import roster_addable_practitioners
from fawang.legal_aid.roster_services import duty_shift_add, roster_entry_set
from fawang.regions.models import Region

ROTA_DAYS = 14


def roster_demo_build(*, actor: User, county: Region) -> None:
    if RosterEntry.objects.filter(region=county).exists():
        return
    lawyers = []
    for practitioner in roster_addable_practitioners(county=county):
        lawyer = practitioner.kind == PractitionerKind.LAWYER
        # Aid-centre staff carry a double share; grassroots legal workers take civil and administrative matters only.
        weight = 2 if practitioner.kind == PractitionerKind.LEGAL_AID_STAFF else 1
        roster_entry_set(
            actor=actor,
            county=county,
            practitioner_id=practitioner.pk,
            weight=weight,
            criminal=lawyer,
            civil=True,
        )
        if lawyer:
            lawyers.append(practitioner)
    calendar, today = working_calendar(), clock.local_today()
    rest_days = [
        d for d in (today + timedelta(days=n) for n in range(ROTA_DAYS)) if not calendar.is_working_day(d)
    ]
    for n, day in enumerate(rest_days if lawyers else []):
        duty_shift_add(actor=actor, county=county, practitioner_id=lawyers[n % len(lawyers)].pk, on_date=day)
