"""The notary's workbench (/work/notary/): my matters with the issuance clock, the file, one form per step, and
the office's booking slots (E1-E10)."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import translation
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from fawang.accounts.models import User
from fawang.cases.models import CaseDeadline
from fawang.cases.selectors import case_roles_for_user
from fawang.cases.workflow import available_transitions
from fawang.core import clock
from fawang.core.errors import DomainError, NotFoundError
from fawang.core.workbench_views import (
    HtmxHttpRequest,
    Step,
    day,
    flag,
    integer,
    moment,
    pdf_response,
    plain_step,
    step_response,
    steps_in_mandarin,
    text,
    user_of,
)
from fawang.directory.models import Institution, InstitutionKind, Practitioner, PractitionerKind
from fawang.notary import services
from fawang.notary.catalogue import RefusalGround, matter_type
from fawang.notary.documents import application_document, certificate_document
from fawang.notary.models import (
    MaterialState,
    NotaryBooking,
    NotarySlot,
    ReviewApplicant,
    ReviewOutcome,
    SignMethod,
)
from fawang.notary.selectors import notary_matter_get_for_user, notary_matter_list_for_user

PLAIN_ACTIONS = ("assign", "start", "request_materials", "supplement", "close", "withdraw")


@require_GET
def home(request: HttpRequest) -> HttpResponse:
    matters = list(notary_matter_list_for_user(user=user_of(request))[:200])
    return render(
        request,
        "notary/home.html",
        {"matters": matters, "types": {m.matter_code: matter_type(m.matter_code).label for m in matters}},
    )


def _context(user: User, reference: str) -> dict[str, Any]:
    matter = notary_matter_get_for_user(user=user, reference=reference)
    case = matter.case
    roles = case_roles_for_user(user=user, case=case)
    return {
        "m": matter,
        "case": case,
        "kind": matter_type(matter.matter_code),
        "materials": list(matter.materials.order_by("article_item", "id")),
        "check": getattr(matter, "acceptance_check", None) if hasattr(matter, "acceptance_check") else None,
        "notice": getattr(matter, "notice", None) if hasattr(matter, "notice") else None,
        "review_check": getattr(matter, "review_check", None) if hasattr(matter, "review_check") else None,
        "refusal": getattr(matter, "refusal", None) if hasattr(matter, "refusal") else None,
        "certificate": getattr(matter, "certificate", None) if hasattr(matter, "certificate") else None,
        "reviews": list(matter.reviews.order_by("id")),
        "deadlines": list(CaseDeadline.objects.filter(case=case).order_by("started_at")),
        "paused": CaseDeadline.objects.filter(case=case, state="paused").exists(),
        "actions": [
            t
            for t in available_transitions(case.service_type, case.status)
            if t.roles & roles and t.action in PLAIN_ACTIONS
        ],
        "notaries": Practitioner.objects.filter(
            institution=matter.office, kind=PractitionerKind.NOTARY, active=True
        ),
        "choices": {
            "material": MaterialState.choices,
            "sign": SignMethod.choices,
            "refusal": RefusalGround.CHOICES,
            "review_applicant": ReviewApplicant.choices,
            "review_outcome": ReviewOutcome.choices,
        },
        "default_notice": (
            f"申请办理{matter_type(matter.matter_code).label}，公证书具有证据效力；当事人应如实提供材料，"
            "提供虚假材料的应承担相应法律责任；公证书的用途为：" + matter.purpose + "。"
        ),
    }


@require_GET
def detail(request: HtmxHttpRequest, reference: str) -> HttpResponse:
    try:
        context = _context(user_of(request), reference)
    except NotFoundError:
        return render(request, "workbench/not_found.html", status=404)
    return render(request, "notary/detail.html", context)


STEPS: dict[str, Step] = steps_in_mandarin(
    {
        "act": plain_step(PLAIN_ACTIONS),
        "accept": lambda u, r, d: services.notary_accept(
            actor=u,
            reference=r,
            has_interest=flag(d, "has_interest"),
            no_dispute=flag(d, "no_dispute"),
            within_scope=flag(d, "within_scope"),
            within_area=flag(d, "within_area"),
            note=text(d, "note"),
        ),
        "material": lambda u, r, d: services.notary_material_update(
            actor=u,
            reference=r,
            item_code=text(d, "item_code"),
            state=text(d, "state"),
            promise_signed=flag(d, "promise_signed"),
            note=text(d, "note"),
        ),
        "notice": lambda u, r, d: services.notary_notice_record(
            actor=u, reference=r, content=text(d, "content"), acknowledged_by=text(d, "acknowledged_by")
        ),
        "pause": lambda u, r, d: services.notary_pause(
            actor=u, reference=r, kind=text(d, "kind"), reason=text(d, "reason")
        ),
        "resume": lambda u, r, d: services.notary_resume(actor=u, reference=r, note=text(d, "note")),
        "review_check": lambda u, r, d: services.notary_review_check(
            actor=u,
            reference=r,
            identity_capacity_rights=flag(d, "identity_capacity_rights"),
            documents_complete=flag(d, "documents_complete"),
            proofs_true_lawful=flag(d, "proofs_true_lawful"),
            matter_true_lawful=flag(d, "matter_true_lawful"),
            note=text(d, "note"),
        ),
        "issue": lambda u, r, d: services.notary_certificate_issue(
            actor=u, reference=r, statement=text(d, "statement")
        ),
        "refuse": lambda u, r, d: services.notary_refuse(
            actor=u, reference=r, ground=text(d, "ground"), explanation=text(d, "explanation")
        ),
        "review_apply": lambda u, r, d: services.notary_review_apply(
            actor=u,
            reference=r,
            applicant_kind=text(d, "applicant_kind"),
            applicant_name=text(d, "applicant_name"),
            received_on=day(d, "received_on"),
            applied_on=day(d, "applied_on"),
            grounds=text(d, "grounds"),
        ),
        "review_decide": lambda u, r, d: services.notary_review_decide(
            actor=u,
            reference=r,
            review_id=integer(d, "review_id"),
            outcome=text(d, "outcome"),
            note=text(d, "note"),
        ),
        "review_execute": lambda u, r, d: services.notary_review_execute(
            actor=u, reference=r, review_id=integer(d, "review_id"), note=text(d, "note")
        ),
    }
)


@require_POST
def step(request: HtmxHttpRequest, reference: str, name: str) -> HttpResponse:
    return step_response(
        request,
        steps=STEPS,
        name=name,
        reference=reference,
        context_of=_context,
        full="notary/detail.html",
        partial="notary/partials/body.html",
    )


@require_GET
def document(request: HttpRequest, reference: str, kind: str) -> HttpResponse:
    try:
        matter = notary_matter_get_for_user(user=user_of(request), reference=reference)
    except NotFoundError:
        return render(request, "workbench/not_found.html", status=404)
    if kind == "certificate" and hasattr(matter, "certificate"):
        with translation.override(settings.LANGUAGE_CODE):  # an official document, in the source language
            content = certificate_document(matter.certificate).render()
        return pdf_response(content, f"{reference}-certificate.pdf")
    if kind == "application":
        with translation.override(settings.LANGUAGE_CODE):
            content = application_document(matter).render()
        return pdf_response(content, f"{reference}-application.pdf")
    return render(request, "workbench/not_found.html", status=404)


def _my_offices(user: User) -> list[Institution]:
    from fawang.accounts.selectors import grant_list_for_user

    ids = [g.institution_id for g in grant_list_for_user(user=user) if g.institution_id]
    return list(Institution.objects.filter(pk__in=ids, kind=InstitutionKind.NOTARY_OFFICE))


@require_http_methods(["GET", "POST"])
def slots(request: HttpRequest) -> HttpResponse:
    """The office's booking slots: create them, see who booked."""
    user = user_of(request)
    offices = _my_offices(user)
    error = ""
    if request.method == "POST":
        try:
            office = next((o for o in offices if o.pk == integer(request.POST, "office")), None)
            if office is None:
                raise DomainError(_("只能为本公证处设置预约时段。"))
            starts = moment(request.POST, "starts_at")
            services.notary_slot_create(
                actor=user,
                office=office,
                starts_at=starts,
                ends_at=starts + timedelta(minutes=integer(request.POST, "minutes")),
                capacity=integer(request.POST, "capacity"),
                notary=Practitioner.objects.filter(
                    pk=integer(request.POST, "notary"), institution=office
                ).first()
                if text(request.POST, "notary")
                else None,
            )
        except DomainError as exc:
            error = exc.message
    rows = (
        NotarySlot.objects.filter(office__in=offices, starts_at__gte=clock.now() - timedelta(days=1))
        .select_related("notary")
        .order_by("starts_at")[:200]
    )
    bookings = NotaryBooking.objects.filter(slot__in=list(rows), status="booked").select_related(
        "person", "slot"
    )
    context = {
        "offices": offices,
        "slots": rows,
        "bookings": bookings,
        "error": error,
        "notaries": Practitioner.objects.filter(institution__in=offices, kind=PractitionerKind.NOTARY),
    }
    return render(request, "notary/slots.html", context, status=400 if error else 200)
