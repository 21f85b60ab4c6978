"""Practitioners' licence and credit status (O3; 山东条例 Art.45): recorded by supervisors in scope, published in the
directory for the disclosure period, and enforced at booking and legal-aid assignment."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest
import time_machine
from django.test import Client

from fawang.accounts.models import User
from fawang.accounts.roles import Role
from fawang.cases.models import Case
from fawang.conftest import County, MakeUser
from fawang.core.errors import DomainError, PermissionDeniedError
from fawang.core.models import AuditEntry
from fawang.directory.models import PractitionerSanction
from fawang.supervision.credit import SanctionInput, practitioner_sanction_quash, practitioner_sanction_record

NOW = datetime(2026, 11, 26, 2, 0, tzinfo=UTC)  # 2026-11-26 10:00 in Beijing
pytestmark = pytest.mark.usefixtures("_now")


@pytest.fixture
def _now() -> object:
    with time_machine.travel(NOW, tick=False) as traveller:
        yield traveller


def _supervisor(personas: dict[str, User]) -> Client:
    client = Client()
    client.force_login(personas["county_supervisor"])
    return client


def _suspension(**overrides: str) -> dict[str, str]:
    return {
        "kind": "suspension",
        "authority": "甲县司法局",
        "decision_number": "甲司罚决字〔2026〕3号",
        "decided_on": "2026-11-02",
        "suspended_until": "2027-02-01",
        "summary": "以不正当手段承揽业务",
        **overrides,
    }


def _directory_card(lawyer_name: str) -> str:
    page = Client().get("/directory/", {"q": lawyer_name}).content.decode()
    start = page.index(f"<strong>{lawyer_name}</strong>")
    return page[start : page.index("</div>", start)]


def test_a_suspension_is_published_and_stops_booking(county: County, personas: dict[str, User]) -> None:
    """O3: the supervisor records it; the directory and its API show the status and the record, the booking link
    goes, and a booking is refused without writing anything."""
    before = _directory_card(county.lawyer.name)
    assert "执业状态：正常执业" in before
    assert "公示期内无处罚或处分" in before
    assert "预约咨询" in before
    response = _supervisor(personas).post(
        f"/supervision/practitioners/{county.lawyer.pk}/credit/", _suspension()
    )
    assert response.status_code == 302
    audit = AuditEntry.objects.filter(object_type="directory.PractitionerSanction").get()
    assert audit.summary == "李律师 停止执业 甲司罚决字〔2026〕3号"
    card = _directory_card(county.lawyer.name)
    assert "停止执业至2027年2月1日" in card
    assert "甲县司法局 甲司罚决字〔2026〕3号：停止执业（至2027年2月1日）。以不正当手段承揽业务" in card
    assert "预约咨询" not in card
    api = Client().get("/api/v1/directory/", {"q": county.lawyer.name}).json()["practitioners"]
    lawyer = next(p for p in api if p["id"] == county.lawyer.pk)
    assert (lawyer["practice_status"], lawyer["practice_status_label"]) == (
        "suspended",
        "停止执业至2027年2月1日",
    )
    assert [(r["kind"], r["decision_number"]) for r in lawyer["credit_records"]] == [
        ("suspension", "甲司罚决字〔2026〕3号")
    ]
    citizen = Client()
    citizen.force_login(personas["citizen"])
    refused = citizen.post(
        f"/apply/appointment/{county.lawyer.pk}/",
        {"preferred_at": "2026-11-30T10:00", "mode": "video", "topic": "咨询", "idempotency_key": "a1"},
    )
    assert refused.status_code == 400
    assert "李律师目前停止执业至2027年2月1日，不能预约。" in refused.content.decode()
    assert Case.objects.count() == 0


def test_quashed_on_review_leaves_the_public_record(county: County, personas: dict[str, User]) -> None:
    """O3: a sanction quashed on review no longer shows or stops practice; the staff history keeps it."""
    client = _supervisor(personas)
    client.post(f"/supervision/practitioners/{county.lawyer.pk}/credit/", _suspension())
    sanction = PractitionerSanction.objects.get()
    response = client.post(
        f"/supervision/sanctions/{sanction.pk}/quash/",
        {"quashed_on": "2026-11-20", "reason": "甲县人民政府复议决定书〔2026〕8号撤销"},
    )
    assert response.status_code == 302
    card = _directory_card(county.lawyer.name)
    assert "执业状态：正常执业" in card
    assert "甲司罚决字" not in card
    assert "预约咨询" in card
    history = client.get(f"/supervision/practitioners/{county.lawyer.pk}/credit/").content.decode()
    assert "已于 2026-11-20 撤销：甲县人民政府复议决定书〔2026〕8号撤销" in history
    again = client.post(
        f"/supervision/sanctions/{sanction.pk}/quash/", {"quashed_on": "2026-11-21", "reason": "再次"}
    )
    assert again.status_code == 400
    assert "已经撤销" in again.content.decode()


def test_old_sanctions_leave_the_record_after_the_disclosure_period(
    county: County, personas: dict[str, User], settings: object
) -> None:
    """O3: a warning of 2023-11-25 is past 36 months on 2026-11-26; one of 2024 is still published."""
    for number, day in (("旧-1", date(2023, 11, 25)), ("新-1", date(2024, 3, 1))):
        practitioner_sanction_record(
            actor=personas["county_supervisor"],
            practitioner_id=county.lawyer.pk,
            sanction=SanctionInput(
                kind="warning", authority="甲县司法局", decision_number=number, decided_on=day, summary="违规"
            ),
        )
    card = _directory_card(county.lawyer.name)
    assert "新-1" in card
    assert "旧-1" not in card
    assert "执业状态：正常执业" in card


@pytest.mark.parametrize(
    ("_case", "overrides", "message"),
    [
        ("a date in the future", {"decided_on": "2026-11-27"}, "决定日期不能晚于今天"),
        ("no end for a suspension", {"suspended_until": ""}, "停止执业须填写截止日期"),
        ("more than a year", {"suspended_until": "2027-11-05"}, "停止执业期限最长一年"),
        ("an end for a warning", {"kind": "warning"}, "只有停止执业需要填写截止日期"),
        ("no authority", {"authority": "  "}, "请填写决定机关"),
        ("no facts", {"summary": ""}, "请填写主要违法违规事实"),
        ("unknown kind", {"kind": "exile"}, "请选择处罚（处分）种类"),
        ("a malformed date", {"decided_on": "2026-13-01"}, "决定日期“2026-13-01”无效"),
    ],
)
def test_bad_input_is_refused_and_writes_nothing(
    county: County, personas: dict[str, User], _case: str, overrides: dict[str, str], message: str
) -> None:
    response = _supervisor(personas).post(
        f"/supervision/practitioners/{county.lawyer.pk}/credit/", _suspension(**overrides)
    )
    assert response.status_code == 400
    assert message in response.content.decode()
    assert not PractitionerSanction.objects.exists()
    assert not AuditEntry.objects.filter(object_type="directory.PractitionerSanction").exists()


def test_the_same_decision_is_recorded_once(county: County, personas: dict[str, User]) -> None:
    client = _supervisor(personas)
    assert (
        client.post(f"/supervision/practitioners/{county.lawyer.pk}/credit/", _suspension()).status_code
        == 302
    )
    again = client.post(f"/supervision/practitioners/{county.lawyer.pk}/credit/", _suspension())
    assert again.status_code == 400
    assert "已经登记过" in again.content.decode()
    assert PractitionerSanction.objects.count() == 1


def test_jurisdiction(county: County, personas: dict[str, User], make_user: MakeUser) -> None:
    """K2: a supervisor of another county neither finds, records nor quashes; non-supervisors are refused."""
    other = make_user("sup_other", Role.SUPERVISOR, region=county.other_county)
    client = Client()
    client.force_login(other)
    assert county.lawyer.name not in client.get("/supervision/practitioners/", {"q": "律师"}).content.decode()
    assert client.get(f"/supervision/practitioners/{county.lawyer.pk}/credit/").status_code == 403
    with pytest.raises(PermissionDeniedError):
        practitioner_sanction_record(
            actor=other,
            practitioner_id=county.lawyer.pk,
            sanction=SanctionInput(
                kind="warning",
                authority="乙县司法局",
                decision_number="x",
                decided_on=date(2026, 11, 1),
                summary="x",
            ),
        )
    row = practitioner_sanction_record(
        actor=personas["county_supervisor"],
        practitioner_id=county.lawyer.pk,
        sanction=SanctionInput(
            kind="warning",
            authority="甲县司法局",
            decision_number="y",
            decided_on=date(2026, 11, 1),
            summary="y",
        ),
    )
    with pytest.raises(PermissionDeniedError):
        practitioner_sanction_quash(actor=other, sanction_id=row.pk, quashed_on=date(2026, 11, 2), reason="z")
    found = _supervisor(personas).get("/supervision/practitioners/", {"q": "律师"}).content.decode()
    assert county.lawyer.name in found
    by_firm = _supervisor(personas).get("/supervision/practitioners/", {"q": county.law_firm.name})
    assert county.lawyer.name in by_firm.content.decode()
    clerk = Client()
    clerk.force_login(personas["window_clerk"])
    assert clerk.get("/supervision/practitioners/", {"q": "律师"}).status_code == 403
    with pytest.raises(DomainError):
        practitioner_sanction_quash(
            actor=personas["county_supervisor"],
            sanction_id=row.pk,
            quashed_on=date(2026, 10, 1),
            reason="早于决定",
        )


def test_legal_aid_is_not_assigned_to_a_revoked_lawyer(county: County, personas: dict[str, User]) -> None:
    """O3: a lawyer whose licence is revoked cannot be assigned a legal-aid matter; nothing changes."""
    from fawang.cases.models import CaseEvent
    from fawang.legal_aid import services as aid
    from fawang.legal_aid.models import Assignment
    from fawang.people.services import person_register

    practitioner_sanction_record(
        actor=personas["county_supervisor"],
        practitioner_id=county.lawyer.pk,
        sanction=SanctionInput(
            kind="revocation",
            authority="市司法局",
            decision_number="市司罚决字〔2026〕1号",
            decided_on=date(2026, 10, 8),
            summary="伪造证据",
        ),
    )
    reviewer = personas["aid_reviewer"]
    person = person_register(actor=reviewer, name="王芳", id_number="110101199003078574")
    app = aid.aid_application_submit(
        actor=reviewer,
        region=county.county,
        requester=person,
        title="追索抚养费",
        details=aid.AidDetails(matter="maintenance", verification_mode="pledge"),
    )
    aid.aid_accept(actor=reviewer, application=app)
    aid.aid_grant(actor=reviewer, application=app, reasons="符合条件")
    events = CaseEvent.objects.filter(case=app.case).count()
    with pytest.raises(DomainError, match="李律师目前执业证书已吊销，不能指派承办法律援助。"):
        aid.aid_assign(actor=reviewer, application=app, practitioner_id=county.lawyer.pk)
    assert CaseEvent.objects.filter(case=app.case).count() == events
    assert not Assignment.objects.exists()
    aid.aid_assign(actor=reviewer, application=app, practitioner_id=county.other_lawyer.pk)
    assert Assignment.objects.get().practitioner_id == county.other_lawyer.pk
