"""The mediator's workbench (/work/mediation/): my cases with deadlines, the file, and one form per step (D1-D9)."""

from __future__ import annotations

import uuid
from typing import Any

from django.conf import settings
from django.http import HttpRequest, HttpResponse, QueryDict
from django.shortcuts import redirect, render
from django.utils import translation
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from fawang.accounts.models import User
from fawang.accounts.selectors import grant_list_for_user
from fawang.cases.models import CaseDeadline
from fawang.cases.selectors import case_roles_for_user
from fawang.cases.workflow import available_transitions
from fawang.core.errors import DomainError, NotFoundError
from fawang.core.workbench_views import (
    HtmxHttpRequest,
    Step,
    day,
    flag,
    integer,
    integers,
    moment,
    pdf_response,
    plain_step,
    step_response,
    steps_in_mandarin,
    text,
    user_of,
)
from fawang.directory.models import Institution, InstitutionKind, Practitioner
from fawang.mediation import services
from fawang.mediation.documents import agreement_document, confirmation_document, termination_document
from fawang.mediation.models import (
    AgreementKind,
    ConfirmationResult,
    Consent,
    EscalationKind,
    MediationAgreement,
    Origin,
    ParticipantKind,
    PerformanceResult,
    PersonalStatusMatter,
    Side,
    SignatureMethod,
    TerminationGround,
)
from fawang.mediation.negotiation import help_request_answer
from fawang.mediation.online import online_stage
from fawang.mediation.selectors import mediation_get_for_user, mediation_list_for_user

PLAIN_ACTIONS = ("accept", "assign", "start", "close", "reject", "withdraw")


@require_GET
def home(request: HttpRequest) -> HttpResponse:
    user = user_of(request)
    files = list(mediation_list_for_user(user=user)[:200])
    return render(request, "mediation/home.html", {"files": files})


def _committees(user: User) -> list[Institution]:
    prefixes = [g.region_prefix for g in grant_list_for_user(user=user) if g.region_prefix]
    ids = [g.institution_id for g in grant_list_for_user(user=user) if g.institution_id]
    rows = Institution.objects.filter(kind=InstitutionKind.MEDIATION_COMMITTEE).select_related("region")
    return [c for c in rows if c.pk in ids or any(c.region.code.startswith(p) for p in prefixes)]


def _party(data: QueryDict, prefix: str, side: str) -> services.PartyInput:
    return services.PartyInput(
        name=text(data, f"{prefix}_name"),
        side=side,
        id_number=text(data, f"{prefix}_id_number"),
        phone=text(data, f"{prefix}_phone"),
        address=text(data, f"{prefix}_address"),
    )


@require_http_methods(["GET", "POST"])
def new(request: HttpRequest) -> HttpResponse:
    user = user_of(request)
    committees = _committees(user)
    error = ""
    if request.method == "POST":
        data = request.POST
        try:
            committee = next((c for c in committees if c.pk == integer(data, "committee")), None)
            if committee is None:
                raise DomainError(_("请选择您辖区内的人民调解委员会。"))
            chosen = (
                Practitioner.objects.filter(pk=integer(data, "mediator")).first()
                if text(data, "mediator")
                else None
            )
            mediation = services.mediation_application_create(
                actor=user,
                committee=committee,
                origin=text(data, "origin"),
                title=text(data, "title"),
                facts=text(data, "facts"),
                issues=text(data, "issues"),
                parties=[
                    _party(data, "applicant", Side.APPLICANT),
                    _party(data, "respondent", Side.RESPONDENT),
                ],
                chosen_mediator=chosen,
                major_or_complex=flag(data, "major"),
                status_matter=text(data, "status_matter") or PersonalStatusMatter.NONE,
                idempotency_key=text(data, "idempotency_key") or None,
            )
        except DomainError as exc:
            error = exc.message
        else:
            return redirect("mediation:detail", reference=mediation.case.reference)
    context = {
        "committees": committees,
        "mediators": Practitioner.objects.filter(institution__in=committees, active=True),
        "origins": Origin.choices,
        "status_matters": PersonalStatusMatter.choices,
        "error": error,
        "key": uuid.uuid4().hex,
        "free": services.FREE_OF_CHARGE,
    }
    return render(request, "mediation/new.html", context, status=400 if error else 200)


def _context(user: User, reference: str) -> dict[str, Any]:
    mediation = mediation_get_for_user(user=user, reference=reference)
    case = mediation.case
    roles = case_roles_for_user(user=user, case=case)
    agreement = MediationAgreement.objects.filter(mediation=mediation).first()
    return {
        "m": mediation,
        "case": case,
        "parties": list(mediation.parties.select_related("person")),
        "participants": list(mediation.participants.all()),
        "sessions": list(mediation.sessions.select_related("mediator")),
        "agreement": agreement,
        "signed_ids": set(agreement.signatures.values_list("party_id", flat=True)) if agreement else set(),
        "termination": getattr(mediation, "termination", None) if hasattr(mediation, "termination") else None,
        "reports": list(mediation.reports.all()),
        "confirmation": getattr(mediation, "confirmation", None)
        if hasattr(mediation, "confirmation")
        else None,
        "follow_ups": list(mediation.follow_ups.all()),
        "online_stage": online_stage(mediation),
        "negotiation": list(mediation.negotiation.select_related("party__person")),
        "help_requests": list(mediation.help_requests.all()),
        "deadlines": list(CaseDeadline.objects.filter(case=case).order_by("started_at")),
        "actions": [
            t
            for t in available_transitions(case.service_type, case.status)
            if t.roles & roles and t.action in PLAIN_ACTIONS
        ],
        "mediators": Practitioner.objects.filter(
            institution=mediation.committee, kind="mediator", active=True
        ),
        "choices": {
            "consent": [
                (Consent.CONSENTED, Consent.CONSENTED.label),
                (Consent.REFUSED, Consent.REFUSED.label),
            ],
            "participant": ParticipantKind.choices,
            "agreement": AgreementKind.choices,
            "signature": SignatureMethod.choices,
            "termination": TerminationGround.choices,
            "escalation": EscalationKind.choices,
            "ruling": [
                (ConfirmationResult.CONFIRMED, ConfirmationResult.CONFIRMED.label),
                (ConfirmationResult.NOT_CONFIRMED, ConfirmationResult.NOT_CONFIRMED.label),
                (ConfirmationResult.WITHDRAWN, ConfirmationResult.WITHDRAWN.label),
            ],
            "performance": PerformanceResult.choices,
        },
    }


@require_GET
def detail(request: HtmxHttpRequest, reference: str) -> HttpResponse:
    try:
        context = _context(user_of(request), reference)
    except NotFoundError:
        return render(request, "workbench/not_found.html", status=404)
    return render(request, "mediation/detail.html", context)


def _agreement(user: User, reference: str, data: QueryDict) -> object:
    return services.mediation_agreement_draft(
        actor=user,
        reference=reference,
        data=services.AgreementInput(
            kind=text(data, "kind"),
            facts=text(data, "facts"),
            issues=text(data, "issues"),
            responsibilities=text(data, "responsibilities"),
            terms=text(data, "terms"),
            performance_manner=text(data, "performance_manner"),
            performance_due=day(data, "performance_due"),
            immediate_performance=flag(data, "immediate"),
            written_requested=flag(data, "written_requested"),
        ),
    )


STEPS: dict[str, Step] = steps_in_mandarin(
    {
        "act": plain_step(PLAIN_ACTIONS),
        "consent": lambda u, r, d: services.mediation_party_consent(
            actor=u,
            reference=r,
            party_id=integer(d, "party_id"),
            consent=text(d, "consent"),
            note=text(d, "note"),
        ),
        "invite": lambda u, r, d: services.mediation_participant_invite(
            actor=u,
            reference=r,
            name=text(d, "name"),
            kind=text(d, "kind"),
            consenting_party_ids=integers(d, "party_ids"),
        ),
        "session": lambda u, r, d: services.mediation_session_record(
            actor=u,
            reference=r,
            held_at=moment(d, "held_at"),
            place=text(d, "place"),
            attendees=text(d, "attendees"),
            record=text(d, "record"),
        ),
        "agreement": _agreement,
        "sign": lambda u, r, d: services.mediation_agreement_sign(
            actor=u, reference=r, party_id=integer(d, "party_id"), method=text(d, "method")
        ),
        "mediator_sign": lambda u, r, d: services.mediation_agreement_mediator_sign(actor=u, reference=r),
        "seal": lambda u, r, d: services.mediation_agreement_seal(actor=u, reference=r),
        "conclude": lambda u, r, d: services.mediation_conclude(
            actor=u, reference=r, summary=text(d, "summary")
        ),
        "terminate": lambda u, r, d: services.mediation_terminate(
            actor=u, reference=r, ground=text(d, "ground"), explanation=text(d, "explanation")
        ),
        "extend": lambda u, r, d: services.mediation_extend(
            actor=u, reference=r, party_ids=integers(d, "party_ids"), reason=text(d, "reason")
        ),
        "report": lambda u, r, d: services.mediation_escalation_report(
            actor=u,
            reference=r,
            kind=text(d, "kind"),
            police_unit=text(d, "police_unit"),
            summary=text(d, "summary"),
            measures=text(d, "measures"),
        ),
        "confirm_apply": lambda u, r, d: services.mediation_confirmation_apply(
            actor=u,
            reference=r,
            court=text(d, "court"),
            property_proofs=text(d, "property_proofs"),
            powers_of_attorney=text(d, "powers_of_attorney"),
        ),
        "court_reply": lambda u, r, d: services.mediation_confirmation_court_reply(
            actor=u, reference=r, accepted=text(d, "accepted") == "1", note=text(d, "note")
        ),
        "court_extend": lambda u, r, d: services.mediation_confirmation_extend(
            actor=u, reference=r, note=text(d, "note")
        ),
        "court_ruled": lambda u, r, d: services.mediation_confirmation_ruled(
            actor=u, reference=r, result=text(d, "result"), note=text(d, "note")
        ),
        "follow_up": lambda u, r, d: services.mediation_follow_up_record(
            actor=u,
            reference=r,
            checked_on=day(d, "checked_on"),
            result=text(d, "result"),
            note=text(d, "note"),
        ),
        "help_answer": lambda u, r, d: help_request_answer(
            actor=u, reference=r, request_id=integer(d, "request_id"), answer=text(d, "answer")
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
        full="mediation/detail.html",
        partial="mediation/partials/body.html",
    )


@require_GET
def document(request: HttpRequest, reference: str, kind: str) -> HttpResponse:
    try:
        mediation = mediation_get_for_user(user=user_of(request), reference=reference)
    except NotFoundError:
        return render(request, "workbench/not_found.html", status=404)
    docs = {
        "agreement": lambda: agreement_document(mediation.agreement),
        "termination": lambda: termination_document(mediation.termination),
        "confirmation": lambda: confirmation_document(mediation.confirmation),
    }
    if kind not in docs or not hasattr(mediation, kind):
        return render(request, "workbench/not_found.html", status=404)
    with translation.override(settings.LANGUAGE_CODE):  # an official document, in the source language
        content = docs[kind]().render()
    return pdf_response(content, f"{reference}-{kind}.pdf")
