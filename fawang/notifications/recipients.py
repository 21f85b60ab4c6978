"""Who should hear about a case: its practitioner, or the staff whose grants cover its region in the next role."""

from __future__ import annotations

from django.db.models import Q

from fawang.accounts.models import User
from fawang.accounts.roles import Role
from fawang.cases.models import Case
from fawang.regions.models import PREFIX_LENGTH, RegionLevel


def _region_prefixes(code: str) -> list[str]:
    return [code[:n] for n in PREFIX_LENGTH.values() if n <= len(code)]


def case_handler_recipients(*, case: Case) -> list[User]:
    if case.handler_practitioner is not None and case.handler_practitioner.user is not None:
        return [case.handler_practitioner.user]
    roles = [case.next_actor_role] if case.next_actor_role else [Role.WINDOW_CLERK.value]
    prefixes = _region_prefixes(case.region.code)
    # Staff whose assignment region contains the case's region (a region prefix of it).
    users = User.objects.filter(
        Q(role_assignments__region__code__in=[p.ljust(12, "0") for p in prefixes])
        | Q(role_assignments__site__region__code=case.region.code),
        role_assignments__role__in=roles,
        is_active=True,
    ).distinct()
    return list(users[:20])


def case_supervisor_recipients(*, case: Case) -> list[User]:
    county_code = case.region.code[: PREFIX_LENGTH[RegionLevel.COUNTY]].ljust(12, "0")
    return list(
        User.objects.filter(
            role_assignments__role=Role.SUPERVISOR, role_assignments__region__code=county_code, is_active=True
        ).distinct()[:20]
    )
