"""立法征求意见 pages (Q1–Q6): public list and draft page with the comment form (htmx), and the staff workbench.
Thin: parse, call one service or selector, render."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.http import FileResponse, HttpRequest, HttpResponse, HttpResponseBase
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from fawang.accounts.models import User
from fawang.core import clock
from fawang.core.access import public
from fawang.core.errors import DomainError, NotFoundError, PermissionDeniedError
from fawang.core.workbench_views import HtmxHttpRequest, text, user_of
from fawang.legislation import services
from fawang.legislation.forms import (
    CommentForm,
    ContactPointForm,
    DraftForm,
    HandleForm,
    HearingForm,
    InvitationForm,
    OfflineCommentForm,
    SummaryForm,
)
from fawang.legislation.models import Draft, DraftStatus, IdentityMode, Phase
from fawang.legislation.selectors import (
    comment_attachment_get_for_user,
    comment_get_for_user,
    comment_list_for_user,
    contact_point_list_for_user,
    contact_point_regions_for_user,
    draft_get_for_user,
    draft_get_public,
    draft_list_for_user,
    draft_list_public,
    draft_regions_for_user,
    draft_summary,
    user_is_editor,
    user_may_edit_draft,
    user_may_enter_offline,
)
from fawang.legislation.workflow import ACTION_LABELS, TRANSITIONS

# ---- public pages ------------------------------------------------------------------------------------------------


@public
@require_GET
def index(request: HttpRequest) -> HttpResponse:
    phase = request.GET.get("phase", "")
    if phase not in (Phase.OPEN, Phase.CLOSED, Phase.SUMMARY, Phase.UPCOMING):
        phase = ""
    today = clock.local_today()
    drafts = [(d, d.phase_on(today)) for d in draft_list_public(phase=phase)]
    return render(request, "legislation/index.html", {"drafts": drafts, "phase": phase, "phases": Phase})


def _draft_context(request: HttpRequest, draft: Draft) -> dict[str, Any]:
    phase = draft.phase_on(clock.local_today())
    return {
        "draft": draft,
        "phase": phase,
        "phases": Phase,
        "articles": list(draft.articles.all()),
        "hearings": list(draft.hearings.all()),
        "invitations": list(draft.invitations.all()) if draft.concerns_accessibility else [],
        "summary": draft_summary(draft=draft) if draft.status == DraftStatus.SUMMARY_PUBLISHED else None,
        "form": CommentForm(),
        "article": None,
        "anonymous_allowed": draft.identity_mode == IdentityMode.ANONYMOUS_ALLOWED,
        "signed_in": request.user.is_authenticated,
    }


@public
@require_GET
def draft(request: HttpRequest, draft_id: int) -> HttpResponse:
    try:
        found = draft_get_public(draft_id=draft_id)
    except NotFoundError:
        return render(request, "legislation/not_found.html", status=404)
    return render(request, "legislation/draft.html", _draft_context(request, found))


@public
@require_http_methods(["GET", "POST"])
def comment(request: HtmxHttpRequest, draft_id: int) -> HttpResponse:
    """GET: the comment form, for the whole draft or one article (评论此条, swapped in by htmx).
    POST: submit the comment (Q2) and show the receipt with its reference."""
    try:
        found = draft_get_public(draft_id=draft_id)
    except NotFoundError:
        return render(request, "legislation/not_found.html", status=404)
    context = _draft_context(request, found)
    template = "legislation/_comment_form.html" if request.htmx else "legislation/draft.html"
    if request.method == "GET":
        article_id = request.GET.get("article", "")
        context["article"] = (
            found.articles.filter(pk=int(article_id)).first() if article_id.isdigit() else None
        )
        context["form"] = CommentForm(
            initial={"article": context["article"].pk if context["article"] else None}
        )
        return render(request, template, context)
    form = CommentForm(request.POST, request.FILES)
    context["form"] = form
    if form.is_valid():
        data = form.cleaned_data
        try:
            created = services.comment_submit(
                actor=request.user if isinstance(request.user, User) else None,
                draft_id=found.pk,
                body=data["body"],
                article_id=data["article"],
                anonymous=data["anonymous"],
                name=data["name"],
                id_number=data["id_number"],
                files=data["attachments"],
            )
        except DomainError as exc:
            error, status = exc.message, exc.status_code
        else:
            receipt = {"comment": created, "draft": found}
            if request.htmx:
                return render(request, "legislation/_receipt.html", receipt, status=201)
            return render(request, "legislation/receipt.html", receipt, status=201)
    else:
        error, status = _("请检查填写的内容。"), 400
    if data_article := form.data.get("article", ""):
        context["article"] = (
            found.articles.filter(pk=int(data_article)).first() if data_article.isdigit() else None
        )
    context["comment_error"] = error
    return render(request, template, context, status=status)


_ACTION_NAMES = {a.value: label for a, label in ACTION_LABELS.items()}

# ---- staff workbench -----------------------------------------------------------------------------------------------


def _refused(request: HttpRequest, exc: DomainError) -> HttpResponse:
    if isinstance(exc, NotFoundError):
        return render(request, "workbench/not_found.html", status=404)
    return render(request, "workbench/forbidden.html", {"message": exc.message}, status=exc.status_code)


def _staff(view: Callable[..., HttpResponseBase]) -> Callable[..., HttpResponseBase]:
    """Staff pages: an editor or offline-entry role, else 403; scope errors from selectors become 404/403."""

    def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
        user = user_of(request)
        if not user_may_enter_offline(user=user):
            return render(request, "workbench/forbidden.html", status=403)
        try:
            return view(request, user, *args, **kwargs)
        except (NotFoundError, PermissionDeniedError) as exc:
            return _refused(request, exc)

    wrapped.__name__ = view.__name__
    wrapped.__doc__ = view.__doc__
    return wrapped


@require_GET
@_staff
def staff_list(request: HttpRequest, user: User) -> HttpResponse:
    today = clock.local_today()
    drafts = [(d, d.phase_on(today)) for d in draft_list_for_user(user=user)]
    return render(
        request, "legislation/staff/list.html", {"drafts": drafts, "editor": user_is_editor(user=user)}
    )


@require_http_methods(["GET", "POST"])
@_staff
def staff_create(request: HttpRequest, user: User) -> HttpResponse:
    if not user_is_editor(user=user):
        return render(request, "workbench/forbidden.html", status=403)
    form = DraftForm(request.POST or None, regions=draft_regions_for_user(user=user))
    if request.method == "POST" and form.is_valid():
        try:
            created = services.draft_create(actor=user, **form.cleaned_data)
        except DomainError as exc:
            form.add_error(None, exc.message)
        else:
            messages.success(request, _("征求意见稿已保存为草稿。"))
            return redirect("legislation_staff:detail", draft_id=created.pk)
    return render(request, "legislation/staff/edit.html", {"form": form}, status=400 if form.errors else 200)


def _staff_context(user: User, found: Draft, **extra: Any) -> dict[str, Any]:
    editor = user_may_edit_draft(user=user, draft=found)
    return {
        "draft": found,
        "phase": found.phase_on(clock.local_today()),
        "phases": Phase,
        "editor": editor,
        "articles": list(found.articles.all()),
        "events": [
            (e, _ACTION_NAMES.get(e.action, _("创建")), DraftStatus(e.to_status).label)
            for e in found.events.select_related("actor")
        ],
        "hearings": list(found.hearings.all()),
        "invitations": list(found.invitations.all()),
        "actions": [
            (a.value, ACTION_LABELS[a])
            for a, t in TRANSITIONS.items()
            if found.status in t.sources and a.value != "publish_summary"
        ],
        "edit_form": extra.pop("edit_form", None)
        or (
            DraftForm(regions=draft_regions_for_user(user=user), initial=_initial(found))
            if editor and found.status == DraftStatus.DRAFT
            else None
        ),
        "summary_form": extra.pop("summary_form", None)
        or SummaryForm(initial={"summary_text": found.summary_text}),
        "hearing_form": extra.pop("hearing_form", None) or HearingForm(),
        "invitation_form": extra.pop("invitation_form", None) or InvitationForm(),
        **extra,
    }


def _initial(found: Draft) -> dict[str, Any]:
    return {
        "region": found.region_id,
        "kind": found.kind,
        "title": found.title,
        "drafting_body": found.drafting_body,
        "explanation": found.explanation,
        "full_text": found.full_text,
        "opens_on": found.opens_on,
        "closes_on": found.closes_on,
        "identity_mode": found.identity_mode,
        "concerns_accessibility": found.concerns_accessibility,
    }


@require_http_methods(["GET", "POST"])
@_staff
def staff_detail(request: HttpRequest, user: User, draft_id: int) -> HttpResponse:
    """The draft's workbench page; POST edits an unpublished draft."""
    found = draft_get_for_user(user=user, draft_id=draft_id)
    if request.method == "GET":
        return render(request, "legislation/staff/detail.html", _staff_context(user, found))
    draft_get_for_user(user=user, draft_id=draft_id, for_write=True)  # a reader may not edit: 403
    form = DraftForm(request.POST, regions=draft_regions_for_user(user=user))
    if form.is_valid():
        data = {k: v for k, v in form.cleaned_data.items() if k != "region"}
        try:
            services.draft_update(actor=user, draft_id=found.pk, **data)
        except DomainError as exc:
            if isinstance(exc, PermissionDeniedError):
                raise
            form.add_error(None, exc.message)
        else:
            messages.success(request, _("已保存修改。"))
            return redirect("legislation_staff:detail", draft_id=found.pk)
    found.refresh_from_db()
    return render(
        request, "legislation/staff/detail.html", _staff_context(user, found, edit_form=form), status=400
    )


def _post_step(
    request: HttpRequest, user: User, draft_id: int, run: Callable[[], object], done: str, **forms: Any
) -> HttpResponse:
    """Run one service for a form on the draft page: back to the page with a message, or the page with the error."""
    found = draft_get_for_user(user=user, draft_id=draft_id)
    try:
        run()
    except (NotFoundError, PermissionDeniedError):
        raise
    except DomainError as exc:
        found.refresh_from_db()
        return render(
            request,
            "legislation/staff/detail.html",
            _staff_context(user, found, step_error=exc.message, **forms),
            status=exc.status_code,
        )
    messages.success(request, done)
    return redirect("legislation_staff:detail", draft_id=draft_id)


def _form_error(request: HttpRequest, user: User, draft_id: int, **forms: Any) -> HttpResponse:
    found = draft_get_for_user(user=user, draft_id=draft_id)
    return render(
        request,
        "legislation/staff/detail.html",
        _staff_context(user, found, step_error=_("请检查填写的内容。"), **forms),
        status=400,
    )


@require_POST
@_staff
def staff_act(request: HttpRequest, user: User, draft_id: int) -> HttpResponse:
    """Publish, close or withdraw (Q1) through the one transition service."""
    action = text(request.POST, "action")
    return _post_step(
        request,
        user,
        draft_id,
        lambda: services.draft_transition(
            actor=user, draft_id=draft_id, action=action, reason=text(request.POST, "reason")
        ),
        _("已办理。"),
    )


@require_POST
@_staff
def staff_summary(request: HttpRequest, user: User, draft_id: int) -> HttpResponse:
    form = SummaryForm(request.POST)
    form.is_valid()
    return _post_step(
        request,
        user,
        draft_id,
        lambda: services.draft_summary_publish(
            actor=user, draft_id=draft_id, summary_text=form.cleaned_data.get("summary_text", "")
        ),
        _("意见采纳情况已公布。"),
        summary_form=form,
    )


@require_POST
@_staff
def staff_hearing(request: HttpRequest, user: User, draft_id: int) -> HttpResponse:
    form = HearingForm(request.POST)
    if not form.is_valid():
        return _form_error(request, user, draft_id, hearing_form=form)
    return _post_step(
        request,
        user,
        draft_id,
        lambda: services.hearing_announce(actor=user, draft_id=draft_id, **form.cleaned_data),
        _("听证会已公告。"),
        hearing_form=form,
    )


@require_POST
@_staff
def staff_invitation(request: HttpRequest, user: User, draft_id: int) -> HttpResponse:
    form = InvitationForm(request.POST)
    if not form.is_valid():
        return _form_error(request, user, draft_id, invitation_form=form)
    return _post_step(
        request,
        user,
        draft_id,
        lambda: services.accessibility_invitation_record(actor=user, draft_id=draft_id, **form.cleaned_data),
        _("邀请已登记。"),
        invitation_form=form,
    )


@require_GET
@_staff
def staff_comments(request: HttpRequest, user: User, draft_id: int) -> HttpResponse:
    """Every comment on the draft with masked personal data (the read is audited, M6) and the handling forms."""
    found, rows = comment_list_for_user(user=user, draft_id=draft_id)
    return render(
        request,
        "legislation/staff/comments.html",
        {
            "draft": found,
            "rows": rows,
            "phase": found.phase_on(clock.local_today()),
            "phases": Phase,
            "handle_form": HandleForm(),
        },
    )


@require_http_methods(["GET", "POST"])
@_staff
def staff_comment(request: HtmxHttpRequest, user: User, comment_id: int) -> HttpResponse:
    """One comment with the commenter's details (audited, M6); POST records its handling (Q3)."""
    detail = comment_get_for_user(user=user, comment_id=comment_id)
    form = HandleForm(
        request.POST or None,
        initial={"handling": detail.comment.handling, "reason": detail.comment.handling_reason},
    )
    error = ""
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                services.comment_handle(actor=user, comment_id=comment_id, **form.cleaned_data)
            except DomainError as exc:
                error, status = exc.message, exc.status_code
            else:
                messages.success(
                    request,
                    _("意见 %(reference)s 的处理结果已保存。") % {"reference": detail.comment.reference},
                )
                return redirect("legislation_staff:comments", draft_id=detail.comment.draft_id)
        else:
            error, status = _("请选择处理结果。"), 400
    return render(
        request,
        "legislation/staff/comment.html",
        {"detail": detail, "form": form, "error": error},
        status=status,
    )


@require_http_methods(["GET", "POST"])
@_staff
def staff_offline(request: HttpRequest, user: User, draft_id: int) -> HttpResponse:
    """Q4: enter a comment collected by a contact point."""
    found = draft_get_for_user(user=user, draft_id=draft_id)
    points = contact_point_list_for_user(user=user).filter(region__code__startswith=found.region.prefix)
    form = OfflineCommentForm(
        request.POST or None, request.FILES or None, contact_points=points, articles=found.articles.all()
    )
    error = ""
    if request.method == "POST":
        if form.is_valid():
            data = form.cleaned_data
            try:
                created = services.comment_offline_enter(
                    actor=user,
                    draft_id=found.pk,
                    contact_point_id=data["contact_point"].pk,
                    collected_on=data["collected_on"],
                    method=data["method"],
                    body=data["body"],
                    article_id=data["article"],
                    name=data["name"],
                    phone=data["phone"],
                    files=data["attachments"],
                )
            except (NotFoundError, PermissionDeniedError):
                raise
            except DomainError as exc:
                error = exc.message
            else:
                messages.success(
                    request, _("已录入，意见编号 %(reference)s。") % {"reference": created.reference}
                )
                return redirect("legislation_staff:offline", draft_id=found.pk)
        else:
            error = _("请检查填写的内容。")
    return render(
        request,
        "legislation/staff/offline.html",
        {"draft": found, "form": form, "error": error},
        status=400 if error else 200,
    )


@require_http_methods(["GET", "POST"])
@_staff
def staff_contact_points(request: HttpRequest, user: User) -> HttpResponse:
    """Q4: the registry of grassroots legislative contact points of the user's jurisdiction."""
    form = ContactPointForm(request.POST or None, regions=contact_point_regions_for_user(user=user))
    error = ""
    if request.method == "POST":
        if not user_is_editor(user=user):
            return render(request, "workbench/forbidden.html", status=403)
        if form.is_valid():
            try:
                services.contact_point_register(actor=user, **form.cleaned_data)
            except (NotFoundError, PermissionDeniedError):
                raise
            except DomainError as exc:
                error = exc.message
            else:
                messages.success(request, _("联系点已登记。"))
                return redirect("legislation_staff:contact-points")
        else:
            error = _("请检查填写的内容。")
    return render(
        request,
        "legislation/staff/contact_points.html",
        {
            "points": contact_point_list_for_user(user=user),
            "form": form,
            "error": error,
            "editor": user_is_editor(user=user),
        },
        status=400 if error else 200,
    )


@require_GET
@_staff
def staff_attachment(request: HttpRequest, user: User, attachment_id: int) -> HttpResponseBase:
    """Download a comment's attachment (editors of the draft; audited, M6). Served as a download, never inline."""
    found = comment_attachment_get_for_user(user=user, attachment_id=attachment_id)
    response = FileResponse(
        found.file.open("rb"),
        as_attachment=True,
        filename=found.original_name,
        content_type=found.content_type,
    )
    response["X-Content-Type-Options"] = "nosniff"
    return response
