"""Online mediation through HTTP (D11): self-help, party negotiation, mediator-led mediation, referral, and a
person reachable at each stage. Parties use /mediation/<reference>/; staff answer from the workbench."""

from __future__ import annotations

import pytest
import time_machine
from django.test import Client

from fawang.accounts.models import User
from fawang.accounts.roles import Role
from fawang.conftest import County, MakeUser
from fawang.directory.models import Institution
from fawang.mediation.models import HelpRequest, NegotiationMessage
from fawang.mediation.tests.helpers import client_for
from fawang.mediation.tests.test_mediation_http import START, _accept_assign_start, _apply, _step
from fawang.notifications.models import Notification
from fawang.people.models import Person

pytestmark = pytest.mark.django_db


@pytest.fixture
def parties(personas: dict[str, User], committee: Institution, make_user: MakeUser) -> tuple[str, User, User]:
    """A mediation opened at the window; both parties hold citizen accounts bound to their person records."""
    with time_machine.travel(START, tick=False):
        response = _apply(client_for(personas["clerk_x"]), committee)
    assert response.status_code == 302
    ref = str(response["Location"]).rstrip("/").split("/")[-1]
    zhang, li = make_user("zhangsan", Role.CITIZEN), make_user("lisi", Role.CITIZEN)
    Person.objects.filter(name="张三").update(user=zhang)
    Person.objects.filter(name="李四").update(user=li)
    return ref, zhang, li


def _post(client: Client, ref: str, name: str, **data: object) -> tuple[int, str]:
    response = client.post(f"/mediation/{ref}/step/{name}/", data, HTTP_HX_REQUEST="true")
    return response.status_code, response.content.decode()


def _page(client: Client, ref: str) -> str:
    response = client.get(f"/mediation/{ref}/")
    assert response.status_code == 200
    return response.content.decode()


def _counts() -> tuple[int, int, int]:
    return NegotiationMessage.objects.count(), HelpRequest.objects.count(), Notification.objects.count()


def test_stages_from_self_help_to_referral_with_a_person_at_each(
    personas: dict[str, User], county: County, parties: tuple[str, User, User]
) -> None:
    ref, zhang, li = parties
    a, b = client_for(zhang), client_for(li)
    # Stage 1: self-help notes chosen for a boundary dispute; the committee's people and 12348 are named.
    page = _page(a, ref)
    assert "<strong>自助了解</strong>（当前阶段）" in page
    assert "自助了解：相邻关系与宅基地" in page
    assert "民法典第288条" in page
    assert "调解受理窗口工作人员；也可以随时拨打公共法律服务热线 12348" in page

    # Stage 2: a proposal, accepted by the other party; the committee is asked to record it.
    code, _ = _post(a, ref, "message", text="东侧围墙后退半米，费用各担一半。", proposal="1")
    assert code == 200
    proposal = NegotiationMessage.objects.get(proposal=True)
    assert Notification.objects.filter(recipient=li, kind="mediation_negotiation").count() == 1
    assert "<strong>双方协商</strong>（当前阶段）" in _page(b, ref)
    before = _counts()
    code, body = _post(a, ref, "accept", proposal_id=proposal.pk)
    assert (code, "不能接受自己提出的方案" in body, _counts()) == (400, True, before)
    assert _post(b, ref, "accept", proposal_id=proposal.pk)[0] == 200
    # No mediator yet: the intake staff whose scope covers the case are asked to record it.
    settled = Notification.objects.filter(kind="mediation_settled_online", case__reference=ref)
    assert sorted(settled.values_list("recipient__username", flat=True)) == ["clerk", "clerk_x", "hotline"]

    # A person at the negotiation stage: the help request reaches the committee and is answered from the workbench.
    assert (
        _post(b, ref, "help", question="方案谈好了，下一步怎么办？", callback_phone="13800000002")[0] == 200
    )
    help_request = HelpRequest.objects.get()
    assert (help_request.stage, help_request.requested_by) == ("negotiation", li)
    asked = Notification.objects.filter(kind="mediation_help_request")
    assert sorted(asked.values_list("recipient__username", flat=True)) == ["clerk", "clerk_x", "hotline"]
    staff = client_for(personas["clerk_x"])
    answer = {"request_id": help_request.pk, "answer": "调解员将与双方确认方案并制作调解协议书。"}
    response = staff.post(f"/work/mediation/{ref}/step/help_answer/", answer, HTTP_HX_REQUEST="true")
    assert response.status_code == 200
    assert "答复：调解员将与双方确认方案并制作调解协议书。" in _page(b, ref)
    response = staff.post(f"/work/mediation/{ref}/step/help_answer/", answer, HTTP_HX_REQUEST="true")
    assert (response.status_code, "该帮助请求已答复" in response.content.decode()) == (400, True)

    # Stage 3: a mediator is assigned; the party sees who it is and can still ask for help.
    with time_machine.travel(START, tick=False):
        _accept_assign_start(personas, county, ref)
    page = _page(a, ref)
    assert "<strong>调解员主持调解</strong>（当前阶段）" in page
    assert f"承办调解员（{county.mediator.name}）" in page
    assert _post(a, ref, "help", question="调解什么时候开始？")[0] == 200
    assert HelpRequest.objects.filter(requested_by=zhang).get().stage == "mediation"
    # From now on the assigned mediator is the person who answers.
    assert asked.filter(recipient=personas["mediator"]).count() == 1
    staff = client_for(personas["mediator"])

    # Stage 4: mediation ends without agreement; the page shows the other routes and negotiation stops.
    code, _ = _step(staff, ref, "terminate", ground="no_agreement", explanation="双方对赔偿数额分歧较大")
    assert code == 200
    page = _page(a, ref)
    assert "<strong>司法确认或其他途径</strong>（当前阶段）" in page
    before = _counts()
    code, body = _post(a, ref, "message", text="还想再谈谈")
    assert (code, "本案调解已结束" in body, _counts()) == (400, True, before)
    assert _post(a, ref, "help", question="怎么去法院起诉？")[0] == 200
    assert HelpRequest.objects.filter(question="怎么去法院起诉？").get().stage == "referral"


@pytest.mark.parametrize(
    ("_case", "persona"),
    [
        ("a citizen who is not a party", "citizen"),
        ("staff of the committee use the workbench, not the party page", "mediator"),
    ],
)
def test_only_the_parties_reach_the_online_page_and_nothing_changes(
    personas: dict[str, User], parties: tuple[str, User, User], _case: str, persona: str
) -> None:
    ref, _, _ = parties
    other = client_for(personas[persona])
    before = _counts()
    assert other.get(f"/mediation/{ref}/").status_code == 404
    assert _post(other, ref, "message", text="你好")[0] == 404
    assert _post(other, ref, "help", question="帮助")[0] == 404
    assert _counts() == before


def test_a_party_cannot_answer_help_requests_on_the_workbench(parties: tuple[str, User, User]) -> None:
    ref, zhang, _ = parties
    a = client_for(zhang)
    assert _post(a, ref, "help", question="请联系我")[0] == 200
    request = HelpRequest.objects.get()
    response = a.post(
        f"/work/mediation/{ref}/step/help_answer/", {"request_id": request.pk, "answer": "自己答"}
    )
    request.refresh_from_db()
    # The applicant may read their own case on the workbench, but only committee or intake staff answer.
    refused = "只有调解委员会的调解员或受理窗口工作人员" in response.content.decode()
    assert (response.status_code, refused, request.answered_at, request.answer) == (400, True, None, "")


def test_the_applicants_portal_case_page_links_to_online_mediation(
    personas: dict[str, User], parties: tuple[str, User, User]
) -> None:
    """D11: the party who applied finds the online page from 我的事项; another citizen's case page has no link."""
    from fawang.cases.models import Case

    ref, zhang, _ = parties
    Case.objects.filter(reference=ref).update(requester_user=zhang)
    page = client_for(zhang).get(f"/me/cases/{ref}/")
    assert page.status_code == 200
    assert f'href="/mediation/{ref}/"' in page.content.decode()
    Person.objects.filter(name="张三").update(user=None)  # no longer a party: no link
    page = client_for(zhang).get(f"/me/cases/{ref}/")
    assert f'href="/mediation/{ref}/"' not in page.content.decode()
