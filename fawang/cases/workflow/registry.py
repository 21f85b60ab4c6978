"""All lifecycles, one per service type, and the lookups the transition service uses."""

from __future__ import annotations

from fawang.cases.states import ServiceType
from fawang.cases.workflow.appraisal import APPRAISAL
from fawang.cases.workflow.base import Lifecycle, Transition
from fawang.cases.workflow.complaint import COMPLAINT, SUGGESTION
from fawang.cases.workflow.consultation import CONSULTATION, LAWYER_REFERRAL, RESETTLEMENT
from fawang.cases.workflow.legal_aid import LEGAL_AID
from fawang.cases.workflow.mediation import MEDIATION
from fawang.cases.workflow.notary import NOTARY

LIFECYCLES: dict[ServiceType, Lifecycle] = {
    lifecycle.service_type: lifecycle
    for lifecycle in (
        CONSULTATION,
        LAWYER_REFERRAL,
        RESETTLEMENT,
        COMPLAINT,
        SUGGESTION,
        LEGAL_AID,
        MEDIATION,
        NOTARY,
        APPRAISAL,
    )
}


def lifecycle_for(service_type: str) -> Lifecycle:
    return LIFECYCLES[ServiceType(service_type)]


def transition_for(service_type: str, action: str) -> Transition | None:
    return lifecycle_for(service_type).transitions.get(action)


def available_transitions(service_type: str, status: str) -> list[Transition]:
    return [t for t in lifecycle_for(service_type).transitions.values() if status in t.sources]
