"""The staff workbench (STYLE §8): queue, case page, transitions, intake. Thin: parse, call, render."""

from __future__ import annotations

import uuid
from typing import Any

from django.contrib import messages
from django.core.paginator import Paginator
from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST
from django_htmx.middleware import HtmxDetails

from fawang.accounts.models import User
from fawang.accounts.roles import INTAKE_ROLES, role_label
from fawang.accounts.selectors import grant_list_for_user, user_is_staff_member, user_roles
from fawang.cases.models import Case
from fawang.cases.selectors import case_get_for_user, case_queue_for_user
from fawang.cases.services import case_create, case_transition
from fawang.core.errors import DomainError, NotFoundError, PermissionDeniedError
from fawang.directory.selectors import window_post_for_intake, window_posts_for_clerk
from fawang.kiosk.selectors import kiosk_management_visible
from fawang.legislation.selectors import user_is_editor, user_may_enter_offline
from fawang.notifications.selectors import notification_list_unread
from fawang.people.forms import ContactSafetyForm
from fawang.people.selectors import person_contact_route
from fawang.people.services import person_contact_safety_may_set, person_contact_safety_set, person_register
from fawang.regions.models import Region
from fawang.supervision.selectors import supervision_order_open_exists
from fawang.workbench.forms import IntakeForm, TransitionForm
from fawang.workbench.presenters import case_detail_context


class HtmxHttpRequest(HttpRequest):
    htmx: HtmxDetails


def _user(request: HttpRequest) -> User:
    if not isinstance(request.user, User):  # login is enforced before this point
        raise PermissionDeniedError(_("请先登录。"))
    return request.user


def queue(request: HtmxHttpRequest) -> HttpResponse:
    user = _user(request)
    if not user_is_staff_member(user=user):
        return redirect("portal:me")  # citizens follow their requests in the portal
    cases = case_queue_for_user(user=user).annotate(supervised=supervision_order_open_exists())
    state = request.GET.get("due")
    if state in ("overdue", "due_soon"):
        cases = cases.filter(due_state=state)
    page = Paginator(cases, 25).get_page(request.GET.get("page"))
    context = {
        "page": page,
        "roles": [role_label(r) for r in sorted(user_roles(user=user))],
        "can_intake": bool(user_roles(user=user) & INTAKE_ROLES),
        "can_manage_kiosks": kiosk_management_visible(user=user),  # G10: hidden while the channel is closed
        # Q1-Q4: drafting and handling (supervisors, administrators) or offline comments (window clerks)
        "can_see_legislation": user_is_editor(user=user) or user_may_enter_offline(user=user),
        "notifications": notification_list_unread(user=user)[:5],
        "due_filter": state or "",
    }
    template = "workbench/partials/queue_table.html" if request.htmx else "workbench/queue.html"
    return render(request, template, context)


def case_detail(request: HttpRequest, reference: str) -> HttpResponse:
    user = _user(request)
    try:
        case = case_get_for_user(user=user, reference=reference)
    except NotFoundError:
        return render(request, "workbench/not_found.html", status=404)
    return render(request, "workbench/case_detail.html", case_detail_context(user=user, case=case))


@require_http_methods(["GET", "POST"])
def contact_safety(request: HttpRequest, reference: str) -> HttpResponse:
    """Staff set the requester's safe-contact flag (M14) from a case in their scope; the service checks the role."""
    user = _user(request)
    try:
        case = case_get_for_user(user=user, reference=reference, audit=request.method == "GET")
    except NotFoundError:
        return render(request, "workbench/not_found.html", status=404)
    person = case.requester
    if person is None:
        return render(request, "workbench/not_found.html", status=404)
    if not person_contact_safety_may_set(actor=user, person=person, case=case):
        return render(request, "workbench/forbidden.html", status=403)
    form = ContactSafetyForm.for_person(person, request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            person_contact_safety_set(actor=user, person=person, safety=form.safety(), case=case)
        except DomainError as exc:
            form.add_error(None, exc.message)
        else:
            messages.success(request, _("安全联系设置已保存。"))
            return redirect("workbench:case", reference=reference)
    context = {"case": case, "form": form, "route": person_contact_route(person=person)}
    return render(request, "workbench/contact_safety.html", context, status=400 if form.errors else 200)


@require_POST
def case_act(request: HtmxHttpRequest, reference: str) -> HttpResponse:
    user = _user(request)
    form = TransitionForm(request.POST)
    error = ""
    if form.is_valid():
        try:
            case_transition(
                reference=reference,
                action=form.cleaned_data["action"],
                actor=user,
                reason=form.cleaned_data["reason"] or "",
                payload=form.payload(),
                expected_status=form.cleaned_data["expected_status"] or None,
            )
        except DomainError as exc:
            error = exc.message
    else:
        error = _("提交的内容不完整，请检查后重试。")
    try:
        case = case_get_for_user(user=user, reference=reference, audit=False)
    except NotFoundError:
        return render(request, "workbench/not_found.html", status=404)
    context = case_detail_context(user=user, case=case)
    context["action_error"] = error
    status = 400 if error else 200
    if request.htmx:
        return render(request, "workbench/partials/case_body.html", context, status=status)
    if error:
        messages.error(request, error)
    else:
        messages.success(request, _("已办理。"))
    return redirect("workbench:case", reference=reference)


@require_http_methods(["GET", "POST"])
def intake(request: HttpRequest) -> HttpResponse:
    user = _user(request)
    if not user_roles(user=user) & INTAKE_ROLES:
        return render(request, "workbench/forbidden.html", status=403)
    form = IntakeForm(
        request.POST or None,
        initial={"idempotency_key": uuid.uuid4().hex},
        windows=window_posts_for_clerk(user=user),
    )
    duplicates: list[Case] = []
    if request.method == "POST" and form.is_valid():
        try:
            duplicates = _intake_duplicates(form.cleaned_data)
            if duplicates and not (
                form.cleaned_data.get("link_reference") or form.cleaned_data.get("override_reason")
            ):
                form.add_error(
                    None, _("该群众有同类事项尚未办结（疑似重复，A16）：请并入已有工单，或填写仍新建的理由。")
                )
            else:
                case = _intake_submit(user, form.cleaned_data, duplicates)
        except DomainError as exc:
            form.add_error(None, exc.message)
        else:
            if not form.errors:
                messages.success(
                    request, _("已受理，工单编号 %(reference)s。") % {"reference": case.reference}
                )
                return redirect("workbench:receipt", reference=case.reference)
    return render(
        request,
        "workbench/intake.html",
        {"form": form, "duplicates": duplicates},
        status=400 if form.errors else 200,
    )


def _intake_duplicates(data: dict[str, object]) -> list[Case]:
    from fawang.legal_aid.intake import intake_duplicates_find
    from fawang.people.selectors import person_find_by_id_number

    key = str(data.get("idempotency_key") or "")
    if key and Case.objects.filter(idempotency_key=key).exists():
        return []  # the same form again: case_create returns the first case
    id_number = str(data.get("id_number") or "").strip()
    person = person_find_by_id_number(id_number=id_number) if id_number else None
    return list(intake_duplicates_find(person=person, service_type=str(data["service_type"]))[:5])


def receipt(request: HttpRequest, reference: str) -> HttpResponse:
    """The printable window receipt (A13): reference, items received, handling unit, next steps, 12348."""
    from fawang.legal_aid.intake import window_receipt_content
    from fawang.legal_aid.models import WindowReceipt

    user = _user(request)
    try:
        case = case_get_for_user(user=user, reference=reference)
    except NotFoundError:
        return render(request, "workbench/not_found.html", status=404)
    row = WindowReceipt.objects.filter(case=case).first()
    if row is None:
        return render(request, "workbench/not_found.html", status=404)
    content = window_receipt_content(row)
    if request.path.endswith(".pdf"):
        from fawang.core.pdf import document_pdf

        response = HttpResponse(document_pdf(content), content_type="application/pdf")
        response["Content-Disposition"] = f'inline; filename="{case.reference}-receipt.pdf"'
        return response
    return render(request, "workbench/receipt.html", {"case": case, "receipt": row, "content": content})


def _intake_region(user: User) -> Region:
    for grant in grant_list_for_user(user=user):
        if grant.region_prefix:
            region = Region.objects.filter(code=grant.region_prefix.ljust(12, "0")).first()
            if region is not None:
                return region
    raise DomainError(_("您的账户未设置辖区，无法受理。请联系管理员。"))


def _intake_submit(user: User, data: dict[str, object], duplicates: list[Case] | None = None) -> Case:
    from fawang.legal_aid.forms import parse_items
    from fawang.legal_aid.intake import window_receipt_create

    items = parse_items(str(data.get("items") or ""))
    with transaction.atomic():
        link = str(data.get("link_reference") or "").strip()
        if link:
            existing = next((c for c in duplicates or [] if c.reference == link), None)
            if existing is None:
                raise DomainError(_("只能并入列出的疑似重复工单。"))
            case_transition(
                reference=existing.reference,
                action="note",
                actor=user,
                reason=f"窗口再次来访：{data['title']}。{data.get('description') or ''}",
            )
            return existing
        person = person_register(
            actor=user,
            name=str(data["name"]),
            id_number=str(data.get("id_number") or ""),
            phone=str(data.get("phone") or ""),
            groups=list(data.get("groups") or []),  # type: ignore[call-overload]  # cleaned MultipleChoiceField
        )
        case = case_create(
            actor=user,
            service_type=str(data["service_type"]),
            channel=str(data["channel"]),
            title=str(data["title"]),
            description=str(data.get("description") or ""),
            region=_intake_region(user),
            requester=person,
            urgent=bool(data.get("urgent")),
            confidential=bool(data.get("confidential")),
            idempotency_key=str(data.get("idempotency_key") or "") or None,
            language=str(data.get("language") or ""),
        )
        answered = data.get("handling") == "answer"
        if answered and case.status == "new":
            if case.service_type != "consultation" or not str(data.get("answer") or "").strip():
                raise DomainError(_("当场解答仅适用于法律咨询，并须填写解答内容。"))
            case_transition(reference=case.reference, action="accept", actor=user)
            case = case_transition(
                reference=case.reference, action="answer", actor=user, reason=str(data["answer"])
            )
        if case.service_type == "legal_aid":
            _intake_legal_aid(user, case, data, items)
        override = str(data.get("override_reason") or "")
        window_id = data.get("window")
        window_receipt_create(
            actor=user,
            case=case,
            items=[(i.name, i.quantity) for i in items],
            answered_on_spot=answered,
            answer=str(data.get("answer") or ""),
            clerk_site=_clerk_site(user),
            window=(
                window_post_for_intake(
                    user=user, window_id=int(str(window_id)), service_type=case.service_type
                )
                if window_id
                else None
            ),
            duplicate_of=duplicates[0] if (override and duplicates) else None,
            override_reason=override,
        )
        return case


def _intake_legal_aid(user: User, case: Case, data: dict[str, object], items: list[Any]) -> None:
    """A legal-aid matter at the window gets its application record and a C7 materials receipt at once."""
    from fawang.legal_aid.models import LegalAidApplication
    from fawang.legal_aid.services import AidDetails, aid_application_register, aid_materials_receive

    if LegalAidApplication.objects.filter(case=case).exists():
        return
    app = aid_application_register(
        actor=user, case=case, details=AidDetails(facts_and_reasons=str(data.get("description") or ""))
    )
    if items:
        aid_materials_receive(actor=user, application=app, items=items)


def _clerk_site(user: User) -> str:
    from fawang.directory.models import Site

    for grant in grant_list_for_user(user=user):
        if grant.site_id:
            site = Site.objects.filter(pk=grant.site_id).first()
            if site is not None:
                return site.name
    return "受理窗口"
