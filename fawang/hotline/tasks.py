"""Hotline background jobs (STYLE §15): thin, keyed on natural keys, safe to run twice."""

from __future__ import annotations

from django_tasks import task

from fawang.core import clock
from fawang.hotline.models import HotlineCentre
from fawang.hotline.services.capacity_alert import callback_capacity_alert


@task()
def callback_capacity_check(*, centre_id: int) -> int:
    """X2: after a booking or a capacity change, alert the supervisors if today has no bookable slot left."""
    centre = HotlineCentre.objects.select_related("site").filter(pk=centre_id).first()
    if centre is None:
        return 0
    return callback_capacity_alert(centre=centre, now=clock.now())
