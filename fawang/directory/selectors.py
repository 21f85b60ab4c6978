"""Read-only lookups of the physical platform used at intake and on the public pages (G6), and the practitioners'
licence and credit status (O3)."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass

from django.conf import settings

from fawang.accounts.models import User
from fawang.accounts.selectors import grant_list_for_user
from fawang.cases.states import ServiceType
from fawang.core import clock
from fawang.core.errors import DomainError
from fawang.directory.credit import PracticeStatus, SanctionFact, is_disclosed, practice_status
from fawang.directory.models import Practitioner, PractitionerSanction, WindowPost


def window_posts_for_clerk(*, user: User) -> list[WindowPost]:
    """The open windows of the sites the clerk is assigned to, in window-number order."""
    site_ids = {grant.site_id for grant in grant_list_for_user(user=user) if grant.site_id}
    if not site_ids:
        return []
    return list(
        WindowPost.objects.filter(site_id__in=site_ids, active=True)
        .select_related("site")
        .order_by("site_id", "number")
    )


def window_post_for_intake(*, user: User, window_id: int, service_type: str) -> WindowPost:
    """The window a clerk says they receive at: open, at their own site, and taking this service."""
    window = next((w for w in window_posts_for_clerk(user=user) if w.pk == window_id), None)
    if window is None:
        raise DomainError("所选窗口不存在、已停用或不属于您所在的站点，请重新选择。")
    if not window.takes(service_type):
        label = dict(ServiceType.choices).get(service_type, service_type)
        raise DomainError(f"{window}不受理“{label}”，请改选受理该服务的窗口或综合受理窗口。")
    return window


# --- licence and credit status (O3) -----------------------------------------------------------------------------


@dataclass(frozen=True)
class PractitionerCredit:
    """What the public sees beside a practitioner: the practice status and the sanctions published now."""

    status: PracticeStatus
    records: list[PractitionerSanction]


def _fact(sanction: PractitionerSanction) -> SanctionFact:
    return SanctionFact(
        kind=sanction.kind,
        decided_on=sanction.decided_on,
        suspended_until=sanction.suspended_until,
        quashed=sanction.quashed_on is not None,
    )


def practitioner_credit_map(*, practitioners: Sequence[Practitioner]) -> dict[int, PractitionerCredit]:
    """Status and published record of each practitioner, in one query (O3)."""
    today = clock.local_today()
    months = settings.FAWANG_SANCTION_DISCLOSURE_MONTHS
    sanctions: dict[int, list[PractitionerSanction]] = defaultdict(list)
    for sanction in PractitionerSanction.objects.filter(
        practitioner__in=[p.pk for p in practitioners]
    ).order_by("-decided_on", "-pk"):
        sanctions[sanction.practitioner_id].append(sanction)
    return {
        p.pk: PractitionerCredit(
            status=practice_status(
                active=p.active, sanctions=[_fact(s) for s in sanctions[p.pk]], today=today
            ),
            records=[s for s in sanctions[p.pk] if is_disclosed(_fact(s), months=months, today=today)],
        )
        for p in practitioners
    }


def practitioner_practice_check(*, practitioner: Practitioner, action: str) -> None:
    """Refuse to book or assign a practitioner who may not practise today (O3): revoked, suspended or off duty."""
    status = practitioner_credit_map(practitioners=[practitioner])[practitioner.pk].status
    if not status.can_practise:
        raise DomainError(f"{practitioner.name}目前{status.label}，不能{action}。")
