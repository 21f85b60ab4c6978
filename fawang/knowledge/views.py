"""Knowledge pages: public statute search and smart consultation (J2, J4-J6); staff FAQ pages (J8); the consultation
opinion panel of the staff case page (J7). Thin views."""

from __future__ import annotations

import uuid
from typing import Any

from django.contrib import messages
from django.core import signing
from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST
from django_htmx.middleware import HtmxDetails

from fawang.accounts.models import User
from fawang.accounts.roles import Role
from fawang.accounts.selectors import grant_list_for_user, user_is_staff_member, user_roles
from fawang.cases.models import Case
from fawang.cases.selectors import case_get_for_user, case_roles_for_user
from fawang.cases.states import Channel, ServiceType
from fawang.cases.workflow import STAFF_ACTORS
from fawang.core import clock
from fawang.core.access import public
from fawang.core.audit import audit_record
from fawang.core.errors import DomainError, NotFoundError, PermissionDeniedError
from fawang.core.models import AuditAction
from fawang.core.sensitive import render_sensitive
from fawang.directory.models import Site
from fawang.knowledge import selectors, services
from fawang.knowledge.consult import consultation_smart, shown_payload
from fawang.knowledge.documents import opinion_document
from fawang.knowledge.engine import CATEGORIES
from fawang.knowledge.forms import (
    AskForm,
    FaqForm,
    HumanRequestForm,
    OpinionForm,
    OpinionStepForm,
    SearchForm,
)
from fawang.knowledge.models import CitationState, FaqItem, OpinionStatus
from fawang.knowledge.opinions import (
    EDITABLE,
    OPINION_TRANSITIONS,
    OpinionActor,
    OpinionTransition,
    opinion_transitions_from,
)
from fawang.knowledge.search import search_filters_build, statute_search
from fawang.people.services import person_register
from fawang.regions.models import Region

SEARCH_RESULTS = 20
TOKEN_SALT = "fawang.knowledge.ask"  # noqa: S105  # a signing namespace, not a secret
TOKEN_MAX_AGE = 24 * 3600
FAQ_FIELDS = (
    "question",
    "answer",
    "keywords",
    "category",
    "owner",
    "review_due",
    "effective_from",
    "effective_to",
)


class HtmxHttpRequest(HttpRequest):
    htmx: HtmxDetails


def _user(request: HttpRequest) -> User:
    if not isinstance(request.user, User):  # login is enforced by the middleware before this point
        raise PermissionDeniedError("请先登录。")
    return request.user


def _form_error(form: SearchForm | AskForm) -> str:
    for errors in form.errors.values():
        for error in errors:
            return str(error)
    return _("输入有误。")


# --- public statute search ------------------------------------------------------------------------------


@public
@require_GET
def search_view(request: HtmxHttpRequest) -> HttpResponse:
    form = SearchForm(request.GET or None)
    hits: list[Any] = []
    message = ""
    query = ""
    status = 200
    if form.is_bound and not form.is_valid():
        message = _("无法检索：%(error)s") % {"error": _form_error(form)}
        status = 400
    elif form.is_bound:
        data = form.cleaned_data
        query = data["q"]
        if query:
            filters = search_filters_build(
                levels=data["level"], current_only=not data["all"], instrument=data["instrument"]
            )
            hits = statute_search(query=query, top_k=SEARCH_RESULTS, filters=filters)
            if not hits:
                message = _("没有找到相关条文。可以换一种说法，或去掉筛选条件再试。")
    context = {"form": form, "hits": hits, "message": message, "query": query}
    template = "knowledge/partials/search_results.html" if request.htmx else "knowledge/search.html"
    texts = [query, *(hit.law for hit in hits)]
    return render_sensitive(request, template, context, texts=texts, status=status)


# --- smart consultation ---------------------------------------------------------------------------------


def _site(site_id: object) -> Site | None:
    if not isinstance(site_id, int):
        return None
    return selectors.consultation_sites().filter(pk=site_id).first()


@public
@require_GET
def ask_view(request: HtmxHttpRequest) -> HttpResponse:
    form = AskForm(request.GET or None)
    answer = None
    token = ""
    message = ""
    status = 200
    site: Site | None = None
    if form.is_bound and not form.is_valid():
        message = _("无法解答：%(error)s") % {"error": _form_error(form)}
        status = 400
    elif form.is_bound:
        site = _site(form.cleaned_data.get("site"))
        answer = consultation_smart(question=form.cleaned_data["q"], region=site.region if site else None)
        if answer.question:
            token = signing.dumps(
                {
                    "q": answer.question,
                    "shown": shown_payload(answer),
                    "key": uuid.uuid4().hex,
                    "site": site.pk if site else None,
                },
                salt=TOKEN_SALT,
                compress=True,
            )
    user = request.user
    context = {
        "form": form,
        "answer": answer,
        "token": token,
        "triage": request.GET.get("triage", "")[:300],  # X5: from the service guide; checked at the hand-off
        "message": message,
        "site": site,
        "sites": selectors.consultation_sites(),
        "is_staff": isinstance(user, User) and user_is_staff_member(user=user),
        "login_url": f"{reverse('portal:login')}?{urlencode({'next': request.get_full_path()})}",
        "request_form": HumanRequestForm(initial={"token": token, "site": site.pk if site else None}),
    }
    template = "knowledge/partials/ask_answer.html" if request.htmx else "knowledge/ask.html"
    texts = [answer.question, *(hit.law for hit in answer.articles)] if answer else []
    return render_sensitive(request, template, context, texts=texts, status=status)


def _staff_region(user: User) -> Region | None:
    for grant in grant_list_for_user(user=user):
        if grant.region_prefix:
            region = Region.objects.filter(code=grant.region_prefix.ljust(12, "0")).first()
            if region is not None:
                return region
    return None


def _staff_channel(user: User) -> str:
    return Channel.HOTLINE if Role.HOTLINE_OPERATOR in user_roles(user=user) else Channel.WINDOW


@require_POST
def ask_human_view(request: HttpRequest) -> HttpResponse:
    """One click: the answer the person saw becomes a consultation 工单 for a human (J5). Login required."""
    user = _user(request)
    form = HumanRequestForm(request.POST)
    if not form.is_valid():
        return render(
            request, "knowledge/ask_failed.html", {"message": _("提交内容不完整，请返回重试。")}, status=400
        )
    try:
        data = signing.loads(form.cleaned_data["token"], salt=TOKEN_SALT, max_age=TOKEN_MAX_AGE)
    except signing.BadSignature:
        return render(
            request,
            "knowledge/ask_failed.html",
            {"message": _("页面已过期或内容被修改，请重新提问。")},
            status=400,
        )
    staff = user_is_staff_member(user=user)
    site = _site(form.cleaned_data.get("site")) or _site(data.get("site"))
    region = (_staff_region(user) if staff else None) or (site.region if site else None)
    if region is None:
        message = _("请先选择您所在的地区，以便转给就近的工作人员。")
        return render(
            request, "knowledge/ask_failed.html", {"message": message, "question": data["q"]}, status=400
        )
    try:
        with transaction.atomic():
            requester = None
            if staff and form.cleaned_data["name"]:
                requester = person_register(
                    actor=user,
                    name=form.cleaned_data["name"],
                    phone=form.cleaned_data["phone"],
                    id_number=form.cleaned_data["id_number"],
                )
            request_row = services.consultation_request_human(
                actor=user,
                question=data["q"],
                shown=data["shown"],
                region=region,
                channel=_staff_channel(user) if staff else Channel.WEB,
                requester=requester,
                requester_user=None if staff else user,
                idempotency_key=f"knowledge-ask-{data['key']}",
                language=form.cleaned_data.get("language") or "",
                triage=form.cleaned_data["triage"][:300],
            )
    except DomainError as exc:
        status = exc.status_code
        return render(request, "knowledge/ask_failed.html", {"message": exc.message}, status=status)
    reference = request_row.case.reference
    if staff:
        messages.success(request, _("已生成咨询工单 %(reference)s。") % {"reference": reference})
        return redirect("workbench:case", reference=reference)
    messages.success(
        request,
        _("已转人工咨询，工单编号 %(reference)s。工作人员会在规定时限内答复您。") % {"reference": reference},
    )
    return redirect("knowledge:ask")


# --- FAQ (staff) ------------------------------------------------------------------------------------------


def _staff_or_403(request: HttpRequest) -> HttpResponse | None:
    if not user_is_staff_member(user=_user(request)):
        return render(request, "knowledge/forbidden.html", status=403)
    return None


def _editor_or_403(request: HttpRequest) -> HttpResponse | None:
    if not selectors.faq_can_edit(user=_user(request)):
        return render(request, "knowledge/forbidden.html", status=403)
    return None


@require_GET
def faq_list_view(request: HttpRequest) -> HttpResponse:
    denied = _staff_or_403(request)
    if denied:
        return denied
    category = request.GET.get("category", "")
    category = category if category in CATEGORIES else ""
    query = request.GET.get("q", "").strip()[:100]
    show_archived = request.GET.get("archived") == "1"
    items = list(selectors.faq_list(category=category, query=query, include_archived=show_archived))
    today = clock.local_today()
    context = {
        "rows": [(item, item.is_effective(today), item.review_overdue(today)) for item in items],
        "categories": CATEGORIES,
        "category": category,
        "query": query,
        "show_archived": show_archived,
        "can_edit": selectors.faq_can_edit(user=_user(request)),
        "flagged": CitationState.FLAGGED,
    }
    return render(request, "knowledge/faq_list.html", context)


@require_GET
def faq_detail_view(request: HttpRequest, faq_id: int) -> HttpResponse:
    denied = _staff_or_403(request)
    if denied:
        return denied
    item = _faq_or_404(request, faq_id)
    if isinstance(item, HttpResponse):
        return item
    today = clock.local_today()
    context = {
        "item": item,
        "effective": item.is_effective(today),
        "overdue": item.review_overdue(today),
        "can_edit": selectors.faq_can_edit(user=_user(request)),
    }
    return render(request, "knowledge/faq_detail.html", context)


def _faq_or_404(request: HttpRequest, faq_id: int) -> FaqItem | HttpResponse:
    try:
        return selectors.faq_get(faq_id=faq_id)
    except NotFoundError as exc:
        return render(request, "knowledge/not_found.html", {"message": exc.message}, status=404)


def _faq_initial(item: FaqItem) -> dict[str, Any]:
    return {
        "question": item.question,
        "answer": item.answer,
        "keywords": item.keywords,
        "category": item.category,
        "owner": item.owner_id,
        "review_due": item.review_due,
        "effective_from": item.effective_from,
        "effective_to": item.effective_to,
    }


@require_http_methods(["GET", "POST"])
def faq_edit_view(request: HttpRequest, faq_id: int | None = None) -> HttpResponse:
    denied = _editor_or_403(request)
    if denied:
        return denied
    item: FaqItem | None = None
    if faq_id is not None:
        found = _faq_or_404(request, faq_id)
        if isinstance(found, HttpResponse):
            return found
        item = found
    today = clock.local_today()
    initial = (
        _faq_initial(item)
        if item
        else {
            "owner": _user(request).pk,
            "effective_from": today,
            "review_due": today.replace(year=today.year + 1),
        }
    )
    form = FaqForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        fields: dict[str, Any] = {key: form.cleaned_data.get(key) for key in FAQ_FIELDS}
        fields["keywords"] = fields["keywords"] or ""
        try:
            if item is None:
                item = services.faq_create(actor=_user(request), **fields)
            else:
                item = services.faq_update(actor=_user(request), faq=item, **fields)
        except DomainError as exc:
            form.add_error(None, exc.message)
        else:
            if item.citation_state == CitationState.FLAGGED:
                messages.warning(request, _("已保存，但解答中有引用未通过核查，请复核。"))
            else:
                messages.success(request, _("已保存。"))
            return redirect("knowledge:faq_detail", faq_id=item.pk)
    status = 400 if form.errors else 200
    return render(request, "knowledge/faq_form.html", {"form": form, "item": item}, status=status)


@require_POST
def faq_archive_view(request: HttpRequest, faq_id: int) -> HttpResponse:
    denied = _editor_or_403(request)
    if denied:
        return denied
    found = _faq_or_404(request, faq_id)
    if isinstance(found, HttpResponse):
        return found
    archived = request.POST.get("archived", "1") == "1"
    services.faq_archive(actor=_user(request), faq=found, archived=archived)
    messages.success(request, _("已停用。") if archived else _("已恢复。"))
    return redirect("knowledge:faq_detail", faq_id=found.pk)


# --- written consultation opinions on the staff case page (J7, htmx panel) -------------------------------------


def _opinion_panel_context(user: User, case: Case) -> dict[str, Any]:
    roles = case_roles_for_user(user=user, case=case)
    handler = bool(roles & STAFF_ACTORS)
    opinions = selectors.consultation_opinion_list_for_case(user=user, case=case)
    current = opinions[0] if opinions else None
    steps: list[OpinionTransition] = []
    refusal = ""
    if current is not None:
        refusal = selectors.opinion_approval_refusal(user=user, opinion=current, roles=roles) or ""
        steps = [
            t
            for t in opinion_transitions_from(current.status)
            if (handler if t.actor is OpinionActor.HANDLER else not refusal)
        ]
    editable = current is not None and current.status in EDITABLE and handler
    open_exists = current is not None and current.status != OpinionStatus.RELEASED
    return {
        "case": case,
        "opinion": current,
        "older": opinions[1:],
        "events": current.events.select_related("actor").order_by("at", "id") if current else [],
        "flagged": [c for c in current.citations if c.get("status") != "ok"] if current else [],
        "steps": steps,
        "approval_refusal": refusal
        if current is not None and current.status == OpinionStatus.PENDING
        else "",
        "form": OpinionForm(
            initial={f: getattr(current, f) for f in ("question", "facts", "answer", "advice")}
        )
        if editable
        else None,
        "can_draft": handler and not open_exists,
        "answered": selectors.consultation_answer_latest(case=case) is not None,
    }


def _opinion_case(request: HttpRequest, reference: str) -> Case | HttpResponse:
    """The consultation case through the scoped selector; staff only (citizens read opinions in the portal)."""
    user = _user(request)
    try:
        case = case_get_for_user(user=user, reference=reference, audit=False)
    except NotFoundError:
        return render(request, "workbench/not_found.html", status=404)
    if case.service_type != ServiceType.CONSULTATION or not selectors.opinion_is_staff(
        case_roles_for_user(user=user, case=case)
    ):
        return render(request, "workbench/not_found.html", status=404)
    return case


def _opinion_respond(
    request: HtmxHttpRequest, case: Case, *, error: str = "", status: int = 200
) -> HttpResponse:
    """The panel for htmx; otherwise back to the case page with a message (the panel works without script)."""
    if request.htmx or request.method == "GET":
        context = _opinion_panel_context(_user(request), case)
        context["opinion_error"] = error
        template = "knowledge/partials/opinion_panel.html" if request.htmx else "knowledge/opinion_page.html"
        return render(request, template, context, status=status)
    if error:
        messages.error(request, error)
    else:
        messages.success(request, _("意见书已更新。"))
    return redirect("workbench:case", reference=case.reference)


@require_GET
def opinion_panel_view(request: HtmxHttpRequest, reference: str) -> HttpResponse:
    found = _opinion_case(request, reference)
    if isinstance(found, HttpResponse):
        return found
    return _opinion_respond(request, found)


@require_POST
def opinion_draft_view(request: HtmxHttpRequest, reference: str) -> HttpResponse:
    found = _opinion_case(request, reference)
    if isinstance(found, HttpResponse):
        return found
    try:
        services.consultation_opinion_draft(actor=_user(request), reference=found.reference)
    except DomainError as exc:
        return _opinion_respond(request, found, error=exc.message, status=exc.status_code)
    return _opinion_respond(request, found)


def _opinion_for_write(request: HttpRequest, opinion_id: int) -> Case | HttpResponse:
    try:
        opinion = selectors.consultation_opinion_get_for_user(user=_user(request), opinion_id=opinion_id)
    except NotFoundError:
        return render(request, "workbench/not_found.html", status=404)
    return _opinion_case(request, opinion.case.reference)


@require_POST
def opinion_edit_view(request: HtmxHttpRequest, opinion_id: int) -> HttpResponse:
    found = _opinion_for_write(request, opinion_id)
    if isinstance(found, HttpResponse):
        return found
    form = OpinionForm(request.POST)
    if not form.is_valid():
        return _opinion_respond(
            request, found, error=_("请填写咨询问题和答复意见，每项不超过 20000 字。"), status=400
        )
    try:
        services.consultation_opinion_edit(actor=_user(request), opinion_id=opinion_id, **form.cleaned_data)
    except DomainError as exc:
        return _opinion_respond(request, found, error=exc.message, status=exc.status_code)
    return _opinion_respond(request, found)


@require_POST
def opinion_step_view(request: HtmxHttpRequest, opinion_id: int, action: str) -> HttpResponse:
    found = _opinion_for_write(request, opinion_id)
    if isinstance(found, HttpResponse):
        return found
    if action not in OPINION_TRANSITIONS:
        return render(request, "workbench/not_found.html", status=404)
    form = OpinionStepForm(request.POST)
    if not form.is_valid():
        return _opinion_respond(request, found, error=_("说明最多 2000 字。"), status=400)
    try:
        services.consultation_opinion_transition(
            actor=_user(request),
            opinion_id=opinion_id,
            action=action,
            reason=form.cleaned_data["reason"],
            confirm_flagged=form.cleaned_data["confirm_flagged"],
        )
    except DomainError as exc:
        return _opinion_respond(request, found, error=exc.message, status=exc.status_code)
    return _opinion_respond(request, found)


@require_GET
def opinion_pdf_view(request: HttpRequest, opinion_id: int) -> HttpResponse:
    """The approved text as PDF (staff preview after approval; citizens download released ones in the portal)."""
    try:
        opinion = selectors.consultation_opinion_get_for_user(user=_user(request), opinion_id=opinion_id)
    except NotFoundError:
        return render(request, "workbench/not_found.html", status=404)
    if not opinion.snapshot:
        return render(request, "workbench/not_found.html", status=404)
    audit_record(
        actor=_user(request),
        action=AuditAction.VIEW,
        object_type=services.OPINION_OBJECT,
        object_id=opinion.number,
        summary="下载法律咨询意见书",
    )
    response = HttpResponse(opinion_document(opinion).render(), content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="{opinion.number}.pdf"'
    return response
