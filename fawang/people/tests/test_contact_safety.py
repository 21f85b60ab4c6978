"""Safe contact (M14; 法律援助法 Art.32): the flag, its one service and its one selector. Staff pages, callbacks and
the portal form are tested in the workbench, hotline and portal apps."""

from __future__ import annotations

import pytest

from fawang.accounts.models import User
from fawang.cases.models import Case
from fawang.conftest import MakeCase
from fawang.core.errors import DomainError, PermissionDeniedError
from fawang.core.models import AuditEntry
from fawang.people.models import ContactChannel, Person
from fawang.people.selectors import person_contact_route
from fawang.people.services import ContactSafety, person_contact_safety_set
from fawang.security.tests.raw_columns import assert_ciphertext, raw_column

pytestmark = pytest.mark.django_db
REGISTERED = "13800000000"  # make_case's requester number
SAFE = "13912345678"


def _contact_audits() -> list[tuple[str, str]]:
    return list(
        AuditEntry.objects.filter(object_type="people.Person", summary__startswith="contact safety")
        .order_by("id")
        .values_list("action", "summary")
    )


def _person(case: Case) -> Person:
    assert case.requester is not None
    return case.requester


def test_clerk_sets_a_safe_phone_encrypted_and_audited_without_the_number(
    make_case: MakeCase, personas: dict[str, User]
) -> None:
    """M14: the safe number and the note are encrypted at rest; the audit row names channels only."""
    case = make_case()
    person = person_contact_safety_set(
        actor=personas["window_clerk"],
        person=_person(case),
        safety=ContactSafety(
            channel="safe_phone", safe_phone=" 139-1234-5678 ", note="只在工作日上午联系，勿留言"
        ),
        case=case,
    )
    fresh = Person.objects.get(pk=person.pk)
    assert (fresh.contact_channel, fresh.safe_phone, fresh.safe_contact_name, fresh.contact_note) == (
        "safe_phone",
        SAFE,
        "",
        "只在工作日上午联系，勿留言",
    )
    assert_ciphertext(raw_column("people_person", "safe_phone", fresh.pk), SAFE)
    assert_ciphertext(raw_column("people_person", "contact_note", fresh.pk), "工作日")
    assert _contact_audits() == [("update", f"contact safety usual → safe_phone via {case.reference}")]


def test_same_setting_twice_writes_one_audit_row(make_case: MakeCase, personas: dict[str, User]) -> None:
    """M14: no change, no write and no audit row."""
    case = make_case()
    safety = ContactSafety(channel="in_person", note="只在站点当面沟通")
    for _ in range(2):
        person_contact_safety_set(
            actor=personas["aid_reviewer"], person=_person(case), safety=safety, case=case
        )
    assert len(_contact_audits()) == 1


@pytest.mark.parametrize(
    ("_case", "safety", "message"),
    [
        (
            "M14: safe phone channel without a number",
            ContactSafety(channel="safe_phone"),
            "安全拨打的电话号码",
        ),
        (
            "M14: safe phone channel with letters",
            ContactSafety(channel="safe_phone", safe_phone="139abc"),
            "安全拨打的电话号码",
        ),
        (
            "M14: trusted contact without a name",
            ContactSafety(channel="trusted_contact", safe_phone=SAFE),
            "可信联系人的姓名",
        ),
        (
            "M14: trusted contact without a number",
            ContactSafety(channel="trusted_contact", safe_contact_name="王姐"),
            "安全拨打的电话号码",
        ),
        ("M14: portal only for a person without an account", ContactSafety(channel="portal"), "没有平台账户"),
        ("M14: unknown channel", ContactSafety(channel="sms"), "请选择一种安全联系方式"),
        ("M14: note too long", ContactSafety(channel="in_person", note="勿" * 201), "不能超过200字"),
    ],
)
def test_bad_input_is_refused_in_chinese_and_changes_nothing(
    make_case: MakeCase, personas: dict[str, User], _case: str, safety: ContactSafety, message: str
) -> None:
    case = make_case()
    with pytest.raises(DomainError, match=message):
        person_contact_safety_set(
            actor=personas["window_clerk"], person=_person(case), safety=safety, case=case
        )
    fresh = Person.objects.get(pk=_person(case).pk)
    assert (fresh.contact_channel, fresh.safe_phone, fresh.contact_note) == ("usual", "", "")
    assert _contact_audits() == []


@pytest.mark.parametrize(
    ("_case", "persona", "with_case"),
    [
        ("M14: a lawyer handles but does not set the flag", "aid_lawyer", True),
        ("M14: a supervisor only reads", "county_supervisor", True),
        ("M14: a clerk of the neighbouring county", "outsider", True),
        ("M14: another citizen", "citizen_b", False),
        ("M14: a clerk without the case in hand", "window_clerk", False),
    ],
)
def test_who_may_not_set_it_is_refused_and_audited(
    make_case: MakeCase, personas: dict[str, User], _case: str, persona: str, with_case: bool
) -> None:
    case = make_case()
    with pytest.raises(PermissionDeniedError):
        person_contact_safety_set(
            actor=personas[persona],
            person=_person(case),
            safety=ContactSafety(channel="in_person"),
            case=case if with_case else None,
        )
    assert Person.objects.get(pk=_person(case).pk).contact_channel == "usual"
    assert _contact_audits() == [("denied", "contact safety")]


def test_citizen_sets_and_clears_their_own_flag(make_case: MakeCase, personas: dict[str, User]) -> None:
    """M14: the person themself; clearing drops the safe details with the flag."""
    citizen = personas["citizen"]
    person = _person(make_case(requester_user=citizen))
    person_contact_safety_set(
        actor=citizen,
        person=person,
        safety=ContactSafety(
            channel="trusted_contact", safe_phone=SAFE, safe_contact_name="王姐", note="勿提及事由"
        ),
    )
    person_contact_safety_set(actor=citizen, person=person, safety=ContactSafety(channel="usual", note="x"))
    fresh = Person.objects.get(pk=person.pk)
    assert (fresh.contact_channel, fresh.safe_phone, fresh.safe_contact_name, fresh.contact_note) == (
        "usual",
        "",
        "",
        "",
    )
    assert [a for a, _ in _contact_audits()] == ["update", "update"]


@pytest.mark.parametrize(
    ("_case", "channel", "phone", "name", "restricted", "route_phone", "says"),
    [
        ("M14: no flag: the registered number", "usual", "", "", False, REGISTERED, ""),
        ("M14: safe phone: that number only", "safe_phone", SAFE, "", True, SAFE, "安全电话 139****5678"),
        ("M14: portal only: no number at all", "portal", SAFE, "", True, "", "平台站内消息"),
        ("M14: in person only: no number at all", "in_person", "", "", True, "", "当面沟通"),
        (
            "M14: trusted contact: their number",
            "trusted_contact",
            SAFE,
            "王姐",
            True,
            SAFE,
            "可信联系人 王姐",
        ),
    ],
)
def test_contact_route(
    make_case: MakeCase,
    personas: dict[str, User],
    _case: str,
    channel: str,
    phone: str,
    name: str,
    restricted: bool,
    route_phone: str,
    says: str,
) -> None:
    person = _person(make_case(requester_user=personas["citizen"]))
    # Stored directly: the route must hold for any stored value, including details a channel ignores.
    Person.objects.filter(pk=person.pk).update(contact_channel=channel)
    person = Person.objects.get(pk=person.pk)
    person.safe_phone, person.safe_contact_name, person.contact_note = phone, name, "勿留言"
    route = person_contact_route(person=person)
    assert (route.restricted, route.channel, route.phone) == (
        restricted,
        ContactChannel(channel),
        route_phone,
    )
    assert REGISTERED not in route.instruction
    if restricted:
        assert says in route.instruction
        assert route.instruction.startswith("⚠ 安全联系：请勿拨打登记电话")
        assert route.note == "勿留言"
    else:
        assert (route.instruction, route.note) == ("", "")


def test_no_person_no_route() -> None:
    route = person_contact_route(person=None)
    assert (route.restricted, route.phone, route.instruction) == (False, "", "")
