"""The kiosk pages under /kiosk/ (G10): a full-screen touch home, the smart consultation with its one-tap hand-off,
the legal-aid and notary pre-applications, progress by reference and phone digits, and the printable receipt.

No citizen account and no sign-in: every page but pairing needs the device cookie of a registered, active kiosk,
and answers 404 while the channel is closed. Each page belongs to one visit (fawang.kiosk.visits); a POST from a
page of an earlier visit (after the idle time or 结束并清除) is refused with 409 and changes nothing. Thin views:
parse, call the kiosk services, render.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable
from functools import wraps
from typing import Any

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_POST

from fawang.core.access import public
from fawang.core.errors import DomainError
from fawang.kiosk.forms import AskForm, PairForm, ReviewForm, TrackDigitsForm, TrackReferenceForm
from fawang.kiosk.journeys import REVIEW, Journey, journey_for
from fawang.kiosk.models import Kiosk, KioskRequestKind
from fawang.kiosk.presenters import kiosk_progress, kiosk_receipt, review_lines
from fawang.kiosk.selectors import kiosk_channel_open, kiosk_get_by_token, kiosk_submission_get
from fawang.kiosk.services import (
    AidPreApplication,
    KioskContact,
    NotaryPreApplication,
    kiosk_aid_submit,
    kiosk_case_track,
    kiosk_consultation_submit,
    kiosk_notary_submit,
    kiosk_pair,
    kiosk_touch,
)
from fawang.kiosk.visits import Visit, idle_seconds, visit_end, visit_open, visit_save
from fawang.knowledge.consult import consultation_smart, shown_payload

COOKIE = "fawang_kiosk"
COOKIE_SALT = "fawang.kiosk.device"
COOKIE_MAX_AGE = 400 * 24 * 3600  # the longest a browser keeps a cookie (Chromium caps at 400 days)
STALE = _("本次服务已超时或已结束，刚才填写的内容已清除。请重新开始。")

KioskView = Callable[..., HttpResponse]


def _token(request: HttpRequest) -> str:
    return str(request.get_signed_cookie(COOKIE, default="", salt=COOKIE_SALT) or "")


def _set_device_cookie(response: HttpResponse, token: str) -> None:
    response.set_signed_cookie(
        COOKIE,
        token,
        salt=COOKIE_SALT,
        max_age=COOKIE_MAX_AGE,
        path="/kiosk/",
        httponly=True,
        secure=settings.SESSION_COOKIE_SECURE,
        samesite="Lax",
    )


def _page(
    request: HttpRequest,
    template: str,
    kiosk: Kiosk,
    visit: Visit,
    context: dict[str, Any] | None = None,
    *,
    status: int = 200,
) -> HttpResponse:
    base = {
        "kiosk": kiosk,
        "visit": visit,
        "idle_seconds": idle_seconds(),
        "armed": True,
        "kiosk_languages": settings.LANGUAGES,  # (code, the language's own name), L8
    }
    return render(request, template, {**base, **(context or {})}, status=status)


def _closed(request: HttpRequest) -> HttpResponse:
    return render(request, "kiosk/closed.html", status=404)


def kiosk_page(*, any_visit: bool = False) -> Callable[[KioskView], KioskView]:
    """The device check, the visit and no caching (a shared screen keeps no page of an earlier user)."""

    def decorate(view: KioskView) -> KioskView:
        @wraps(view)
        def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
            if not kiosk_channel_open():
                return _closed(request)
            kiosk = kiosk_get_by_token(token=_token(request))
            if kiosk is None or not kiosk.active:
                return render(request, "kiosk/unregistered.html", status=403)
            kiosk_touch(kiosk=kiosk)
            visit = visit_open(request, kiosk)
            if request.method == "POST" and not any_visit and request.POST.get("visit") != visit.id:
                visit_save(request, visit)
                return _page(request, "kiosk/home.html", kiosk, visit, {"message": STALE}, status=409)
            response = view(request, kiosk, visit, *args, **kwargs)
            if not visit.ended:
                visit_save(request, visit)
            return response

        return public(never_cache(wrapped))

    return decorate


@require_http_methods(["GET"])
@kiosk_page()
def home(request: HttpRequest, kiosk: Kiosk, visit: Visit) -> HttpResponse:
    cleared = request.GET.get("cleared") == "1"
    context = {"cleared": cleared, "armed": bool(visit.data)}
    response = _page(request, "kiosk/home.html", kiosk, visit, context)
    _set_device_cookie(response, _token(request))  # sliding expiry: a kiosk in daily use stays paired
    return response


@require_POST
@kiosk_page(any_visit=True)
def end(request: HttpRequest, kiosk: Kiosk, visit: Visit) -> HttpResponse:
    """结束并清除 (and the idle script): the visit's server-side data is deleted; the large-text choice and the
    interface language too (L8: the next person starts in Mandarin)."""
    visit_end(request, visit)
    response = redirect(f"{reverse('kiosk:home')}?cleared=1")
    response.delete_cookie("large_text", path="/")
    response.delete_cookie(
        settings.LANGUAGE_COOKIE_NAME,
        path=settings.LANGUAGE_COOKIE_PATH,
        domain=settings.LANGUAGE_COOKIE_DOMAIN,
        samesite=settings.LANGUAGE_COOKIE_SAMESITE,
    )
    return response


@require_POST
@kiosk_page()
def alive(request: HttpRequest, kiosk: Kiosk, visit: Visit) -> HttpResponse:
    """The idle script's ping while someone is using the screen: keeps the visit's server-side clock in step."""
    return HttpResponse(status=204)


# --- smart consultation (J4-J6) --------------------------------------------------------------------------------------


@require_http_methods(["GET", "POST"])
@kiosk_page()
def ask(request: HttpRequest, kiosk: Kiosk, visit: Visit) -> HttpResponse:
    """The question is posted, never put in the address (a kiosk's history is public)."""
    form = AskForm(request.POST or None, kiosk=kiosk)
    message = ""
    if request.method == "POST" and form.is_valid():
        answer = consultation_smart(question=form.cleaned_data["question"], region=kiosk.site.region)
        if answer.question:
            visit.data["ask"] = {"q": answer.question, "shown": shown_payload(answer)}
            visit.data.pop("journey", None)
            return redirect("kiosk:answer")
        message = answer.empty_reason
    status = 400 if request.method == "POST" else 200
    return _page(request, "kiosk/ask.html", kiosk, visit, {"form": form, "message": message}, status=status)


@require_http_methods(["GET"])
@kiosk_page()
def answer(request: HttpRequest, kiosk: Kiosk, visit: Visit) -> HttpResponse:
    asked = visit.data.get("ask")
    if not asked:
        return redirect("kiosk:ask")
    result = consultation_smart(question=asked["q"], region=kiosk.site.region)
    return _page(request, "kiosk/answer.html", kiosk, visit, {"answer": result})


# --- journeys: pre-applications and the hand-off to a human ----------------------------------------------------------


@require_http_methods(["GET"])
@kiosk_page()
def start(request: HttpRequest, kiosk: Kiosk, visit: Visit, slug: str) -> HttpResponse:
    journey = journey_for(slug)
    if journey is None:
        return redirect("kiosk:home")
    if journey.kind == KioskRequestKind.CONSULTATION and not visit.data.get("ask"):
        return redirect("kiosk:ask")
    # One idempotency key per submission (N2): a double tap on 提交 makes one 工单.
    visit.data["journey"] = {
        "slug": slug,
        "key": f"kiosk-{kiosk.pk}-{uuid.uuid4().hex}",
        "answers": {},
        "done": [],
    }
    return redirect("kiosk:step", slug=slug, key=journey.keys[0])


def _state(visit: Visit, slug: str) -> dict[str, Any] | None:
    state = visit.data.get("journey")
    return state if isinstance(state, dict) and state.get("slug") == slug else None


@require_http_methods(["GET", "POST"])
@kiosk_page()
def step(request: HttpRequest, kiosk: Kiosk, visit: Visit, slug: str, key: str) -> HttpResponse:
    journey = journey_for(slug)
    state = _state(visit, slug)
    if journey is None or state is None or key not in journey.keys:
        receipt = visit.data.get("receipt") or {}
        if request.method == "POST" and receipt.get("key") and request.POST.get("key") == receipt["key"]:
            return redirect(
                "kiosk:receipt"
            )  # a second tap on 提交 after the first went through: its one receipt
        return redirect("kiosk:home")
    missing = next((k for k in journey.keys[: journey.keys.index(key)] if k not in state["done"]), None)
    if missing is not None:  # one screen at a time, in order
        return redirect("kiosk:step", slug=slug, key=missing)
    if key == REVIEW:
        return _review(request, kiosk, visit, journey, state)
    declared = journey.step(key)
    if declared is None:  # not reached: key is one of journey.keys and not the review
        return redirect("kiosk:home")
    form = declared.form(request.POST or None, kiosk=kiosk, initial=state["answers"])
    if request.method == "POST" and form.is_valid():
        state["answers"].update(form.cleaned_data)
        if key not in state["done"]:
            state["done"].append(key)
        return redirect("kiosk:step", slug=slug, key=journey.keys[journey.keys.index(key) + 1])
    index = journey.keys.index(key)
    context = {
        "journey": journey,
        "form": form,
        "number": index + 1,
        "total": len(journey.keys),
        "back": journey.keys[index - 1] if index else "",
    }
    return _page(request, "kiosk/step.html", kiosk, visit, context, status=400 if form.errors else 200)


def _submit(kiosk: Kiosk, visit: Visit, journey: Journey, state: dict[str, Any]) -> str:
    a = state["answers"]
    contact = KioskContact(name=a.get("name", ""), phone=a.get("phone", ""), id_number=a.get("id_number", ""))
    common = {
        "kiosk": kiosk,
        "contact": contact,
        "idempotency_key": state["key"],
        "language": a.get("language", ""),
    }
    if journey.kind == KioskRequestKind.LEGAL_AID:
        application = AidPreApplication(matter=a["matter"], facts=a["facts"], hardship=a["hardship"])
        case = kiosk_aid_submit(application=application, **common)
    elif journey.kind == KioskRequestKind.NOTARY:
        notary = NotaryPreApplication(
            matter_code=a["matter_code"],
            purpose=a["purpose"],
            documents=a["documents"],
            office_id=a["office"],
        )
        case = kiosk_notary_submit(application=notary, **common)
    else:
        asked = visit.data.get("ask") or {}
        case = kiosk_consultation_submit(question=asked.get("q", ""), shown=asked.get("shown", {}), **common)
    return case.reference


def _review(
    request: HttpRequest, kiosk: Kiosk, visit: Visit, journey: Journey, state: dict[str, Any]
) -> HttpResponse:
    form = ReviewForm(request.POST or None, kiosk=kiosk, initial={"key": state["key"]})
    status = 200
    if request.method == "POST":
        if request.POST.get("key") != state["key"]:
            return _page(request, "kiosk/home.html", kiosk, visit, {"message": STALE}, status=409)
        if form.is_valid():
            try:
                reference = _submit(kiosk, visit, journey, state)
            except DomainError as exc:
                form.add_error(None, exc.message)
                status = exc.status_code
            else:
                # What was typed is dropped now; the receipt shows the masked name and phone only.
                visit.data.pop("journey", None)
                visit.data.pop("ask", None)
                visit.data["receipt"] = {"reference": reference, "key": state["key"]}
                return redirect("kiosk:receipt")
        else:
            status = 400
    context = {
        "journey": journey,
        "form": form,
        "lines": review_lines(journey, state["answers"], kiosk),
        "question": (visit.data.get("ask") or {}).get("q", "") if journey.slug == "human" else "",
        "number": len(journey.keys),
        "total": len(journey.keys),
        "back": journey.keys[-2],
    }
    return _page(request, "kiosk/review.html", kiosk, visit, context, status=status)


# --- receipt and progress --------------------------------------------------------------------------------------------


@require_http_methods(["GET"])
@kiosk_page()
def receipt(request: HttpRequest, kiosk: Kiosk, visit: Visit) -> HttpResponse:
    reference = (visit.data.get("receipt") or {}).get("reference", "")
    submission = kiosk_submission_get(kiosk=kiosk, reference=reference) if reference else None
    if submission is None:
        return redirect("kiosk:home")
    return _page(request, "kiosk/receipt.html", kiosk, visit, {"receipt": kiosk_receipt(submission)})


@require_http_methods(["GET", "POST"])
@kiosk_page()
def track(request: HttpRequest, kiosk: Kiosk, visit: Visit) -> HttpResponse:
    form = TrackReferenceForm(request.POST or None, kiosk=kiosk)
    if request.method == "POST" and form.is_valid():
        visit.data["track"] = form.cleaned_data["reference"].strip().upper()
        return redirect("kiosk:track-digits")
    status = 400 if form.errors else 200
    return _page(request, "kiosk/track.html", kiosk, visit, {"form": form, "number": 1}, status=status)


@require_http_methods(["GET", "POST"])
@kiosk_page()
def track_digits(request: HttpRequest, kiosk: Kiosk, visit: Visit) -> HttpResponse:
    reference = str(visit.data.get("track") or "")
    if not reference:
        return redirect("kiosk:track")
    form = TrackDigitsForm(request.POST or None, kiosk=kiosk)
    status = 200
    if request.method == "POST" and form.is_valid():
        try:
            case = kiosk_case_track(
                kiosk=kiosk, reference=reference, phone_digits=form.cleaned_data["digits"]
            )
        except DomainError as exc:
            form.add_error(None, exc.message)
            status = exc.status_code
        else:
            visit.data.pop("track", None)
            context = {"case": case, "view": kiosk_progress(case)}
            return _page(request, "kiosk/progress.html", kiosk, visit, context)
    elif form.errors:
        status = 400
    return _page(request, "kiosk/track.html", kiosk, visit, {"form": form, "number": 2}, status=status)


# --- pairing (staff, once per browser) ------------------------------------------------------------------------------


@public
@never_cache
@require_http_methods(["GET", "POST"])
def pair(request: HttpRequest) -> HttpResponse:
    """The browser at the kiosk becomes the kiosk: staff type the one-time code from the workbench (or open the
    pairing address shown with it). The device token goes into a signed, HttpOnly cookie; nothing else is kept."""
    if not kiosk_channel_open():
        return _closed(request)
    form = PairForm(request.POST or None, initial={"code": request.GET.get("code", "")[:12]})
    if request.method == "POST" and form.is_valid():
        try:
            _kiosk, token = kiosk_pair(code=form.cleaned_data["code"])
        except DomainError as exc:
            form.add_error(None, exc.message)
        else:
            request.session.flush()
            response = redirect("kiosk:home")
            _set_device_cookie(response, token)
            return response
    return render(request, "kiosk/pair.html", {"form": form}, status=400 if form.errors else 200)
