"""Reading commissions, scoped like their cases; appraisers also see matters they sit on (F5)."""

from __future__ import annotations

from django.db.models import Q, QuerySet

from fawang.accounts.models import User
from fawang.appraisal.models import AppraisalCommission
from fawang.cases.selectors import case_get_for_user, case_list_for_user
from fawang.cases.states import ServiceType, Status
from fawang.core.errors import NotFoundError

FINISHED = (Status.CLOSED, Status.REJECTED, Status.WITHDRAWN)


def appraisal_list_for_user(*, user: User, include_finished: bool = False) -> QuerySet[AppraisalCommission]:
    cases = case_list_for_user(user=user).filter(service_type=ServiceType.APPRAISAL)
    rows = AppraisalCommission.objects.filter(
        Q(case__in=cases.values("pk")) | Q(appraisers__practitioner__user=user, appraisers__recused=False)
    ).distinct()
    if not include_finished:
        rows = rows.exclude(case__status__in=FINISHED)
    return rows.select_related("case", "institution", "case__handler_practitioner").order_by(
        "case__due_at", "case__submitted_at"
    )


def appraisal_get_for_user(*, user: User, reference: str) -> AppraisalCommission:
    try:
        case = case_get_for_user(user=user, reference=reference)
    except NotFoundError:
        row = (
            appraisal_list_for_user(user=user, include_finished=True)
            .filter(case__reference=reference)
            .first()
        )
        if row is None:
            raise
        return row
    row = AppraisalCommission.objects.select_related("case", "institution").filter(case=case).first()
    if row is None:
        raise NotFoundError("该工单不是司法鉴定委托。")
    return row
