"""The staff workbench through real HTTP (issue 2 §7): login, queue, case page, transitions, intake."""

from __future__ import annotations

import pytest
from django.test import Client

from fawang.accounts.models import User
from fawang.cases.models import Case, CaseEvent
from fawang.conftest import County, MakeCase
from fawang.core.models import AuditAction, AuditEntry


def _client(user: User) -> Client:
    client = Client()
    client.force_login(user)
    return client


def test_login_page_and_redirect(db: None, personas: dict[str, User]) -> None:
    client = Client()
    assert client.get("/work/").status_code == 302
    page = client.get("/accounts/login/")
    assert page.status_code == 200
    assert "工作人员登录" in page.content.decode()
    response = client.post("/accounts/login/", {"username": "clerk", "password": "Passw0rd!x"})
    assert response.status_code == 302
    assert response["Location"] == "/work/"
    assert AuditEntry.objects.filter(action=AuditAction.LOGIN, actor=personas["window_clerk"]).count() == 1


def test_failed_login_is_audited_in_chinese(db: None, personas: dict[str, User]) -> None:
    response = Client().post("/accounts/login/", {"username": "clerk", "password": "wrong"})
    assert response.status_code == 200
    assert "用户名或密码不正确" in response.content.decode()
    assert AuditEntry.objects.filter(action=AuditAction.LOGIN_FAILED, summary="clerk").count() == 1


@pytest.mark.parametrize(
    "persona",
    [
        "window_clerk",
        "clerk_x",
        "aid_reviewer",
        "aid_lawyer",
        "county_supervisor",
        "hotline_operator",
        "mediator",
        "admin",
        "citizen",
    ],
)
def test_queue_shows_only_scoped_open_cases(
    persona: str, personas: dict[str, User], make_case: MakeCase, county: County
) -> None:
    in_x = make_case(region=county.town_x, title="东镇的事")
    in_y = make_case(region=county.town_y, title="西镇的事")
    body = _client(personas[persona]).get("/work/").content.decode()
    expected_x = persona in {
        "window_clerk",
        "clerk_x",
        "aid_reviewer",
        "county_supervisor",
        "hotline_operator",
        "admin",
    }
    expected_y = expected_x and persona != "clerk_x"
    assert (in_x.reference in body, in_y.reference in body) == (expected_x, expected_y)


def test_queue_query_count_is_constant(
    personas: dict[str, User], make_case: MakeCase, django_assert_max_num_queries: object
) -> None:
    client = _client(personas["window_clerk"])
    for _ in range(3):
        make_case()
    client.get("/work/")  # warm caches (session, content types)
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as few:
        client.get("/work/")
    for _ in range(10):
        make_case()
    with CaptureQueriesContext(connection) as many:
        client.get("/work/")
    assert len(many.captured_queries) == len(few.captured_queries)


def test_case_page_and_htmx_transition(
    personas: dict[str, User], make_case: MakeCase, county: County
) -> None:
    case = make_case(region=county.town_x)
    client = _client(personas["clerk_x"])
    page = client.get(f"/work/cases/{case.reference}/")
    assert page.status_code == 200
    assert "受理" in page.content.decode()
    assert case.reference in page.content.decode()
    response = client.post(
        f"/work/cases/{case.reference}/act/",
        {"action": "accept", "expected_status": "new"},
        HTTP_HX_REQUEST="true",
    )
    assert response.status_code == 200
    assert "已受理" in response.content.decode()
    case.refresh_from_db()
    assert case.status == "accepted"


def test_refused_transition_shows_chinese_error_and_changes_nothing(
    personas: dict[str, User], make_case: MakeCase
) -> None:
    case = make_case()
    client = _client(personas["admin"])
    response = client.post(f"/work/cases/{case.reference}/act/", {"action": "close"}, HTTP_HX_REQUEST="true")
    assert response.status_code == 400
    assert "不能执行“归档”" in response.content.decode()
    case.refresh_from_db()
    assert (case.status, CaseEvent.objects.filter(case=case).count()) == ("new", 1)


def test_other_township_cannot_open_or_act(
    personas: dict[str, User], make_case: MakeCase, county: County
) -> None:
    case = make_case(region=county.town_x)
    client = _client(personas["clerk_y"])
    audits = AuditEntry.objects.count()
    assert client.get(f"/work/cases/{case.reference}/").status_code == 404
    assert client.post(f"/work/cases/{case.reference}/act/", {"action": "accept"}).status_code == 404
    case.refresh_from_db()
    assert (case.status, AuditEntry.objects.count()) == ("new", audits)


def test_window_intake_creates_one_case_even_when_submitted_twice(
    personas: dict[str, User], county: County
) -> None:
    client = _client(personas["clerk_x"])
    form = client.get("/work/intake/")
    assert form.status_code == 200
    data = {
        "name": "王大爷",
        "id_number": "500231195203150022",
        "phone": "13900001111",
        "groups": ["elderly"],
        "service_type": "legal_aid",
        "channel": "window",
        "title": "工伤赔偿",
        "description": "在工地受伤",
        "idempotency_key": "form-123",
    }
    first = client.post("/work/intake/", data)
    second = client.post("/work/intake/", data)
    case = Case.objects.get()
    assert first.status_code == second.status_code == 302
    assert (case.region_id, case.priority, case.channel, case.requester.name if case.requester else "") == (
        county.town_x.pk,
        "priority",
        "window",
        "王大爷",
    )


def test_intake_bad_id_number_is_refused(personas: dict[str, User]) -> None:
    client = _client(personas["clerk_x"])
    response = client.post(
        "/work/intake/",
        {
            "name": "张三",
            "id_number": "500231195203150023",
            "service_type": "consultation",
            "channel": "window",
            "title": "咨询",
        },
    )
    assert response.status_code == 400
    assert "校验位不正确" in response.content.decode()
    assert Case.objects.count() == 0


def test_practitioner_cannot_open_intake(personas: dict[str, User]) -> None:
    assert _client(personas["aid_lawyer"]).get("/work/intake/").status_code == 403
