"""The citizen portal pages (网络平台, issue 4): thin views over portal, case and directory services."""

from __future__ import annotations

import uuid

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import login
from django.contrib.auth.views import LoginView
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.decorators import method_decorator
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_POST

from fawang.accounts.models import User
from fawang.accounts.roles import Role
from fawang.accounts.selectors import user_roles
from fawang.cases.models import Case
from fawang.cases.selectors import case_get_for_user
from fawang.cases.services import case_transition
from fawang.cases.states import ServiceType
from fawang.core.access import public
from fawang.core.errors import DomainError, NotFoundError, PermissionDeniedError
from fawang.directory.models import Practitioner
from fawang.legal_aid.selectors import aid_applicant_requests
from fawang.mediation.selectors import mediation_party_exists
from fawang.notifications.selectors import notification_list_unread
from fawang.notifications.services import notification_mark_read
from fawang.people.forms import ContactSafetyForm
from fawang.people.models import Person
from fawang.people.selectors import person_list_for_user
from fawang.people.services import person_contact_safety_set
from fawang.portal.aid_requests import aid_request_application, aid_request_submit
from fawang.portal.apply.selectors import draft_list_open_for_user
from fawang.portal.documents import issued_document_get_for_user, issued_document_list
from fawang.portal.forms import (
    ApplicantRequestForm,
    AppointmentForm,
    CitizenLoginForm,
    ComplaintForm,
    DirectoryForm,
    IdentityForm,
    MessageForm,
    PhoneForm,
    RegisterForm,
)
from fawang.portal.models import ApplicationReceipt
from fawang.portal.presenters import citizen_clocks, citizen_intake_window, citizen_replies, citizen_view
from fawang.portal.selectors import (
    DirectoryQuery,
    case_message_list,
    directory_search,
    my_case_list,
    township_choices,
)
from fawang.portal.services import (
    AppointmentRequest,
    Registration,
    appointment_request,
    case_message_post,
    citizen_register,
    citizen_verify_identity,
    complaint_submit,
    sms_code_send,
)
from fawang.security.compliance import pi_officer_contact
from fawang.security.lockout import login_success_record


def _citizen(request: HttpRequest) -> User:
    if not isinstance(request.user, User):
        raise PermissionDeniedError("请先登录。")
    return request.user


@public
def home(request: HttpRequest) -> HttpResponse:
    if request.user.is_authenticated and isinstance(request.user, User):
        if user_roles(user=request.user) - {Role.CITIZEN}:
            return redirect("workbench:home")
    return render(request, "portal/home.html")


@public
@require_http_methods(["GET", "POST"])
def register(request: HttpRequest) -> HttpResponse:
    form = RegisterForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            user = citizen_register(
                registration=Registration(
                    phone=data["phone"],
                    code=data["code"],
                    password=data["password"],
                    name=data["name"],
                    consent=bool(data["consent"]),
                )
            )
        except DomainError as exc:
            form.add_error(None, exc.message)
        else:
            login(request, user, backend="django.contrib.auth.backends.ModelBackend")
            messages.success(request, _("注册成功。"))
            return redirect("portal:me")
    return render(request, "portal/register.html", {"form": form}, status=400 if form.errors else 200)


@public
@require_POST
def send_code(request: HttpRequest) -> HttpResponse:
    form = PhoneForm(request.POST)
    message, status = _("验证码已发送，10分钟内有效。"), 200
    if not form.is_valid():
        message, status = _("请输入手机号。"), 400
    else:
        try:
            sms_code_send(phone=form.cleaned_data["phone"], purpose="register")
        except DomainError as exc:
            message, status = exc.message, 400
    return render(
        request, "portal/partials/code_status.html", {"message": message, "ok": status == 200}, status=status
    )


@method_decorator(public, name="dispatch")
class CitizenLoginView(LoginView):
    """Citizen sign-in with the same lockout as the staff page (M5; issue 8 §1): 5 failures for one number lock it
    for FAWANG_LOCKOUT_SECONDS and alert the administrators; the counter is keyed by the number's blind index."""

    template_name = "portal/login.html"
    redirect_authenticated_user = True
    authentication_form = CitizenLoginForm
    fawang_public = True

    def form_valid(self, form: CitizenLoginForm) -> HttpResponse:  # type: ignore[override]  # narrower form
        typed = str(form.cleaned_data.get("username") or "")
        login_success_record(username=form.get_user().get_username(), typed=typed)
        return super().form_valid(form)

    def get_default_redirect_url(self) -> str:
        return "/me/"


@public
def privacy(request: HttpRequest) -> HttpResponse:
    return render(request, "portal/privacy.html", {"officer": pi_officer_contact()})


def me(request: HttpRequest) -> HttpResponse:
    user = _citizen(request)
    cases = [(case, citizen_view(case)) for case in my_case_list(user=user)[:100]]
    person = Person.objects.filter(user=user).first()
    context = {
        "cases": cases,
        "person": person,
        "drafts": list(draft_list_open_for_user(user=user)[:20]),
        "draft_days": settings.FAWANG_RETENTION_DAYS["portal_drafts"],  # retention job (M10)
        "notifications": list(notification_list_unread(user=user).select_related("case")[:20]),
    }
    return render(request, "portal/me.html", context)


def my_case(request: HttpRequest, reference: str) -> HttpResponse:
    user = _citizen(request)
    try:
        case = case_get_for_user(user=user, reference=reference)
    except NotFoundError:
        return render(request, "portal/not_found.html", status=404)
    form = MessageForm()
    if request.method == "POST":
        form = MessageForm(request.POST)
        if form.is_valid():
            try:
                case_message_post(actor=user, reference=reference, body=form.cleaned_data["body"])
            except DomainError as exc:
                form.add_error(None, exc.message)
            else:
                messages.success(request, _("留言已发送。"))
                return redirect("portal:my-case", reference=reference)
    return _case_page(request, user, case, form=form, status=400 if form.errors else 200)


def _case_page(
    request: HttpRequest,
    user: User,
    case: Case,
    *,
    form: MessageForm | None = None,
    aid_form: ApplicantRequestForm | None = None,
    aid_kind: str = "",
    status: int = 200,
) -> HttpResponse:
    form = form or MessageForm()
    notification_mark_read(user=user, case=case)
    context = {
        "case": case,
        "view": citizen_view(case),
        "intake_window": citizen_intake_window(case),
        "clocks": citizen_clocks(case),
        "replies": citizen_replies(case),
        "documents": issued_document_list(case=case),
        "events": case.events.order_by("at", "id"),
        "messages_list": case_message_list(case=case),
        "attachments": case.attachments.all(),
        "form": form,
        "can_withdraw": case.status not in ("resolved", "closed", "refused", "rejected", "withdrawn"),
        "online_mediation": case.service_type == ServiceType.MEDIATION
        and mediation_party_exists(user=user, case=case),
        "aid": aid_applicant_requests(case=case),
        "aid_form": aid_form or ApplicantRequestForm(),
        "aid_kind": aid_kind,
    }
    return render(request, "portal/my_case.html", context, status=status)


@require_POST
def aid_request(request: HttpRequest, reference: str, kind: str) -> HttpResponse:
    """The applicant's objection or recusal request from their legal-aid case page."""
    user = _citizen(request)
    try:
        application = aid_request_application(actor=user, reference=reference, kind=kind)
    except NotFoundError:
        return render(request, "portal/not_found.html", status=404)
    form = ApplicantRequestForm(request.POST)
    status = 400
    if form.is_valid():
        try:
            done = aid_request_submit(
                actor=user, application=application, kind=kind, text=form.cleaned_data["text"]
            )
        except DomainError as exc:  # refused by the workflow or the service: shown, nothing stored
            form.add_error(None, exc.message)
            status = exc.status_code
        else:
            messages.success(request, done)
            return redirect("portal:my-case", reference=reference)
    return _case_page(request, user, application.case, aid_form=form, aid_kind=kind, status=status)


@require_POST
def withdraw(request: HttpRequest, reference: str) -> HttpResponse:
    user = _citizen(request)
    reason = request.POST.get("reason", "").strip() or "申请人主动撤回"
    try:
        case_transition(reference=reference, action="withdraw", actor=user, reason=reason)
    except NotFoundError:
        return render(request, "portal/not_found.html", status=404)
    except DomainError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, _("已撤回。"))
    return redirect("portal:my-case", reference=reference)


@require_http_methods(["GET", "POST"])
def identity(request: HttpRequest) -> HttpResponse:
    user = _citizen(request)
    form = IdentityForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            citizen_verify_identity(
                user=user, name=form.cleaned_data["name"], id_number=form.cleaned_data["id_number"]
            )
        except DomainError as exc:
            form.add_error(None, exc.message)
        else:
            messages.success(request, _("实名信息已保存。"))
            return redirect(request.GET.get("next") or "portal:me")
    return render(request, "portal/identity.html", {"form": form}, status=400 if form.errors else 200)


@never_cache
@require_http_methods(["GET", "POST"])
def contact_safety(request: HttpRequest) -> HttpResponse:
    """The citizen marks how staff may safely contact them (M14; 法律援助法 Art.32). A quick-exit page, never cached."""
    user = _citizen(request)
    person = person_list_for_user(user_id=user.pk).first()
    if person is None:
        return render(request, "portal/contact_safety.html", {"form": None, "person": None})
    form = ContactSafetyForm.for_person(person, request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            person_contact_safety_set(actor=user, person=person, safety=form.safety())
        except DomainError as exc:
            form.add_error(None, exc.message)
        else:
            messages.success(request, _("已保存。工作人员将只按您选择的方式联系您。"))
            return redirect("portal:me")
    return render(
        request,
        "portal/contact_safety.html",
        {"form": form, "person": person},
        status=400 if form.errors else 200,
    )


@never_cache  # M14: a sensitive page with a quick exit; no copy in any cache
@require_http_methods(["GET", "POST"])
def complain(request: HttpRequest) -> HttpResponse:
    """Complaints and suggestions about any service or staff member, tracked like any 工单 (issue 4 §5).

    A8's front-office 信访投诉 (petitions and complaints)."""
    user = _citizen(request)
    initial = {"idempotency_key": uuid.uuid4().hex, "triage": request.GET.get("triage", "")[:300]}  # X5
    form = ComplaintForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            case = complaint_submit(
                actor=user,
                kind=data["kind"],
                title=data["title"],
                description=data["description"],
                about_reference=data["about_reference"],
                language=data.get("language") or "",
                idempotency_key=data["idempotency_key"] or None,
                triage=data["triage"][:300],
            )
        except DomainError as exc:
            form.add_error(None, exc.message)
        else:
            messages.success(request, _("已收到，事项编号 %(reference)s。") % {"reference": case.reference})
            return redirect("portal:my-case", reference=case.reference)
    return render(request, "portal/complain.html", {"form": form}, status=400 if form.errors else 200)


@public
def directory(request: HttpRequest) -> HttpResponse:
    form = DirectoryForm(request.GET or None)
    result = None
    if form.is_valid():
        result = directory_search(query=DirectoryQuery(**form.cleaned_data))
    context = {"form": form, "result": result, "townships": township_choices()}
    template = (
        "portal/partials/directory_results.html"
        if getattr(request, "htmx", False)
        else "portal/directory.html"
    )
    return render(request, template, context)


@public
def apply_hub(request: HttpRequest) -> HttpResponse:
    """One place to start any service online (A2, J11; A8's online transactions); each links to its guided form."""
    return render(request, "portal/apply.html")


@require_http_methods(["GET", "POST"])
def appointment(request: HttpRequest, practitioner_id: int) -> HttpResponse:
    user = _citizen(request)
    practitioner = (
        Practitioner.objects.filter(pk=practitioner_id, active=True).select_related("institution").first()
    )
    if practitioner is None:
        return render(request, "portal/not_found.html", status=404)
    form = AppointmentForm(request.POST or None, initial={"idempotency_key": uuid.uuid4().hex})
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            case = appointment_request(
                actor=user,
                request=AppointmentRequest(
                    practitioner_id=practitioner.pk,
                    preferred_at=data["preferred_at"],
                    mode=data["mode"],
                    topic=data["topic"],
                    intends_to_engage=bool(data["intends_to_engage"]),
                    idempotency_key=data["idempotency_key"] or None,
                ),
            )
        except DomainError as exc:
            form.add_error(None, exc.message)
        else:
            messages.success(
                request, _("预约已提交，事项编号 %(reference)s。") % {"reference": case.reference}
            )
            return redirect("portal:my-case", reference=case.reference)
    return render(
        request,
        "portal/appointment.html",
        {"form": form, "practitioner": practitioner},
        status=400 if form.errors else 200,
    )


def receipt(request: HttpRequest, reference: str) -> HttpResponse:
    """The receipt of an online application (C7): reference, unit, next steps, each material with quantity and date."""
    user = _citizen(request)
    try:
        case = case_get_for_user(user=user, reference=reference)
    except NotFoundError:
        return render(request, "portal/not_found.html", status=404)
    row = ApplicationReceipt.objects.filter(case=case).first()
    if row is None:
        return render(request, "portal/not_found.html", status=404)
    return render(request, "portal/receipt.html", {"case": case, "receipt": row, "content": row.content})


def receipt_download(request: HttpRequest, reference: str) -> HttpResponse:
    return document_download(request, reference, "receipt")


def document_download(request: HttpRequest, reference: str, key: str) -> HttpResponse:
    """A document issued on the case, as PDF: only for the requester and the handlers (scoped), audited (M6)."""
    user = _citizen(request)
    try:
        document, case = issued_document_get_for_user(user=user, reference=reference, key=key)
    except NotFoundError:
        return render(request, "portal/not_found.html", status=404)
    response = HttpResponse(document.render(), content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="{case.reference}-{key}.pdf"'
    return response
