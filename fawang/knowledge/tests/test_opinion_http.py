"""Written consultation opinions (法律咨询意见书, J7) through real HTTP: the htmx panel on the staff case page, the
released opinion and its PDF on the citizen's case page in the portal, and the portal API's document list."""

from __future__ import annotations

import pytest
from django.test import Client
from rest_framework.test import APIClient

from fawang.accounts.models import User
from fawang.cases.models import Case
from fawang.conftest import County
from fawang.knowledge.models import ConsultationOpinion, OpinionStatus
from fawang.mediation.tests.helpers import client_for, pdf_text

pytestmark = pytest.mark.django_db

HX = {"HTTP_HX_REQUEST": "true"}


def _panel(reference: str) -> str:
    return f"/knowledge/opinions/case/{reference}/"


def _step(client: Client, opinion: ConsultationOpinion, action: str, **data: str) -> tuple[int, str]:
    response = client.post(f"/knowledge/opinions/{opinion.pk}/{action}", data, **HX)  # type: ignore[arg-type]
    return response.status_code, response.content.decode()


def test_staff_panel_drafts_edits_submits_approves_and_releases(
    answered_case: Case, personas: dict[str, User], county: County
) -> None:
    """J7: the clerk drafts and edits on the case page; flagged citations show before approval; only the answering
    lawyer approves; then the opinion is released."""
    ref = answered_case.reference
    clerk, lawyer = client_for(personas["window_clerk"]), client_for(personas["aid_lawyer"])
    page = clerk.get(f"/work/cases/{ref}/").content.decode()
    assert f'hx-get="{_panel(ref)}"' in page
    panel = clerk.get(_panel(ref), **HX)  # type: ignore[arg-type]
    assert panel.status_code == 200
    assert "根据答复起草意见书" in panel.content.decode()

    drafted = clerk.post(f"{_panel(ref)}draft", **HX)  # type: ignore[arg-type]
    assert drafted.status_code == 200
    opinion = ConsultationOpinion.objects.get(case=answered_case)
    body = drafted.content.decode()
    assert "保存修改" in body
    assert "提交审批" in body
    assert "以下引用需复核" in body
    assert "婚姻法第三十二条：已废止或非现行版本" in body
    assert "《中华人民共和国民法典》第一千零七十九条" in body

    edited = clerk.post(
        f"/knowledge/opinions/{opinion.pk}/edit",
        {
            "question": opinion.question,
            "facts": opinion.facts,
            "answer": opinion.answer,
            "advice": "先行调解。",
        },
        **HX,  # type: ignore[arg-type]
    )
    assert edited.status_code == 200
    assert _step(clerk, opinion, "submit")[0] == 200

    status, body = _step(clerk, opinion, "approve", confirm_flagged="on")
    assert (status, "该意见书须由答复该咨询的李律师审批" in body) == (403, True)
    opinion.refresh_from_db()
    assert (opinion.status, opinion.events.count()) == (OpinionStatus.PENDING, 3)

    lawyer_panel = lawyer.get(_panel(ref), **HX).content.decode()  # type: ignore[arg-type]
    assert "审批通过" in lawyer_panel
    assert "已核对上述需复核的引用" in lawyer_panel
    status, body = _step(lawyer, opinion, "approve")
    assert (status, "请修改，或核对后勾选“已核对引用”再审批" in body) == (400, True)
    assert _step(lawyer, opinion, "approve", confirm_flagged="on")[0] == 200
    status, body = _step(clerk, opinion, "release")
    assert status == 200
    assert "已发布" in body
    assert "下载意见书（PDF）" in body
    opinion.refresh_from_db()
    assert (opinion.status, opinion.snapshot["advice"]) == (OpinionStatus.RELEASED, "先行调解。")
    assert [e.action for e in opinion.events.all()] == ["draft", "edit", "submit", "approve", "release"]


def test_panel_without_htmx_redirects_back_to_the_case(
    answered_case: Case, personas: dict[str, User]
) -> None:
    """J7: the panel works without script: a full page, and posts return to the case page."""
    clerk = client_for(personas["window_clerk"])
    ref = answered_case.reference
    page = clerk.get(_panel(ref))
    assert page.status_code == 200
    assert "返回工单" in page.content.decode()
    response = clerk.post(f"{_panel(ref)}draft")
    assert (response.status_code, response["Location"]) == (302, f"/work/cases/{ref}/")
    assert ConsultationOpinion.objects.filter(case=answered_case).count() == 1


@pytest.mark.parametrize(
    ("persona", "expected"),
    [("citizen", 404), ("citizen_b", 404), ("outsider", 404), ("other_lawyer", 404), ("window_clerk", 200)],
)
def test_panel_access(persona: str, expected: int, answered_case: Case, personas: dict[str, User]) -> None:
    """J7: the staff panel and the draft step are for staff covering the case; anyone else gets 404, nothing
    drafted."""
    client = client_for(personas[persona])
    assert client.get(_panel(answered_case.reference), **HX).status_code == expected  # type: ignore[arg-type]
    drafted = client.post(f"{_panel(answered_case.reference)}draft", **HX)  # type: ignore[arg-type]
    assert drafted.status_code == expected
    assert ConsultationOpinion.objects.count() == (1 if expected == 200 else 0)
    assert Client().get(_panel(answered_case.reference)).status_code == 302  # anonymous: to the login page


def test_bad_input_through_the_panel_changes_nothing(answered_case: Case, personas: dict[str, User]) -> None:
    """J7: an empty answer, an unknown step and a return without a reason are refused in Chinese."""
    clerk = client_for(personas["window_clerk"])
    clerk.post(f"{_panel(answered_case.reference)}draft", **HX)  # type: ignore[arg-type]
    opinion = ConsultationOpinion.objects.get()
    response = clerk.post(
        f"/knowledge/opinions/{opinion.pk}/edit",
        {"question": opinion.question, "facts": "", "answer": "", "advice": ""},
        **HX,  # type: ignore[arg-type]
    )
    assert response.status_code == 400
    assert "请填写咨询问题和答复意见" in response.content.decode()
    assert _step(clerk, opinion, "publish")[0] == 404
    _step(clerk, opinion, "submit")
    status, body = _step(client_for(personas["aid_lawyer"]), opinion, "return", reason=" ")
    assert (status, "“退回修改”须写明理由" in body) == (400, True)
    opinion.refresh_from_db()
    assert (opinion.status, opinion.answer, opinion.events.count()) == (
        OpinionStatus.PENDING,
        opinion.answer,
        2,
    )


def _released(case: Case, personas: dict[str, User]) -> ConsultationOpinion:
    clerk, lawyer = client_for(personas["window_clerk"]), client_for(personas["aid_lawyer"])
    clerk.post(f"{_panel(case.reference)}draft", **HX)  # type: ignore[arg-type]
    opinion = ConsultationOpinion.objects.get(case=case)
    _step(clerk, opinion, "submit")
    _step(lawyer, opinion, "approve", confirm_flagged="on")
    _step(clerk, opinion, "release")
    opinion.refresh_from_db()
    assert opinion.status == OpinionStatus.RELEASED
    return opinion


def test_citizen_sees_the_opinion_only_once_released_and_downloads_the_pdf(
    answered_case: Case, personas: dict[str, User], county: County
) -> None:
    """J7: a draft is invisible in the portal; once released the citizen reads it and downloads the PDF with the
    institution, reference, date, and the approver's name and practice number."""
    ref = answered_case.reference
    citizen = client_for(personas["citizen"])
    clerk = client_for(personas["window_clerk"])
    clerk.post(f"{_panel(ref)}draft", **HX)  # type: ignore[arg-type]
    opinion = ConsultationOpinion.objects.get()
    _step(clerk, opinion, "submit")
    _step(client_for(personas["aid_lawyer"]), opinion, "approve", confirm_flagged="on")
    page = citizen.get(f"/me/cases/{ref}/").content.decode()
    assert "法律咨询意见书" not in page
    assert citizen.get(f"/me/cases/{ref}/documents/{opinion.document_key}.pdf").status_code == 404
    assert citizen.get(f"/knowledge/opinions/{opinion.pk}.pdf").status_code == 404

    _step(clerk, opinion, "release")
    page = citizen.get(f"/me/cases/{ref}/").content.decode()
    assert "法律咨询意见书" in page
    assert "可以先由有关组织调解" in page
    assert "李律师（执业证号 " in page
    assert opinion.number in page
    response = citizen.get(f"/me/cases/{ref}/documents/{opinion.document_key}.pdf")
    assert (response.status_code, response["Content-Type"]) == (200, "application/pdf")
    text = pdf_text(response.content)
    licence = county.lawyer.licence_number
    for expected in (
        "法律咨询意见书",
        opinion.number,
        ref,
        "甲县律师事务所",
        "离婚需要走什么程序",
        "可以先由有关组织调解",
        "《中华人民共和国民法典》第一千零七十九条",
        f"李律师（执业证号{licence}）",
        "根据咨询人陈述的事实",
    ):
        assert expected in text, expected


def test_another_citizen_gets_404(answered_case: Case, personas: dict[str, User]) -> None:
    """J7: another citizen never sees a released opinion of someone else's case (page, PDF, staff PDF)."""
    opinion = _released(answered_case, personas)
    other = client_for(personas["citizen_b"])
    ref = answered_case.reference
    assert other.get(f"/me/cases/{ref}/").status_code == 404
    assert other.get(f"/me/cases/{ref}/documents/{opinion.document_key}.pdf").status_code == 404
    assert other.get(f"/knowledge/opinions/{opinion.pk}.pdf").status_code == 404


def test_portal_api_lists_released_opinions(answered_case: Case, personas: dict[str, User]) -> None:
    """J7: the portal API's documents of my case carry the released opinion; another citizen gets 404."""
    opinion = _released(answered_case, personas)
    api = APIClient()
    api.force_authenticate(personas["citizen"])
    documents = api.get(f"/api/v1/me/cases/{answered_case.reference}/documents/").json()
    assert [(d["key"], d["title"], d["number"]) for d in documents] == [
        (opinion.document_key, "法律咨询意见书", opinion.number)
    ]
    pdf = api.get(documents[0]["pdf_url"])
    assert (pdf.status_code, pdf["Content-Type"]) == (200, "application/pdf")
    other = APIClient()
    other.force_authenticate(personas["citizen_b"])
    assert other.get(f"/api/v1/me/cases/{answered_case.reference}/documents/").status_code == 404
