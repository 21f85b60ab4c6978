"""The case API through real HTTP (STYLE §9): scoped lists, idempotent intake, transitions, refusals."""

from __future__ import annotations

from rest_framework.test import APIClient

from fawang.accounts.models import User
from fawang.cases.models import Case, CaseEvent
from fawang.conftest import County, MakeCase


def _api(user: User | None) -> APIClient:
    client = APIClient()
    if user is not None:
        client.force_authenticate(user)
    return client


def test_anonymous_is_refused(db: None) -> None:
    assert _api(None).get("/api/v1/cases/").status_code in (401, 403)


def test_list_is_scoped(personas: dict[str, User], make_case: MakeCase, county: County) -> None:
    in_x = make_case(region=county.town_x)
    make_case(region=county.town_y)
    data = _api(personas["clerk_x"]).get("/api/v1/cases/").json()
    assert [row["reference"] for row in data] == [in_x.reference]


def test_intake_with_idempotency_key(personas: dict[str, User], county: County) -> None:
    client = _api(personas["hotline_operator"])
    body = {
        "service_type": "consultation",
        "channel": "hotline",
        "title": "欠薪",
        "region_code": county.town_x.code,
    }
    first = client.post("/api/v1/cases/", body, format="json", HTTP_IDEMPOTENCY_KEY="call-42")
    second = client.post("/api/v1/cases/", body, format="json", HTTP_IDEMPOTENCY_KEY="call-42")
    assert (first.status_code, second.status_code) == (201, 201)
    assert first.json()["reference"] == second.json()["reference"]
    assert Case.objects.count() == 1


def test_intake_refusals_change_nothing(personas: dict[str, User], county: County) -> None:
    body = {
        "service_type": "consultation",
        "channel": "hotline",
        "title": "欠薪",
        "region_code": "999999999999",
    }
    unknown_region = _api(personas["hotline_operator"]).post("/api/v1/cases/", body, format="json")
    assert unknown_region.status_code == 404
    assert "999999999999" in unknown_region.json()["detail"]
    wrong_role = _api(personas["aid_lawyer"]).post(
        "/api/v1/cases/", body | {"region_code": county.town_x.code}
    )
    assert wrong_role.status_code == 403
    bad_type = _api(personas["hotline_operator"]).post(
        "/api/v1/cases/", body | {"region_code": county.town_x.code, "service_type": "x"}, format="json"
    )
    assert bad_type.status_code == 400
    assert Case.objects.count() == 0


def test_transition_and_events(personas: dict[str, User], make_case: MakeCase, county: County) -> None:
    case = make_case(region=county.town_x)
    client = _api(personas["clerk_x"])
    response = client.post(f"/api/v1/cases/{case.reference}/accept/", {}, format="json")
    assert response.status_code == 200
    assert response.json()["status"] == "accepted"
    refused = client.post(f"/api/v1/cases/{case.reference}/close/", {}, format="json")
    assert refused.status_code == 400
    assert "不能执行" in refused.json()["detail"]
    events = client.get(f"/api/v1/cases/{case.reference}/events/").json()
    assert [e["action"] for e in events] == ["create", "accept"]


def test_out_of_scope_detail_and_action_are_404(
    personas: dict[str, User], make_case: MakeCase, county: County
) -> None:
    case = make_case(region=county.town_x)
    client = _api(personas["clerk_y"])
    assert client.get(f"/api/v1/cases/{case.reference}/").status_code == 404
    assert client.post(f"/api/v1/cases/{case.reference}/accept/", {}, format="json").status_code == 404
    assert CaseEvent.objects.filter(case=case).count() == 1
