"""The lifecycle tables, declared here independently, against the code's tables (STYLE §4, §12).

Each row is (action, source statuses, target); None keeps the status. Any pair not listed must be refused.
"""

import pytest

from fawang.cases.states import ServiceType, Status
from fawang.cases.workflow import LIFECYCLES, Action, transition_for

S = Status
OPEN = {
    S.NEW,
    S.ACCEPTED,
    S.UNDER_REVIEW,
    S.AWAITING_MATERIALS,
    S.DISPATCHED,
    S.IN_PROGRESS,
    S.GRANTED,
    S.ASSIGNED,
}

CONSULTATION = {
    Action.ACCEPT: ({S.NEW}, S.ACCEPTED),
    Action.DISPATCH: ({S.NEW, S.ACCEPTED, S.DISPATCHED, S.IN_PROGRESS}, S.DISPATCHED),
    Action.ESCALATE: ({S.ACCEPTED, S.DISPATCHED, S.IN_PROGRESS}, S.DISPATCHED),
    Action.START: ({S.DISPATCHED}, S.IN_PROGRESS),
    Action.ANSWER: ({S.ACCEPTED, S.DISPATCHED, S.IN_PROGRESS}, S.RESOLVED),
    Action.CLOSE: ({S.RESOLVED}, S.CLOSED),
    Action.REJECT: ({S.NEW}, S.REJECTED),
    Action.WITHDRAW: (OPEN, S.WITHDRAWN),
    Action.NOTE: (OPEN | {S.RESOLVED}, None),
}

# 法律援助法 Art.43: review with a one-time notice (C6), grant or refuse (C5), then assignment.
LEGAL_AID = {
    Action.ACCEPT: ({S.NEW}, S.UNDER_REVIEW),
    Action.DISPATCH: ({S.NEW, S.UNDER_REVIEW}, None),
    Action.REQUEST_MATERIALS: ({S.UNDER_REVIEW}, S.AWAITING_MATERIALS),
    Action.SUPPLEMENT: ({S.AWAITING_MATERIALS}, S.UNDER_REVIEW),
    Action.DEEM_WITHDRAWN: ({S.AWAITING_MATERIALS}, S.WITHDRAWN),
    Action.GRANT: ({S.UNDER_REVIEW}, S.GRANTED),
    Action.REFUSE: ({S.UNDER_REVIEW}, S.REFUSED),
    Action.ASSIGN: ({S.GRANTED}, S.ASSIGNED),
    Action.START: ({S.ASSIGNED}, S.IN_PROGRESS),
    Action.RESOLVE: ({S.IN_PROGRESS}, S.RESOLVED),
    Action.CLOSE: ({S.RESOLVED}, S.CLOSED),
    Action.REJECT: ({S.NEW}, S.REJECTED),
    Action.WITHDRAW: (OPEN, S.WITHDRAWN),
    Action.NOTE: (OPEN | {S.RESOLVED}, None),
}

# Legal aid's own actions (法律援助法 Art.25/36 notices, Art.39 custody, Art.44 provisional aid, Art.48
# termination, Art.49 objections, Art.55 change of lawyer).
LEGAL_AID_OWN: dict[str, tuple[set[Status], Status | None]] = {
    "notice_accept": ({S.NEW}, S.GRANTED),
    "custody_register": ({S.NEW}, None),
    "provisional_aid": ({S.UNDER_REVIEW}, S.ASSIGNED),
    "confirm_provisional": ({S.ASSIGNED, S.IN_PROGRESS}, None),
    "reassign": ({S.ASSIGNED, S.IN_PROGRESS}, S.ASSIGNED),
    "request_recusal": ({S.ASSIGNED, S.IN_PROGRESS}, None),
    "terminate": ({S.GRANTED, S.ASSIGNED, S.IN_PROGRESS}, S.RESOLVED),
    "object": ({S.REFUSED, S.RESOLVED}, None),
    "objection_uphold": ({S.REFUSED, S.RESOLVED}, None),
    "objection_correct_refusal": ({S.REFUSED}, S.UNDER_REVIEW),
    "objection_correct_termination": ({S.RESOLVED}, S.IN_PROGRESS),
}

PRACTITIONER_HANDLED = {
    Action.ACCEPT: ({S.NEW, S.DISPATCHED}, S.ACCEPTED),
    Action.DISPATCH: ({S.NEW}, S.DISPATCHED),
    Action.ASSIGN: ({S.ACCEPTED, S.ASSIGNED}, S.ASSIGNED),
    Action.START: ({S.ASSIGNED}, S.IN_PROGRESS),
    Action.RESOLVE: ({S.IN_PROGRESS}, S.RESOLVED),
    Action.CLOSE: ({S.RESOLVED}, S.CLOSED),
    Action.REJECT: ({S.NEW}, S.REJECTED),
    Action.WITHDRAW: (OPEN, S.WITHDRAWN),
    Action.NOTE: (OPEN | {S.RESOLVED}, None),
}
# 公证法 Art.30 and 通则 Art.28: supplementing pauses the clock.
PAUSABLE = {
    Action.REQUEST_MATERIALS: ({S.ACCEPTED, S.ASSIGNED, S.IN_PROGRESS}, S.AWAITING_MATERIALS),
    Action.SUPPLEMENT: ({S.AWAITING_MATERIALS}, S.IN_PROGRESS),
}
WORKED = {S.ACCEPTED, S.ASSIGNED, S.IN_PROGRESS}
# 公证法 Art.31 (E6): refusal after acceptance; an acceptance check that fails refuses at the door (E10).
NOTARY = (
    PRACTITIONER_HANDLED
    | PAUSABLE
    | {
        Action.REFUSE: (WORKED | {S.AWAITING_MATERIALS}, S.REFUSED),
        Action.REJECT: ({S.NEW, S.DISPATCHED}, S.REJECTED),
    }
)
# 通则 Art.13, 15 (F1, F3): non-acceptance before acceptance, from intake or after dispatch.
APPRAISAL = PRACTITIONER_HANDLED | PAUSABLE | {Action.REJECT: ({S.NEW, S.DISPATCHED}, S.REJECTED)}
# Service steps outside the common vocabulary (人民调解法 Art.26, 33; 公证法 Art.30; 程序规则 Art.61-63).
AFTER = {S.RESOLVED, S.CLOSED}
PRACTITIONER_OWN: dict[ServiceType, dict[str, tuple[set[Status], Status | None]]] = {
    ServiceType.MEDIATION: {
        "terminate": (WORKED, S.RESOLVED),
        "extend_period": (WORKED, None),
        "confirmation_apply": ({S.RESOLVED}, None),
        "confirmation_accepted": ({S.RESOLVED}, None),
        "confirmation_ruled": ({S.RESOLVED}, None),
    },
    ServiceType.NOTARY: {
        "pause_clock": (WORKED | AFTER, None),
        "resume_clock": (WORKED | AFTER, None),
        "review_apply": (AFTER, None),
        "review_decide": (AFTER, None),
        "review_execute": (AFTER, None),
    },
    ServiceType.APPRAISAL: {},
}

# Complaints and suggestions (A3, A6, C14, X6): investigated, answered with a finding, then the complainant's
# satisfaction closes the case, or their dissatisfaction sends it back (reject_reply) or up a level (escalate).
COMPLAINT_WORKED = {S.ACCEPTED, S.DISPATCHED, S.IN_PROGRESS}
COMPLAINT = {
    Action.ACCEPT: ({S.NEW}, S.ACCEPTED),
    Action.DISPATCH: ({S.NEW} | COMPLAINT_WORKED, S.DISPATCHED),
    Action.ESCALATE: (COMPLAINT_WORKED | {S.RESOLVED}, S.DISPATCHED),
    Action.CLOSE: ({S.RESOLVED}, S.CLOSED),
    Action.REJECT: ({S.NEW}, S.REJECTED),
    Action.WITHDRAW: (OPEN, S.WITHDRAWN),
    Action.NOTE: (OPEN | {S.RESOLVED}, None),
}
# Actions of the complaint lifecycle that are not in the common `Action` vocabulary.
COMPLAINT_OWN = {
    "investigate": ({S.ACCEPTED, S.DISPATCHED}, S.IN_PROGRESS),
    "reply": (COMPLAINT_WORKED, S.RESOLVED),
    "confirm": ({S.RESOLVED}, S.CLOSED),
    "reject_reply": ({S.RESOLVED}, S.IN_PROGRESS),
}

# A6: a hotline caller who rejects the result is escalated back to the handling unit (fawang.hotline, issue 5).
CONSULTATION_OWN = {
    "escalate_dissatisfied": ({S.RESOLVED}, S.DISPATCHED),
}

EXPECTED = {
    ServiceType.CONSULTATION: CONSULTATION,
    ServiceType.LEGAL_AID: LEGAL_AID,
    ServiceType.MEDIATION: PRACTITIONER_HANDLED,
    ServiceType.NOTARY: NOTARY,
    ServiceType.APPRAISAL: APPRAISAL,
    ServiceType.COMPLAINT: COMPLAINT,
    ServiceType.SUGGESTION: COMPLAINT,
    ServiceType.LAWYER_REFERRAL: CONSULTATION,
    ServiceType.RESETTLEMENT: CONSULTATION,
}

MATRIX = [(svc, action, status) for svc in ServiceType for action in Action for status in Status]


def test_every_service_type_has_a_declared_lifecycle() -> None:
    assert set(LIFECYCLES) == set(ServiceType)
    assert set(EXPECTED) == set(ServiceType)


@pytest.mark.parametrize(("service_type", "action", "status"), MATRIX)
def test_transition_table(service_type: ServiceType, action: Action, status: Status) -> None:
    expected = EXPECTED[service_type].get(action)
    transition = transition_for(service_type, action)
    allowed = expected is not None and status in expected[0]
    assert (transition is not None and status in transition.sources) is allowed
    if allowed:
        assert transition is not None
        assert expected is not None
        assert transition.target == expected[1]


@pytest.mark.parametrize("service_type", [ServiceType.COMPLAINT, ServiceType.SUGGESTION])
@pytest.mark.parametrize(("action", "status"), [(a, st) for a in COMPLAINT_OWN for st in Status])
def test_complaint_own_actions(service_type: ServiceType, action: str, status: Status) -> None:
    sources, target = COMPLAINT_OWN[action]
    transition = transition_for(service_type, action)
    assert transition is not None
    assert (status in transition.sources) is (status in sources)
    assert transition.target == target


@pytest.mark.parametrize("service_type", [ServiceType.COMPLAINT, ServiceType.SUGGESTION])
def test_complaint_lifecycle_has_exactly_the_declared_actions(service_type: ServiceType) -> None:
    assert set(LIFECYCLES[service_type].transitions) == set(COMPLAINT) | set(COMPLAINT_OWN)


@pytest.mark.parametrize(("action", "status"), [(a, st) for a in CONSULTATION_OWN for st in Status])
def test_consultation_own_actions(action: str, status: Status) -> None:
    sources, target = CONSULTATION_OWN[action]
    transition = transition_for(ServiceType.CONSULTATION, action)
    assert transition is not None
    assert (status in transition.sources) is (status in sources)
    assert transition.target == target


def test_consultation_lifecycle_has_exactly_the_declared_actions() -> None:
    assert set(LIFECYCLES[ServiceType.CONSULTATION].transitions) == set(CONSULTATION) | set(CONSULTATION_OWN)
    for service_type in (ServiceType.LAWYER_REFERRAL, ServiceType.RESETTLEMENT):
        assert set(LIFECYCLES[service_type].transitions) == set(CONSULTATION)


@pytest.mark.parametrize(("action", "status"), [(a, st) for a in LEGAL_AID_OWN for st in Status])
def test_legal_aid_own_actions(action: str, status: Status) -> None:
    sources, target = LEGAL_AID_OWN[action]
    transition = transition_for(ServiceType.LEGAL_AID, action)
    assert transition is not None
    assert (status in transition.sources) is (status in sources)
    assert transition.target == target


def test_legal_aid_lifecycle_has_exactly_the_declared_actions() -> None:
    assert set(LIFECYCLES[ServiceType.LEGAL_AID].transitions) == set(LEGAL_AID) | set(LEGAL_AID_OWN)


def test_unknown_action_has_no_transition() -> None:
    assert transition_for(ServiceType.CONSULTATION, "fly") is None


def test_every_deadline_rule_has_a_chinese_label() -> None:
    from fawang.cases.deadline_rules import DEADLINE_LABELS, DEADLINE_RULES

    assert {r.code for r in DEADLINE_RULES} == set(DEADLINE_LABELS)


@pytest.mark.parametrize(
    ("service_type", "action", "status"),
    [(svc, a, st) for svc, own in PRACTITIONER_OWN.items() for a in own for st in Status],
)
def test_practitioner_own_actions(service_type: ServiceType, action: str, status: Status) -> None:
    sources, target = PRACTITIONER_OWN[service_type][action]
    transition = transition_for(service_type, action)
    assert transition is not None
    assert (status in transition.sources) is (status in sources)
    assert transition.target == target


@pytest.mark.parametrize("service_type", list(PRACTITIONER_OWN))
def test_practitioner_lifecycles_declare_no_other_actions(service_type: ServiceType) -> None:
    declared = set(EXPECTED[service_type]) | set(PRACTITIONER_OWN[service_type])
    assert set(LIFECYCLES[service_type].transitions) == {str(a) for a in declared}
