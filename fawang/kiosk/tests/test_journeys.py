"""G10 kiosks: each journey (smart consultation handed to a human, legal-aid and notary pre-applications) creates
exactly one 工单 through the module's own service, with channel kiosk, the kiosk's site as the intake site and its
device account as the actor; a double tap makes one 工单; bad input is refused in Chinese and changes nothing."""

from __future__ import annotations

from typing import Any

import pytest

from fawang.accounts.models import User
from fawang.cases.models import Case, CaseEvent
from fawang.conftest import County
from fawang.core import clock
from fawang.core.errors import DomainError
from fawang.core.models import AuditAction, AuditEntry
from fawang.kiosk.models import KioskSubmission
from fawang.kiosk.services import AidPreApplication, KioskContact, kiosk_aid_submit
from fawang.kiosk.tests.conftest import KioskSetup, Screen, id_number
from fawang.knowledge.models import ConsultationRequest
from fawang.legal_aid.models import LegalAidApplication
from fawang.notary.models import NotaryMatter
from fawang.people.models import Person
from fawang.supervision.measures import volume_by_channel
from fawang.supervision.periods import scope_make

pytestmark = pytest.mark.django_db
ID = id_number("44010619780101002")
PHONE = "13912344321"


def submit_aid(screen: Screen, *, name: str = "陈秀英", ident: str = ID, phone: str = PHONE) -> Any:
    """Walk the legal-aid pre-application from the home screen to the receipt."""
    assert screen.get("/kiosk/j/aid/").status_code == 302
    for step, data in (
        ("matter", {"matter": "labour_relation_or_pay"}),
        ("facts", {"facts": "工地拖欠我三个月工资，老板不接电话。"}),
        ("hardship", {"hardship": "yes"}),
        ("name", {"name": name}),
        ("id_number", {"id_number": ident}),
        ("phone", {"phone": phone}),
    ):
        answered = screen.step(f"/kiosk/j/aid/{step}/", data)
        assert answered.status_code == 302, (step, answered.content.decode()[:600])
    review = screen.get("/kiosk/j/aid/review/")
    assert review.status_code == 200
    return screen.post("/kiosk/j/aid/review/", {"confirm": "on", "key": screen.key})


def test_legal_aid_pre_application_makes_one_case_at_the_kiosk_site(
    screen: Screen, station_kiosk: KioskSetup, county: County
) -> None:
    """G10, A1: the kiosk's request is a legal-aid 工单 like any other, with its application and eligibility
    snapshot, taken in at the kiosk's site (region and submission record), written by the device account."""
    done = submit_aid(screen)
    assert (done.status_code, done["Location"]) == (302, "/kiosk/receipt/")
    case = Case.objects.select_related("requester").get()
    kiosk = station_kiosk.kiosk
    assert (case.service_type, case.channel, case.region, case.status) == (
        "legal_aid",
        "kiosk",
        county.town_x,
        "new",
    )
    assert str(case.idempotency_key).startswith(f"kiosk-{kiosk.pk}-")
    application = LegalAidApplication.objects.get(case=case)
    assert (application.matter, application.economic_situation) == (
        "labour_relation_or_pay",
        "申请人在自助终端自述：家庭经济困难。",
    )
    assert application.snapshots.count() == 1
    submission = KioskSubmission.objects.get()
    assert (submission.kiosk, submission.kiosk.site, submission.kind) == (
        kiosk,
        county.station_x,
        "legal_aid",
    )
    assert (submission.contact_name, submission.contact_phone) == ("陈秀英", PHONE)
    assert case.requester is not None
    assert (case.requester.name, case.requester.id_number, case.requester.phone) == ("陈秀英", ID, PHONE)
    assert set(CaseEvent.objects.filter(case=case).values_list("actor_id", flat=True)) == {kiosk.account_id}
    creates = AuditEntry.objects.filter(action=AuditAction.CREATE, actor=kiosk.account)
    assert sorted(creates.values_list("object_type", flat=True)) == [
        "cases.Case",
        "legal_aid.LegalAidApplication",
        "people.Person",
    ]

    receipt = screen.get("/kiosk/receipt/").content.decode()
    assert case.reference in receipt
    assert "陈**" in receipt
    assert "139****4321" in receipt
    for typed in ("陈秀英", ID, PHONE, "工地拖欠"):
        assert typed not in receipt  # the receipt shows the masked name and phone only
    assert "东镇工作站（自助终端）" in receipt
    assert "甲县法律援助中心" in receipt


def test_a_double_tap_makes_one_case(screen: Screen, station_kiosk: KioskSetup) -> None:
    """N2: the second 提交 of the same review page returns the first 工单's receipt."""
    first = submit_aid(screen)
    again = screen.post("/kiosk/j/aid/review/", {"confirm": "on", "key": screen.key})
    assert (first["Location"], again["Location"]) == ("/kiosk/receipt/", "/kiosk/receipt/")
    assert Case.objects.count() == 1
    assert KioskSubmission.objects.count() == 1


def test_the_same_key_twice_at_the_service_makes_one_case(station_kiosk: KioskSetup, screen: Screen) -> None:
    """Two requests racing with one key (both read the visit before either finished): one 工单, one record."""
    kwargs: dict[str, Any] = {
        "kiosk": station_kiosk.kiosk,
        "application": AidPreApplication(matter="maintenance", facts="儿子不给赡养费。", hardship="unknown"),
        "contact": KioskContact(name="王大爷", phone="13800001111", id_number=id_number("44010619450101003")),
        "idempotency_key": f"kiosk-{station_kiosk.kiosk.pk}-abc",
    }
    first = kiosk_aid_submit(**kwargs)
    second = kiosk_aid_submit(**kwargs)
    assert first.pk == second.pk
    assert (Case.objects.count(), KioskSubmission.objects.count(), Person.objects.count()) == (1, 1, 1)


def test_notary_pre_application_makes_one_notary_matter(
    screen: Screen, station_kiosk: KioskSetup, county: County
) -> None:
    assert screen.get("/kiosk/j/notary/").status_code == 302
    office = county.notary_office
    for step, data in (
        ("matter", {"matter_code": "degree"}),
        ("purpose", {"purpose": "到国外读书"}),
        ("documents", {"documents": "学士学位证书"}),
        ("office", {"office": str(office.pk)}),
        ("name", {"name": "刘洋"}),
        ("id_number", {"id_number": id_number("44010620000101001")}),
        ("phone", {"phone": "13700002222"}),
    ):
        assert screen.step(f"/kiosk/j/notary/{step}/", data).status_code == 302, step
    assert screen.get("/kiosk/j/notary/review/").status_code == 200
    done = screen.post("/kiosk/j/notary/review/", {"confirm": "on", "key": screen.key})
    assert done["Location"] == "/kiosk/receipt/"
    matter = NotaryMatter.objects.select_related("case").get()
    case = matter.case
    assert (case.service_type, case.channel, case.handler_institution, case.region) == (
        "notary",
        "kiosk",
        office,
        office.region,
    )
    assert (matter.matter_code, matter.purpose, matter.documents, matter.is_proxy) == (
        "degree",
        "到国外读书",
        "学士学位证书",
        False,
    )
    assert "尚未在申请表上签名" in matter.other_notes
    assert matter.materials.count() == 4  # the E2 checklist of 学历学位公证
    assert case.requester_user is None
    submission = KioskSubmission.objects.get()
    assert (submission.kiosk.site, submission.kind) == (county.station_x, "notary")
    assert "刘*" in screen.get("/kiosk/receipt/").content.decode()


def _ask(screen: Screen, question: str = "老板拖欠工资三个月不给怎么办？") -> None:
    assert screen.step("/kiosk/ask/", {"question": question})["Location"] == "/kiosk/ask/answer/"


def test_smart_consultation_and_one_tap_to_a_human(
    screen: Screen, station_kiosk: KioskSetup, county: County
) -> None:
    """J4-J6 at the kiosk: the answer with the "guidance, not a lawyer's opinion" notice; one tap turns it into a
    consultation 工单 keeping the question and what was shown; anonymous where M8 allows (the default)."""
    _ask(screen)
    answer = screen.get("/kiosk/ask/answer/").content.decode()
    assert "不构成律师意见" in answer
    assert "转人工解答" in answer
    assert screen.get("/kiosk/j/human/")["Location"] == "/kiosk/j/human/phone/"
    assert screen.step("/kiosk/j/human/phone/", {"phone": "139 1234 4321"}).status_code == 302
    assert screen.step("/kiosk/j/human/name/", {"name": ""}).status_code == 302  # may stay anonymous (M8)
    review = screen.get("/kiosk/j/human/review/").content.decode()
    assert "老板拖欠工资三个月不给怎么办？" in review
    assert screen.post("/kiosk/j/human/review/", {"confirm": "on", "key": screen.key}).status_code == 302
    request = ConsultationRequest.objects.select_related("case__requester").get()
    case = request.case
    assert (case.service_type, case.channel, case.region, case.requester_user) == (
        "consultation",
        "kiosk",
        county.town_x,
        None,
    )
    assert request.question == "老板拖欠工资三个月不给怎么办？"
    assert request.shown["notice"].startswith("以上内容由系统根据您的描述自动生成")
    assert case.requester is not None
    assert (case.requester.name, case.requester.phone) == ("自助终端咨询人（尾号4321）", PHONE)
    assert "（未留姓名）" in screen.get("/kiosk/receipt/").content.decode()


def test_consultation_asks_for_the_real_name_where_the_kiosk_may_not_be_anonymous(
    screen: Screen, settings: Any
) -> None:
    """M8: with the kiosk channel off FAWANG_CONSULTATION_ANONYMOUS_CHANNELS, name and ID are asked and required."""
    settings.FAWANG_CONSULTATION_ANONYMOUS_CHANNELS = ["hotline"]
    _ask(screen)
    assert screen.get("/kiosk/j/human/")["Location"] == "/kiosk/j/human/name/"
    refused = screen.step("/kiosk/j/human/name/", {"name": ""})
    assert refused.status_code == 400
    assert "请填写您的姓名" in refused.content.decode()
    assert screen.post("/kiosk/j/human/name/", {"name": "周敏"}).status_code == 302
    assert (
        screen.step("/kiosk/j/human/id_number/", {"id_number": id_number("44010619900101002")}).status_code
        == 302
    )
    assert screen.step("/kiosk/j/human/phone/", {"phone": "13600003333"}).status_code == 302
    assert screen.get("/kiosk/j/human/review/").status_code == 200
    assert screen.post("/kiosk/j/human/review/", {"confirm": "on", "key": screen.key}).status_code == 302
    case = Case.objects.select_related("requester").get()
    assert case.requester is not None
    assert (case.requester.name, case.channel) == ("周敏", "kiosk")


@pytest.mark.parametrize(
    ("_case", "step", "data", "message"),
    [
        ("no matter chosen", "matter", {}, "请选择一类"),
        ("unknown matter", "matter", {"matter": "alimony"}, "选择一个有效的选项"),
        ("no facts", "facts", {"facts": "  "}, "请简单说说事情经过"),
    ],
)
def test_bad_answers_are_refused_in_chinese(
    screen: Screen, _case: str, step: str, data: dict[str, str], message: str
) -> None:
    screen.get("/kiosk/j/aid/")
    if step == "facts":
        screen.step("/kiosk/j/aid/matter/", {"matter": "maintenance"})
    refused = screen.step(f"/kiosk/j/aid/{step}/", data)
    assert refused.status_code == 400
    assert message in refused.content.decode()
    assert not Case.objects.exists()


def test_bad_identity_and_phone_are_refused_and_nothing_is_written(screen: Screen) -> None:
    people = Person.objects.count()
    screen.get("/kiosk/j/aid/")
    for step, data in (
        ("matter", {"matter": "maintenance"}),
        ("facts", {"facts": "儿子不给赡养费。"}),
        ("hardship", {"hardship": "no"}),
        ("name", {"name": "王大爷"}),
    ):
        screen.step(f"/kiosk/j/aid/{step}/", data)
    bad_id = screen.step("/kiosk/j/aid/id_number/", {"id_number": ID[:-1] + ("0" if ID[-1] != "0" else "1")})
    assert bad_id.status_code == 400
    assert "身份证号码校验位不正确" in bad_id.content.decode()
    skipped = screen.get("/kiosk/j/aid/review/")  # the review is not reached before every screen is answered
    assert skipped["Location"] == "/kiosk/j/aid/id_number/"
    screen.step("/kiosk/j/aid/id_number/", {"id_number": ID})
    bad_phone = screen.step("/kiosk/j/aid/phone/", {"phone": "12ab"})
    assert bad_phone.status_code == 400
    assert "请填写正确的电话号码" in bad_phone.content.decode()
    screen.step("/kiosk/j/aid/phone/", {"phone": PHONE})
    screen.get("/kiosk/j/aid/review/")
    unconfirmed = screen.post("/kiosk/j/aid/review/", {"key": screen.key})
    assert unconfirmed.status_code == 400
    assert "请先勾选“我确认以上内容真实”" in unconfirmed.content.decode()
    assert not Case.objects.exists()
    assert Person.objects.count() == people


def test_the_service_refuses_bad_input_in_chinese(station_kiosk: KioskSetup, screen: Screen) -> None:
    contact = KioskContact(name="王大爷", phone="13800001111", id_number=id_number("44010619450101003"))
    for application, message in (
        (AidPreApplication(matter="maintenance", facts=" "), "请简单说说事情经过"),
        (AidPreApplication(matter="nope", facts="x"), "请选择您的事情属于哪一类"),
        (AidPreApplication(matter="maintenance", facts="x", hardship="rich"), "请选择您家庭的经济情况"),
    ):
        with pytest.raises(DomainError, match=message):
            kiosk_aid_submit(
                kiosk=station_kiosk.kiosk, application=application, contact=contact, idempotency_key="k1"
            )
    with pytest.raises(DomainError, match="请填写正确的联系电话"):
        kiosk_aid_submit(
            kiosk=station_kiosk.kiosk,
            application=AidPreApplication(matter="maintenance", facts="x"),
            contact=KioskContact(name="王大爷", phone="110", id_number=contact.id_number),
            idempotency_key="k2",
        )
    assert (Case.objects.count(), Person.objects.count(), KioskSubmission.objects.count()) == (0, 0, 0)


def test_a_known_id_number_links_the_case_without_overwriting_the_record(
    screen: Screen, personas: dict[str, User]
) -> None:
    """ADR 0099: an unattended screen checks no ID card, so the typed phone is kept on the kiosk record only."""
    known = Person.objects.create(name="陈秀英", id_number=ID, phone="13500009999", address="东村1号")
    submit_aid(screen, name="陈秀英", phone=PHONE)
    case = Case.objects.get()
    known.refresh_from_db()
    assert case.requester_id == known.pk
    assert (known.phone, known.address) == ("13500009999", "东村1号")
    assert KioskSubmission.objects.get().contact_phone == PHONE
    assert Person.objects.count() == 1


def test_kiosk_requests_count_in_the_volume_by_channel(screen: Screen, county: County) -> None:
    """K2 / G10: kiosk 工单 are counted as their own channel in volume.by_channel."""
    submit_aid(screen)
    _ask(screen)
    today = clock.local_today()
    scope = scope_make(region=county.county, date_from=today.replace(day=1), date_to=today)
    assert dict(volume_by_channel(scope).breakdown) == {"kiosk": 1}


def test_steps_are_answered_in_order(screen: Screen) -> None:
    assert screen.get("/kiosk/j/aid/phone/")["Location"] == "/kiosk/"  # no journey started
    screen.get("/kiosk/j/aid/")
    assert screen.get("/kiosk/j/aid/phone/")["Location"] == "/kiosk/j/aid/matter/"
    assert screen.get("/kiosk/j/nope/")["Location"] == "/kiosk/"
    assert screen.get("/kiosk/j/human/")["Location"] == "/kiosk/ask/"  # a hand-off needs a question first


def test_the_language_is_asked_where_more_than_mandarin_is_offered(screen: Screen, settings: Any) -> None:
    """A12: the kiosk asks the intake language like every other intake, and the 工单 records it."""
    settings.FAWANG_INTAKE_LANGUAGES = ["zh", "yue"]
    _ask(screen)
    screen.get("/kiosk/j/human/")
    screen.step("/kiosk/j/human/phone/", {"phone": PHONE})
    screen.step("/kiosk/j/human/name/", {"name": "何生"})
    assert screen.step("/kiosk/j/human/language/", {"language": "yue"}).status_code == 302
    assert "粤语" in screen.get("/kiosk/j/human/review/").content.decode()
    screen.post("/kiosk/j/human/review/", {"confirm": "on", "key": screen.key})
    assert Case.objects.get().language == "yue"
    assert "受理语言" in screen.get("/kiosk/receipt/").content.decode()
