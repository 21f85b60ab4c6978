"""The parties' online mediation page (/mediation/<reference>/; D11): the four stages, self-help notes for the
dispute, the negotiation thread, and a way to reach a person at every stage."""

from __future__ import annotations

from typing import Any

from django.http import HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET, require_POST

from fawang.accounts.models import User
from fawang.core.errors import NotFoundError
from fawang.core.workbench_views import (
    HtmxHttpRequest,
    Step,
    flag,
    integer,
    step_response,
    steps_in_mandarin,
    text,
    user_of,
)
from fawang.mediation import negotiation
from fawang.mediation.models import HelpRequest, NegotiationMessage
from fawang.mediation.online import HOTLINE, STAGES, guide_for, online_stage, stage_track
from fawang.mediation.selectors import mediation_party_get_for_user


def _context(user: User, reference: str) -> dict[str, Any]:
    party = mediation_party_get_for_user(user=user, reference=reference)
    mediation = party.mediation
    stage = online_stage(mediation)
    thread = list(
        NegotiationMessage.objects.filter(mediation=mediation)
        .select_related("party__person", "accepts")
        .prefetch_related("acceptances")
    )
    return {
        "party": party,
        "m": mediation,
        "case": mediation.case,
        "stage": stage,
        "track": stage_track(stage),
        "human": next(info.human for info in STAGES if info.stage == stage),
        "mediator": mediation.case.handler_practitioner,
        "guide": guide_for(mediation),
        "thread": thread,
        "accepted_ids": {m.accepts_id for m in thread if m.accepts_id and m.party_id == party.pk},
        "help_requests": list(HelpRequest.objects.filter(mediation=mediation, requested_by=user)),
        "hotline": HOTLINE,
    }


@require_GET
def page(request: HtmxHttpRequest, reference: str) -> HttpResponse:
    try:
        context = _context(user_of(request), reference)
    except NotFoundError:
        return render(request, "workbench/not_found.html", status=404)
    return render(request, "mediation/online.html", context)


STEPS: dict[str, Step] = steps_in_mandarin(
    {
        "message": lambda u, r, d: negotiation.negotiation_message_post(
            actor=u, reference=r, text=text(d, "text"), proposal=flag(d, "proposal")
        ),
        "accept": lambda u, r, d: negotiation.negotiation_proposal_accept(
            actor=u, reference=r, proposal_id=integer(d, "proposal_id")
        ),
        "help": lambda u, r, d: negotiation.help_request_create(
            actor=u, reference=r, question=text(d, "question"), callback_phone=text(d, "callback_phone")
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
        full="mediation/online.html",
        partial="mediation/partials/online_body.html",
    )
