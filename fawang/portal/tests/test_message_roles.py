"""Case messages (portal API): the requester and the handling staff write; a supervisor reads only (0.4: "read by
default"; RoleSpec.can_act). Regression from the authorisation-matrix review (issue 8 §2)."""

from __future__ import annotations

from django.test import Client

from fawang.accounts.models import User
from fawang.conftest import MakeCase
from fawang.portal.models import CaseMessage


def _post(user: User, reference: str) -> int:
    client = Client()
    client.force_login(user)
    url = f"/api/v1/me/cases/{reference}/messages/"
    return client.post(url, {"body": "请尽快办理"}, content_type="application/json").status_code


def test_a_supervisor_cannot_answer_the_requester(personas: dict[str, User], make_case: MakeCase) -> None:
    case = make_case(requester_user=personas["citizen"])
    assert _post(personas["county_supervisor"], case.reference) == 403
    assert CaseMessage.objects.count() == 0
    assert _post(personas["citizen"], case.reference) == 201
    assert _post(personas["clerk_x"], case.reference) == 201
    assert _post(personas["clerk_y"], case.reference) == 404  # another township's case: not found
    assert CaseMessage.objects.count() == 2
