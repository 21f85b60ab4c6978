"""What the legal-aid page shows a given user: the record, the steps they may take, the forms for them."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.utils.translation import gettext as _

from fawang.accounts.models import User
from fawang.accounts.roles import Role
from fawang.accounts.selectors import grant_list_for_user
from fawang.cases.models import Case
from fawang.cases.selectors import case_roles_for_user
from fawang.cases.states import Status
from fawang.cases.workflow import available_transitions
from fawang.core import clock
from fawang.core.errors import DomainError
from fawang.directory.models import Institution, InstitutionKind, Practitioner
from fawang.legal_aid import forms as f
from fawang.legal_aid.allocation import shares
from fawang.legal_aid.guards import AID_PERSONNEL, CAPITAL_MIN_YEARS, years_of_practice_reached
from fawang.legal_aid.models import AllocationHold, LegalAidApplication
from fawang.legal_aid.recusal import recusal_overdue
from fawang.legal_aid.roster_selectors import ROSTER_EDITORS, allocation_situation, live_hold
from fawang.legal_aid.selectors import progress_status
from fawang.legal_aid.services import INTAKE, OFFICE, QUALITY, labels_for
from fawang.legal_aid.transfer import Competence, aid_competence
from fawang.regions.models import Region
from fawang.workbench.presenters import case_detail_context

ACTION_STEPS = {
    "accept": "accept",
    "notice_accept": "accept",
    "request_materials": "request_materials",
    "supplement": "supplement",
    "deem_withdrawn": "deem_withdrawn",
    "grant": "grant",
    "refuse": "refuse",
    "assign": "assign",
    "provisional_aid": "provisional",
    "confirm_provisional": "confirm_provisional",
    "reassign": "reassign",
    "start": "start",
    "resolve": "closing",
    "close": "archive",
    "terminate": "terminate",
    "object": "object",
    "objection_uphold": "objection_decide",
    "objection_correct_refusal": "objection_decide",
    "objection_correct_termination": "objection_decide",
}
OPEN_FOR_FACTS = frozenset(
    {
        Status.NEW,
        Status.UNDER_REVIEW,
        Status.AWAITING_MATERIALS,
        Status.GRANTED,
        Status.ASSIGNED,
        Status.IN_PROGRESS,
    }
)


def intake_region(user: User) -> Region:
    """The accepting unit's region: the first region-scoped grant of the user (window, reviewer)."""
    for grant in grant_list_for_user(user=user):
        if grant.region_prefix:
            region = Region.objects.filter(code=grant.region_prefix.ljust(12, "0")).first()
            if region is not None:
                return region
    raise DomainError(_("您的账户未设置辖区，无法受理。请联系管理员。"))


def _allocation_context(app: LegalAidApplication, hold: AllocationHold | None) -> dict[str, Any]:
    """X3: the live suggestion with its reasoning (matters counted against the weighted share), the rota, and who
    was left out and why, so the reviewer sees what the suggestion rests on."""
    situation = allocation_situation(application=app)
    share = next(
        (
            r
            for r in shares(situation.candidates)
            if hold is not None and r.practitioner_id == hold.practitioner_id
        ),
        None,
    )
    return {
        "hold": hold,
        "share": share,
        "situation": situation,
        "methods": f.PractitionerForm().fields["method"],
        "hold_minutes": settings.FAWANG_AID_ALLOCATION_HOLD_MINUTES,
    }


def _practitioners(
    case: Case, app: LegalAidApplication | None, hold: AllocationHold | None = None
) -> list[dict[str, Any]]:
    today = clock.local_today()
    rows = Practitioner.objects.filter(
        institution__region__code__startswith=case.region.code[:6], active=True, kind__in=list(AID_PERSONNEL)
    ).select_related("institution")[:300]
    return [
        {
            "pk": p.pk,
            "label": _("%(name)s · %(kind)s · %(institution)s · 执业自%(since)s")
            % {
                "name": p.name,
                "kind": p.get_kind_display(),
                "institution": p.institution.name,
                "since": f"{p.practice_start:%Y-%m}",
            },
            "senior": years_of_practice_reached(p.practice_start, today, CAPITAL_MIN_YEARS),
            "suggested": hold is not None and hold.practitioner_id == p.pk,
        }
        for p in rows
    ]


def _other_agencies(case: Case, competence: Competence) -> list[Institution]:
    """Every other legal-aid agency, for a transfer the proposal did not foresee (C20)."""
    proposed = [a.pk for a in competence.transfer_targets]
    return list(
        Institution.objects.filter(kind=InstitutionKind.LEGAL_AID_CENTRE)
        .exclude(pk__in=proposed)
        .exclude(region__code__startswith=case.region.code[:6])
        .order_by("region__code", "name")[:300]
    )


def _steps(user: User, case: Case, app: LegalAidApplication | None, roles: frozenset[Role]) -> set[str]:
    steps = {
        ACTION_STEPS[t.action]
        for t in available_transitions(case.service_type, case.status)
        if t.roles & roles and t.action in ACTION_STEPS
    }
    if app is None:
        return {"register"} if roles & INTAKE else set()
    if case.status in OPEN_FOR_FACTS and roles & INTAKE:
        steps |= {"update", "materials"}
    if case.status in (Status.ASSIGNED, Status.IN_PROGRESS) and roles & ({Role.AID_LAWYER} | OFFICE):
        steps.add("progress")
    if roles & (INTAKE | {Role.CITIZEN}):
        steps.add("feedback")
    if roles & (OFFICE | {Role.SUPERVISOR}):
        steps.add("feedback_handle")
    if roles & QUALITY:
        steps.add("quality")
    if steps & {"assign", "provisional", "reassign"} and roles & ROSTER_EDITORS:
        steps.add("suggest")  # X3
    return steps | _competence_steps(case, app, roles)


def _competence_steps(case: Case, app: LegalAidApplication, roles: frozenset[Role]) -> set[str]:
    """C20 transfer before a decision; C21 recusal once someone is assigned."""
    steps = set()
    if case.status in (Status.NEW, Status.UNDER_REVIEW) and roles & INTAKE:
        steps.add("transfer")
    pending = app.recusals.filter(outcome="").exists()
    assigned = case.status in (Status.ASSIGNED, Status.IN_PROGRESS)
    if assigned and not pending and roles & (INTAKE | {Role.AID_LAWYER}):
        steps.add("recusal_request")
    if pending and roles & OFFICE:
        steps.add("recusal_decide")
    return steps


def application_context(*, user: User, case: Case) -> dict[str, Any]:
    context = case_detail_context(user=user, case=case)
    roles = case_roles_for_user(user=user, case=case)
    app = LegalAidApplication.objects.filter(case=case).first()
    steps = _steps(user, case, app, roles)
    context.update({"app": app, "steps": steps, "roles": roles, "today": clock.local_today()})
    if app is None:
        context["details_form"] = f.DetailsForm()
        return context
    snapshots = list(app.snapshots.order_by("-id"))
    competence = aid_competence(application=app)
    hold = live_hold(application=app)
    context.update(
        {
            "labels": labels_for(app),
            "snapshot": snapshots[0] if snapshots else None,
            "snapshot_count": len(snapshots),
            "materials": app.materials.select_related("received_by"),
            "notice": getattr(app, "missing_notice", None),
            "decisions": app.decisions.select_related("decided_by"),
            "assignments": app.assignments.select_related("practitioner__institution"),
            "progress": app.progress_notes.select_related("author").order_by("-at"),
            "closing": getattr(app, "closing", None),
            "objections": app.objections.select_related("decision"),
            "feedback": app.feedback.select_related("submitted_by"),
            "quality_checks": app.quality_checks.select_related("checked_by"),
            "competence": competence,
            "other_agencies": _other_agencies(case, competence) if "transfer" in steps else [],
            "transfers": app.transfers.select_related("from_institution", "to_institution", "transferred_by"),
            "recusals": [
                (r, recusal_overdue(r, today=clock.local_today()))
                for r in app.recusals.select_related("practitioner")
            ],
            "progress_status": progress_status(application=app),
            "details_form": f.DetailsForm(initial=f.details_initial(app), auto_id="id_update_%s"),
            "practitioners": _practitioners(case, app, hold)
            if steps & {"assign", "provisional", "reassign", "recusal_decide"}
            else [],
            "allocation": _allocation_context(app, hold) if "suggest" in steps else None,
            "forms": {
                "materials": f.MaterialsForm(auto_id="id_materials_%s"),
                "request_materials": f.MissingItemsForm(auto_id="id_request_materials_%s"),
                "supplement": f.SupplementForm(auto_id="id_supplement_%s"),
                "grant": f.GrantForm(
                    initial={"verification_mode": app.verification_mode}, auto_id="id_grant_%s"
                ),
                "refuse": f.RefuseForm(auto_id="id_refuse_%s"),
                "terminate": f.TerminateForm(auto_id="id_terminate_%s"),
                "progress": f.ProgressForm(auto_id="id_progress_%s"),
                "closing": f.ClosingForm(auto_id="id_closing_%s"),
                "object": f.ReasonForm(auto_id="id_object_%s"),
                "objection_decide": f.ObjectionDecideForm(auto_id="id_objection_decide_%s"),
                "feedback": f.FeedbackForm(auto_id="id_feedback_%s"),
                "quality": f.QualityForm(auto_id="id_quality_%s"),
                "transfer": f.TransferForm(auto_id="id_transfer_%s"),
                "recusal_request": f.RecusalRequestForm(auto_id="id_recusal_request_%s"),
                "recusal_decide": f.RecusalDecideForm(auto_id="id_recusal_decide_%s"),
            },
        }
    )
    from fawang.legal_aid.selectors import document_list

    context["documents"] = document_list(application=app)
    return context
