"""The county's register of people's mediation committees (D10; 人民调解法 Art.6, 8-9): who serves on each committee on
a day, whether the composition meets Art.8-9, what each committee did in the period, and the members who joined or
left, which the judicial bureau reports to the basic people's court."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from datetime import date, datetime, time

from django.db.models import Count, Q

from fawang.cases.deadlines import LOCAL_TZ
from fawang.directory.models import Institution, InstitutionKind
from fawang.mediation.models import CommitteeMember, MediationAgreement, MediationCase, MediationTermination
from fawang.mediation.services import composition_problems
from fawang.regions.models import Region


@dataclass(frozen=True)
class CommitteeRow:
    committee: Institution
    members: list[CommitteeMember]  # serving on the register's day
    problems: list[str]  # Art.8-9 checks; empty when compliant
    accepted: int  # mediations opened in the period
    agreed: int  # agreements in force in the period
    terminated: int  # mediations ended without agreement in the period

    @property
    def women(self) -> int:
        return sum(m.gender == "F" for m in self.members)

    @property
    def minorities(self) -> int:
        return sum(m.ethnic_minority for m in self.members)


@dataclass(frozen=True)
class Register:
    region: Region
    on: date
    since: date
    rows: list[CommitteeRow]
    joined: list[CommitteeMember]  # terms that started in the period
    left: list[CommitteeMember]  # members who left in the period

    @property
    def totals(self) -> dict[str, int]:
        return {
            "members": sum(len(r.members) for r in self.rows),
            **{
                k: sum(getattr(r, k) for r in self.rows)
                for k in ("women", "minorities", "accepted", "agreed", "terminated")
            },
        }

    @property
    def non_compliant(self) -> int:
        return sum(bool(r.problems) for r in self.rows)


def _bounds(since: date, on: date) -> tuple[datetime, datetime]:
    return datetime.combine(since, time.min, LOCAL_TZ), datetime.combine(on, time.max, LOCAL_TZ)


def committee_register(*, region: Region, since: date, on: date) -> Register:
    """The register of the committees in ``region``'s subtree, composition on ``on``, activity from ``since``."""
    committees = list(
        Institution.objects.filter(
            kind=InstitutionKind.MEDIATION_COMMITTEE, region__code__startswith=region.prefix
        )
        .select_related("region")
        .order_by("region__code", "name")
    )
    members = CommitteeMember.objects.filter(committee__in=committees).order_by(
        "committee_id", "role", "name"
    )
    serving: dict[int, list[CommitteeMember]] = {c.pk: [] for c in committees}
    for m in members.filter(term_start__lte=on, term_end__gte=on).filter(
        Q(left_on__isnull=True) | Q(left_on__gt=on)
    ):
        serving[m.committee_id].append(m)
    start, end = _bounds(since, on)
    accepted = dict(
        MediationCase.objects.filter(committee__in=committees, case__submitted_at__range=(start, end))
        .values("committee_id")
        .annotate(n=Count("id"))
        .values_list("committee_id", "n")
    )
    agreed = Counter(
        MediationAgreement.objects.filter(
            mediation__committee__in=committees, effective_at__range=(start, end)
        ).values_list("mediation__committee_id", flat=True)
    )
    terminated = Counter(
        MediationTermination.objects.filter(
            mediation__committee__in=committees, notified_at__range=(start, end)
        ).values_list("mediation__committee_id", flat=True)
    )
    rows = [
        CommitteeRow(
            committee=c,
            members=serving[c.pk],
            problems=composition_problems(serving[c.pk]),
            accepted=accepted.get(c.pk, 0),
            agreed=agreed.get(c.pk, 0),
            terminated=terminated.get(c.pk, 0),
        )
        for c in committees
    ]
    changes = members.select_related("committee")
    return Register(
        region=region,
        on=on,
        since=since,
        rows=rows,
        joined=list(changes.filter(term_start__range=(since, on))),
        left=list(changes.filter(left_on__range=(since, on))),
    )
