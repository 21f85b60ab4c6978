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

EXPECTED = {
    ServiceType.CONSULTATION: CONSULTATION,
    ServiceType.LEGAL_AID: LEGAL_AID,
    ServiceType.MEDIATION: PRACTITIONER_HANDLED,
    ServiceType.NOTARY: PRACTITIONER_HANDLED | PAUSABLE,
    ServiceType.APPRAISAL: PRACTITIONER_HANDLED | PAUSABLE,
    ServiceType.COMPLAINT: CONSULTATION,
    ServiceType.SUGGESTION: CONSULTATION,
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


def test_unknown_action_has_no_transition() -> None:
    assert transition_for(ServiceType.CONSULTATION, "fly") is None


def test_every_deadline_rule_has_a_chinese_label() -> None:
    from fawang.cases.deadline_rules import DEADLINE_LABELS, DEADLINE_RULES

    assert {r.code for r in DEADLINE_RULES} == set(DEADLINE_LABELS)
