"""The agent console, callback queue, feedback list, quality inspection and service-level pages (STYLE §8).
Thin: parse, call one service or selector, render. htmx requests get partials; plain posts redirect."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, timedelta
from functools import wraps
from typing import Any

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.dateparse import parse_date
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop
from django.views.decorators.http import require_GET, require_POST

from fawang.accounts.models import User
from fawang.accounts.roles import Role
from fawang.cases.languages import languages_offered
from fawang.core import clock
from fawang.core.errors import DomainError, PermissionDeniedError
from fawang.directory.models import Institution, Practitioner, Site, SiteKind
from fawang.hotline.forms import (
    AttemptForm,
    CentreLanguagesForm,
    EscalateForm,
    HoursForm,
    ReasonForm,
    SeatLanguagesForm,
    SlotForm,
    SlotRangeForm,
    StateForm,
    WrapUpForm,
)
from fawang.hotline.hours import hours_describe, hours_open_at
from fawang.hotline.knowledge import knowledge_lookup
from fawang.hotline.languages import ivr_language_map_describe
from fawang.hotline.models import Call, HotlineCentre, QualityReview, Seat
from fawang.hotline.quality import BANNED_PHRASES, SCORE_SHEET, STANDARD_PHRASES, banned_phrases_in
from fawang.hotline.selectors import (
    CENTRE_ADMIN_ROLES,
    OPERATOR_ROLES,
    SUPERVISION_ROLES,
    call_get_for_user,
    call_language_help,
    call_pop_for_agent,
    callback_queue_for_user,
    caller_history,
    centre_list_for_user,
    feedback_list_for_user,
    hours_spans,
    quality_list_for_user,
    session_current,
    slot_rows,
)
from fawang.hotline.service_levels import GROUPINGS, service_levels, service_levels_live
from fawang.hotline.services import callbacks as callback_services
from fawang.hotline.services.calls import call_notes_save, call_wrap_up, feedback_escalate, feedback_extend
from fawang.hotline.services.capacity_alert import capacity_verdict
from fawang.hotline.services.centre import centre_hours_set, centre_languages_set
from fawang.hotline.services.quality import day_bounds, quality_review_score, quality_sample
from fawang.hotline.services.seats import agent_state_set, seat_languages_set, seat_sign_in, seat_sign_out
from fawang.regions.models import Region


def _user(request: HttpRequest) -> User:
    if not isinstance(request.user, User):
        raise PermissionDeniedError(_("请先登录。"))
    return request.user


def _forbidden(request: HttpRequest, message: str) -> HttpResponse:
    return render(request, "hotline/forbidden.html", {"message": message}, status=403)


def handles_domain_errors(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """Pages turn a NotFound / PermissionDenied / other domain error into a page with its status and message."""

    @wraps(view)
    def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        try:
            return view(request, *args, **kwargs)
        except DomainError as exc:
            return render(request, "hotline/forbidden.html", {"message": exc.message}, status=exc.status_code)

    return wrapper


def _is_htmx(request: HttpRequest) -> bool:
    return bool(getattr(request, "htmx", False))


# --- console ------------------------------------------------------------------------------------------------


def _wrap_choices(centre: HotlineCentre) -> dict[str, list[tuple[Any, str]]]:
    home = centre.site.region
    regions = Region.objects.filter(code__startswith=home.prefix, level__lte=home.level + 1).order_by("code")
    sites = Site.objects.filter(
        region__code__startswith=home.prefix, kind__in=[SiteKind.CENTRE, SiteKind.STATION, SiteKind.ROOM]
    ).order_by("region__code", "kind")
    institutions = Institution.objects.filter(region__code__startswith=home.prefix).order_by("kind", "name")
    practitioners = Practitioner.objects.filter(
        active=True, institution__region__code__startswith=home.prefix
    ).select_related("institution")[:300]
    return {
        "region_code": [(r.code, r.name) for r in regions],
        "site_id": [(s.pk, s.name) for s in sites],
        "institution_id": [(i.pk, i.name) for i in institutions],
        "practitioner_id": [
            (p.pk, f"{p.name} · {p.get_kind_display()} · {p.institution.name}") for p in practitioners
        ],
    }


def _work_context(call: Call | None, user: User, form: WrapUpForm | None = None) -> dict[str, Any]:
    if call is None:
        return {"call": None}
    context: dict[str, Any] = {
        "call": call,
        "history": caller_history(call=call),
        "language_help": call_language_help(user=user, call=call),
    }
    if call.wrapped_up_at is None:
        context["form"] = form or WrapUpForm(
            choices=_wrap_choices(call.centre),
            initial={"region_code": call.centre.site.region.code, "language": call.language},
        )
    return context


def console(request: HttpRequest) -> HttpResponse:
    user = _user(request)
    centres = list(centre_list_for_user(user=user, roles=OPERATOR_ROLES))
    if not centres:
        return _forbidden(request, _("坐席工作台仅向12348热线坐席开放。"))
    session = session_current(user=user)
    call = call_pop_for_agent(user=user)
    context = {
        "centres": centres,
        "seats": Seat.objects.filter(centre__in=centres, active=True).select_related("centre__site"),
        "session": session,
        "state_form": StateForm(),
        "languages_form": (
            SeatLanguagesForm(initial={"languages": session.languages})
            if session is not None and languages_offered()
            else None
        ),
        **_work_context(call, user),
        "poll_call": call.call_ref if call else "",
        "poll_state": call.state if call else "",
    }
    return render(request, "hotline/console.html", context)


@require_GET
def pop(request: HttpRequest) -> HttpResponse:
    """Polled every 2 s by the console (docs/hotline.md): 204 when nothing changed, else out-of-band swaps."""
    user = _user(request)
    call = call_pop_for_agent(user=user)
    ref = call.call_ref if call else ""
    state = call.state if call else ""
    shown = request.GET.get("call", "")
    if ref == shown and state == request.GET.get("state", ""):
        return HttpResponse(status=204)
    context = {"call": call, "poll_call": ref, "poll_state": state, "changed": ref != shown}
    if ref != shown:
        context.update(_work_context(call, user))
    return render(request, "hotline/partials/pop.html", context)


@require_POST
def seat_action(request: HttpRequest) -> HttpResponse:
    user = _user(request)
    try:
        if request.POST.get("action") == "sign_out":
            seat_sign_out(actor=user, reason=request.POST.get("reason", ""))
            messages.success(request, _("已签出坐席。"))
        else:
            seat = Seat.objects.filter(
                pk=request.POST.get("seat") or 0,
                centre__in=centre_list_for_user(user=user, roles=OPERATOR_ROLES),
            ).first()
            if seat is None:
                raise DomainError(_("请选择坐席。"))
            seat_sign_in(actor=user, seat=seat)
            messages.success(request, _("已签入坐席 %(seat)s，状态：空闲。") % {"seat": seat.code})
    except DomainError as exc:
        messages.error(request, exc.message)
    return redirect("hotline:console")


@require_POST
def state_action(request: HttpRequest) -> HttpResponse:
    user = _user(request)
    form = StateForm(request.POST)
    try:
        if not form.is_valid():
            raise DomainError(_("请选择状态。"))
        session = agent_state_set(
            actor=user, state=form.cleaned_data["state"], reason=form.cleaned_data["reason"]
        )
        messages.success(request, _("状态已改为：%(state)s。") % {"state": session.get_state_display()})
    except DomainError as exc:
        messages.error(request, exc.message)
    return redirect("hotline:console")


@require_POST
def seat_languages(request: HttpRequest) -> HttpResponse:
    """A12: the signed-in agent declares the languages and dialects they take calls in."""
    user = _user(request)
    form = SeatLanguagesForm(request.POST)
    try:
        if not form.is_valid():
            raise DomainError(_("所选语言未开通，请重新选择。"))
        seat_languages_set(actor=user, languages=form.cleaned_data["languages"])
        messages.success(request, _("已保存可受理的语言。"))
    except DomainError as exc:
        messages.error(request, exc.message)
    return redirect("hotline:console")


@require_POST
def notes_save(request: HttpRequest, call_ref: str) -> HttpResponse:
    user = _user(request)
    try:
        call = call_notes_save(actor=user, call_ref=call_ref, notes=request.POST.get("notes", ""))
    except DomainError as exc:
        return render(
            request, "hotline/partials/notes_saved.html", {"error": exc.message}, status=exc.status_code
        )
    return render(request, "hotline/partials/notes_saved.html", {"call": call})


@require_POST
@handles_domain_errors
def wrap_up(request: HttpRequest, call_ref: str) -> HttpResponse:
    user = _user(request)
    call = call_get_for_user(user=user, call_ref=call_ref)
    if "notes" in request.POST and request.POST["notes"] != call.notes:
        call = call_notes_save(
            actor=user, call_ref=call_ref, notes=request.POST["notes"]
        )  # the last words typed
    form = WrapUpForm(request.POST, choices=_wrap_choices(call.centre))
    error = ""
    if form.is_valid():
        try:
            call = call_wrap_up(actor=user, call_ref=call_ref, wrap=form.wrap_up())
        except DomainError as exc:
            error = exc.message
    else:
        error = _("登记内容不完整，请检查标红的项目。")
    if not error:
        if _is_htmx(request):
            return render(
                request, "hotline/partials/call_work.html", _work_context(call, user) | {"done": True}
            )
        messages.success(
            request,
            _("已登记，工单编号 %(reference)s。") % {"reference": call.case.reference if call.case else ""},
        )
        return redirect("hotline:console")
    context = _work_context(call, user, form) | {"wrap_error": error}
    if _is_htmx(request):  # htmx swaps 2xx only: the form comes back with the message in it
        return render(request, "hotline/partials/call_work.html", context)
    return render(request, "hotline/call_detail.html", context, status=400)


@require_GET
def knowledge(request: HttpRequest) -> HttpResponse:
    _user(request)
    answer = knowledge_lookup(query=request.GET.get("q", ""))
    return render(request, "hotline/partials/knowledge.html", {"answer": answer})


@handles_domain_errors
def call_detail(request: HttpRequest, call_ref: str) -> HttpResponse:
    user = _user(request)
    call = call_get_for_user(user=user, call_ref=call_ref, roles=OPERATOR_ROLES | SUPERVISION_ROLES)
    return render(request, "hotline/call_detail.html", _work_context(call, user))


# --- callbacks ------------------------------------------------------------------------------------------------


def callbacks(request: HttpRequest) -> HttpResponse:
    user = _user(request)
    if not centre_list_for_user(user=user, roles=OPERATOR_ROLES).exists():
        return _forbidden(request, _("回拨队列仅向12348热线坐席开放。"))
    return render(
        request,
        "hotline/callbacks.html",
        {"queue": callback_queue_for_user(user=user), "attempt_form": AttemptForm(), "now": clock.now()},
    )


@require_POST
def callback_action(request: HttpRequest, callback_id: int, action: str) -> HttpResponse:
    user = _user(request)
    try:
        if action == "claim":
            callback_services.callback_claim(actor=user, callback_id=callback_id)
            messages.success(request, _("已认领，请尽快回拨。"))
        elif action == "release":
            callback_services.callback_release(actor=user, callback_id=callback_id)
        elif action == "attempt":
            form = AttemptForm(request.POST)
            if not form.is_valid():
                raise DomainError(_("请选择回拨结果。"))
            callback_services.callback_attempt_record(
                actor=user, callback_id=callback_id, **form.cleaned_data
            )
            messages.success(request, _("已记录回拨结果。"))
        elif action == "prioritise":
            callback_services.callback_prioritise(
                actor=user, callback_id=callback_id, reason=request.POST.get("reason", "")
            )
            messages.success(request, _("已设为优先回拨。"))
        elif action == "cancel":
            callback_services.callback_cancel(
                actor=user, callback_id=callback_id, reason=request.POST.get("reason", "")
            )
        else:
            raise DomainError(_("未知的操作。"))
    except DomainError as exc:
        messages.error(request, exc.message)
    return redirect("hotline:callbacks")


# --- feedback (A5, A6) ---------------------------------------------------------------------------------------


def feedback(request: HttpRequest) -> HttpResponse:
    user = _user(request)
    if not centre_list_for_user(user=user, roles=OPERATOR_ROLES).exists():
        return _forbidden(request, _("回访页面仅向12348热线坐席开放。"))
    return render(request, "hotline/feedback.html", {"deadlines": feedback_list_for_user(user=user)[:200]})


@require_POST
def feedback_action(request: HttpRequest, reference: str, action: str) -> HttpResponse:
    user = _user(request)
    try:
        if action == "extend":
            form = ReasonForm(request.POST)
            if not form.is_valid():
                raise DomainError(_("延期须写明批准人和理由（A5）。"))
            feedback_extend(actor=user, reference=reference, approval=form.cleaned_data["reason"])
            messages.success(request, _("已记录延期（反馈时限合计不超过15个工作日）。"))
        else:
            raise DomainError(_("未知的操作。"))
    except DomainError as exc:
        messages.error(request, exc.message)
    return redirect(request.POST.get("next") or reverse("hotline:feedback"))


@require_POST
def feedback_escalate_view(request: HttpRequest) -> HttpResponse:
    """A6: the caller rejects the result; the 工单 goes back to the handling unit with the explanation."""
    user = _user(request)
    form = EscalateForm(request.POST)
    try:
        if not form.is_valid():
            raise DomainError(_("请填写工单编号，并记录来电人的意见和给出的解释（A6）。"))
        data = form.cleaned_data
        feedback_escalate(
            actor=user,
            reference=data["reference"].strip(),
            explanation=data["explanation"],
            site_id=data.get("site_id"),
            institution_id=data.get("institution_id"),
        )
        messages.success(request, _("已转承办单位复核，须在1个工作日内处理。"))
    except DomainError as exc:
        messages.error(request, exc.message)
    return redirect("hotline:feedback")


# --- supervision (B1-B4) and quality (B3, B9) ----------------------------------------------------------------


def _day(request: HttpRequest) -> date:
    return parse_date(request.GET.get("day", "")) or clock.local_today()


def levels(request: HttpRequest) -> HttpResponse:
    user = _user(request)
    centres = centre_list_for_user(user=user, roles=SUPERVISION_ROLES)
    if not centres.exists():
        return _forbidden(request, _("服务水平页面仅向督办管理员和质检员开放。"))
    day = _day(request)
    group_by = request.GET.get("group_by", "hour")
    group_by = group_by if group_by in GROUPINGS else "hour"
    start, end = day_bounds(day)
    now = clock.now()
    context = {
        "day": day,
        "group_by": group_by,
        "groupings": [("hour", _("按小时")), ("seat", _("按坐席")), ("centre", _("按中心"))],
        "report": service_levels(centres=centres, start=start, end=end, group_by=group_by),
        "live": service_levels_live(centres=centres, now=now),
        "centres": [
            (c, hours_describe(hours_spans(centre=c)), hours_open_at(hours_spans(centre=c), now))
            for c in centres
        ],
        "prev_day": day - timedelta(days=1),
        "next_day": day + timedelta(days=1),
    }
    template = "hotline/partials/levels_body.html" if _is_htmx(request) else "hotline/levels.html"
    return render(request, template, context)


def quality(request: HttpRequest) -> HttpResponse:
    user = _user(request)
    centres = centre_list_for_user(user=user, roles=SUPERVISION_ROLES)
    if not centres.exists():
        return _forbidden(request, _("质检页面仅向督办管理员和质检员开放。"))
    day = _day(request)
    start, end = day_bounds(day)
    reviews = quality_list_for_user(user=user).filter(call__offered_at__gte=start, call__offered_at__lt=end)
    return render(
        request,
        "hotline/quality.html",
        {
            "day": day,
            "reviews": reviews,
            "centres": centres,
            "can_score": Role.QUALITY_INSPECTOR in _roles(user),
        },
    )


def _roles(user: User) -> set[Role]:
    from fawang.accounts.selectors import user_roles

    return set(user_roles(user=user))


@require_POST
def quality_sample_action(request: HttpRequest) -> HttpResponse:
    user = _user(request)
    day = parse_date(request.POST.get("day", "")) or clock.local_today()
    try:
        added = 0
        for centre in centre_list_for_user(user=user, roles=SUPERVISION_ROLES):
            added += len(quality_sample(actor=user, centre=centre, day=day))
        messages.success(request, _("已抽取 %(n)s 个来电进入质检。") % {"n": added})
    except DomainError as exc:
        messages.error(request, exc.message)
    return redirect(f"{reverse('hotline:quality')}?day={day.isoformat()}")


def quality_review(request: HttpRequest, review_id: int) -> HttpResponse:
    user = _user(request)
    review: QualityReview | None = quality_list_for_user(user=user).filter(pk=review_id).first()
    if review is None:
        return render(request, "hotline/forbidden.html", {"message": _("未找到该质检记录。")}, status=404)
    error = ""
    if request.method == "POST":
        try:
            scores = {c.code: int(request.POST.get(f"score_{c.code}", "") or -1) for c in SCORE_SHEET}
            quality_review_score(
                actor=user,
                review_id=review.pk,
                scores=scores,
                standard_phrases=request.POST.getlist("standard"),
                banned_phrases=request.POST.getlist("banned"),
                comment=request.POST.get("comment", ""),
            )
        except (DomainError, ValueError) as exc:
            error = exc.message if isinstance(exc, DomainError) else _("分数必须是整数。")
        else:
            messages.success(request, _("评分已保存。"))
            return redirect("hotline:quality-review", review_id=review.pk)
    context = {
        "review": review,
        "sheet": SCORE_SHEET,
        "standard": STANDARD_PHRASES,
        "banned": BANNED_PHRASES,
        "suspected": banned_phrases_in(review.call.notes),
        "error": error,
    }
    return render(request, "hotline/quality_review.html", context, status=400 if error else 200)


# --- centre settings: staffed hours (B2, B5) and callback capacity (X2) ----------------------------------------


SLOTS_FORBIDDEN = gettext_noop("回拨时段容量设置仅向本中心的督办管理员和系统管理员开放。")


def _admin_centre(request: HttpRequest, user: User) -> HotlineCentre | None:
    """The centre chosen with ?centre= / centre= among those the user administers; the first by default."""
    centres = centre_list_for_user(user=user, roles=CENTRE_ADMIN_ROLES)
    raw = request.POST.get("centre") or request.GET.get("centre") or ""
    if raw:
        return centres.filter(pk=int(raw)).first() if raw.isdigit() else None
    return centres.first()


def _form_errors(form: Any) -> str:
    return " ".join(str(m) for errors in form.errors.values() for m in errors)


@handles_domain_errors
def hours(request: HttpRequest) -> HttpResponse:
    """Staffed hours and the out-of-hours answer of a centre, for its supervisors and administrators."""
    user = _user(request)
    centre = _admin_centre(request, user)
    if centre is None:
        return _forbidden(request, _("服务时间设置仅向本中心的督办管理员和系统管理员开放。"))
    error = ""
    if request.method == "POST":
        form = HoursForm(request.POST)
        if form.is_valid():
            try:
                centre_hours_set(
                    actor=user,
                    centre=centre,
                    spans=form.cleaned_data["spans"],
                    out_of_hours_mode=form.cleaned_data["out_of_hours_mode"],
                    out_of_hours_prompt=form.cleaned_data["out_of_hours_prompt"],
                    note=form.cleaned_data["note"],
                )
            except DomainError as exc:
                error = exc.message
            else:
                messages.success(request, _("服务时间已保存，新来电按新时间表判断是否为人工服务时间。"))
                return redirect(f"{reverse('hotline:hours')}?centre={centre.pk}")
        else:
            error = _form_errors(form)
    else:
        spans = hours_spans(centre=centre)
        form = HoursForm(
            initial={
                "always_open": not spans,
                "out_of_hours_mode": centre.out_of_hours_mode,
                "out_of_hours_prompt": centre.out_of_hours_prompt,
                **HoursForm.initial_for(spans),
            }
        )
    context = {
        "centre": centre,
        "centres": centre_list_for_user(user=user, roles=CENTRE_ADMIN_ROLES),
        "form": form,
        "error": error,
        "published": hours_describe(hours_spans(centre=centre)),
    }
    return render(request, "hotline/hours.html", context, status=400 if error else 200)


def _slots_context(centre: HotlineCentre, day: date) -> dict[str, Any]:
    now = clock.now()
    return {
        "centre": centre,
        "day": day,
        "rows": slot_rows(centre=centre, day=day),
        "prev_day": day - timedelta(days=1),
        "next_day": day + timedelta(days=1),
        "verdict": capacity_verdict(centre=centre, now=now) if day == clock.to_local(now).date() else None,
        "now": now,
    }


@handles_domain_errors
def slots(request: HttpRequest) -> HttpResponse:
    """A day of callback slots (X2): capacity (set here or copied from last week), booked, room."""
    user = _user(request)
    centre = _admin_centre(request, user)
    if centre is None:
        return _forbidden(request, _(SLOTS_FORBIDDEN))
    day = _day(request)
    context = _slots_context(centre, day) | {
        "centres": centre_list_for_user(user=user, roles=CENTRE_ADMIN_ROLES),
        "range_form": SlotRangeForm(initial={"first_day": day}),
    }
    return render(request, "hotline/slots.html", context)


@require_POST
@handles_domain_errors
def slot_set(request: HttpRequest) -> HttpResponse:
    """One slot's capacity, from the row's inline form (htmx swaps the row; a plain post redirects)."""
    user = _user(request)
    centre = _admin_centre(request, user)
    if centre is None:
        return _forbidden(request, _(SLOTS_FORBIDDEN))
    form = SlotForm(request.POST)
    error = ""
    starts_at = None
    if form.is_valid():
        starts_at = form.cleaned_data["starts_at"]
        try:
            callback_services.callback_slot_set(
                actor=user, centre=centre, starts_at=starts_at, capacity=form.cleaned_data["capacity"]
            )
        except DomainError as exc:
            error = exc.message
    else:
        error = _form_errors(form)
    if not _is_htmx(request):
        if error:
            messages.error(request, error)
        day = clock.to_local(starts_at).date() if starts_at else clock.local_today()
        return redirect(f"{reverse('hotline:slots')}?centre={centre.pk}&day={day.isoformat()}")
    row = None
    if starts_at is not None:
        begin = callback_services.slot_start(centre, starts_at)
        row = next((r for r in slot_rows(centre=centre, day=begin.date()) if r.starts_at == begin), None)
    context = {
        "centre": centre,
        "row": row,
        "row_error": error,
        "raw_starts_at": request.POST.get("starts_at", ""),
    }
    return render(request, "hotline/partials/slot_row.html", context, status=400 if error else 200)


@require_POST
@handles_domain_errors
def slots_range(request: HttpRequest) -> HttpResponse:
    """The same capacity over a time range on several days: how a week is laid out."""
    user = _user(request)
    centre = _admin_centre(request, user)
    if centre is None:
        return _forbidden(request, _(SLOTS_FORBIDDEN))
    form = SlotRangeForm(request.POST)
    error = ""
    if form.is_valid():
        data = form.cleaned_data
        try:
            stored = callback_services.callback_slots_set_range(
                actor=user,
                centre=centre,
                first_day=data["first_day"],
                days=data["days"],
                opens=data["opens"],
                closes=data["closes"],
                capacity=data["capacity"],
            )
        except DomainError as exc:
            error = exc.message
        else:
            messages.success(
                request,
                _("已设置 %(slots)s 个时段，每个时段可预约 %(capacity)s 个回拨。")
                % {"slots": len(stored), "capacity": data["capacity"]},
            )
            return redirect(
                f"{reverse('hotline:slots')}?centre={centre.pk}&day={data['first_day'].isoformat()}"
            )
    else:
        error = _form_errors(form)
    day = form.cleaned_data.get("first_day") or clock.local_today()
    context = _slots_context(centre, day) | {
        "centres": centre_list_for_user(user=user, roles=CENTRE_ADMIN_ROLES),
        "range_form": form,
        "range_error": error,
    }
    return render(request, "hotline/slots.html", context, status=400)


@handles_domain_errors
def centre_languages(request: HttpRequest) -> HttpResponse:
    """A12: the centre's IVR language menu (key → language), for its supervisors and administrators."""
    user = _user(request)
    centre = _admin_centre(request, user)
    if centre is None:
        return _forbidden(request, _("受理语言设置仅向本中心的督办管理员和系统管理员开放。"))
    error = ""
    if request.method == "POST":
        form = CentreLanguagesForm(request.POST)
        if form.is_valid():
            try:
                centre_languages_set(
                    actor=user, centre=centre, menu=form.cleaned_data["menu"], keys=form.keys()
                )
            except DomainError as exc:
                error = exc.message
            else:
                messages.success(request, _("语言菜单已保存，此后的来电按所按的键记录语言。"))
                return redirect(f"{reverse('hotline:languages')}?centre={centre.pk}")
        else:
            error = _form_errors(form)
    else:
        form = CentreLanguagesForm(
            initial=CentreLanguagesForm.initial_for(centre.ivr_language_menu, centre.ivr_languages)
        )
    context = {
        "centre": centre,
        "centres": centre_list_for_user(user=user, roles=CENTRE_ADMIN_ROLES),
        "form": form,
        "error": error,
        "published": ivr_language_map_describe(centre.ivr_languages),
        "offered": languages_offered(),
    }
    return render(request, "hotline/languages.html", context, status=400 if error else 200)
