"""What the case page shows a given user: masked personal data, the steps they may take, handler choices."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext as _

from fawang.accounts.models import User
from fawang.accounts.roles import Role, role_label
from fawang.cases.models import Case
from fawang.cases.selectors import case_roles_for_user
from fawang.cases.workflow import Action, available_transitions
from fawang.directory.models import Institution, Practitioner, Site
from fawang.people.idcard import id_number_mask
from fawang.people.selectors import ContactRoute, person_contact_route
from fawang.people.services import CONTACT_SAFETY_STAFF_ROLES
from fawang.supervision.selectors import supervision_orders_open_for_case

# Roles that see a confidential requester's identity (M7, I1).
CONFIDENTIAL_READERS = frozenset({Role.AID_REVIEWER, Role.ADMIN, Role.AID_LAWYER, Role.MEDIATOR, Role.NOTARY})
HANDLER_ACTIONS = frozenset({Action.DISPATCH, Action.ASSIGN})


def _requester_view(case: Case, roles: frozenset[Role], route: ContactRoute) -> dict[str, str] | None:
    person = case.requester
    if person is None:
        return None
    if case.confidential and not roles & CONFIDENTIAL_READERS:
        return {"name": _("（保密）"), "id_number": "", "phone": "", "groups": ""}
    return {
        "name": person.name,
        "id_number": id_number_mask(person.id_number) if person.id_number else "",
        # M14: a flagged requester's registered number is never offered for dialling; the safe one is, if any.
        "phone": route.phone_label,
        "groups": _("、").join(person.group_labels),
    }


def _handler_choices(case: Case) -> dict[str, Any]:
    county_prefix = case.region.code[:6]
    return {
        "sites": Site.objects.filter(region__code__startswith=county_prefix).order_by("region__code")[:300],
        "institutions": Institution.objects.filter(region__code__startswith=county_prefix)[:300],
        "practitioners": Practitioner.objects.filter(
            institution__region__code__startswith=county_prefix, active=True
        ).select_related("institution")[:300],
    }


def case_detail_context(*, user: User, case: Case) -> dict[str, Any]:
    roles = case_roles_for_user(user=user, case=case)
    route = person_contact_route(person=case.requester)
    actions = [t for t in available_transitions(case.service_type, case.status) if t.roles & roles]
    context: dict[str, Any] = {
        "case": case,
        "requester": _requester_view(case, roles, route),
        "route": route,
        "can_set_contact_safety": case.requester is not None and bool(roles & CONTACT_SAFETY_STAFF_ROLES),
        "events": case.events.select_related("actor").order_by("at", "id"),
        "deadlines": case.deadlines.order_by("started_at"),
        "actions": actions,
        "next_actor": role_label(case.next_actor_role) if case.next_actor_role else "",
        "needs_handler": any(t.action in HANDLER_ACTIONS for t in actions),
        "needs_items": any(t.action == Action.REQUEST_MATERIALS for t in actions),
    }
    context["supervision_orders"] = supervision_orders_open_for_case(case)
    if context["needs_handler"]:
        context.update(_handler_choices(case))
    return context
