"""Jurisdiction scoping with role personas (STYLE §3, §12; 0.4 default data scopes)."""

from __future__ import annotations

import pytest

from fawang.accounts.models import User
from fawang.accounts.roles import Role
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


def _brute_force(case_reference: str, roles: frozenset[Role]) -> list[str]:
    from fawang.cases.models import Case
    from fawang.cases.selectors import case_roles_for_user

    case = Case.objects.select_related("region").get(reference=case_reference)
    users = User.objects.filter(is_active=True).order_by("pk")
    return [u.username for u in users if case_roles_for_user(user=u, case=case) & roles]


@pytest.mark.parametrize("key", ["x", "y", "assigned", "other"])
@pytest.mark.parametrize(
    "roles",
    [
        frozenset({Role.WINDOW_CLERK, Role.HOTLINE_OPERATOR}),
        frozenset({Role.WINDOW_CLERK, Role.AID_REVIEWER, Role.ADMIN, Role.HOTLINE_OPERATOR}),
        frozenset({Role.AID_LAWYER, Role.SUPERVISOR}),
    ],
)
def test_staff_covering_a_case_is_the_same_set_as_checking_every_account(
    cases: dict[str, str], personas: dict[str, User], key: str, roles: frozenset[Role]
) -> None:
    """case_staff_covering narrows with one query, then applies the grant rule: no one is lost or added
    (county-site clerks, township clerks, institution grants, province grants, other counties)."""
    from fawang.cases.models import Case
    from fawang.cases.selectors import case_staff_covering

    personas["clerk_y"].is_active = False  # inactive accounts are never told
    personas["clerk_y"].save(update_fields=["is_active"])
    case = Case.objects.select_related("region").get(reference=cases[key])
    found = [u.username for u in case_staff_covering(case=case, roles=roles)]
    assert found == _brute_force(cases[key], roles)
    if key == "x" and Role.WINDOW_CLERK in roles:
        assert {"clerk", "clerk_x"} <= set(found)
        assert "outsider" not in found
