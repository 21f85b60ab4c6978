"""Background notification jobs (STYLE §15): thin, keyed on natural keys, safe to run twice."""

from __future__ import annotations

from django_tasks import task

from fawang.cases.models import Case
from fawang.notifications.recipients import case_handler_recipients
from fawang.notifications.services import notification_send


@task()
def notify_case_handler(*, reference: str, kind: str) -> int:
    case = (
        Case.objects.select_related("region", "handler_practitioner__user")
        .filter(reference=reference)
        .first()
    )
    if case is None:
        return 0
    event_count = case.events.count()
    return notification_send(
        recipients=case_handler_recipients(case=case),
        case=case,
        kind=kind,
        message=f"工单 {case.reference}（{case.title}）待您办理：{case.get_status_display()}。",
        key=f"{kind}:{case.reference}:{event_count}",
    )
