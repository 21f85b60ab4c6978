"""C20 (法律援助法第三十八条): the competent agency is proposed from the recorded places, shown on the review page,
and a transfer to another agency is logged on the 工单 and as a Transfer row."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
import time_machine

from fawang.accounts.models import User
from fawang.cases.models import Case, CaseEvent
from fawang.conftest import County
from fawang.directory.models import Institution, InstitutionKind, Site, SiteKind
from fawang.legal_aid import services as s
from fawang.legal_aid.competence import CompetenceFacts, propose_competent_agency
from fawang.legal_aid.models import Document, DocumentKind, LegalAidApplication, Transfer
from fawang.legal_aid.tests.helpers import client_for, post_step, squash
from fawang.people.services import person_register

T0 = datetime(2025, 3, 3, 2, 0, tzinfo=UTC)
HERE = "990101000000"  # 甲县
TOWN = "990101001000"  # 东镇, in 甲县
OTHER = "990102000000"  # 乙县
CITY = "990100000000"  # 测试市 (a city-level body, e.g. an intermediate court)


@pytest.mark.parametrize(
    ("_case", "facts", "codes", "here"),
    [
        (
            "litigation → where the case-handling body sits",
            CompetenceFacts(proceeding="litigation", body_region=OTHER, agency_region=HERE),
            (OTHER,),
            False,
        ),
        (
            "litigation, body in a township of this county → competent",
            CompetenceFacts(proceeding="litigation", body_region=TOWN, agency_region=HERE),
            (HERE,),
            True,
        ),
        (
            "litigation, city-level body → the city's agency",
            CompetenceFacts(proceeding="litigation", body_region=CITY, agency_region=HERE),
            (CITY,),
            False,
        ),
        (
            "litigation ignores the place of events",
            CompetenceFacts(
                proceeding="litigation", body_region=HERE, events_region=OTHER, agency_region=HERE
            ),
            (HERE,),
            True,
        ),
        (
            "notice (Art.36) is a litigation matter even without a proceeding",
            CompetenceFacts(notice=True, body_region=HERE, agency_region=HERE),
            (HERE,),
            True,
        ),
        (
            "non-litigation: dispute body or place of events, either competent",
            CompetenceFacts(
                proceeding="non_litigation", body_region=OTHER, events_region=HERE, agency_region=HERE
            ),
            (OTHER, HERE),
            True,
        ),
        (
            "non-litigation: only the place of events known",
            CompetenceFacts(proceeding="non_litigation", events_region=OTHER, agency_region=HERE),
            (OTHER,),
            False,
        ),
        (
            "non-litigation: both places in one county → one candidate",
            CompetenceFacts(
                proceeding="non_litigation", body_region=TOWN, events_region=HERE, agency_region=HERE
            ),
            (HERE,),
            True,
        ),
        (
            "no proceeding recorded → no proposal",
            CompetenceFacts(body_region=HERE, agency_region=HERE),
            (),
            None,
        ),
        (
            "litigation without the body's place → no proposal",
            CompetenceFacts(proceeding="litigation", events_region=HERE, agency_region=HERE),
            (),
            None,
        ),
        (
            "non-litigation with neither place → no proposal",
            CompetenceFacts(proceeding="non_litigation", agency_region=HERE),
            (),
            None,
        ),
        (
            "malformed code is not a place",
            CompetenceFacts(proceeding="litigation", body_region="9901", agency_region=HERE),
            (),
            None,
        ),
        (
            "receiving agency unknown → proposal, no verdict",
            CompetenceFacts(proceeding="litigation", body_region=OTHER),
            (OTHER,),
            None,
        ),
    ],
)
def test_art38_proposal_table(
    _case: str, facts: CompetenceFacts, codes: tuple[str, ...], here: bool | None
) -> None:
    proposal = propose_competent_agency(facts)
    assert (proposal.county_codes, proposal.competent_here) == (codes, here)
    assert "第三十八条" in proposal.reason or proposal.missing


def _application(personas: dict[str, User], county: County, **details: object) -> LegalAidApplication:
    reviewer = personas["aid_reviewer"]
    person = person_register(actor=reviewer, name="张三", id_number="110101199003077774")
    app = s.aid_application_submit(
        actor=reviewer,
        region=county.county,
        requester=person,
        title="追索劳动报酬",
        details=s.AidDetails(matter="labour_relation_or_pay", **details),  # type: ignore[arg-type]
    )
    s.aid_accept(actor=reviewer, application=app)
    return app


@pytest.fixture
def other_agency(county: County) -> Institution:
    Site.objects.create(kind=SiteKind.CENTRE, name="乙县公共法律服务中心", region=county.other_county)
    return Institution.objects.create(
        kind=InstitutionKind.LEGAL_AID_CENTRE,
        name="乙县法律援助中心",
        region=county.other_county,
        address="乙县人民路1号",
    )


def test_proposal_is_captured_at_intake_and_shown_for_review(
    personas: dict[str, User], county: County, other_agency: Institution
) -> None:
    clerk = client_for(personas["aid_reviewer"])
    with time_machine.travel(T0, tick=False):
        response = clerk.post(
            "/work/legal-aid/new/",
            {
                "intake_kind": "application",
                "name": "李四",
                "title": "劳动仲裁代理",
                "matter": "labour_relation_or_pay",
                "proceeding": "non_litigation",
                "body_region_code": OTHER,
                "idempotency_key": "k-c20",
            },
        )
        assert response.status_code == 302
        app = LegalAidApplication.objects.get(case__title="劳动仲裁代理")
        assert (app.proceeding, app.body_region_id) == ("non_litigation", county.other_county.pk)
        page = squash(clerk.get(response["Location"]).content.decode())
    assert "建议移送有权机构" in page
    assert "争议处理机关所在地：乙县—乙县法律援助中心（乙县人民路1号）" in page
    assert "移送并记录" in page


def test_bad_place_code_is_refused_and_nothing_is_saved(personas: dict[str, User], county: County) -> None:
    clerk = client_for(personas["aid_reviewer"])
    response = clerk.post(
        "/work/legal-aid/new/",
        {
            "intake_kind": "application",
            "name": "李四",
            "title": "错误代码",
            "proceeding": "litigation",
            "body_region_code": "123456789012",
            "idempotency_key": "k-bad",
        },
    )
    assert response.status_code == 400
    assert "未找到办案机关或争议处理机关所在地" in response.content.decode()
    assert not Case.objects.filter(title="错误代码").exists()


def test_transfer_moves_the_application_and_logs_it(
    personas: dict[str, User], county: County, other_agency: Institution
) -> None:
    reviewer = client_for(personas["aid_reviewer"])
    with time_machine.travel(T0, tick=False):
        app = _application(personas, county, proceeding="litigation", body_region_code=OTHER)
        events = CaseEvent.objects.filter(case=app.case).count()
        # No reason: refused, nothing changes.
        bad = post_step(reviewer, app.case, "transfer", {"institution_id": other_agency.pk, "reasons": " "})
        assert bad.status_code == 400
        assert "提交的内容有误" in bad.content.decode()
        # Not a legal-aid agency: refused.
        firm = post_step(
            reviewer, app.case, "transfer", {"institution_id": county.law_firm.pk, "reasons": "移送"}
        )
        assert firm.status_code == 400
        assert "请选择接收申请的法律援助机构" in firm.content.decode()
        # To itself: refused.
        same = post_step(
            reviewer, app.case, "transfer", {"institution_id": county.aid_centre.pk, "reasons": "移送"}
        )
        assert same.status_code == 400
        assert "不能移送给本机构" in same.content.decode()
        assert CaseEvent.objects.filter(case=app.case).count() == events
        assert not Transfer.objects.exists()

        done = post_step(
            reviewer, app.case, "transfer", {"institution_id": other_agency.pk, "reasons": "办案机关在乙县"}
        )
    assert done.status_code == 302  # the reviewer of 甲县 no longer handles it
    app.refresh_from_db()
    case = app.case
    case.refresh_from_db()
    transfer = Transfer.objects.get(application=app)
    assert (transfer.from_institution, transfer.to_institution, transfer.from_region) == (
        county.aid_centre,
        other_agency,
        county.county,
    )
    assert transfer.basis == "法律援助法第三十八条（办案机关所在地）"
    assert (case.handler_institution, case.region, case.status) == (
        other_agency,
        county.other_county,
        "under_review",
    )
    event = CaseEvent.objects.filter(case=case).order_by("-id").first()
    assert event is not None
    assert event.action == "dispatch"
    assert "移送乙县法律援助中心：办案机关在乙县" in event.reason
    assert app.agency_region.endswith("乙县")  # the receiving agency's standard applies
    assert app.snapshots.order_by("-id").first().facts["agency_region"] == app.agency_region  # type: ignore[union-attr]
    # C20: the transfer letter goes with the file, issued by the sending agency, and the applicant can see it.
    letter = Document.objects.get(case=case, kind=DocumentKind.TRANSFER_LETTER)
    assert letter.number == f"{case.reference}-YS01"
    assert letter.content["issuer"] == county.aid_centre.name
    assert ["接收机构", other_agency.name] in letter.content["fields"]
    assert ["移送依据", "法律援助法第三十八条（办案机关所在地）"] in letter.content["fields"]
    assert "乙县人民路1号" in "".join(letter.content["paragraphs"])
    # The receiving county's staff now see it (the outsider persona is a clerk of 乙县).
    receiving = client_for(personas["outsider"])
    assert receiving.get(f"/work/legal-aid/{case.reference}/").status_code == 200
    pdf = receiving.get(f"/work/legal-aid/{case.reference}/documents/{letter.pk}.pdf")
    assert pdf.status_code == 200
    assert pdf["Content-Type"] == "application/pdf"
