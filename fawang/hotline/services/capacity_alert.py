"""The callback-capacity alert (X2): it fires when no slot more than 2 hours ahead has room that day.

Run after every booking and capacity change (tasks.callback_capacity_check) and periodically for every centre
(`fawang hotline_capacity_alert --loop 300`), because time alone moves slots inside the 2-hour margin. The
centre's supervisors are notified once per centre and local day (the notification's natural key).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from fawang.accounts.models import User
from fawang.accounts.roles import Role
from fawang.core import clock
from fawang.hotline.models import HotlineCentre
from fawang.hotline.selectors import BOOKING_LEAD, centre_list_for_user, slot_rows
from fawang.notifications.services import notification_send

ALERT_LEAD = BOOKING_LEAD  # the slots the public can still book today
ALERT_KIND = "hotline_capacity"


@dataclass(frozen=True)
class CapacityVerdict:
    alert: bool
    slots_ahead: int  # slots of the day starting more than 2 hours after `now`


def capacity_verdict(*, centre: HotlineCentre, now: datetime) -> CapacityVerdict:
    """Alert when the day still has slots more than 2 hours ahead and none of them has room. A slot without any
    configured capacity has no limit, so it has room; with no slots left in the day there is nothing to book."""
    ahead = [
        r for r in slot_rows(centre=centre, day=clock.to_local(now).date()) if r.starts_at > now + ALERT_LEAD
    ]
    return CapacityVerdict(alert=bool(ahead) and not any(r.has_room for r in ahead), slots_ahead=len(ahead))


def centre_supervisors(*, centre: HotlineCentre) -> list[User]:
    """Active supervisors whose jurisdiction covers the centre (the same scoping as the supervision pages)."""
    candidates = User.objects.filter(is_active=True, role_assignments__role=Role.SUPERVISOR).distinct()
    supervisor = frozenset({Role.SUPERVISOR})
    return [
        user
        for user in candidates
        if centre_list_for_user(user=user, roles=supervisor).filter(pk=centre.pk).exists()
    ]


def callback_capacity_alert(*, centre: HotlineCentre, now: datetime) -> int:
    """Check one centre; notify its supervisors if the alert fires. Returns the notifications created (0 when it
    does not fire, or already fired today)."""
    if not capacity_verdict(centre=centre, now=now).alert:
        return 0
    day = clock.to_local(now).date()
    return notification_send(
        recipients=centre_supervisors(centre=centre),
        case=None,
        kind=ALERT_KIND,
        message=(
            f"{centre.site.name}：今天 {clock.to_local(now + ALERT_LEAD):%H:%M} 以后的回拨时段均已约满，"
            "来电人无法再预约今天的回拨。请增加时段容量或安排人手（X2）。"
        ),
        key=f"{ALERT_KIND}:{centre.code}:{day.isoformat()}",
    )


def callback_capacity_alert_scan(*, now: datetime) -> int:
    return sum(
        callback_capacity_alert(centre=centre, now=now)
        for centre in HotlineCentre.objects.select_related("site")
    )
