"""普法 event pages (P3): the public calendar and, for editors in their jurisdiction, planning and attendance."""

from __future__ import annotations

from itertools import groupby

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from fawang.cases.deadlines import LOCAL_TZ
from fawang.core import clock
from fawang.core.access import public
from fawang.core.errors import DomainError, NotFoundError, PermissionDeniedError
from fawang.education.access import education_staff_require
from fawang.education.events.forms import AttendanceForm, EventForm
from fawang.education.events.selectors import (
    education_event_get_for_staff,
    education_event_get_public,
    education_event_list_for_staff,
    education_event_list_upcoming,
)
from fawang.education.events.services import (
    EventDetails,
    education_event_attendance_record,
    education_event_create,
)
from fawang.education.filters import region_filter_choices, region_filter_parse
from fawang.education.web import forbidden, not_found, signed_in_user


@public
@require_GET
def calendar(request: HttpRequest) -> HttpResponse:
    """Upcoming events by day, filtered by region; the filter swaps only the list for htmx requests."""
    now = clock.now()
    raw = request.GET.get("region", "")
    error = ""
    try:
        region = region_filter_parse(raw)
    except DomainError as exc:
        region, error = None, exc.message
    events = list(education_event_list_upcoming(now=now, region=region)[:200]) if not error else []
    days = [
        (day, list(items))
        for day, items in groupby(events, key=lambda e: e.starts_at.astimezone(LOCAL_TZ).date())
    ]
    all_codes = (
        education_event_list_upcoming(now=now).order_by().values_list("region__code", flat=True).distinct()
    )
    context = {
        "days": days,
        "region": region,
        "region_code": raw.strip(),
        "choices": region_filter_choices(all_codes),
        "error": error,
    }
    template = (
        "education/events/partials/list.html"
        if getattr(request, "htmx", False)
        else "education/events/calendar.html"
    )
    return render(request, template, context, status=400 if error else 200)


@public
@require_GET
def event_detail(request: HttpRequest, event_id: int) -> HttpResponse:
    try:
        event = education_event_get_public(event_id=event_id)
    except NotFoundError:
        return not_found(request)
    return render(request, "education/events/detail.html", {"event": event})


@require_http_methods(["GET", "POST"])
def manage(request: HttpRequest) -> HttpResponse:
    try:
        user = signed_in_user(request)
        prefixes = education_staff_require(user=user)
    except PermissionDeniedError as exc:
        return forbidden(request, exc.message)
    form = EventForm(request.POST if request.method == "POST" else None, prefixes=prefixes)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            education_event_create(actor=user, details=EventDetails(**data))
        except DomainError as exc:
            form.add_error(None, exc.message)
        else:
            messages.success(request, _("活动已加入日历。"))
            return redirect("education:events-manage")
    events = education_event_list_for_staff(user=user)[:100]
    return render(
        request,
        "education/events/manage.html",
        {"form": form, "events": events},
        status=400 if form.errors else 200,
    )


@require_http_methods(["GET", "POST"])
def attendance(request: HttpRequest, event_id: int) -> HttpResponse:
    """Record who came to a held event (P3): counts per audience group and, if kept, the names."""
    try:
        user = signed_in_user(request)
        event = education_event_get_for_staff(
            user=user, event_id=event_id, show_attendees=request.method == "GET"
        )
    except NotFoundError:
        return not_found(request)
    except PermissionDeniedError as exc:
        return forbidden(request, exc.message)
    initial: dict[str, object] = {f"count_{row.audience}": row.count for row in event.attendance.all()}
    initial["attendees"] = "\n".join(f"{a.name} {a.unit}".strip() for a in event.attendees.all())
    form = AttendanceForm(request.POST if request.method == "POST" else None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            education_event_attendance_record(
                actor=user, event=event, counts=form.counts(), attendees=form.attendee_rows()
            )
        except DomainError as exc:
            form.add_error(None, exc.message)
        else:
            messages.success(request, _("到场人数已登记。"))
            return redirect("education:events-manage")
    return render(
        request,
        "education/events/attendance.html",
        {"form": form, "event": event},
        status=400 if form.errors else 200,
    )
