"""Security pages (thin: parse, call, render): second factor, re-authentication, reveal, my data, data requests,
audit search."""

from __future__ import annotations

import json

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.utils.translation import pgettext_lazy
from django.views.decorators.http import require_http_methods, require_POST

from fawang.accounts.models import User
from fawang.core.errors import DomainError, NotFoundError, PermissionDeniedError
from fawang.security.audit_search import AuditQuery, audit_scope_for_user, audit_search_for_user
from fawang.security.compliance import compliance_report_build
from fawang.security.forms import (
    AuditSearchForm,
    CodeForm,
    CompliancePeriodForm,
    DataRequestForm,
    DecisionForm,
    IncidentActionForm,
    IncidentEditForm,
    IncidentOpenForm,
    ReauthForm,
    RevealForm,
)
from fawang.security.incidents import ACTIONS as INCIDENT_ACTIONS
from fawang.security.incidents import EDITABLE_FIELDS as INCIDENT_EDITABLE_FIELDS
from fawang.security.incidents import (
    incident_act,
    incident_get,
    incident_list,
    incident_missing_items,
    incident_notice_text,
    incident_open,
    incident_update,
)
from fawang.security.models import SecurityIncident
from fawang.security.privacy import (
    REVEALABLE_FIELDS,
    data_request_decide,
    data_request_list_open,
    data_request_submit,
    my_data_collect,
    person_field_reveal,
)
from fawang.security.reauth import reauth_mark, reauth_required, reauth_verify
from fawang.security.totp import (
    SESSION_OTP_OK,
    totp_device_begin,
    totp_device_confirm,
    totp_device_for,
    totp_provisioning_uri,
    totp_verify,
)

# The revealed field's name as the reveal page uses it inside a sentence (查看申请人联系电话), per language (L8).
FIELD_NAMES = {
    "id_number": pgettext_lazy("revealed field", "身份证号码"),
    "phone": pgettext_lazy("revealed field", "联系电话"),
    "address": pgettext_lazy("revealed field", "住址"),
}


def _user(request: HttpRequest) -> User:
    if not isinstance(request.user, User):  # login is enforced before this point
        raise PermissionDeniedError(_("请先登录。"))
    return request.user


def _next(request: HttpRequest, default: str = "/work/") -> str:
    target = request.GET.get("next") or request.POST.get("next") or default
    if url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}, require_https=False):
        return target
    return default


@require_http_methods(["GET", "POST"])
def otp_verify(request: HttpRequest) -> HttpResponse:
    user = _user(request)
    form = CodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        if totp_verify(user=user, code=form.cleaned_data["code"]):
            request.session[SESSION_OTP_OK] = True
            reauth_mark(request)
            return redirect(_next(request))
        form.add_error("code", _("动态口令不正确或已使用，请等待下一个口令。"))
    return render(
        request,
        "security/otp_verify.html",
        {"form": form, "next": _next(request)},
        status=400 if form.errors else 200,
    )


@require_http_methods(["GET", "POST"])
def otp_setup(request: HttpRequest) -> HttpResponse:
    user = _user(request)
    device = totp_device_for(user=user)
    if device is not None and device.confirmed:
        messages.info(request, _("您已启用动态口令。"))
        return redirect(_next(request))
    form = CodeForm(request.POST or None)
    if request.method == "POST" and device is not None and form.is_valid():
        try:
            totp_device_confirm(actor=user, code=form.cleaned_data["code"])
        except DomainError as exc:
            form.add_error("code", exc.message)
        else:
            request.session[SESSION_OTP_OK] = True
            messages.success(request, _("动态口令已启用。"))
            return redirect(_next(request))
    if device is None or request.method == "GET":
        device = totp_device_begin(actor=user)
    context = {
        "form": form,
        "secret": device.secret,
        "uri": totp_provisioning_uri(device=device),
        "next": _next(request),
    }
    return render(request, "security/otp_setup.html", context, status=400 if form.errors else 200)


@require_http_methods(["GET", "POST"])
def reauth(request: HttpRequest) -> HttpResponse:
    user = _user(request)
    form = ReauthForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            reauth_verify(
                request=request,
                user=user,
                password=form.cleaned_data["password"],
                otp=form.cleaned_data["code"],
            )
        except DomainError as exc:
            form.add_error(None, exc.message)
        else:
            return redirect(_next(request))
    device = totp_device_for(user=user)
    context = {"form": form, "next": _next(request), "needs_code": device is not None and device.confirmed}
    return render(request, "security/reauth.html", context, status=400 if form.errors else 200)


@require_http_methods(["GET", "POST"])
@reauth_required
def reveal(request: HttpRequest, reference: str, field: str) -> HttpResponse:
    user = _user(request)
    if field not in REVEALABLE_FIELDS:
        return render(request, "workbench/not_found.html", status=404)
    form = RevealForm(request.POST or None)
    context: dict[str, object] = {
        "form": form,
        "reference": reference,
        "field_label": FIELD_NAMES.get(field, REVEALABLE_FIELDS[field]),
    }
    if request.method == "POST" and form.is_valid():
        try:
            context["value"] = person_field_reveal(
                actor=user, reference=reference, field=field, purpose=form.cleaned_data["purpose"]
            )
        except NotFoundError:
            return render(request, "workbench/not_found.html", status=404)
        except DomainError as exc:
            return render(
                request, "security/forbidden.html", {"message": exc.message}, status=exc.status_code
            )
    return render(request, "security/reveal.html", context)


def my_data(request: HttpRequest) -> HttpResponse:
    user = _user(request)
    from fawang.security.models import DataRequest

    requests = DataRequest.objects.filter(requester=user).order_by("-id")
    return render(request, "security/my_data.html", {"form": DataRequestForm(), "requests": requests})


def my_data_download(request: HttpRequest) -> HttpResponse:
    data = my_data_collect(user=_user(request))
    response = HttpResponse(
        json.dumps(data, ensure_ascii=False, indent=2), content_type="application/json; charset=utf-8"
    )
    response["Content-Disposition"] = 'attachment; filename="my-data.json"'
    return response


@require_POST
def data_request_create(request: HttpRequest) -> HttpResponse:
    form = DataRequestForm(request.POST)
    if form.is_valid():
        try:
            created = data_request_submit(
                actor=_user(request), kind=form.cleaned_data["kind"], details=form.cleaned_data["details"]
            )
        except DomainError as exc:
            messages.error(request, exc.message)
        else:
            due = created.due_on
            messages.success(
                request,
                _("请求已提交，我们将在 %(year)s年%(month)s月%(day)s日 前答复。")
                % {"year": f"{due:%Y}", "month": f"{due:%m}", "day": f"{due:%d}"},
            )
    else:
        messages.error(request, _("请选择请求类型。"))
    return redirect("security:my-data")


@require_http_methods(["GET", "POST"])
@reauth_required
def data_request_admin(request: HttpRequest) -> HttpResponse:
    user = _user(request)
    if not _is_admin(user):
        return render(request, "security/forbidden.html", status=403)
    if request.method == "POST":
        form = DecisionForm(request.POST)
        if form.is_valid():
            try:
                data_request_decide(
                    actor=user,
                    request_id=int(request.POST.get("request_id", "0") or 0),
                    approve=form.cleaned_data["approve"],
                    decision=form.cleaned_data["decision"],
                )
            except DomainError as exc:
                messages.error(request, exc.message)
            else:
                messages.success(request, _("已处理。"))
        return redirect("security:data-requests")
    return render(
        request, "security/data_requests.html", {"requests": data_request_list_open(), "form": DecisionForm()}
    )


def _is_admin(user: User) -> bool:
    from fawang.accounts.selectors import user_is_admin

    return user_is_admin(user=user)


def audit_search(request: HttpRequest) -> HttpResponse:
    user = _user(request)
    if audit_scope_for_user(user=user) is None:
        return render(request, "security/forbidden.html", status=403)
    form = AuditSearchForm(request.GET or None)
    query = (
        AuditQuery(**{k: v for k, v in form.cleaned_data.items() if v}) if form.is_valid() else AuditQuery()
    )
    entries = audit_search_for_user(user=user, query=query).select_related("actor")
    page = Paginator(entries, 50).get_page(request.GET.get("page"))
    params = request.GET.copy()
    params.pop("page", None)
    return render(
        request,
        "security/audit_search.html",
        {"form": form, "page": page, "querystring": params.urlencode(), "can_report": _is_admin(user)},
    )


def compliance_report(request: HttpRequest) -> HttpResponse:
    """/work/audit/compliance/: the personal-information compliance audit report (M13), for administrators."""
    user = _user(request)
    if not _is_admin(user):
        return render(request, "security/forbidden.html", status=403)
    form = CompliancePeriodForm(request.GET or None)
    report = None
    if form.is_valid():
        try:
            report = compliance_report_build(
                actor=user, date_from=form.cleaned_data["date_from"], date_to=form.cleaned_data["date_to"]
            )
        except DomainError as exc:
            form.add_error(None, exc.message)
    return render(request, "security/compliance.html", {"form": form, "report": report})


@require_http_methods(["GET", "POST"])
def incident_list_page(request: HttpRequest) -> HttpResponse:
    """/work/audit/incidents/: register and list personal-information incidents (M11), for administrators."""
    user = _user(request)
    if not _is_admin(user):
        return render(request, "security/forbidden.html", status=403)
    form = IncidentOpenForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            incident = incident_open(actor=user, **form.cleaned_data)
        except DomainError as exc:
            form.add_error(None, exc.message)
        else:
            return redirect("audit:incident", incident_id=incident.pk)
    return render(request, "security/incidents.html", {"form": form, "incidents": incident_list(actor=user)})


@require_http_methods(["GET", "POST"])
def incident_page(request: HttpRequest, incident_id: int) -> HttpResponse:
    """One incident: complete the Art.57 items, then contain, report, notify or waive, close (M11)."""
    user = _user(request)
    if not _is_admin(user):
        return render(request, "security/forbidden.html", status=403)
    try:
        incident = incident_get(actor=user, incident_id=incident_id)
    except NotFoundError:
        return render(request, "security/forbidden.html", status=404)
    edit = IncidentEditForm(initial=_incident_initial(incident))
    if request.method == "POST":
        try:
            if "action" in request.POST:
                _incident_action(user, incident.pk, IncidentActionForm(request.POST))
            else:
                edit = IncidentEditForm(request.POST)
                _incident_edit(user, incident.pk, edit)
        except DomainError as exc:
            messages.error(request, exc.message)
        else:
            messages.success(request, _("已保存。"))
            return redirect("audit:incident", incident_id=incident.pk)
    incident.refresh_from_db()
    return render(
        request,
        "security/incident.html",
        {
            "incident": incident,
            "edit": edit,
            "steps": incident.steps.select_related("actor"),
            "missing": [_(item) for item in incident_missing_items(incident)],
            "notice": incident_notice_text(incident),
            "actions": [
                (code, _(a.label)) for code, a in INCIDENT_ACTIONS.items() if incident.state in a.allowed_from
            ],
        },
    )


def _incident_initial(incident: SecurityIncident) -> dict[str, object]:
    initial: dict[str, object] = {name: getattr(incident, name) for name in INCIDENT_EDITABLE_FIELDS}
    initial["affected_usernames"] = "\n".join(
        u.username for u in incident.affected_users.order_by("username")
    )
    return initial


def _incident_edit(user: User, incident_id: int, form: IncidentEditForm) -> None:
    if not form.is_valid():
        raise DomainError("；".join(str(e) for errors in form.errors.values() for e in errors))
    data = dict(form.cleaned_data)
    names = str(data.pop("affected_usernames")).splitlines()
    data["affected_count"] = data["affected_count"] or 0
    incident_update(actor=user, incident_id=incident_id, fields=data, affected_usernames=names)


def _incident_action(user: User, incident_id: int, form: IncidentActionForm) -> None:
    if not form.is_valid():
        raise DomainError("；".join(str(e) for errors in form.errors.values() for e in errors))
    incident_act(actor=user, incident_id=incident_id, **form.cleaned_data)
