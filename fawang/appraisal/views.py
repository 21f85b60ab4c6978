"""The appraiser's workbench (/work/appraisal/): my commissions with the 7-WD and 30-WD clocks, one form per step."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest, HttpResponse, QueryDict
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from fawang.accounts.models import User
from fawang.appraisal import services
from fawang.appraisal.documents import opinion_document, receipt_document
from fawang.appraisal.models import (
    CommissionAgreement,
    HandoverDirection,
    MaterialKind,
    RecusalSource,
    RefusalReason,
)
from fawang.appraisal.selectors import appraisal_get_for_user, appraisal_list_for_user
from fawang.cases.models import CaseDeadline
from fawang.cases.selectors import case_roles_for_user
from fawang.cases.workflow import available_transitions
from fawang.core.errors import DomainError, NotFoundError
from fawang.core.workbench_views import (
    HtmxHttpRequest,
    Step,
    flag,
    integer,
    integers,
    pdf_response,
    plain_step,
    step_response,
    text,
    user_of,
)
from fawang.directory.models import Practitioner, PractitionerKind

PLAIN_ACTIONS = ("assign", "start", "request_materials", "supplement", "close", "withdraw")


@require_GET
def home(request: HttpRequest) -> HttpResponse:
    rows = list(appraisal_list_for_user(user=user_of(request))[:200])
    return render(request, "appraisal/home.html", {"rows": rows})


def _context(user: User, reference: str) -> dict[str, Any]:
    commission = appraisal_get_for_user(user=user, reference=reference)
    case = commission.case
    roles = case_roles_for_user(user=user, case=case)
    return {
        "c": commission,
        "case": case,
        "agreement": getattr(commission, "agreement", None) if hasattr(commission, "agreement") else None,
        "agreement_items": CommissionAgreement.ITEMS,
        "materials": list(commission.materials.all()),
        "handovers": list(commission.handovers.all()),
        "team": list(commission.appraisers.select_related("practitioner")),
        "opinion": getattr(commission, "opinion", None) if hasattr(commission, "opinion") else None,
        "extension": getattr(commission, "extension", None) if hasattr(commission, "extension") else None,
        "refusal": getattr(commission, "refusal", None) if hasattr(commission, "refusal") else None,
        "deadlines": list(CaseDeadline.objects.filter(case=case).order_by("started_at")),
        "actions": [
            t
            for t in available_transitions(case.service_type, case.status)
            if t.roles & roles and t.action in PLAIN_ACTIONS
        ],
        "appraisers": Practitioner.objects.filter(
            institution=commission.institution, kind=PractitionerKind.APPRAISER, active=True
        ),
        "choices": {
            "material": MaterialKind.choices,
            "handover": HandoverDirection.choices,
            "refusal": RefusalReason.choices,
            "recusal": RecusalSource.choices,
        },
    }


@require_GET
def detail(request: HtmxHttpRequest, reference: str) -> HttpResponse:
    try:
        context = _context(user_of(request), reference)
    except NotFoundError:
        return render(request, "workbench/not_found.html", status=404)
    return render(request, "appraisal/detail.html", context)


def _accept(user: User, reference: str, data: QueryDict) -> object:
    fields = {name: text(data, name) for name, _label in CommissionAgreement.ITEMS}
    return services.appraisal_accept(
        actor=user,
        reference=reference,
        agreement=services.AgreementInput(
            **fields,
            client_signatory=text(data, "client_signatory"),
            no_hint_confirmed=flag(data, "no_hint_confirmed"),
            time_limit_wd=integer(data, "time_limit_wd"),
        ),
    )


def _add_appraiser(user: User, reference: str, data: QueryDict) -> object:
    practitioner = Practitioner.objects.filter(pk=integer(data, "practitioner_id")).first()
    if practitioner is None:
        raise DomainError(_("请选择鉴定人。"))
    return services.appraisal_appraiser_add(
        actor=user,
        reference=reference,
        practitioner=practitioner,
        conflict_declared=text(data, "conflict_declared"),
    )


STEPS: dict[str, Step] = {
    "act": plain_step(PLAIN_ACTIONS),
    "accept": _accept,
    "refuse": lambda u, r, d: services.appraisal_refuse(
        actor=u, reference=r, reason=text(d, "reason"), explanation=text(d, "explanation")
    ),
    "material": lambda u, r, d: services.appraisal_material_log(
        actor=u,
        reference=r,
        name=text(d, "name"),
        kind=text(d, "kind"),
        quantity=text(d, "quantity"),
        condition=text(d, "condition"),
        storage=text(d, "storage"),
        handed_by=text(d, "handed_by"),
    ),
    "handover": lambda u, r, d: services.appraisal_handover_record(
        actor=u,
        reference=r,
        direction=text(d, "direction"),
        material_ids=integers(d, "material_ids"),
        handed_by=text(d, "handed_by"),
        received_by=text(d, "received_by"),
    ),
    "appraiser": _add_appraiser,
    "recusal": lambda u, r, d: services.appraisal_recusal_decide(
        actor=u,
        reference=r,
        assignment_id=integer(d, "assignment_id"),
        source=text(d, "source"),
        grounds=text(d, "grounds"),
        recused=text(d, "recused") == "1",
        note=text(d, "note"),
    ),
    "extend": lambda u, r, d: services.appraisal_extend(
        actor=u,
        reference=r,
        reason=text(d, "reason"),
        approved_by=text(d, "approved_by"),
        client_told_how=text(d, "client_told_how"),
    ),
    "opinion": lambda u, r, d: services.appraisal_opinion_draft(
        actor=u, reference=r, basis=text(d, "basis"), conclusion=text(d, "conclusion")
    ),
    "sign": lambda u, r, d: services.appraisal_opinion_sign(actor=u, reference=r, dissent=text(d, "dissent")),
    "issue": lambda u, r, d: services.appraisal_opinion_issue(actor=u, reference=r),
}


@require_POST
def step(request: HtmxHttpRequest, reference: str, name: str) -> HttpResponse:
    return step_response(
        request,
        steps=STEPS,
        name=name,
        reference=reference,
        context_of=_context,
        full="appraisal/detail.html",
        partial="appraisal/partials/body.html",
    )


@require_GET
def document(request: HttpRequest, reference: str, kind: str) -> HttpResponse:
    try:
        commission = appraisal_get_for_user(user=user_of(request), reference=reference)
    except NotFoundError:
        return render(request, "workbench/not_found.html", status=404)
    if kind == "opinion" and hasattr(commission, "opinion"):
        return pdf_response(opinion_document(commission.opinion).render(), f"{reference}-opinion.pdf")
    receipt = commission.handovers.filter(receipt_number=kind).first()
    if receipt is not None:
        return pdf_response(receipt_document(receipt).render(), f"{kind}.pdf")
    return render(request, "workbench/not_found.html", status=404)
