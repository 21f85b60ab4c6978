"""Judicial appraisal end to end through HTTP (F1-F9): commission, acceptance with the agreement, materials with
receipts, two appraisers with recusal, the 30-WD clock with one extension, the signed opinion with dissent."""

from __future__ import annotations

import pytest
import time_machine
from django.test import Client

from fawang.accounts.models import User
from fawang.accounts.roles import Role
from fawang.appraisal.models import AppraisalCommission, AppraisalOpinion, MaterialHandover
from fawang.cases.models import Case, CaseDeadline, CaseEvent
from fawang.conftest import County, MakeUser
from fawang.core import clock
from fawang.directory.models import Institution, InstitutionKind, Practitioner, PractitionerKind
from fawang.directory.tests.factories import InstitutionFactory, PractitionerFactory
from fawang.mediation.tests.helpers import client_for, pdf_text

MONDAY = "2026-03-02 09:00:00+08:00"
AGREEMENT = {
    "parties": "委托人：甲县人民法院；鉴定机构：甲县司法鉴定所",
    "matter_terms": "伤残等级鉴定，用于民事诉讼，30个工作日，非重新鉴定",
    "background": "交通事故致原告受伤",
    "materials": "病历、影像资料，鉴定完成后退还",
    "fees": "按收费标准，不予受理的全额退还",
    "risks": "鉴定意见可能不被采信",
    "recusal": "鉴定人与当事人有利害关系的应当回避",
    "delivery": "邮寄送达委托人",
    "rights_duties": "委托人如实提供材料，不得暗示鉴定结论",
    "client_signatory": "法官刘明",
    "time_limit_wd": "30",
}


class Team:
    def __init__(self, institution: Institution, members: list[Practitioner]) -> None:
        self.institution = institution
        self.members = members


@pytest.fixture
def team(county: County, make_user: MakeUser) -> Team:
    institution = InstitutionFactory.create(
        kind=InstitutionKind.APPRAISAL_INSTITUTION, name="甲县司法鉴定所", region=county.county
    )
    members: list[Practitioner] = []
    for name in ("周鉴定人", "吴鉴定人", "郑鉴定人"):
        user = make_user(f"appraiser_{len(members)}", Role.APPRAISER, institution=institution)
        members.append(
            PractitionerFactory.create(
                kind=PractitionerKind.APPRAISER, name=name, institution=institution, user=user
            )
        )
    return Team(institution, members)


def _user(p: Practitioner) -> User:
    assert p.user is not None
    return p.user


def _commission(client: Client, team: Team, **extra: object) -> tuple[int, dict[str, object]]:
    payload: dict[str, object] = {
        "institution_id": team.institution.pk,
        "client_kind": "court",
        "client_name": "甲县人民法院",
        "client_handler": "刘明",
        "client_phone": "02300000000",
        "matter": "伤残等级鉴定",
        "purpose": "民事诉讼",
        "requirements": "评定伤残等级",
        "background": "交通事故致原告受伤",
        "receiving_appraiser_id": team.members[0].pk,
    }
    payload.update(extra)
    response = client.post("/api/v1/appraisal/commissions/", payload, content_type="application/json")
    return response.status_code, response.json()


def _step(client: Client, ref: str, step: str, **data: object) -> tuple[int, str]:
    response = client.post(f"/work/appraisal/{ref}/step/{step}/", data, HTTP_HX_REQUEST="true")
    return response.status_code, response.content.decode()


def _due(ref: str, rule: str) -> str | None:
    row = CaseDeadline.objects.get(case__reference=ref, rule_code=rule)
    return clock.to_local(row.due_at).isoformat() if row.due_at else None


def test_direct_citizen_commission_is_off_by_default(personas: dict[str, User], team: Team) -> None:
    code, body = _commission(
        client_for(personas["window_clerk"]), team, client_kind="citizen", client_name="张三"
    )
    assert code == 400
    assert "本省未开放个人直接委托" in str(body["detail"])
    assert (Case.objects.count(), AppraisalCommission.objects.count()) == (0, 0)


def test_full_commission_to_opinion(personas: dict[str, User], team: Team) -> None:
    a, b, c = team.members
    lead = client_for(_user(a))
    with time_machine.travel(MONDAY, tick=False):
        code, body = _commission(client_for(personas["window_clerk"]), team)
        assert code == 201
    ref = str(body["reference"])
    assert _due(ref, "appraisal.accept") == "2026-03-12T00:00:00+08:00"  # 7 working days (F1)
    with time_machine.travel("2026-03-03 10:00:00+08:00", tick=False):
        assert (
            _step(
                lead,
                ref,
                "material",
                name="病历",
                kind="medical",
                quantity="1册",
                condition="完好",
                storage="档案柜A-3",
                handed_by="刘明",
            )[0]
            == 200
        )
        before = (
            Case.objects.get(reference=ref).status,
            CaseEvent.objects.filter(case__reference=ref).count(),
        )
        code, html = _step(lead, ref, "accept", **AGREEMENT)
        assert (code, "未要求或暗示鉴定结论（通则第18条" in html) == (400, True)
        assert (
            Case.objects.get(reference=ref).status,
            CaseEvent.objects.filter(case__reference=ref).count(),
        ) == before
        code, html = _step(lead, ref, "accept", **{**AGREEMENT, "risks": ""}, no_hint_confirmed="1")
        assert (code, "委托书缺少：鉴定风险提示" in html) == (400, True)
        assert _step(lead, ref, "accept", **AGREEMENT, no_hint_confirmed="1")[0] == 200
    assert Case.objects.get(reference=ref).status == "accepted"
    assert CaseDeadline.objects.get(case__reference=ref, rule_code="appraisal.accept").state == "met"
    first_due = _due(ref, "appraisal.complete")
    # 30 WD from 3 March: the last day is 15 April, Qingming (4-6 April) skipped; it ends at 24:00 (F6, T2).
    assert first_due == "2026-04-16T00:00:00+08:00"
    receipt = MaterialHandover.objects.get()
    text = pdf_text(lead.get(f"/work/appraisal/{ref}/{receipt.receipt_number}.pdf").content)
    for expected in (
        "鉴定材料交接单",
        receipt.receipt_number,
        "病历；病历、影像资料；数量1册；性状完好；保管档案柜A-3",
        "移交人：刘明",
        "委托人移交鉴定机构",
    ):
        assert expected in text, expected
    # One appraiser is not enough (通则 Art.19, F5).
    assert _step(lead, ref, "appraiser", practitioner_id=a.pk)[0] == 200
    code, html = _step(lead, ref, "act", action="assign", practitioner_id=a.pk)
    assert (code, "至少两名未回避的司法鉴定人" in html) == (400, True)
    assert _step(lead, ref, "appraiser", practitioner_id=b.pk, conflict_declared="系原告表兄")[0] == 200
    code, html = _step(lead, ref, "act", action="assign", practitioner_id=a.pk)
    assert (code, "至少两名未回避的司法鉴定人" in html) == (400, True)
    assert Case.objects.get(reference=ref).status == "accepted"
    assignment_b = AppraisalCommission.objects.get().appraisers.get(practitioner=b)
    assert (
        _step(
            lead,
            ref,
            "recusal",
            assignment_id=assignment_b.pk,
            source="self",
            grounds="系原告表兄",
            recused="1",
        )[0]
        == 200
    )
    assert _step(lead, ref, "appraiser", practitioner_id=c.pk)[0] == 200
    code, html = _step(lead, ref, "act", action="assign", practitioner_id=b.pk)
    assert (code, "须从本事项已确定且未回避的鉴定人中指定" in html) == (400, True)
    assert _step(lead, ref, "act", action="assign", practitioner_id=a.pk)[0] == 200
    assert _step(lead, ref, "act", action="start")[0] == 200
    with time_machine.travel("2026-03-10 10:00:00+08:00", tick=False):
        assert (
            _step(lead, ref, "extend", reason="需补充检查", approved_by="所长王平", client_told_how="电话")[0]
            == 200
        )
        code, html = _step(lead, ref, "extend", reason="再延", approved_by="所长王平", client_told_how="电话")
        assert (code, "鉴定时限只能延长一次" in html) == (400, True)
    # + 30 WD: last day 29 May (May Day 1-5 May off, Saturday 9 May a swapped working day).
    assert _due(ref, "appraisal.complete") == "2026-05-30T00:00:00+08:00"
    assert CaseDeadline.objects.get(case__reference=ref, rule_code="appraisal.complete").extensions == 1
    with time_machine.travel("2026-04-20 10:00:00+08:00", tick=False):
        assert (
            _step(
                lead,
                ref,
                "opinion",
                basis="经检查，原告左下肢功能部分丧失。",
                conclusion="被鉴定人伤残等级为十级。",
            )[0]
            == 200
        )
        assert _step(lead, ref, "sign")[0] == 200
        code, html = _step(lead, ref, "issue")
        assert (code, "须由全部承办鉴定人签名" in html) == (400, True)
        assert (
            client_for(_user(b)).post(f"/work/appraisal/{ref}/step/sign/", {}).status_code == 404
        )  # recused
        second = client_for(_user(c))
        assert ref in second.get("/work/appraisal/").content.decode()  # on the team, not the first appraiser
        assert _step(second, ref, "sign", dissent="本人认为应评为九级。")[0] == 200
        assert _step(lead, ref, "issue")[0] == 200
    case = Case.objects.get(reference=ref)
    assert (case.status, CaseDeadline.objects.get(case=case, rule_code="appraisal.complete").state) == (
        "resolved",
        "met",
    )
    opinion = AppraisalOpinion.objects.get()
    text = pdf_text(lead.get(f"/work/appraisal/{ref}/opinion.pdf").content)
    for expected in (
        "司法鉴定意见书",
        opinion.number,
        "甲县人民法院（人民法院）",
        "伤残等级鉴定",
        "经检查，原告左下肢功能部分丧失。",
        "被鉴定人伤残等级为十级。",
        "郑鉴定人：本人认为应评为九级。",
        f"司法鉴定人周鉴定人（执业证号{a.licence_number}）：已签名",
        "甲县司法鉴定所：（司法鉴定专用章）",
    ):
        assert expected in text, expected
    assert "吴鉴定人" not in text
    assert client_for(personas["citizen"]).get(f"/work/appraisal/{ref}/opinion.pdf").status_code == 404


def test_duplicate_commission_is_refused_with_materials_returned(
    personas: dict[str, User], team: Team
) -> None:
    lead = client_for(_user(team.members[0]))
    code, body = _commission(client_for(personas["window_clerk"]), team)
    ref = str(body["reference"])
    _step(
        lead,
        ref,
        "material",
        name="血样",
        kind="biological",
        quantity="2管",
        condition="冷藏",
        storage="冰箱2",
        handed_by="刘明",
    )
    code, html = _step(lead, ref, "refuse", reason="bogus", explanation="x")
    assert (code, "通则第15条所列理由" in html) == (400, True)
    assert _step(lead, ref, "refuse", reason="duplicate", explanation="已同时委托乙鉴定所")[0] == 200
    case = Case.objects.get(reference=ref)
    assert case.status == "rejected"
    assert "委托人就同一鉴定事项同时委托其他司法鉴定机构进行鉴定" in case.outcome
    commission = AppraisalCommission.objects.get()
    assert [m.returned_at is not None for m in commission.materials.all()] == [True]
    assert list(commission.handovers.values_list("direction", flat=True)) == ["received", "returned"]
    assert CaseDeadline.objects.get(case=case, rule_code="appraisal.accept").state == "met"


def test_generic_endpoint_cannot_skip_the_agreement(personas: dict[str, User], team: Team) -> None:
    code, body = _commission(client_for(personas["window_clerk"]), team)
    ref = str(body["reference"])
    response = client_for(_user(team.members[0])).post(
        f"/api/v1/cases/{ref}/accept/", {}, content_type="application/json"
    )
    assert (response.status_code, "须确认委托人未要求或暗示鉴定结论" in response.json()["detail"]) == (
        400,
        True,
    )
    assert Case.objects.get(reference=ref).status == "new"


def test_scoping_of_the_workbench(
    personas: dict[str, User], team: Team, county: County, make_user: MakeUser
) -> None:
    code, body = _commission(client_for(personas["window_clerk"]), team)
    ref = str(body["reference"])
    other_institution = InstitutionFactory.create(
        kind=InstitutionKind.APPRAISAL_INSTITUTION, name="乙鉴定所", region=county.county
    )
    stranger = make_user("appraiser_x", Role.APPRAISER, institution=other_institution)
    PractitionerFactory.create(
        kind=PractitionerKind.APPRAISER, name="冯鉴定人", institution=other_institution, user=stranger
    )
    assert ref in client_for(_user(team.members[0])).get("/work/appraisal/").content.decode()
    for user in (stranger, _user(team.members[1]), personas["mediator"], personas["citizen"]):
        assert ref not in client_for(user).get("/work/appraisal/").content.decode()
        assert client_for(user).get(f"/work/appraisal/{ref}/").status_code == 404
    api = client_for(personas["window_clerk"]).get(f"/api/v1/appraisal/commissions/{ref}/").json()
    assert (api["status"], api["institution"]) == ("new", "甲县司法鉴定所")
