"""Members of the demo county's mediation committees (D10): three to five each, a woman among them, a 3-year term
running now, registered through the real service so the register shows a compliant county."""

from __future__ import annotations

import random
from datetime import date

from fawang.accounts.models import User
from fawang.core import clock
from fawang.demo.network import DemoNetwork, person_name
from fawang.directory.models import InstitutionKind
from fawang.mediation.models import CommitteeMember, MemberRole
from fawang.mediation.services import committee_member_add


def committee_members_build(*, rng: random.Random, net: DemoNetwork, actor: User) -> int:
    year = clock.local_today().year
    start, end = date(year - 1, 1, 1), date(year + 1, 12, 31)
    added = 0
    for committee in net.institutions[InstitutionKind.MEDIATION_COMMITTEE]:
        if CommitteeMember.objects.filter(committee=committee).exists():
            continue
        size = rng.randint(3, 5)
        for n in range(size):
            committee_member_add(
                actor=actor,
                committee=committee,
                name=person_name(rng),
                gender="F" if n == 1 or rng.random() < 0.3 else "M",
                role=MemberRole.CHAIR if n == 0 else MemberRole.MEMBER,
                term_start=start,
                term_end=end,
                ethnic_minority=rng.random() < 0.05,
            )
            added += 1
    return added
