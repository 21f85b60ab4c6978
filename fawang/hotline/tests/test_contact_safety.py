"""Safe contact on the hotline (M14; 法律援助法 Art.32): the screen pop warns before anything else, and every
callback whose number is chosen for the agent dials the safe number, or is not booked when no call is allowed."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.test import Client

from fawang.accounts.models import User
from fawang.cases.models import Case
from fawang.conftest import MakeCase
from fawang.core import clock
from fawang.core.errors import DomainError
from fawang.hotline.models import Call, Callback, HotlineCentre, Seat
from fawang.hotline.services.callbacks import callback_auto_create, callback_schedule
from fawang.hotline.tests.conftest import PostEvent
from fawang.people.models import Person
from fawang.people.services import ContactSafety, person_contact_safety_set

pytestmark = pytest.mark.django_db
CALLER = "13800001234"
SAFE = "13912345678"


def _signed_in(operator: User, centre: HotlineCentre) -> Client:
    client = Client()
    client.force_login(operator)
    assert (
        client.post(
            "/work/hotline/seat/", {"seat": Seat.objects.get(centre=centre, code="S01").pk}
        ).status_code
        == 302
    )
    return client


def _talking_call(post_event: PostEvent) -> Call:
    start = clock.now() - timedelta(seconds=30)
    post_event("C1", "queued", start, caller=CALLER)
    post_event("C1", "ringing", start + timedelta(seconds=2), seat="S01", caller=CALLER)
    post_event("C1", "answered", start + timedelta(seconds=6), seat="S01")
    return Call.objects.get(call_ref="C1")


def _flag(person: Person, actor: User, **kwargs: str) -> None:
    person_contact_safety_set(actor=actor, person=person, safety=ContactSafety(**kwargs))


def _own_person(citizen: User) -> Person:
    return Person.objects.create(name="李女士", phone=CALLER, user=citizen)


def test_screen_pop_shows_the_safe_contact_banner(
    centre: HotlineCentre, operator: User, post_event: PostEvent, personas: dict[str, User]
) -> None:
    """M14: a flagged caller's instruction is on the screen pop, and the number shown is masked as before."""
    _flag(
        _own_person(personas["citizen"]),
        personas["citizen"],
        channel="safe_phone",
        safe_phone=SAFE,
        note="勿留言",
    )
    client = _signed_in(operator, centre)
    start = clock.now() - timedelta(seconds=5)
    post_event("C1", "queued", start, caller=CALLER)
    post_event("C1", "ringing", start + timedelta(seconds=2), seat="S01", caller=CALLER)
    html = client.get("/work/hotline/pop/?call=&state=", headers={"HX-Request": "true"}).content.decode()
    assert "⚠ 安全联系：请勿拨打登记电话" in html
    assert "安全电话 139****5678" in html
    assert "注意事项：勿留言" in html
    assert SAFE not in html


def test_screen_pop_recognises_a_call_from_the_safe_number(
    centre: HotlineCentre, operator: User, post_event: PostEvent, personas: dict[str, User]
) -> None:
    """M14, B7: the person rings from the safe number itself; the screen pop still finds them and warns."""
    _flag(_own_person(personas["citizen"]), personas["citizen"], channel="safe_phone", safe_phone=SAFE)
    client = _signed_in(operator, centre)
    start = clock.now() - timedelta(seconds=5)
    post_event("C2", "queued", start, caller=SAFE)
    post_event("C2", "ringing", start + timedelta(seconds=2), seat="S01", caller=SAFE)
    html = client.get("/work/hotline/pop/?call=&state=", headers={"HX-Request": "true"}).content.decode()
    assert "李女士" in html
    assert "⚠ 安全联系：请勿拨打登记电话" in html


def test_wrap_up_callback_dials_the_safe_number(
    centre: HotlineCentre, operator: User, post_event: PostEvent, personas: dict[str, User]
) -> None:
    """M14: the callback booked at wrap-up for a flagged repeat caller goes to the safe number, not the caller ID."""
    _flag(_own_person(personas["citizen"]), personas["citizen"], channel="safe_phone", safe_phone=SAFE)
    client = _signed_in(operator, centre)
    call = _talking_call(post_event)
    response = client.post(
        f"/work/hotline/calls/{call.call_ref}/wrap-up/",
        {
            "contact_type": "consultation",
            "title": "离婚财产",
            "outcome": "callback",
            "callback_reason": "需查询",
        },
    )
    assert response.status_code in (200, 302)
    task = Callback.objects.get()
    assert (task.phone, task.case_id) == (SAFE, Call.objects.get(pk=call.pk).case_id)


def test_no_phone_callback_for_a_portal_only_requester(
    centre: HotlineCentre, operator: User, make_case: MakeCase, personas: dict[str, User]
) -> None:
    """M14: where the safe channel allows no call, booking one is refused in Chinese and nothing is stored."""
    case = make_case(requester_user=personas["citizen"])
    assert case.requester is not None
    _flag(case.requester, personas["citizen"], channel="portal")
    with pytest.raises(DomainError, match="不能安排电话回拨"):
        callback_schedule(actor=operator, centre=centre, phone="13800000000", reason="需查询", case=case)
    assert Callback.objects.count() == 0


def _rated_call(centre: HotlineCentre, case: Case) -> Call:
    now = clock.now()
    return Call.objects.create(
        centre=centre,
        call_ref="C9",
        state="ended",
        caller_number="13800000000",
        offered_at=now - timedelta(minutes=10),
        ended_at=now - timedelta(minutes=5),
        rated_at=now - timedelta(minutes=4),
        case=case,
    )


@pytest.mark.parametrize(
    ("_case", "safety", "expected"),
    [
        ("M14: safe phone: the follow-up dials it", {"channel": "safe_phone", "safe_phone": SAFE}, [SAFE]),
        ("M14: in person only: no follow-up call is booked", {"channel": "in_person"}, []),
        ("M14: no flag: the caller's number as before", {"channel": "usual"}, ["13800000000"]),
    ],
)
def test_dissatisfied_follow_up_uses_the_safe_route(
    centre: HotlineCentre,
    make_case: MakeCase,
    personas: dict[str, User],
    _case: str,
    safety: dict[str, str],
    expected: list[str],
) -> None:
    case = make_case(requester_user=personas["citizen"])
    assert case.requester is not None
    _flag(case.requester, personas["citizen"], **safety)
    callback_auto_create(call=_rated_call(centre, case), kind="dissatisfied")
    assert list(Callback.objects.values_list("phone", flat=True)) == expected


# --- the callback queue and its API (M14): the number comes from the route when the row is shown ---------------


def _booked_then(centre: HotlineCentre, operator: User, case: Case, citizen: User, **safety: str) -> Callback:
    """A callback booked while the requester was unflagged (so it stored the registered number), then the flag."""
    callback = callback_schedule(
        actor=operator, centre=centre, phone="13800000000", reason="需查询", case=case
    )
    assert callback.phone == "13800000000"
    assert case.requester is not None
    _flag(case.requester, citizen, **safety)
    return callback


def _operator_client(operator: User) -> Client:
    client = Client()
    client.force_login(operator)
    return client


def test_callback_row_and_api_show_the_registered_number_when_unflagged(
    centre: HotlineCentre, operator: User, make_case: MakeCase, personas: dict[str, User]
) -> None:
    """The control for the tests below: without a flag the stored number, masked, as before (M3)."""
    case = make_case(requester_user=personas["citizen"])
    callback_schedule(actor=operator, centre=centre, phone="13800000000", reason="需查询", case=case)
    client = _operator_client(operator)
    page = client.get("/work/hotline/callbacks/").content.decode()
    assert "138****0000" in page
    assert "data-safe-contact" not in page
    api = client.get("/api/v1/hotline/callbacks").json()["due_now"]
    assert [(c["phone"], c["contact_restricted"]) for c in api] == [("138****0000", False)]


def test_callback_row_flagged_after_booking_shows_the_masked_safe_number_never_the_registered_one(
    centre: HotlineCentre, operator: User, make_case: MakeCase, personas: dict[str, User]
) -> None:
    """M14: the row, the API and the claimer's full number all follow the route, not the stored number."""
    case = make_case(requester_user=personas["citizen"])
    callback = _booked_then(
        centre, operator, case, personas["citizen"], channel="safe_phone", safe_phone=SAFE
    )
    client = _operator_client(operator)
    page = client.get("/work/hotline/callbacks/").content.decode()
    assert "138****0000" not in page
    assert "13800000000" not in page
    assert "安全联系</span> 安全电话 139****5678" in page
    assert "⚠ 安全联系：请勿拨打登记电话" in page
    api = client.get("/api/v1/hotline/callbacks").json()["due_now"]
    assert [(c["phone"], c["contact_restricted"]) for c in api] == [("139****5678", True)]
    claimed = client.post(f"/api/v1/hotline/callbacks/{callback.pk}/claim").json()
    assert (claimed["phone"], claimed["contact_restricted"]) == (
        SAFE,
        True,
    )  # the claimer dials the safe number
    page = client.get("/work/hotline/callbacks/").content.decode()
    assert SAFE in page
    assert "13800000000" not in page


def test_callback_row_for_a_no_call_channel_says_so_and_cannot_be_claimed(
    centre: HotlineCentre, operator: User, make_case: MakeCase, personas: dict[str, User]
) -> None:
    """M14: flagged "portal only" after booking: no number at all, and claiming it is refused (nothing to dial)."""
    case = make_case(requester_user=personas["citizen"])
    callback = _booked_then(centre, operator, case, personas["citizen"], channel="portal")
    client = _operator_client(operator)
    page = client.get("/work/hotline/callbacks/").content.decode()
    assert "安全联系</span> 不可电话联系" in page
    assert "138****0000" not in page
    api = client.get("/api/v1/hotline/callbacks").json()["due_now"]
    assert [(c["phone"], c["contact_restricted"]) for c in api] == [("", True)]
    refused = client.post(f"/api/v1/hotline/callbacks/{callback.pk}/claim")
    assert refused.status_code == 400
    assert "请取消该回拨任务" in refused.content.decode()
    callback.refresh_from_db()
    assert (callback.status, callback.claimed_by_id) == ("open", None)


@pytest.mark.parametrize(
    ("_case", "flag", "booked_to", "row_shows", "api"),
    [
        (
            "M14: registered number of a flagged person",
            True,
            CALLER,
            "安全电话 139****5678",
            ("139****5678", True),
        ),
        ("the same number, no flag", False, CALLER, "138****1234", ("138****1234", False)),
        ("M14: the flagged person's safe number itself", True, SAFE, "139****5678", ("139****5678", False)),
        ("a number nobody registered", True, "13700000000", "137****0000", ("137****0000", False)),
    ],
)
def test_callback_without_a_case_asks_whose_number_it_is(
    centre: HotlineCentre,
    operator: User,
    personas: dict[str, User],
    _case: str,
    flag: bool,
    booked_to: str,
    row_shows: str,
    api: tuple[str, bool],
) -> None:
    """M14: a callback booked with no 工单 (a missed call) has no requester to ask, so the number itself is looked
    up: if it is the registered number of someone with a safe-contact flag, their route is followed instead."""
    person = _own_person(personas["citizen"])
    if flag:
        _flag(person, personas["citizen"], channel="safe_phone", safe_phone=SAFE)
    callback_schedule(actor=operator, centre=centre, phone=booked_to, reason="未接来电", case=None)
    client = _operator_client(operator)
    page = client.get("/work/hotline/callbacks/").content.decode()
    assert row_shows in page
    assert ("⚠ 安全联系：请勿拨打登记电话" in page) is api[1]
    assert "138****1234" not in page or not api[1]
    due = client.get("/api/v1/hotline/callbacks").json()["due_now"]
    assert [(c["phone"], c["contact_restricted"]) for c in due] == [api]


def test_callback_queue_asks_whose_numbers_in_one_query(
    centre: HotlineCentre, operator: User, personas: dict[str, User]
) -> None:
    """M14: the numbers of callbacks without a requester are looked up for the whole queue at once, so the page runs
    the same number of queries for one such callback as for five."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    _flag(_own_person(personas["citizen"]), personas["citizen"], channel="safe_phone", safe_phone=SAFE)
    client = _operator_client(operator)

    def queries() -> int:
        with CaptureQueriesContext(connection) as captured:
            page = client.get("/work/hotline/callbacks/").content.decode()
        assert "⚠ 安全联系：请勿拨打登记电话" in page
        return len(captured)

    callback_schedule(actor=operator, centre=centre, phone=CALLER, reason="未接来电", case=None)
    one = queries()
    for i in range(4):
        callback_schedule(actor=operator, centre=centre, phone=f"1370000000{i}", reason="未接来电", case=None)
    assert queries() == one
