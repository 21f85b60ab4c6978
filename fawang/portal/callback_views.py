"""Booking a 12348 callback on the web (X2): the citizen picks a slot with room, sees and cancels their bookings.

Parsing and rendering only: fawang.hotline.services.online_booking decides.
"""

from __future__ import annotations

from datetime import datetime

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import dateformat
from django.utils.translation import gettext
from django.views.decorators.http import require_POST

from fawang.core import clock
from fawang.core.errors import DomainError, NotFoundError
from fawang.hotline.models import HotlineCentre
from fawang.hotline.selectors import (
    BOOKING_DAYS,
    online_booking_list,
    online_centre_by_id,
    online_centre_for,
    online_centre_list,
    online_slot_days,
)
from fawang.hotline.services.online_booking import callback_book_online, callback_cancel_online
from fawang.portal.forms import CallbackBookingForm
from fawang.portal.views import _citizen


def _centre(request: HttpRequest, centres: list[HotlineCentre]) -> HotlineCentre | None:
    wanted = request.POST.get("centre") or request.GET.get("centre")
    chosen = online_centre_by_id(centres=centres, centre_id=wanted) if wanted else None
    return chosen or online_centre_for(user=_citizen(request), centres=centres)


def callbacks(request: HttpRequest) -> HttpResponse:
    """The citizen's callback bookings and the form to book one (GET shows, POST books)."""
    user = _citizen(request)
    centres = online_centre_list()
    centre = _centre(request, centres)
    days = online_slot_days(centre=centre, now=clock.now()) if centre is not None else []
    form = CallbackBookingForm(
        request.POST or None,
        slots=[(r.starts_at.isoformat(), f"{r.starts_at:%H:%M}") for _, rows in days for r in rows],
    )
    status = 200
    if request.method == "POST":
        status = 400
        if centre is not None and form.is_valid():
            try:
                callback = callback_book_online(
                    actor=user,
                    centre=centre,
                    starts_at=datetime.fromisoformat(form.cleaned_data["slot"]),
                    reason=form.cleaned_data["reason"],
                )
            except DomainError as exc:  # refused: shown, nothing stored
                form.add_error(None, exc.message)
                status = exc.status_code
            else:
                messages.success(
                    request,
                    gettext("已预约 %(at)s 的12348回拨，届时请留意来电。")
                    % {"at": dateformat.format(clock.to_local(callback.window_start), gettext("m月d日 H:i"))},
                )
                return redirect("portal:callbacks")
        elif centre is None:
            form.add_error(None, gettext("暂无可预约的热线中心。"))
    context = {
        "centres": centres,
        "centre": centre,
        "days": days,
        "form": form,
        "bookings": list(online_booking_list(user=user)[:20]),
        "booking_days": BOOKING_DAYS,
    }
    return render(request, "portal/callbacks.html", context, status=status)


@require_POST
def callback_cancel(request: HttpRequest, callback_id: int) -> HttpResponse:
    user = _citizen(request)
    try:
        callback_cancel_online(actor=user, callback_id=callback_id)
    except NotFoundError:  # not one of the user's own web bookings
        return render(request, "portal/not_found.html", status=404)
    except DomainError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, gettext("回拨预约已取消。"))
    return redirect("portal:callbacks")
