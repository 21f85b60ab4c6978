"""Safe contact in mediation documents (M14; 法律援助法 Art.32): every party receives the agreement and the joint
judicial-confirmation application, so a flagged party's address for service (送达) and numbers are not printed —
neither the registered ones nor the safe one — while the other party's are, as before."""

from __future__ import annotations

import re

import pytest
import time_machine
from django.test import Client

from fawang.accounts.models import User
from fawang.accounts.roles import Role
from fawang.conftest import County, MakeUser
from fawang.directory.models import Institution
from fawang.mediation.models import HelpRequest, MediationCase
from fawang.mediation.selectors import WITHHELD_ADDRESS, WITHHELD_PHONE
from fawang.mediation.services import confirmation_pack
from fawang.mediation.tests.helpers import client_for, mediation_application, pdf_text
from fawang.notifications.models import Notification
from fawang.notifications.services import FLAGGED_MESSAGE
from fawang.people.models import Person
from fawang.people.services import ContactSafety, person_contact_safety_set

pytestmark = pytest.mark.django_db
START = "2026-03-02 09:00:00+08:00"
SAFE = "13912345678"


def _step(client: Client, ref: str, name: str, **data: object) -> int:
    return int(client.post(f"/work/mediation/{ref}/step/{name}/", data, HTTP_HX_REQUEST="true").status_code)


def _concluded_with_confirmation(personas: dict[str, User], county: County, committee: Institution) -> str:
    """A written agreement in force and a judicial-confirmation application recorded (its pack stored)."""
    clerk, mediator = client_for(personas["clerk_x"]), client_for(personas["mediator"])
    with time_machine.travel(START, tick=False):
        created = clerk.post("/work/mediation/new/", mediation_application(committee.pk))
        ref = str(created["Location"]).rstrip("/").split("/")[-1]
        mediation = MediationCase.objects.get(case__reference=ref)
        respondent = mediation.parties.get(side="respondent")
        assert _step(clerk, ref, "consent", party_id=respondent.pk, consent="consented") == 200
        assert _step(clerk, ref, "act", action="accept", expected_status="new") == 200
        assert _step(clerk, ref, "act", action="assign", practitioner_id=county.mediator.pk) == 200
        assert _step(mediator, ref, "act", action="start") == 200
        agreement = {
            "kind": "written",
            "facts": "f",
            "issues": "i",
            "responsibilities": "r",
            "terms": "t",
            "performance_manner": "m",
            "performance_due": "2026-12-31",
        }
        assert _step(mediator, ref, "agreement", **agreement) == 200
        for party in mediation.parties.all():
            assert _step(mediator, ref, "sign", party_id=party.pk, method="sign") == 200
        for name in ("mediator_sign", "seal", "conclude"):
            assert _step(mediator, ref, name) == 200
        assert _step(mediator, ref, "confirm_apply", court="甲县人民法院") == 200
    return ref


def _flag_applicant(personas: dict[str, User], ref: str) -> None:
    mediation = MediationCase.objects.select_related("case__requester").get(case__reference=ref)
    applicant = mediation.parties.get(side="applicant").person
    assert applicant.pk == mediation.case.requester_id  # the window clerk may flag the requester of the case
    person_contact_safety_set(
        actor=personas["clerk_x"],
        person=applicant,
        case=mediation.case,
        safety=ContactSafety(channel="safe_phone", safe_phone=SAFE),
    )


def _pdf(personas: dict[str, User], ref: str, name: str) -> str:
    response = client_for(personas["mediator"]).get(f"/work/mediation/{ref}/{name}.pdf")
    assert response.status_code == 200
    return pdf_text(response.content)


def _squeeze(text: str) -> str:
    return re.sub(r"\s+", "", text)


def test_unflagged_parties_keep_their_address_and_number_in_the_documents(
    personas: dict[str, User], county: County, committee: Institution
) -> None:
    """The control: without a flag the registered address and number are printed (人民调解法 Art.29; D8)."""
    ref = _concluded_with_confirmation(personas, county, committee)
    agreement = _pdf(personas, ref, "agreement")
    assert "住址东村1组" in agreement
    assert "住址东村2组" in agreement
    pack = _pdf(personas, ref, "confirmation")
    for expected in ("送达地址：张三：东村1组", "联系电话：张三：13800000001", "联系电话：李四：13800000002"):
        assert expected in pack, expected
    assert _squeeze(WITHHELD_ADDRESS) not in pack


def test_flagged_party_address_and_numbers_are_not_printed_even_in_a_pack_stored_before_the_flag(
    personas: dict[str, User], county: County, committee: Institution
) -> None:
    """M14: flagged after the pack was stored; the documents are printed as the route stands today."""
    ref = _concluded_with_confirmation(personas, county, committee)
    _flag_applicant(personas, ref)
    agreement = _pdf(personas, ref, "agreement")
    assert "东村1组" not in agreement
    assert f"住址{_squeeze(WITHHELD_ADDRESS)}" in agreement
    assert "住址东村2组" in agreement  # the other party, unflagged
    pack = _pdf(personas, ref, "confirmation")
    for absent in ("东村1组", "13800000001", SAFE):
        assert absent not in pack, absent
    assert f"送达地址：张三：{_squeeze(WITHHELD_ADDRESS)}" in pack
    assert f"联系电话：张三：{_squeeze(WITHHELD_PHONE)}" in pack
    assert "联系电话：李四：13800000002" in pack
    assert "送达地址：李四：东村2组" in pack


def test_a_pack_made_for_a_flagged_party_stores_no_address_or_number(
    personas: dict[str, User], county: County, committee: Institution
) -> None:
    """M14: the pack stored with the application (a JSON column) holds none of a flagged party's details."""
    ref = _concluded_with_confirmation(personas, county, committee)
    _flag_applicant(personas, ref)
    mediation = MediationCase.objects.get(case__reference=ref)
    stored = str(confirmation_pack(mediation, property_proofs="", powers_of_attorney=""))
    for absent in ("东村1组", "13800000001", SAFE):
        assert absent not in stored, absent
    assert WITHHELD_ADDRESS in stored
    assert "13800000002" in stored


def test_online_mediation_notifications_to_a_flagged_party_are_neutral(
    personas: dict[str, User], committee: Institution, make_user: MakeUser
) -> None:
    """M14: the other party's message and the committee's answer reach a flagged party only as "a new message";
    the unflagged party is still told who wrote in which case (D11)."""
    clerk = client_for(personas["clerk_x"])
    with time_machine.travel(START, tick=False):
        data = {
            "committee": committee.pk,
            "origin": "application",
            "title": "宅基地边界纠纷",
            "facts": "事实",
            "issues": "边界",
            "applicant_name": "张三",
            "respondent_name": "李四",
            "status_matter": "none",
        }
        ref = str(clerk.post("/work/mediation/new/", data)["Location"]).rstrip("/").split("/")[-1]
    zhang, li = make_user("zhangsan", Role.CITIZEN), make_user("lisi", Role.CITIZEN)
    parties = MediationCase.objects.get(case__reference=ref).parties
    applicant, respondent = parties.get(side="applicant").person, parties.get(side="respondent").person
    Person.objects.filter(pk=applicant.pk).update(user=zhang)
    Person.objects.filter(pk=respondent.pk).update(user=li)
    applicant.refresh_from_db()
    person_contact_safety_set(actor=zhang, person=applicant, safety=ContactSafety(channel="portal"))
    a, b = client_for(zhang), client_for(li)
    assert a.post(f"/mediation/{ref}/step/message/", {"text": "东侧后退半米。"}).status_code == 200
    assert b.post(f"/mediation/{ref}/step/message/", {"text": "同意。"}).status_code == 200
    assert a.post(f"/mediation/{ref}/step/help/", {"question": "下一步怎么办？"}).status_code == 200
    asked = HelpRequest.objects.get()
    assert _step(clerk, ref, "help_answer", request_id=asked.pk, answer="请到调委会签协议。") == 200
    received = sorted(
        Notification.objects.filter(recipient__in=(zhang, li)).values_list(
            "recipient__username", "kind", "message"
        )
    )
    assert received == [
        ("lisi", "mediation_negotiation", f"张三在调解案件{ref}中留言。"),
        ("zhangsan", "mediation_help_answered", FLAGGED_MESSAGE),
        ("zhangsan", "mediation_negotiation", FLAGGED_MESSAGE),
    ]
