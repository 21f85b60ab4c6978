"""Notarisation end to end through HTTP (E1-E10, C16): booking, in-person rule, acceptance, notice, the
15-working-day clock with recorded pauses, the four checks, the certificate PDF, refusal and review."""

from __future__ import annotations

import json
from datetime import datetime
from io import StringIO
from pathlib import Path

import pytest
import time_machine
from django.core.management import CommandError, call_command
from django.test import Client

from fawang.accounts.models import User
from fawang.cases.models import Case, CaseDeadline, CaseEvent
from fawang.cases.services import case_create
from fawang.conftest import County
from fawang.core import clock
from fawang.mediation.tests.helpers import client_for, pdf_text
from fawang.notary.models import NotaryBooking, NotaryCertificate, NotaryMatter, NotaryRefusal, NotarySlot
from fawang.notary.national_report import national_report_pending
from fawang.notary.tests.helpers import notary_apply
from fawang.people.models import Person

MONDAY = "2026-03-02 09:00:00+08:00"


@pytest.fixture
def citizen_person(personas: dict[str, User]) -> Person:
    return Person.objects.create(
        name="王芳", id_number="110101199003077571", phone="13900000000", user=personas["citizen"]
    )


@pytest.fixture
def slot(county: County) -> NotarySlot:
    return NotarySlot.objects.create(
        office=county.notary_office,
        notary=county.notary,
        capacity=2,
        starts_at=datetime(2026, 3, 10, 9, 0, tzinfo=clock.LOCAL_TZ),
        ends_at=datetime(2026, 3, 10, 9, 30, tzinfo=clock.LOCAL_TZ),
    )


def _step(client: Client, ref: str, name: str, **data: object) -> tuple[int, str]:
    response = client.post(f"/work/notary/{ref}/step/{name}/", data, HTTP_HX_REQUEST="true")
    return response.status_code, response.content.decode()


def _counts() -> tuple[int, int, int]:
    return Case.objects.count(), NotaryMatter.objects.count(), CaseEvent.objects.count()


def test_matter_types_list_the_checklist_and_in_person_rule(personas: dict[str, User]) -> None:
    body = client_for(personas["citizen"]).get("/api/v1/notary/matter-types/").json()
    will = next(t for t in body if t["code"] == "will")
    assert (will["label"], will["in_person"]) == ("遗嘱公证", True)
    assert [(m["article_item"], m["substitutable"]) for m in will["materials"]] == [
        (1, False),
        (3, False),
        (4, True),
        (5, True),
    ]
    assert {t["code"] for t in body if t["in_person"]} == {"will", "alive", "adoption"}


@pytest.mark.parametrize("matter_code", ["will", "alive", "adoption"])
def test_proxy_application_for_an_in_person_matter_is_refused(
    personas: dict[str, User], county: County, matter_code: str
) -> None:
    before = _counts()
    code, body = notary_apply(
        client_for(personas["window_clerk"]),
        county,
        matter_code=matter_code,
        applicant_name="王芳",
        is_proxy=True,
        agent_name="王强",
        agent_relationship="儿子",
        agent_authority="全权代理",
    )
    assert code == 400
    assert "应当由本人办理，不能委托他人代为申请（公证法第26条）" in str(body["detail"])
    assert _counts() == before


def test_booking_then_application_then_certificate_with_paused_clock(
    personas: dict[str, User], county: County, citizen_person: Person, slot: NotarySlot
) -> None:
    citizen = client_for(personas["citizen"])
    with time_machine.travel(MONDAY, tick=False):
        slots = citizen.get(f"/api/v1/notary/slots/?office_id={county.notary_office.pk}&days=30").json()
        assert [(s["id"], s["remaining"], s["notary_name"]) for s in slots] == [(slot.pk, 2, "钱公证员")]
        booking = citizen.post(
            "/api/v1/notary/bookings/",
            {"slot_id": slot.pk, "matter_code": "entrustment"},
            content_type="application/json",
        )
        assert booking.status_code == 201
        code, matter = notary_apply(citizen, county, booking_id=booking.json()["id"])
        assert code == 201
    ref = str(matter["reference"])
    assert (matter["status"], matter["fee_waived"]) == ("new", False)
    case = Case.objects.get(reference=ref)
    assert (case.handler_practitioner_id, case.requester_id) == (county.notary.pk, citizen_person.pk)
    assert NotaryBooking.objects.get().status == "attended"
    notary = client_for(personas["notary"])
    with time_machine.travel(MONDAY, tick=False):
        code, body = _step(notary, ref, "accept", has_interest="1", no_dispute="1", within_scope="1")
    assert (code, Case.objects.get(reference=ref).status) == (200, "rejected")
    assert "不满足“属于本机构执业区域”" in Case.objects.get(reference=ref).outcome


@pytest.fixture
def accepted(personas: dict[str, User], county: County, citizen_person: Person) -> str:
    with time_machine.travel(MONDAY, tick=False):
        code, matter = notary_apply(client_for(personas["citizen"]), county)
        assert code == 201
        ref = str(matter["reference"])
        clerk = client_for(personas["window_clerk"])
        code, _ = _step(
            clerk, ref, "accept", has_interest="1", no_dispute="1", within_scope="1", within_area="1"
        )
        assert code == 200
    return ref


def _due(ref: str, rule: str = "notary.issue") -> str | None:
    row = CaseDeadline.objects.get(case__reference=ref, rule_code=rule)
    return clock.to_local(row.due_at).isoformat() if row.due_at else None


def test_issue_clock_pauses_for_supplement_and_verification(
    personas: dict[str, User], county: County, accepted: str
) -> None:
    ref = accepted
    assert _due(ref) == "2026-03-24T00:00:00+08:00"  # 15 working days after Monday 2 March (E5)
    clerk, notary = client_for(personas["window_clerk"]), client_for(personas["notary"])
    with time_machine.travel("2026-03-03 10:00:00+08:00", tick=False):
        assert _step(clerk, ref, "act", action="assign", practitioner_id=county.notary.pk)[0] == 200
        assert _step(notary, ref, "act", action="start")[0] == 200
        code, body = _step(
            notary, ref, "act", action="request_materials", missing_items="房产证复印件\n身份证复印件"
        )
        assert code == 200
    assert (Case.objects.get(reference=ref).status, _due(ref)) == ("awaiting_materials", None)
    with time_machine.travel("2026-03-05 10:00:00+08:00", tick=False):
        code, body = _step(notary, ref, "resume")
        assert (code, "不能执行“恢复计时”" in body) == (400, True)  # supplementing resumes it
        assert _step(notary, ref, "act", action="supplement")[0] == 200
    assert _due(ref) == "2026-03-26T00:00:00+08:00"  # 4 and 5 March excluded (T5)
    with time_machine.travel("2026-03-09 10:00:00+08:00", tick=False):
        code, body = _step(notary, ref, "pause", kind="other", reason="x")
        assert (code, "须选择原因" in body) == (400, True)
        assert _step(notary, ref, "pause", kind="verification", reason="向不动产登记中心核实产权")[0] == 200
    with time_machine.travel("2026-03-11 16:00:00+08:00", tick=False):
        assert _step(notary, ref, "resume", note="核实完毕")[0] == 200
    assert _due(ref) == "2026-03-28T00:00:00+08:00"  # 10 and 11 March excluded
    pauses = CaseDeadline.objects.get(case__reference=ref, rule_code="notary.issue").pauses
    assert [p["reason"] for p in pauses] == ["一次性告知补正材料", "核实有关情况：向不动产登记中心核实产权"]


def test_certificate_needs_notice_checks_and_materials_then_matches_the_pdf(
    personas: dict[str, User], county: County, accepted: str
) -> None:
    ref = accepted
    clerk, notary = client_for(personas["window_clerk"]), client_for(personas["notary"])
    _step(clerk, ref, "act", action="assign", practitioner_id=county.notary.pk)
    _step(notary, ref, "act", action="start")
    statement = "兹证明王芳于2026年3月2日来到本处，在本公证员面前签署了前面的《委托书》。"
    code, body = _step(notary, ref, "issue", statement=statement)
    assert code == 400
    assert "未记录法律意义和后果告知（公证法第27条）；公证法第28条四项审查未全部通过；尚有材料未提交" in body
    assert NotaryCertificate.objects.count() == 0
    code, body = _step(
        notary, ref, "material", item_code="identity", state="shared_lookup", promise_signed="1"
    )
    assert (code, "只有证明材料和其他有关材料可以通过政府部门信息共享核查代替" in body) == (400, True)
    for item, state in (
        ("identity", "provided"),
        ("document", "provided"),
        ("proof", "shared_lookup"),
        ("other", "shared_lookup"),
    ):
        assert _step(notary, ref, "material", item_code=item, state=state, promise_signed="1")[0] == 200
    assert (
        _step(notary, ref, "notice", content="委托书经公证后具有证据效力。", acknowledged_by="sign")[0] == 200
    )
    assert (
        _step(
            notary,
            ref,
            "review_check",
            identity_capacity_rights="1",
            documents_complete="1",
            proofs_true_lawful="1",
            matter_true_lawful="1",
        )[0]
        == 200
    )
    code, body = _step(client_for(personas["window_clerk"]), ref, "issue", statement=statement)
    assert (code, "公证书须由本公证处的承办公证员出具" in body) == (400, True)
    with time_machine.travel("2026-03-04 15:00:00+08:00", tick=False):
        assert _step(notary, ref, "issue", statement=statement)[0] == 200
    certificate = NotaryCertificate.objects.get()
    assert certificate.number == "（2026）甲县公证处证字第00001号"
    case = Case.objects.get(reference=ref)
    assert (case.status, CaseDeadline.objects.get(case=case, rule_code="notary.issue").state) == (
        "resolved",
        "met",
    )
    text = pdf_text(notary.get(f"/work/notary/{ref}/certificate.pdf").content)
    for expected in (
        "公证书",
        certificate.number,
        "王芳",
        "委托公证",
        "委托他人办理房屋过户",
        statement,
        "公证员：钱公证员",
        "甲县公证处：（钢印）2026年03月04日",
    ):
        assert expected in text, expected
    api = client_for(personas["citizen"]).get(f"/api/v1/notary/applications/{ref}/").json()
    assert (api["status"], api["certificate_number"]) == ("resolved", certificate.number)


def test_refused_matter_can_never_get_a_certificate(
    personas: dict[str, User], county: County, accepted: str
) -> None:
    ref = accepted
    notary = client_for(personas["notary"])
    _step(client_for(personas["window_clerk"]), ref, "act", action="assign", practitioner_id=county.notary.pk)
    _step(notary, ref, "act", action="start")
    code, body = _step(notary, ref, "refuse", ground="10", explanation="x")
    assert (code, "公证法第31条所列情形之一" in body) == (400, True)
    assert _step(notary, ref, "refuse", ground="4", explanation="继承人之间对遗产分割有争议。")[0] == 200
    case = Case.objects.get(reference=ref)
    assert case.status == "refused"
    assert "第4项：当事人之间对申请公证的事项有争议的" in case.outcome
    before = (CaseEvent.objects.filter(case=case).count(), NotaryCertificate.objects.count())
    code, body = _step(notary, ref, "issue", statement="兹证明")
    assert (code, "已决定不予办理，不能出具公证书" in body) == (400, True)
    response = notary.post(
        f"/api/v1/cases/{ref}/resolve/", {"reason": "出证"}, content_type="application/json"
    )
    assert response.status_code == 400
    assert (CaseEvent.objects.filter(case=case).count(), NotaryCertificate.objects.count()) == before
    assert NotaryRefusal.objects.get().ground == "4"


def test_generic_endpoint_cannot_resolve_without_certificate(
    personas: dict[str, User], county: County, accepted: str
) -> None:
    notary = client_for(personas["notary"])
    _step(
        client_for(personas["window_clerk"]),
        accepted,
        "act",
        action="assign",
        practitioner_id=county.notary.pk,
    )
    _step(notary, accepted, "act", action="start")
    response = notary.post(
        f"/api/v1/cases/{accepted}/resolve/", {"reason": "出证"}, content_type="application/json"
    )
    assert (response.status_code, "出具公证书须通过公证工作台" in response.json()["detail"]) == (400, True)
    assert Case.objects.get(reference=accepted).status == "in_progress"


def test_fee_waived_when_legal_aid_was_granted(
    personas: dict[str, User], county: County, citizen_person: Person, monkeypatch: pytest.MonkeyPatch
) -> None:
    from fawang.legal_aid import selectors as legal_aid_selectors

    granted: set[int] = set()
    monkeypatch.setattr(
        legal_aid_selectors, "legal_aid_granted_for_person", lambda *, person: person.pk in granted
    )
    code, matter = notary_apply(client_for(personas["citizen"]), county)
    assert (code, matter["fee_waived"], matter["fee_waiver_basis"]) == (201, False, "")
    granted.add(citizen_person.pk)  # the legal-aid module reports a grant (C16)
    code, matter = notary_apply(client_for(personas["citizen"]), county, purpose="另一委托")
    assert (code, matter["fee_waived"]) == (201, True)
    assert "法律援助法第53条" in str(matter["fee_waiver_basis"])


def test_fee_waiver_fallback_reads_granted_legal_aid_cases(
    personas: dict[str, User], county: County, citizen_person: Person, monkeypatch: pytest.MonkeyPatch
) -> None:
    from fawang.legal_aid import selectors as legal_aid_selectors
    from fawang.notary.selectors import legal_aid_granted_for_person

    monkeypatch.delattr(legal_aid_selectors, "legal_aid_granted_for_person")
    aid = case_create(
        actor=personas["admin"],
        service_type="legal_aid",
        channel="window",
        title="讨薪",
        region=county.town_x,
        requester=citizen_person,
    )
    assert legal_aid_granted_for_person(person=citizen_person) is False
    Case.objects.filter(pk=aid.pk).update(status="granted")  # test setup only: grants belong to legal aid
    assert legal_aid_granted_for_person(person=citizen_person) is True


def _issue(personas: dict[str, User], county: County, ref: str) -> Client:
    """Assign, start, materials, notice, the four checks, then the certificate on 4 March 2026; the notary's client."""
    notary = client_for(personas["notary"])
    _step(client_for(personas["window_clerk"]), ref, "act", action="assign", practitioner_id=county.notary.pk)
    _step(notary, ref, "act", action="start")
    for item in ("identity", "document", "proof", "other"):
        _step(notary, ref, "material", item_code=item, state="provided")
    _step(notary, ref, "notice", content="告知", acknowledged_by="sign")
    _step(
        notary,
        ref,
        "review_check",
        identity_capacity_rights="1",
        documents_complete="1",
        proofs_true_lawful="1",
        matter_true_lawful="1",
    )
    with time_machine.travel("2026-03-04 15:00:00+08:00", tick=False):
        assert _step(notary, ref, "issue", statement="兹证明")[0] == 200
    return notary


def test_review_time_limits_and_revocation(
    personas: dict[str, User], county: County, accepted: str, tmp_path: Path
) -> None:
    ref = accepted
    notary = _issue(personas, county, ref)
    code, body = _step(
        notary,
        ref,
        "review_apply",
        applicant_kind="party",
        applicant_name="王芳",
        received_on="2026-03-04",
        applied_on="2027-03-05",
        grounds="证词有误",
    )
    assert (code, "当事人应当自收到公证书之日起一年内提出复查申请" in body) == (400, True)
    with time_machine.travel("2026-04-01 10:00:00+08:00", tick=False):
        assert (
            _step(
                notary,
                ref,
                "review_apply",
                applicant_kind="interested",
                applicant_name="王强",
                received_on="2026-03-20",
                applied_on="2026-04-01",
                grounds="委托书系伪造",
            )[0]
            == 200
        )
        # 30 days from 1 April end on 1 May, a holiday (May Day 1-5 May 2026): the period ends on 6 May (T2).
        assert _due(ref, "notary.review_decide") == "2026-05-07T00:00:00+08:00"
        review_id = NotaryMatter.objects.get(case__reference=ref).reviews.get().pk
        assert (
            _step(notary, ref, "review_decide", review_id=review_id, outcome="revoke", note="委托书系伪造")[0]
            == 200
        )
        assert _step(notary, ref, "review_execute", review_id=review_id)[0] == 200
    states = dict(CaseDeadline.objects.filter(case__reference=ref).values_list("rule_code", "state"))
    assert states == {"notary.issue": "met", "notary.review_decide": "met", "notary.review_execute": "met"}
    certificate = NotaryCertificate.objects.get()
    assert certificate.revoked_at is not None
    # E7/E10: the revocation waits in the national report queue until the daily export writes it.
    review = NotaryMatter.objects.get(case__reference=ref).reviews.get()
    assert (review.reported_at, list(national_report_pending())) == (None, [review])
    out = tmp_path / "report.jsonl"
    call_command("notary_report_export", "--out", str(out), stdout=StringIO())
    (row,) = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    assert (row["certificate_number"], row["action"], row["reason"]) == (
        certificate.number,
        "revoke",
        "委托书系伪造",
    )
    assert "王强" not in out.read_text(
        encoding="utf-8"
    )  # the certificate and the decision, not the applicant
    review.refresh_from_db()
    assert review.reported_at is not None
    assert review.report_batch
    quiet = StringIO()
    call_command("notary_report_export", "--out", str(tmp_path / "again.jsonl"), stdout=quiet)
    assert "没有待报送的记录" in quiet.getvalue()
    assert not (tmp_path / "again.jsonl").exists()
    call_command("notary_report_export", "--out", str(out), "--batch", review.report_batch, stdout=StringIO())
    assert json.loads(out.read_text(encoding="utf-8")) == row  # a lost file is written again from its batch


def test_a_correction_is_reported_once_executed_and_a_failed_write_marks_nothing(
    personas: dict[str, User], county: County, accepted: str, tmp_path: Path
) -> None:
    ref = accepted
    notary = _issue(personas, county, ref)
    with time_machine.travel("2026-04-01 10:00:00+08:00", tick=False):
        _step(
            notary,
            ref,
            "review_apply",
            applicant_kind="party",
            applicant_name="王芳",
            received_on="2026-03-04",
            applied_on="2026-04-01",
            grounds="姓名有误",
        )
        review = NotaryMatter.objects.get(case__reference=ref).reviews.get()
        _step(notary, ref, "review_decide", review_id=review.pk, outcome="correct", note="更正姓名")
        assert list(national_report_pending()) == []  # the corrected certificate does not exist yet
        _step(notary, ref, "review_execute", review_id=review.pk)
    assert list(national_report_pending()) == [review]
    with pytest.raises(CommandError, match="输出目录不存在"):
        call_command("notary_report_export", "--out", str(tmp_path / "missing" / "r.jsonl"))
    blocked = tmp_path / "blocked"
    blocked.mkdir()
    (blocked / "r.jsonl.partial").mkdir()  # the temporary file cannot be created
    with pytest.raises(CommandError, match="记录仍为待报送"):
        call_command("notary_report_export", "--out", str(blocked / "r.jsonl"))
    assert list(national_report_pending()) == [review]


def test_workbench_scoping(
    personas: dict[str, User], county: County, accepted: str, make_user: object
) -> None:
    assert accepted in client_for(personas["window_clerk"]).get("/work/notary/").content.decode()
    assert (
        accepted not in client_for(personas["notary"]).get("/work/notary/").content.decode()
    )  # not yet assigned
    _step(
        client_for(personas["window_clerk"]),
        accepted,
        "act",
        action="assign",
        practitioner_id=county.notary.pk,
    )
    assert accepted in client_for(personas["notary"]).get("/work/notary/").content.decode()
    for persona in ("mediator", "outsider", "clerk_y", "citizen_b"):
        assert client_for(personas[persona]).get(f"/work/notary/{accepted}/").status_code == 404, persona
        assert (
            client_for(personas[persona]).get(f"/work/notary/{accepted}/application.pdf").status_code == 404
        )
