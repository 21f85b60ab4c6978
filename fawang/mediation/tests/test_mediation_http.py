"""People's mediation end to end through HTTP (D1-D9), with every illegal step refused and nothing changed."""

from __future__ import annotations

import re
from datetime import datetime
from typing import Any

import pytest
import time_machine
from django.test import Client

from fawang.accounts.models import User
from fawang.cases.models import Case, CaseDeadline, CaseEvent
from fawang.conftest import County
from fawang.core import clock
from fawang.directory.models import Institution, Practitioner
from fawang.mediation.models import (
    EscalationReport,
    JudicialConfirmation,
    MediationAgreement,
    MediationCase,
    MediationTermination,
    PerformanceFollowUp,
)
from fawang.mediation.tests.helpers import client_for as _client
from fawang.mediation.tests.helpers import mediation_application
from fawang.mediation.tests.helpers import pdf_text as _pdf_text

START = "2026-03-02 09:00:00+08:00"  # a Monday


def _apply(client: Client, committee: Institution, **extra: object) -> Any:
    return client.post("/work/mediation/new/", mediation_application(committee.pk, **extra))


def _step(client: Client, ref: str, name: str, **data: object) -> tuple[int, str]:
    response = client.post(f"/work/mediation/{ref}/step/{name}/", data, HTTP_HX_REQUEST="true")
    return response.status_code, response.content.decode()


def _aware(moment: datetime | None) -> datetime:
    assert moment is not None
    return moment


def _file(ref: str) -> MediationCase:
    return MediationCase.objects.get(case__reference=ref)


def _state(ref: str) -> tuple[str, int]:
    case = Case.objects.get(reference=ref)
    return case.status, CaseEvent.objects.filter(case=case).count()


@pytest.fixture
def opened(personas: dict[str, User], committee: Institution) -> str:
    with time_machine.travel(START, tick=False):
        response = _apply(_client(personas["clerk_x"]), committee)
    assert response.status_code == 302
    return str(response["Location"]).rstrip("/").split("/")[-1]


def _accept_assign_start(personas: dict[str, User], county: County, ref: str) -> None:
    clerk = _client(personas["clerk_x"])
    respondent = _file(ref).parties.get(side="respondent")
    assert _step(clerk, ref, "consent", party_id=respondent.pk, consent="consented")[0] == 200
    assert _step(clerk, ref, "act", action="accept", expected_status="new")[0] == 200
    assert _step(clerk, ref, "act", action="assign", practitioner_id=county.mediator.pk)[0] == 200
    assert _step(_client(personas["mediator"]), ref, "act", action="start")[0] == 200


def test_application_is_free_and_starts_the_one_month_norm_on_acceptance(
    personas: dict[str, User], county: County, opened: str
) -> None:
    mediation = _file(opened)
    assert (mediation.case.status, mediation.case.service_type, mediation.committee_id) == (
        "new",
        "mediation",
        county.mediator.institution_id,
    )
    assert [(p.person.name, p.side, p.consent) for p in mediation.parties.order_by("side")] == [
        ("张三", "applicant", "consented"),
        ("李四", "respondent", "pending"),
    ]
    with time_machine.travel(START, tick=False):
        code, _ = _step(_client(personas["clerk_x"]), opened, "act", action="accept")
    assert code == 200
    clock_row = CaseDeadline.objects.get(case__reference=opened, rule_code="mediation.conclude")
    # One month from 2026-03-02: the last day is 2026-04-02, ending at 24:00 (D6).
    assert clock.to_local(_aware(clock_row.due_at)).isoformat() == "2026-04-03T00:00:00+08:00"
    api = _client(personas["clerk_x"]).get(f"/api/v1/mediation/applications/{opened}/").json()
    assert (api["status"], api["fee"]) == ("accepted", "人民调解不收取任何费用（人民调解法第4条）。")


def test_assign_before_acceptance_is_refused_and_changes_nothing(
    personas: dict[str, User], county: County, opened: str
) -> None:
    before = _state(opened)
    code, body = _step(
        _client(personas["clerk_x"]), opened, "act", action="assign", practitioner_id=county.mediator.pk
    )
    assert code == 400
    assert "不能执行“指派承办人”" in body
    assert _state(opened) == before
    assert Case.objects.get(reference=opened).handler_practitioner_id is None


def test_a_clear_refusal_blocks_mediation(personas: dict[str, User], county: County, opened: str) -> None:
    clerk = _client(personas["clerk_x"])
    respondent = _file(opened).parties.get(side="respondent")
    assert _step(clerk, opened, "consent", party_id=respondent.pk, consent="refused")[0] == 200
    before = _state(opened)
    code, body = _step(clerk, opened, "act", action="accept")
    assert code == 400
    assert "明确拒绝调解，不得调解（人民调解法第17条" in body
    assert _state(opened) == before
    code, body = _step(clerk, opened, "consent", party_id=respondent.pk, consent="consented")
    assert (code, "已明确拒绝调解" in body) == (400, True)


def test_start_needs_every_party_to_consent(personas: dict[str, User], county: County, opened: str) -> None:
    clerk = _client(personas["clerk_x"])
    _step(clerk, opened, "act", action="accept")
    _step(clerk, opened, "act", action="assign", practitioner_id=county.mediator.pk)
    before = _state(opened)
    code, body = _step(_client(personas["mediator"]), opened, "act", action="start")
    assert (code, "尚有当事人未表示同意调解" in body) == (400, True)
    assert _state(opened) == before


def test_only_a_mediator_of_the_committee_can_be_assigned(
    personas: dict[str, User], county: County, opened: str
) -> None:
    clerk = _client(personas["clerk_x"])
    _step(clerk, opened, "act", action="accept")
    before = _state(opened)
    code, body = _step(clerk, opened, "act", action="assign", practitioner_id=county.lawyer.pk)
    assert (code, "只能指定人民调解员承办调解" in body) == (400, True)
    assert _state(opened) == before


def test_written_agreement_end_to_end_with_pdf_confirmation_and_follow_up(
    personas: dict[str, User], county: County, opened: str
) -> None:
    mediator = _client(personas["mediator"])
    with time_machine.travel(START, tick=False):
        _accept_assign_start(personas, county, opened)
        assert (
            _step(
                mediator,
                opened,
                "session",
                held_at="2026-03-02T08:30",
                place="东村调解室",
                attendees="张三、李四、赵调解员",
                record="双方陈述意见，同意以旧界桩为准。",
            )[0]
            == 200
        )
        code, body = _step(
            mediator,
            opened,
            "agreement",
            kind="oral",
            facts="事实",
            issues="边界",
            responsibilities="双方各半",
            terms="以旧界桩为界",
            performance_manner="现场确认",
            performance_due="2026-03-20",
        )
        assert (code, "协议不能即时履行，应当制作书面调解协议书" in body) == (400, True)
        assert MediationAgreement.objects.count() == 0
        assert (
            _step(
                mediator,
                opened,
                "agreement",
                kind="written",
                facts="张三与李四因宅基地边界发生争执。",
                issues="边界走向",
                responsibilities="李四越界砌墙，应予拆除。",
                terms="李四于2026年3月20日前拆除越界围墙，张三补偿人民币2000元。",
                performance_manner="现场拆除并当面支付",
                performance_due="2026-03-20",
            )[0]
            == 200
        )
        code, body = _step(mediator, opened, "conclude")
        assert (code, "调解协议尚未生效" in body) == (400, True)
        parties = list(_file(opened).parties.order_by("side"))
        code, body = _step(mediator, opened, "seal")
        assert (code, "须各方当事人和调解员签署后" in body) == (400, True)
        for party, method in zip(parties, ("sign", "thumbprint"), strict=True):
            assert _step(mediator, opened, "sign", party_id=party.pk, method=method)[0] == 200
        assert _step(mediator, opened, "mediator_sign")[0] == 200
        assert _step(mediator, opened, "seal")[0] == 200
        assert _step(mediator, opened, "conclude")[0] == 200
    agreement = MediationAgreement.objects.get()
    assert clock.to_local(_aware(agreement.effective_at)).isoformat() == "2026-03-02T09:00:00+08:00"
    case = Case.objects.get(reference=opened)
    assert case.status == "resolved"
    window = CaseDeadline.objects.get(case=case, rule_code="mediation.judicial_confirmation_window")
    assert clock.to_local(_aware(window.due_at)).isoformat() == "2026-04-02T00:00:00+08:00"  # 30 days (D8)
    pdf = _client(personas["mediator"]).get(f"/work/mediation/{opened}/agreement.pdf")
    assert pdf["Content-Type"] == "application/pdf"
    text = _pdf_text(pdf.content)
    for expected in (
        "人民调解协议书",
        agreement.number,
        "张三",
        "李四",
        "李四越界砌墙，应予拆除。",
        "李四于2026年3月20日前拆除越界围墙，张三补偿人民币2000元。",
        "现场拆除并当面支付",
        "2026年03月20日前",
        "本协议一式3份",
        "签名2026年03月02日",
        "按指印2026年03月02日",
        "赵调解员",
        "东镇调委会：（印章）2026年03月02日",
        "生效日期：2026年03月02日",
        "110101********7571",
    ):
        assert re.sub(r"\s+", "", expected) in text, expected
    with time_machine.travel("2026-03-10 10:00:00+08:00", tick=False):
        assert (
            _step(mediator, opened, "confirm_apply", court="甲县人民法院", property_proofs="宅基地使用证")[0]
            == 200
        )
        assert _step(mediator, opened, "court_reply", accepted="1")[0] == 200
        assert _step(mediator, opened, "court_extend", note="院长批准延长10日")[0] == 200
        assert (
            _step(mediator, opened, "court_ruled", result="not_confirmed", note="协议内容违反法律规定")[0]
            == 200
        )
        assert (
            _step(
                mediator,
                opened,
                "follow_up",
                checked_on="2026-03-10",
                result="partial",
                note="围墙已拆，补偿款未付。",
            )[0]
            == 200
        )
    confirmation = JudicialConfirmation.objects.get()
    assert (confirmation.result, confirmation.ruling_extended) == ("not_confirmed", True)
    states = dict(CaseDeadline.objects.filter(case=case).values_list("rule_code", "state"))
    assert states == {
        "mediation.conclude": "met",
        "mediation.judicial_confirmation_window": "met",
        "mediation.court_accept": "met",
        "mediation.court_rule": "met",
    }
    court_rule = CaseDeadline.objects.get(case=case, rule_code="mediation.court_rule")
    assert court_rule.extensions == 1
    pack = _pdf_text(_client(personas["mediator"]).get(f"/work/mediation/{opened}/confirmation.pdf").content)
    for expected in (
        "司法确认申请书",
        "甲县人民法院",
        "财产权利证明：宅基地使用证",
        "授权委托书：无委托代理人",
        "送达地址：张三：东村1组",
        "联系电话：李四：13800000002",
    ):
        assert expected in pack, expected
    assert PerformanceFollowUp.objects.get().result == "partial"


def test_oral_agreement_for_immediate_performance(
    personas: dict[str, User], county: County, opened: str
) -> None:
    mediator = _client(personas["mediator"])
    _accept_assign_start(personas, county, opened)
    assert (
        _step(
            mediator,
            opened,
            "agreement",
            kind="oral",
            facts="事实",
            issues="边界",
            responsibilities="各半",
            terms="当场退还借款500元",
            performance_manner="当场支付",
            performance_due="2026-12-31",
            immediate="1",
        )[0]
        == 200
    )
    assert _step(mediator, opened, "conclude")[0] == 200
    case = Case.objects.get(reference=opened)
    assert case.status == "resolved"
    # No judicial-confirmation window for an oral agreement (Art.33 needs a written agreement).
    assert not CaseDeadline.objects.filter(
        case=case, rule_code="mediation.judicial_confirmation_window"
    ).exists()
    code, body = _step(mediator, opened, "confirm_apply", court="甲县人民法院")
    assert (code, "只有已生效的书面调解协议可以申请司法确认" in body) == (400, True)
    assert JudicialConfirmation.objects.count() == 0


def test_marriage_matters_cannot_be_confirmed(
    personas: dict[str, User], county: County, committee: Institution
) -> None:
    response = _apply(_client(personas["clerk_x"]), committee, status_matter="marriage")
    ref = str(response["Location"]).rstrip("/").split("/")[-1]
    mediator = _client(personas["mediator"])
    _accept_assign_start(personas, county, ref)
    _step(
        mediator,
        ref,
        "agreement",
        kind="written",
        facts="f",
        issues="i",
        responsibilities="r",
        terms="t",
        performance_manner="m",
        performance_due="2026-12-31",
    )
    for party in _file(ref).parties.all():
        _step(mediator, ref, "sign", party_id=party.pk, method="sign")
    _step(mediator, ref, "mediator_sign")
    _step(mediator, ref, "seal")
    _step(mediator, ref, "conclude")
    code, body = _step(mediator, ref, "confirm_apply", court="甲县人民法院")
    assert (code, "涉及婚姻关系的调解协议，人民法院不予司法确认" in body) == (400, True)


def test_extension_needs_both_parties_and_termination_names_the_routes(
    personas: dict[str, User], county: County, opened: str
) -> None:
    with time_machine.travel(START, tick=False):
        _accept_assign_start(personas, county, opened)
    mediator = _client(personas["mediator"])
    parties = list(_file(opened).parties.order_by("side"))
    before = _state(opened)
    code, body = _step(mediator, opened, "extend", party_ids=[parties[0].pk], reason="需要测量")
    assert (code, "须经双方（各方）当事人共同申请" in body) == (400, True)
    assert _state(opened) == before
    with time_machine.travel("2026-03-30 09:00:00+08:00", tick=False):
        assert (
            _step(mediator, opened, "extend", party_ids=[p.pk for p in parties], reason="需要测量")[0] == 200
        )
    rows = list(
        CaseDeadline.objects.filter(case__reference=opened, rule_code="mediation.conclude").order_by("id")
    )
    assert [r.state for r in rows] == ["met", "running"]
    assert clock.to_local(_aware(rows[1].due_at)).isoformat() == "2026-05-01T00:00:00+08:00"
    code, body = _step(mediator, opened, "act", action="resolve")
    assert (code, "未知的办理步骤" in body) == (400, True)
    assert _step(mediator, opened, "terminate", ground="no_agreement", explanation="双方分歧过大。")[0] == 200
    assert Case.objects.get(reference=opened).status == "resolved"
    text = _pdf_text(mediator.get(f"/work/mediation/{opened}/termination.pdf").content)
    for expected in (
        "终止调解告知书",
        "调解不成",
        "双方分歧过大。",
        "仲裁",
        "行政",
        "向人民法院提起诉讼",
        "第二十六条",
    ):
        assert expected in text, expected
    assert MediationTermination.objects.count() == 1


def test_terminate_through_generic_endpoint_without_notice_is_refused(
    personas: dict[str, User], county: County, opened: str
) -> None:
    _accept_assign_start(personas, county, opened)
    before = _state(opened)
    response = _client(personas["mediator"]).post(
        f"/api/v1/cases/{opened}/terminate/", {"reason": "不调了"}, content_type="application/json"
    )
    assert response.status_code == 400
    assert "终止调解须先制作终止调解告知书" in response.json()["detail"]
    assert _state(opened) == before


def test_escalation_is_flagged_and_reported(personas: dict[str, User], county: County, opened: str) -> None:
    _accept_assign_start(personas, county, opened)
    code, _ = _step(
        _client(personas["mediator"]),
        opened,
        "report",
        kind="criminal",
        police_unit="东镇派出所",
        summary="李四扬言报复。",
        measures="已分开双方",
    )
    assert code == 200
    assert _file(opened).escalation_flag is True
    report = EscalationReport.objects.get()
    assert (report.kind, report.police_unit) == ("criminal", "东镇派出所")
    assert (
        CaseEvent.objects.filter(
            case__reference=opened, action="note", reason__contains="已报告东镇派出所"
        ).count()
        == 1
    )


def test_workbench_is_scoped_to_own_cases(
    personas: dict[str, User], county: County, opened: str, second_mediator: Practitioner
) -> None:
    _accept_assign_start(personas, county, opened)
    own = _client(personas["mediator"]).get("/work/mediation/").content.decode()
    other_user = second_mediator.user
    assert other_user is not None
    other = _client(other_user).get("/work/mediation/").content.decode()
    assert (opened in own, opened in other) == (True, False)
    assert _client(other_user).get(f"/work/mediation/{opened}/").status_code == 404
    assert _client(personas["clerk_y"]).get(f"/work/mediation/{opened}/").status_code == 404
    assert _client(other_user).get(f"/work/mediation/{opened}/agreement.pdf").status_code == 404


def test_api_create_refuses_a_mediator_of_another_committee(
    personas: dict[str, User], county: County, committee: Institution
) -> None:
    payload = {
        "committee_id": committee.pk,
        "title": "噪音纠纷",
        "facts": "楼上噪音",
        "parties": [{"name": "甲", "side": "applicant"}, {"name": "乙", "side": "respondent"}],
        "mediator_id": county.lawyer.pk,
    }
    client = _client(personas["hotline_operator"])
    response = client.post("/api/v1/mediation/applications/", payload, content_type="application/json")
    assert (response.status_code, Case.objects.count()) == (400, 0)
    assert "须是本调解委员会的人民调解员" in response.json()["detail"]
    payload["mediator_id"] = county.mediator.pk
    response = client.post(
        "/api/v1/mediation/applications/", payload, content_type="application/json", HTTP_IDEMPOTENCY_KEY="k1"
    )
    again = client.post(
        "/api/v1/mediation/applications/", payload, content_type="application/json", HTTP_IDEMPOTENCY_KEY="k1"
    )
    assert (response.status_code, again.json()["reference"]) == (201, response.json()["reference"])
    assert (Case.objects.count(), response.json()["mediator"]) == (1, "赵调解员")
