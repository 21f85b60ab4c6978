"""Jurisdiction scoping with role personas (STYLE §3, §12; 0.4 default data scopes)."""

from __future__ import annotations

import pytest

from fawang.accounts.models import User
from fawang.cases.selectors import case_get_for_user, case_list_for_user
from fawang.cases.services import case_transition
from fawang.conftest import County, MakeCase
from fawang.core.errors import NotFoundError, PermissionDeniedError
from fawang.core.models import AuditEntry


@pytest.fixture
def cases(make_case: MakeCase, county: County, personas: dict[str, User]) -> dict[str, str]:
    in_x = make_case(region=county.town_x, requester_user=personas["citizen"])
    in_y = make_case(region=county.town_y)
    assigned = make_case("legal_aid", region=county.town_y)
    for action, payload in (("accept", {}), ("grant", {}), ("assign", {"practitioner_id": county.lawyer.pk})):
        case_transition(
            reference=assigned.reference, action=action, actor=personas["aid_reviewer"], payload=payload
        )
    other = make_case(region=county.other_county)
    return {
        "x": in_x.reference,
        "y": in_y.reference,
        "assigned": assigned.reference,
        "other": other.reference,
    }


VISIBLE = {
    "window_clerk": {"x", "y", "assigned"},  # the county centre sees its whole county
    "clerk_x": {"x"},
    "clerk_y": {"y", "assigned"},
    "hotline_operator": {"x", "y", "assigned"},
    "aid_reviewer": {"x", "y", "assigned"},
    "aid_lawyer": {"assigned"},
    "other_lawyer": set(),
    "county_supervisor": {"x", "y", "assigned"},
    "province_supervisor": {"x", "y", "assigned", "other"},
    "outsider": {"other"},
    "citizen": {"x"},
    "citizen_b": set(),
}


@pytest.mark.parametrize(("persona", "expected"), VISIBLE.items())
def test_list_scope(
    persona: str, expected: set[str], personas: dict[str, User], cases: dict[str, str]
) -> None:
    refs = set(case_list_for_user(user=personas[persona]).values_list("reference", flat=True))
    assert refs == {cases[k] for k in expected}


@pytest.mark.parametrize(("persona", "expected"), VISIBLE.items())
def test_detail_scope_matches_list_and_refusals_leave_no_trace(
    persona: str, expected: set[str], personas: dict[str, User], cases: dict[str, str]
) -> None:
    user = personas[persona]
    for key, reference in cases.items():
        audits = AuditEntry.objects.count()
        if key in expected:
            assert case_get_for_user(user=user, reference=reference).reference == reference
            assert AuditEntry.objects.count() == audits + 1  # the read of personal data is audited (M6)
            assert AuditEntry.objects.latest("id").object_id == reference
        else:
            with pytest.raises(NotFoundError):
                case_get_for_user(user=user, reference=reference)
            assert AuditEntry.objects.count() == audits


def test_supervisor_sees_but_cannot_act(personas: dict[str, User], cases: dict[str, str]) -> None:
    with pytest.raises(PermissionDeniedError):
        case_get_for_user(user=personas["county_supervisor"], reference=cases["x"], for_write=True)


def test_anonymous_user_sees_nothing(cases: dict[str, str]) -> None:
    from django.contrib.auth.models import AnonymousUser

    assert not case_list_for_user(user=AnonymousUser()).exists()  # type: ignore[arg-type]
