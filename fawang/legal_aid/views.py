"""Legal-aid workbench (/work/legal-aid/): reviewer queue, application page, decisions, documents, the aid
lawyer's page. Thin: parse one form, call one service, render (STYLE §8). htmx posts get the page body back.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable
from typing import Any

from django import forms
from django.contrib import messages
from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods, require_POST

from fawang.accounts.models import User
from fawang.accounts.roles import Role
from fawang.accounts.selectors import user_roles
from fawang.cases.selectors import case_get_for_user, case_roles_for_user
from fawang.cases.states import ServiceType
from fawang.core import clock
from fawang.core.errors import DomainError, NotFoundError, PermissionDeniedError
from fawang.core.pdf import document_pdf
from fawang.legal_aid import forms as f
from fawang.legal_aid import services as s
from fawang.legal_aid.codes import IntakeKind
from fawang.legal_aid.models import Feedback, LegalAidApplication
from fawang.legal_aid.presenters import application_context, intake_region
from fawang.legal_aid.recusal import aid_recusal_decide, aid_recusal_request
from fawang.legal_aid.roster_services import aid_allocation_suggest
from fawang.legal_aid.selectors import (
    aid_assigned_list_for_user,
    aid_review_queue_for_user,
    application_get_for_user,
    document_get_for_user,
    progress_overdue,
)
from fawang.legal_aid.transfer import aid_transfer
from fawang.people.services import person_register

STAFF = frozenset({Role.AID_REVIEWER, Role.ADMIN, Role.WINDOW_CLERK, Role.HOTLINE_OPERATOR, Role.SUPERVISOR})


def _user(request: HttpRequest) -> User:
    if not isinstance(request.user, User):
        raise PermissionDeniedError(_("请先登录。"))
    return request.user


def queue(request: HttpRequest) -> HttpResponse:
    user = _user(request)
    roles = user_roles(user=user)
    if not roles & (STAFF | {Role.AID_LAWYER}):
        return render(request, "workbench/forbidden.html", status=403)
    if roles == {Role.AID_LAWYER}:
        return redirect("legal_aid:mine")
    cases = list(aid_review_queue_for_user(user=user)[:200])
    return render(
        request,
        "legal_aid/queue.html",
        {"cases": cases, "is_lawyer": Role.AID_LAWYER in roles, "now": clock.now()},
    )


def mine(request: HttpRequest) -> HttpResponse:
    user = _user(request)
    cases = list(aid_assigned_list_for_user(user=user)[:200])
    rows = [
        (
            case,
            progress_overdue(
                case=case,
                last_progress=case.last_progress,  # type: ignore[attr-defined]
                assigned_since=case.assigned_since,  # type: ignore[attr-defined]
            ),
        )
        for case in cases
    ]
    return render(request, "legal_aid/mine.html", {"rows": rows})


@require_http_methods(["GET", "POST"])
def new(request: HttpRequest) -> HttpResponse:
    """A new application or court/procuratorate/police notice, from any channel (C1, C9, C19)."""
    user = _user(request)
    if not user_roles(user=user) & (STAFF - {Role.SUPERVISOR}):
        return render(request, "workbench/forbidden.html", status=403)
    form = f.NewApplicationForm(request.POST or None, initial={"idempotency_key": uuid.uuid4().hex})
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            with transaction.atomic():
                person = person_register(
                    actor=user,
                    name=data["name"],
                    id_number=data.get("id_number") or "",
                    phone=data.get("phone") or "",
                    groups=list(data.get("groups") or []),
                )
                details = form.details(
                    notifier_kind=data.get("notifier_kind") or "",
                    notifier_name=data.get("notifier_name") or "",
                    notice_number=data.get("notice_number") or "",
                )
                app = s.aid_application_submit(
                    actor=user,
                    region=intake_region(user),
                    requester=person,
                    title=data["title"],
                    details=details,
                    intake_kind=data["intake_kind"],
                    channel="referral" if data["intake_kind"] == IntakeKind.NOTICE else "window",
                    idempotency_key=data.get("idempotency_key") or None,
                )
        except DomainError as exc:
            form.add_error(None, exc.message)
        else:
            messages.success(
                request, _("已登记，工单编号 %(reference)s。") % {"reference": app.case.reference}
            )
            return redirect("legal_aid:detail", reference=app.case.reference)
    return render(request, "legal_aid/new.html", {"form": form}, status=400 if form.errors else 200)


def detail(request: HttpRequest, reference: str) -> HttpResponse:
    user = _user(request)
    try:
        case = case_get_for_user(user=user, reference=reference)
    except NotFoundError:
        return render(request, "workbench/not_found.html", status=404)
    if case.service_type != ServiceType.LEGAL_AID:
        return redirect("workbench:case", reference=reference)
    return render(request, "legal_aid/detail.html", application_context(user=user, case=case))


def document(request: HttpRequest, reference: str, pk: int) -> HttpResponse:
    user = _user(request)
    try:
        doc = document_get_for_user(user=user, reference=reference, pk=pk)
    except NotFoundError:
        return render(request, "workbench/not_found.html", status=404)
    response = HttpResponse(document_pdf(doc.content), content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="{doc.number}.pdf"'
    return response


# --- steps ----------------------------------------------------------------------------------------------------

Step = Callable[[User, LegalAidApplication, Any, HttpRequest], object]


def _register(user: User, reference: str, request: HttpRequest) -> None:
    form = f.DetailsForm(request.POST)
    if not form.is_valid():
        raise DomainError(_form_error(form))
    case = case_get_for_user(user=user, reference=reference)
    if not case_roles_for_user(user=user, case=case) & s.INTAKE:
        raise PermissionDeniedError(_("您无权登记法律援助申请。"))
    s.aid_application_register(actor=user, case=case, details=form.details())


def _form_error(form: forms.Form) -> str:
    return _("提交的内容有误：%(errors)s") % {
        "errors": _("；").join(str(e) for errs in form.errors.values() for e in errs)
    }


def _allocation(d: forms.Form) -> dict[str, str]:
    """X3: how the reviewer says the practitioner was chosen, passed to the assignment services."""
    return {
        "method": d.cleaned_data["method"] or "",
        "override_reason": d.cleaned_data["override_reason"] or "",
    }


STEPS: dict[str, tuple[type[forms.Form], Step]] = {
    "update": (
        f.DetailsForm,
        lambda u, a, d, r: s.aid_application_update(actor=u, application=a, details=d.details()),
    ),
    "materials": (
        f.MaterialsForm,
        lambda u, a, d, r: s.aid_materials_receive(actor=u, application=a, items=d.parsed()),
    ),
    "accept": (forms.Form, lambda u, a, d, r: s.aid_accept(actor=u, application=a)),
    "request_materials": (
        f.MissingItemsForm,
        lambda u, a, d, r: s.aid_request_materials(
            actor=u, application=a, items=d.names(), reply_by=d.cleaned_data["reply_by"]
        ),
    ),
    "supplement": (
        f.SupplementForm,
        lambda u, a, d, r: s.aid_supplement(
            actor=u, application=a, items=f.parse_items(d.cleaned_data["items"] or "")
        ),
    ),
    "deem_withdrawn": (forms.Form, lambda u, a, d, r: s.aid_deem_withdrawn(actor=u, application=a)),
    "grant": (
        f.GrantForm,
        lambda u, a, d, r: s.aid_grant(
            actor=u,
            application=a,
            reasons=d.cleaned_data["reasons"],
            verification_mode=d.cleaned_data["verification_mode"],
        ),
    ),
    "refuse": (
        f.RefuseForm,
        lambda u, a, d, r: s.aid_refuse(
            actor=u, application=a, ground=d.cleaned_data["ground"], reasons=d.cleaned_data["reasons"]
        ),
    ),
    "assign": (
        f.PractitionerForm,
        lambda u, a, d, r: s.aid_assign(
            actor=u, application=a, practitioner_id=d.cleaned_data["practitioner_id"], **_allocation(d)
        ),
    ),
    "provisional": (
        f.PractitionerForm,
        lambda u, a, d, r: s.aid_provisional(
            actor=u,
            application=a,
            practitioner_id=d.cleaned_data["practitioner_id"],
            reasons=d.cleaned_data["reasons"] or "",
            **_allocation(d),
        ),
    ),
    "confirm_provisional": (
        f.GrantForm,
        lambda u, a, d, r: s.aid_confirm_provisional(
            actor=u,
            application=a,
            reasons=d.cleaned_data["reasons"],
            verification_mode=d.cleaned_data["verification_mode"],
        ),
    ),
    "reassign": (
        f.PractitionerForm,
        lambda u, a, d, r: s.aid_reassign(
            actor=u,
            application=a,
            practitioner_id=d.cleaned_data["practitioner_id"],
            reason=d.cleaned_data["reasons"] or "",
            **_allocation(d),
        ),
    ),
    "suggest": (forms.Form, lambda u, a, d, r: aid_allocation_suggest(actor=u, application=a)),
    "start": (forms.Form, lambda u, a, d, r: s.aid_start(actor=u, application=a)),
    "progress": (
        f.ProgressForm,
        lambda u, a, d, r: s.aid_progress_note_add(
            actor=u,
            application=a,
            content=d.cleaned_data["content"],
            reported_to_recipient=d.cleaned_data["reported_to_recipient"],
        ),
    ),
    "closing": (
        f.ClosingForm,
        lambda u, a, d, r: s.aid_closing_submit(
            actor=u,
            application=a,
            report=d.cleaned_data["report"],
            result=d.cleaned_data["result"],
            matter_ended_on=d.cleaned_data["matter_ended_on"],
            files=r.FILES.getlist("documents"),
        ),
    ),
    "archive": (forms.Form, lambda u, a, d, r: s.aid_archive(actor=u, application=a)),
    "terminate": (
        f.TerminateForm,
        lambda u, a, d, r: s.aid_terminate(
            actor=u, application=a, ground=d.cleaned_data["ground"], reasons=d.cleaned_data["reasons"]
        ),
    ),
    "object": (
        f.ReasonForm,
        lambda u, a, d, r: s.aid_objection_file(actor=u, application=a, reasons=d.cleaned_data["reasons"]),
    ),
    "objection_decide": (
        f.ObjectionDecideForm,
        lambda u, a, d, r: s.aid_objection_decide(
            actor=u, application=a, outcome=d.cleaned_data["outcome"], reasons=d.cleaned_data["reasons"]
        ),
    ),
    "feedback": (
        f.FeedbackForm,
        lambda u, a, d, r: s.aid_feedback_submit(
            actor=u, application=a, kind=d.cleaned_data["kind"], content=d.cleaned_data["content"]
        ),
    ),
    "feedback_handle": (
        f.FeedbackHandleForm,
        lambda u, a, d, r: s.aid_feedback_handle(
            actor=u, feedback=_feedback(a, d.cleaned_data["feedback_id"]), outcome=d.cleaned_data["outcome"]
        ),
    ),
    "transfer": (
        f.TransferForm,
        lambda u, a, d, r: aid_transfer(
            actor=u,
            application=a,
            institution_id=d.cleaned_data["institution_id"],
            reason=d.cleaned_data["reasons"],
        ),
    ),
    "recusal_request": (
        f.RecusalRequestForm,
        lambda u, a, d, r: aid_recusal_request(actor=u, application=a, grounds=d.cleaned_data["grounds"]),
    ),
    "recusal_decide": (
        f.RecusalDecideForm,
        lambda u, a, d, r: aid_recusal_decide(
            actor=u,
            application=a,
            outcome=d.cleaned_data["outcome"],
            reasons=d.cleaned_data["reasons"],
            practitioner_id=d.cleaned_data["practitioner_id"],
        ),
    ),
    "quality": (
        f.QualityForm,
        lambda u, a, d, r: s.aid_quality_check_record(
            actor=u,
            application=a,
            method=d.cleaned_data["method"],
            grade=d.cleaned_data["grade"],
            findings=d.cleaned_data["findings"],
        ),
    ),
}
STEP_DONE = {
    "register": gettext_lazy("已登记申请信息。"),
    "transfer": gettext_lazy("已移送。"),
    "suggest": gettext_lazy("已获取系统建议并预留。"),
}


def _feedback(app: LegalAidApplication, pk: int) -> Feedback:
    feedback = Feedback.objects.filter(application=app, pk=pk).first()
    if feedback is None:
        raise DomainError(_("未找到该反馈。"))
    return feedback


def _run(user: User, reference: str, step: str, request: HttpRequest) -> None:
    if step == "register":
        _register(user, reference, request)
        return
    form_class, call = STEPS[step]
    form = form_class(request.POST, request.FILES)
    if not form.is_valid():
        raise DomainError(_form_error(form))
    # Roles are checked by the transition table and the services (the justice bureau's supervisor decides
    # objections but is not a case handler), so the read selector is enough here.
    app = application_get_for_user(user=user, reference=reference)
    call(user, app, form, request)


@require_POST
def step(request: HttpRequest, reference: str, name: str) -> HttpResponse:
    user = _user(request)
    if name not in STEPS and name != "register":
        return render(request, "workbench/not_found.html", status=404)
    error, status = "", 200
    try:
        _run(user, reference, name, request)
    except NotFoundError:
        return render(request, "workbench/not_found.html", status=404)
    except DomainError as exc:
        error, status = exc.message, exc.status_code
    try:
        case = case_get_for_user(user=user, reference=reference, audit=False)
    except NotFoundError:
        # e.g. a lawyer who just closed the case keeps no access beyond the assignment: back to the list
        return redirect("legal_aid:home")
    context = application_context(user=user, case=case)
    context["action_error"] = error
    if getattr(request, "htmx", False):
        return render(request, "legal_aid/partials/body.html", context, status=status)
    if error:
        messages.error(request, error)
        return render(request, "legal_aid/detail.html", context, status=status)
    messages.success(request, STEP_DONE.get(name) or _("已办理。"))
    return redirect("legal_aid:detail", reference=reference)
