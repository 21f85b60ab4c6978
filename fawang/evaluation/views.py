"""好差评 and complaint pages (thin: parse, call one service or selector, render). Mounted at /work/evaluation/."""

from __future__ import annotations

import uuid
from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from fawang.accounts.models import User
from fawang.accounts.roles import Role
from fawang.cases.models import Case
from fawang.cases.selectors import case_get_for_user, case_roles_for_user
from fawang.cases.states import ServiceType
from fawang.cases.workflow import STAFF_ACTORS
from fawang.core.errors import DomainError, NotFoundError, PermissionDeniedError
from fawang.directory.models import Institution, Practitioner
from fawang.evaluation import services
from fawang.evaluation.forms import (
    AppealDecideForm,
    ComplaintForm,
    ConfirmForm,
    DoneForm,
    RatingForm,
    RejectReplyForm,
    ReplyForm,
    RespondForm,
    VerifyForm,
)
from fawang.evaluation.models import RatingChannel, Rectification, RectificationState
from fawang.evaluation.selectors import (
    appeal_pending_for,
    complaint_detail_for_case,
    rating_for_case,
    rating_rater_contact,
    rectification_get_for_user,
    rectification_list_for_user,
    service_record_for_institution,
    service_record_for_practitioner,
)
from fawang.people.selectors import person_contact_route
from fawang.people.services import person_register
from fawang.regions.models import Region


def _user(request: HttpRequest) -> User:
    if not isinstance(request.user, User):
        raise PermissionDeniedError(_("请先登录。"))
    return request.user


def _error_page(request: HttpRequest, exc: DomainError) -> HttpResponse:
    return render(request, "evaluation/error.html", {"message": exc.message}, status=exc.status_code)


@require_http_methods(["GET", "POST"])
def rate(request: HttpRequest, reference: str) -> HttpResponse:
    """The rating form (H1, H2): no level is pre-selected; submitting nothing is always allowed."""
    user = _user(request)
    try:
        case = case_get_for_user(user=user, reference=reference)
    except DomainError as exc:
        return _error_page(request, exc)
    is_staff = bool(case_roles_for_user(user=user, case=case) & services.RECORDING_ROLES)
    form = RatingForm(request.POST or None, initial={"channel": RatingChannel.WINDOW if is_staff else "web"})
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        channel = (data["channel"] or RatingChannel.WINDOW) if is_staff else RatingChannel.WEB
        try:
            services.rating_submit(
                actor=user,
                case=case,
                level=data["level"],
                comment=data["comment"] or "",
                channel=channel,
                instance_key=data["instance_key"] or "",
                anonymous=bool(data["anonymous"]),
            )
        except DomainError as exc:
            form.add_error(None, exc.message)
        else:
            messages.success(request, _("感谢您的评价。"))
            return redirect("evaluation:rate", reference=reference)
    context = {"case": case, "form": form, "is_staff": is_staff, "existing": rating_for_case(case=case)}
    return render(request, "evaluation/rate.html", context, status=400 if form.errors else 200)


def rectification_list(request: HttpRequest) -> HttpResponse:
    user = _user(request)
    show_all = request.GET.get("all") == "1"
    rows = rectification_list_for_user(user=user, open_only=not show_all).select_related("case")[:200]
    return render(request, "evaluation/rectification_list.html", {"rows": rows, "show_all": show_all})


def _rect_context(user: User, rect: Rectification) -> dict[str, Any]:
    roles = case_roles_for_user(user=user, case=rect.case)
    unit = bool(roles & STAFF_ACTORS)
    verifier = bool(roles & services.VERIFIER_ROLES)
    state = rect.state
    return {
        "rect": rect,
        "rating": rect.rating,
        "steps": rect.steps.select_related("actor").order_by("at", "id"),
        "appeal": appeal_pending_for(rectification=rect),
        "can_respond": unit and state == RectificationState.OPEN,
        "can_report": unit and state == RectificationState.IN_PROGRESS,
        "can_verify": verifier and state == RectificationState.AWAITING_VERIFICATION,
        "can_decide": bool(roles & services.APPEAL_DECIDERS) and state == RectificationState.APPEALED,
        "verifier": verifier,
        "contact": rating_rater_contact(user=user, rating=rect.rating) if verifier else None,
        "respond_form": RespondForm(),
        "done_form": DoneForm(),
        "verify_form": VerifyForm(),
        "decide_form": AppealDecideForm(),
    }


def rectification_detail(request: HttpRequest, pk: int) -> HttpResponse:
    user = _user(request)
    try:
        rect = rectification_get_for_user(user=user, rectification_id=pk)
    except DomainError as exc:
        return _error_page(request, exc)
    return render(request, "evaluation/rectification_detail.html", _rect_context(user, rect))


def _rect_post(
    request: HttpRequest, pk: int, form_class: type[Any], call: Callable[[User, dict[str, Any]], object]
) -> HttpResponse:
    user = _user(request)
    try:
        rectification_get_for_user(user=user, rectification_id=pk)
    except DomainError as exc:
        return _error_page(request, exc)
    form = form_class(request.POST)
    if not form.is_valid():
        messages.error(request, _("提交的内容不完整，请检查后重试。"))
        return redirect("evaluation:rectification", pk=pk)
    try:
        call(user, form.cleaned_data)
    except DomainError as exc:
        return _error_page(request, exc)
    messages.success(request, _("已办理。"))
    return redirect("evaluation:rectification", pk=pk)


@require_POST
def rectification_respond(request: HttpRequest, pk: int) -> HttpResponse:
    return _rect_post(
        request,
        pk,
        RespondForm,
        lambda user, d: services.rectification_respond(
            actor=user,
            rectification_id=pk,
            outcome=d["outcome"],
            response=d["response"],
            ledger_deadline=d["ledger_deadline"],
            appeal_ground=d["appeal_ground"] or "",
        ),
    )


@require_POST
def rectification_done(request: HttpRequest, pk: int) -> HttpResponse:
    return _rect_post(
        request,
        pk,
        DoneForm,
        lambda user, d: services.rectification_report_done(
            actor=user, rectification_id=pk, response=d["response"]
        ),
    )


@require_POST
def rectification_verify(request: HttpRequest, pk: int) -> HttpResponse:
    return _rect_post(
        request,
        pk,
        VerifyForm,
        lambda user, d: services.rectification_verify(
            actor=user,
            rectification_id=pk,
            reached=d["reached"],
            rectified=d["rectified"],
            rerating_level=d["rerating_level"],
            note=d["note"],
        ),
    )


@require_POST
def appeal_decide(request: HttpRequest, pk: int) -> HttpResponse:
    user = _user(request)
    try:
        rect = rectification_get_for_user(user=user, rectification_id=pk)
    except DomainError as exc:
        return _error_page(request, exc)
    appeal = appeal_pending_for(rectification=rect)
    if appeal is None:
        return _error_page(request, NotFoundError(_("没有待审核的申诉。")))
    return _rect_post(
        request,
        pk,
        AppealDecideForm,
        lambda u, d: services.appeal_decide(
            actor=u, appeal_id=appeal.pk, upheld=d["upheld"], reason=d["reason"]
        ),
    )


@require_POST
def rater_contact(request: HttpRequest, pk: int) -> HttpResponse:
    """Reveal the rater's full contact for the follow-up call; audited (M6)."""
    user = _user(request)
    try:
        rect = rectification_get_for_user(user=user, rectification_id=pk)
        contact = rating_rater_contact(user=user, rating=rect.rating, full=True)
    except DomainError as exc:
        return _error_page(request, exc)
    context = _rect_context(user, rect)
    context["contact"] = contact
    context["revealed"] = True
    return render(request, "evaluation/rectification_detail.html", context)


# --- complaints ---------------------------------------------------------------------------------------------


def _home_region(user: User) -> Region | None:
    from fawang.accounts.selectors import grant_list_for_user

    for grant in grant_list_for_user(user=user):
        if grant.region_prefix:
            region = Region.objects.filter(code=grant.region_prefix.ljust(12, "0")).first()
            if region is not None:
                return region
    return None


def _complaint_file(user: User, data: dict[str, Any]) -> Case:
    from fawang.accounts.selectors import user_roles

    staff = bool(
        user_roles(user=user) & {Role.WINDOW_CLERK, Role.HOTLINE_OPERATOR, Role.ADMIN, Role.AID_REVIEWER}
    )
    about = None
    if data.get("about_reference"):
        about = case_get_for_user(user=user, reference=data["about_reference"].strip())
    region = about.region if about is not None else _home_region(user)
    if region is None:
        raise DomainError(_("请填写所涉工单编号，以便确定受理辖区。"))
    requester = None
    if staff and data.get("name"):
        requester = person_register(actor=user, name=data["name"], phone=data.get("phone") or "")
    practitioner = (
        Practitioner.objects.filter(pk=data["subject_practitioner"]).first()
        if data.get("subject_practitioner")
        else (about.handler_practitioner if about is not None else None)
    )
    institution = (
        Institution.objects.filter(pk=data["subject_institution"]).first()
        if data.get("subject_institution")
        else (about.handler_institution if about is not None else None)
    )
    return services.complaint_file(
        actor=user,
        service_type=data["kind"],
        channel=data["channel"] if staff else "web",
        title=data["title"],
        description=data["description"],
        region=region,
        requester=requester,
        requester_user=None if staff else user,
        ground=data.get("ground") or "",
        subject_practitioner=practitioner,
        subject_institution=institution,
        subject_site=about.handler_site if about is not None else None,
        about_case=about,
        idempotency_key=data.get("idempotency_key") or None,
        language=data.get("language") or "",
    )


@require_http_methods(["GET", "POST"])
def complaint_new(request: HttpRequest) -> HttpResponse:
    user = _user(request)
    initial = {"idempotency_key": uuid.uuid4().hex, "about_reference": request.GET.get("about", "")}
    form = ComplaintForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            case = _complaint_file(user, form.cleaned_data)
        except DomainError as exc:
            form.add_error(None, exc.message)
        else:
            messages.success(request, _("已登记，工单编号 %(reference)s。") % {"reference": case.reference})
            return redirect("evaluation:complaint", reference=case.reference)
    return render(
        request, "evaluation/complaint_new.html", {"form": form}, status=400 if form.errors else 200
    )


def complaint_detail(request: HttpRequest, reference: str) -> HttpResponse:
    user = _user(request)
    try:
        case = case_get_for_user(user=user, reference=reference)
    except DomainError as exc:
        return _error_page(request, exc)
    if case.service_type not in (ServiceType.COMPLAINT, ServiceType.SUGGESTION):
        return _error_page(request, NotFoundError(_("该工单不是投诉或建议。")))
    roles = case_roles_for_user(user=user, case=case)
    context = {
        "case": case,
        "detail": complaint_detail_for_case(case=case),
        "events": case.events.select_related("actor").order_by("at", "id"),
        "staff": bool(roles & STAFF_ACTORS),
        "complainant": Role.CITIZEN in roles,
        # M14: whoever replies or follows up by phone sees the complainant's safe-contact instruction.
        "route": person_contact_route(person=case.requester) if roles & STAFF_ACTORS else None,
        "reply_form": ReplyForm(),
        "confirm_form": ConfirmForm(),
        "reject_form": RejectReplyForm(),
    }
    return render(request, "evaluation/complaint_detail.html", context)


def _complaint_post(
    request: HttpRequest,
    reference: str,
    form_class: type[Any],
    call: Callable[[User, dict[str, Any]], object],
) -> HttpResponse:
    user = _user(request)
    form = form_class(request.POST)
    if not form.is_valid():
        messages.error(request, _("提交的内容不完整，请检查后重试。"))
        return redirect("evaluation:complaint", reference=reference)
    try:
        call(user, form.cleaned_data)
    except DomainError as exc:
        return _error_page(request, exc)
    messages.success(request, _("已办理。"))
    return redirect("evaluation:complaint", reference=reference)


@require_POST
def complaint_reply(request: HttpRequest, reference: str) -> HttpResponse:
    return _complaint_post(
        request,
        reference,
        ReplyForm,
        lambda u, d: services.complaint_reply(
            actor=u, reference=reference, finding=d["finding"], reply=d["reply"]
        ),
    )


@require_POST
def complaint_confirm(request: HttpRequest, reference: str) -> HttpResponse:
    return _complaint_post(
        request,
        reference,
        ConfirmForm,
        lambda u, d: services.complaint_confirm(
            actor=u, reference=reference, satisfaction=d["satisfaction"], note=d["note"] or ""
        ),
    )


@require_POST
def complaint_reject(request: HttpRequest, reference: str) -> HttpResponse:
    return _complaint_post(
        request,
        reference,
        RejectReplyForm,
        lambda u, d: services.complaint_reject_reply(actor=u, reference=reference, reason=d["reason"]),
    )


def _in_scope(user: User, region_code: str) -> bool:
    """A unit's record is visible to staff whose region grants cover the unit's region."""
    from fawang.accounts.selectors import grant_list_for_user

    return any(
        g.region_prefix is not None and region_code.startswith(g.region_prefix)
        for g in grant_list_for_user(user=user)
        if g.role in STAFF_ACTORS | {Role.SUPERVISOR, Role.QUALITY_INSPECTOR}
    )


def record_practitioner(request: HttpRequest, pk: int) -> HttpResponse:
    user = _user(request)
    practitioner = Practitioner.objects.select_related("institution__region").filter(pk=pk).first()
    if practitioner is None or not _in_scope(user, practitioner.institution.region.code):
        return _error_page(request, NotFoundError())
    record = service_record_for_practitioner(user=user, practitioner=practitioner)
    return render(request, "evaluation/record.html", {"subject": practitioner, "record": record})


def record_institution(request: HttpRequest, pk: int) -> HttpResponse:
    user = _user(request)
    institution = Institution.objects.select_related("region").filter(pk=pk).first()
    if institution is None or not _in_scope(user, institution.region.code):
        return _error_page(request, NotFoundError())
    record = service_record_for_institution(user=user, institution=institution)
    return render(request, "evaluation/record.html", {"subject": institution, "record": record})
