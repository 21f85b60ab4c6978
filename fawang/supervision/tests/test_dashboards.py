"""Dashboards, drill-down, exports, supervision orders, publication: scoped by jurisdiction (K2, K3, K6, C15)."""

from __future__ import annotations

import json
from datetime import date, datetime
from io import BytesIO, StringIO

import pytest
import time_machine
from django.core.management import call_command
from django.core.management.base import CommandError
from django.test import Client
from openpyxl import load_workbook

from fawang.accounts.models import User
from fawang.cases.deadlines import LOCAL_TZ
from fawang.conftest import County
from fawang.core.models import AuditEntry
from fawang.supervision.models import Publication, SupervisionOrder
from fawang.supervision.selectors import supervision_orders_open_for_case
from fawang.supervision.tests.conftest import Dataset

pytestmark = pytest.mark.django_db

AFTER = datetime(2026, 4, 10, 12, 0, tzinfo=LOCAL_TZ)
PERIOD = "from=2026-03-01&to=2026-03-31"


def _client(user: User) -> Client:
    client = Client()
    client.force_login(user)
    return client


@pytest.fixture(autouse=True)
def _after_march() -> object:
    with time_machine.travel(AFTER, tick=False):
        yield


def test_county_supervisor_sees_county_and_drills_to_township(
    dataset: Dataset, personas: dict[str, User], county: County
) -> None:
    client = _client(personas["county_supervisor"])
    home = client.get(f"/supervision/?{PERIOD}")
    assert home.status_code == 302
    assert home["Location"].startswith("/supervision/r/990101000000/")
    page = client.get(f"/supervision/r/990101000000/?{PERIOD}").content.decode()
    assert '<strong id="total">8</strong>' in page
    assert "/supervision/r/990101001000/" in page  # a link down to 东镇
    town = client.get(f"/supervision/r/990101001000/?{PERIOD}").content.decode()
    assert '<strong id="total">6</strong>' in town
    assert "/supervision/r/990101001101/" in town  # and on to the village
    # Up to the province or across to the other county: refused.
    assert client.get(f"/supervision/r/990000000000/?{PERIOD}").status_code == 403
    assert client.get(f"/supervision/r/990102000000/?{PERIOD}").status_code == 403


def test_province_supervisor_sees_the_province(dataset: Dataset, personas: dict[str, User]) -> None:
    page = (
        _client(personas["province_supervisor"])
        .get(f"/supervision/r/990000000000/?{PERIOD}")
        .content.decode()
    )
    assert '<strong id="total">9</strong>' in page


def test_outsider_and_citizen_are_refused(dataset: Dataset, personas: dict[str, User]) -> None:
    for persona in ("outsider", "citizen", "window_clerk"):
        client = _client(personas[persona])
        assert client.get(f"/supervision/r/990101000000/?{PERIOD}").status_code == 403, persona
        assert (
            client.get(f"/supervision/cases/?region=990101000000&{PERIOD}&indicator=volume.total").status_code
            == 403
        )
    assert Client().get("/supervision/").status_code == 302  # anonymous → sign in


@pytest.mark.parametrize(
    ("query", "message"),
    [
        ("from=2026-03-31&to=2026-03-01", "晚于结束日期"),
        ("from=2026-13-01&to=2026-03-01", "不是有效日期"),
        ("from=1990-01-01&to=2026-03-01", "早于"),
    ],
)
def test_bad_periods_on_the_dashboard(
    dataset: Dataset, personas: dict[str, User], query: str, message: str
) -> None:
    response = _client(personas["county_supervisor"]).get(f"/supervision/r/990101000000/?{query}")
    assert response.status_code == 400
    assert message in response.content.decode()


def test_unknown_region_is_404(personas: dict[str, User]) -> None:
    assert _client(personas["county_supervisor"]).get("/supervision/r/999999999999/").status_code == 404


def test_drilldown_lists_the_cases_behind_a_number_and_is_audited(
    dataset: Dataset, personas: dict[str, User]
) -> None:
    client = _client(personas["county_supervisor"])
    before = AuditEntry.objects.filter(object_type="supervision.drilldown").count()
    page = client.get(
        f"/supervision/cases/?region=990101000000&{PERIOD}&indicator=legal_aid.decided_in_time&key=breached"
    ).content.decode()
    assert '<span id="case-count">' not in page
    assert '<strong id="case-count">1</strong>' in page
    assert dataset.cases["C4"].reference in page
    assert AuditEntry.objects.filter(object_type="supervision.drilldown").count() == before + 1
    views = AuditEntry.objects.filter(action="view", object_type="cases.Case").count()
    assert client.get(f"/supervision/cases/{dataset.cases['C4'].reference}/").status_code == 200
    assert AuditEntry.objects.filter(action="view", object_type="cases.Case").count() == views + 1
    # The other county's case is not reachable by the county supervisor.
    assert client.get(f"/supervision/cases/{dataset.cases['C9'].reference}/").status_code == 404


def test_drilldown_by_region_key(dataset: Dataset, personas: dict[str, User]) -> None:
    page = (
        _client(personas["county_supervisor"])
        .get(f"/supervision/cases/?region=990101000000&{PERIOD}&indicator=volume.by_region&key=990101002000")
        .content.decode()
    )
    assert '<strong id="case-count">2</strong>' in page


def test_excel_export_of_indicator_table_and_cases(dataset: Dataset, personas: dict[str, User]) -> None:
    client = _client(personas["county_supervisor"])
    response = client.get(f"/supervision/r/990101000000/?{PERIOD}&export=volume_by_channel")
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    sheet = load_workbook(BytesIO(response.content)).active
    assert sheet is not None
    rows = [tuple(c.value for c in row) for row in sheet.iter_rows(min_row=3)]
    assert rows == [("分组", "工单数"), ("窗口", 5), ("网站", 2), ("12348热线", 1)]
    exports = AuditEntry.objects.filter(action="export").count()
    response = client.get(
        f"/supervision/cases/?region=990101000000&{PERIOD}&indicator=volume.total&export=cases"
    )
    sheet = load_workbook(BytesIO(response.content)).active
    assert sheet is not None
    data = [tuple(c.value for c in row) for row in sheet.iter_rows(min_row=4)]
    assert len(data) == 8
    # Names masked: 群众 ×5 (C1 C2 C4 C7 C8), 受援人甲 ×2 (C3 C6), none on the complaint C11.
    assert sorted(str(row[6]) for row in data) == ["None", *["受***"] * 2, *["群*"] * 5]
    assert AuditEntry.objects.filter(action="export").count() == exports + 1


def test_outsider_export_is_refused_and_not_logged(dataset: Dataset, personas: dict[str, User]) -> None:
    exports = AuditEntry.objects.filter(action="export").count()
    response = _client(personas["outsider"]).get(
        f"/supervision/cases/?region=990101000000&{PERIOD}&indicator=volume.total&export=cases"
    )
    assert response.status_code == 403
    assert AuditEntry.objects.filter(action="export").count() == exports


def test_supervision_order_lifecycle(dataset: Dataset, personas: dict[str, User]) -> None:
    # A8: the back office's supervision (督办) through the supervisor's page.
    case = dataset.cases["C6"]
    supervisor = _client(personas["county_supervisor"])
    response = supervisor.post(
        f"/supervision/cases/{case.reference}/order/",
        {"due_on": "2026-04-15", "instruction": "请尽快指派律师"},
    )
    assert response.status_code == 302
    order = SupervisionOrder.objects.get()
    assert supervision_orders_open_for_case(case) == [order]
    # A second open order on the same case is refused; a clerk cannot issue one; the other county cannot see it.
    assert (
        supervisor.post(
            f"/supervision/cases/{case.reference}/order/", {"due_on": "2026-04-20", "instruction": "再次督办"}
        ).status_code
        == 409
    )
    assert (
        _client(personas["window_clerk"])
        .post(f"/supervision/cases/{case.reference}/order/", {"due_on": "2026-04-20", "instruction": "x"})
        .status_code
        == 403
    )
    assert (
        _client(personas["province_supervisor"])
        .post(f"/supervision/cases/{case.reference}/order/", {"due_on": "2026-03-01", "instruction": "x"})
        .status_code
        == 400
    )  # in the past
    assert SupervisionOrder.objects.count() == 1
    _client(personas["aid_reviewer"]).post(
        f"/supervision/orders/{order.pk}/reply/", {"reply": "已指派李律师"}
    )
    order.refresh_from_db()
    assert (order.state, order.reply) == ("replied", "已指派李律师")
    assert supervision_orders_open_for_case(case) == [order]
    supervisor.post(f"/supervision/orders/{order.pk}/close/", {"note": "办结"})
    order.refresh_from_db()
    assert order.state == "closed"
    assert supervision_orders_open_for_case(case) == []


def test_publication_is_public_and_suppressed(dataset: Dataset, personas: dict[str, User]) -> None:
    client = _client(personas["county_supervisor"])
    response = client.post("/supervision/r/990101000000/publish/", {"from": "2026-03-01", "to": "2026-03-31"})
    assert response.status_code == 302
    publication = Publication.objects.get()
    assert publication.threshold == 5
    figures = {f["code"]: f for f in publication.figures}
    assert figures["volume.total"]["display"] == "8"
    assert figures["rating.bad"]["display"] == "<5"  # one bad review: a small cell
    assert figures["rating.satisfaction"]["display"] == "样本不足5"
    assert [c["display"] for c in figures["volume.by_channel"]["breakdown"]] == ["5", "<5", "<5"]
    page = Client().get(f"/supervision/public/{publication.pk}/").content.decode()
    assert "服务总量" in page
    assert "&lt;5" in page
    assert Client().get("/supervision/public/").status_code == 200
    # An outsider cannot publish for the county.
    assert (
        _client(personas["outsider"])
        .post("/supervision/r/990101000000/publish/", {"from": "2026-03-01", "to": "2026-03-31"})
        .status_code
        == 403
    )
    assert Publication.objects.count() == 1


def test_command_json(dataset: Dataset) -> None:
    out = StringIO()
    call_command(
        "indicators",
        "--json",
        "--region",
        "990101000000",
        "--from",
        "2026-03-01",
        "--to",
        "2026-03-31",
        stdout=out,
    )
    payload = json.loads(out.getvalue())
    values = {i["code"]: (i["value"], i["numerator"], i["denominator"]) for i in payload["indicators"]}
    assert payload["region_name"] == "甲县"
    assert values["volume.total"] == ("8", 8, None)
    assert values["legal_aid.decided_in_time"] == ("66.7", 2, 3)
    assert values["survey.awareness"] == ("75.0", 3, 4)
    assert len(values) == 32


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--region", "123456789012", "--from", "2026-03-01", "--to", "2026-03-31"], "未找到区划代码"),
        (["--region", "990101000000", "--from", "2026-03-31", "--to", "2026-03-01"], "晚于结束日期"),
        (["--region", "990101000000", "--from", "2026/03/01", "--to", "2026-03-31"], "不是有效日期"),
    ],
)
def test_command_refuses_bad_input(county: County, args: list[str], message: str) -> None:
    with pytest.raises(CommandError, match=message):
        call_command("indicators", "--json", *args, stdout=StringIO())


def test_survey_online_and_staff_entry(county: County, personas: dict[str, User]) -> None:
    from fawang.supervision.models import Questionnaire, SurveyResponse

    q = Questionnaire.objects.create(
        title="调查",
        region=county.county,
        opens_on=date(2026, 4, 1),
        closes_on=date(2026, 4, 30),
        online=True,
        created_by=personas["admin"],
    )
    data = {
        "region": "990101001000",
        "aware": "1",
        "first_choice": "0",
        "satisfaction": "5",
        "idempotency_key": "s1",
    }
    assert Client().post(f"/supervision/survey/{q.pk}/", data).status_code == 200
    assert (
        Client().post(f"/supervision/survey/{q.pk}/", data).status_code == 200
    )  # a double submit: one answer
    staff = _client(personas["county_supervisor"])
    staff.post(
        f"/supervision/surveys/{q.pk}/enter/",
        {"region": "990101002000", "responded_on": "2026-04-05", "aware": "0", "idempotency_key": "s2"},
    )
    rows = list(
        SurveyResponse.objects.order_by("pk").values_list("channel", "aware", "first_choice", "satisfaction")
    )
    assert rows == [("online", True, False, 5), ("staff", False, None, None)]
    # Outside the questionnaire's region: refused, nothing stored.
    outside = {"region": "990102000000", "aware": "1", "idempotency_key": "s3"}
    assert Client().post(f"/supervision/survey/{q.pk}/", outside).status_code == 400
    assert SurveyResponse.objects.count() == 2
