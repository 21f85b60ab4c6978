"""Background notification jobs (STYLE §15): thin, keyed on natural keys, safe to run twice."""

from __future__ import annotations

from django_tasks import task

from fawang.cases.models import Case
from fawang.notifications.recipients import case_handler_recipients
from fawang.notifications.services import notification_send, notification_text_for


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


@task()
def notify_case_requester(*, reference: str, action: str) -> int:
    """Tell the citizen who asked that their matter moved on (answered, materials needed, decided)."""
    from fawang.cases.workflow.base import ACTION_LABELS

    case = (
        Case.objects.select_related("requester__user", "requester_user").filter(reference=reference).first()
    )
    if case is None:
        return 0
    user = case.requester_user or (case.requester.user if case.requester is not None else None)
    if user is None:
        return 0
    label = {str(k): v for k, v in ACTION_LABELS.items()}.get(action, "有新进展")
    event = case.events.filter(action=action).order_by("-id").first()
    message = f"您的事项 {case.reference}（{case.title}）有新进展：{label}。请到“我的事项”查看。"
    return notification_send(
        recipients=[user],
        case=case,
        kind="progress",
        message=notification_text_for(person=case.requester, message=message),  # M14
        key=f"progress:{case.reference}:{event.pk if event is not None else action}",
    )
