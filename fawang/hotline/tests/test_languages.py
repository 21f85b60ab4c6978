"""A12 on the 12348 line, through real HTTP: a centre maps its IVR language menu onto the languages the deployment
offers; a call's key gives Call.language, the wrap-up carries it into the 工单; agents declare the languages they
take; the console lists the signed-in agents of the same centre who take the call's language."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from django.test import Client, override_settings

from fawang.accounts.models import User
from fawang.accounts.roles import Role
from fawang.cases.models import Case
from fawang.conftest import County, MakeUser
from fawang.core import clock
from fawang.core.models import AuditEntry
from fawang.directory.models import SiteKind
from fawang.directory.tests.factories import SiteFactory
from fawang.hotline.languages import ivr_language
from fawang.hotline.models import Call, HotlineCentre, Seat, SeatSession
from fawang.hotline.selectors import transfer_targets_for_call
from fawang.hotline.services.seats import centre_ensure
from fawang.hotline.tests.conftest import PostEvent
from fawang.people.models import Person

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.usefixtures("_guangdong"),
]
MENU = {"1": "zh", "2": "yue", "3": "hak", "4": "nan-chaoshan"}


@pytest.fixture
def _guangdong(settings: Any) -> None:
    settings.FAWANG_INTAKE_LANGUAGES = ["zh", "yue", "hak", "nan-chaoshan"]


def _client(user: User) -> Client:
    client = Client()
    client.force_login(user)
    return client


def _signed_in(user: User, centre: HotlineCentre, seat: str) -> Client:
    client = _client(user)
    assert (
        client.post(
            "/work/hotline/seat/", {"seat": Seat.objects.get(centre=centre, code=seat).pk}
        ).status_code
        == 302
    )
    return client


def _menu_post(centre: HotlineCentre, keys: dict[str, str], menu: str = "language") -> dict[str, Any]:
    return {"centre": centre.pk, "menu": menu} | {f"key_{code}": key for key, code in keys.items()}


def _with_menu(centre: HotlineCentre) -> HotlineCentre:
    centre.ivr_language_menu, centre.ivr_languages = "language", MENU
    centre.save(update_fields=["ivr_language_menu", "ivr_languages"])
    return centre


def _call(
    post_event: PostEvent, call_id: str, seat: str, key: str | None, caller: str = "13800005678"
) -> Call:
    start = clock.now() - timedelta(seconds=40)
    if key is not None:
        post_event(call_id, "ivr_choice", start, menu="language", key=key, caller=caller)
    post_event(call_id, "queued", start + timedelta(seconds=1), caller=caller)
    post_event(call_id, "ringing", start + timedelta(seconds=3), seat=seat, caller=caller)
    post_event(call_id, "answered", start + timedelta(seconds=6), seat=seat)
    return Call.objects.get(call_ref=call_id)


@pytest.mark.parametrize(
    ("_case", "choices", "expected"),
    [
        ("no menu choice: 普通话", [], "zh"),
        ("key 2 in the language menu", [{"menu": "language", "key": "2"}], "yue"),
        ("the same key in another menu", [{"menu": "service", "key": "2"}], "zh"),
        (
            "the last key counts",
            [{"menu": "language", "key": "2"}, {"menu": "language", "key": "4"}],
            "nan-chaoshan",
        ),
        ("a key not on the map", [{"menu": "language", "key": "9"}], "zh"),
    ],
)
def test_ivr_language_is_a_pure_function_of_the_choices(
    _case: str, choices: list[dict[str, str]], expected: str
) -> None:
    assert ivr_language(choices=choices, menu="language", keys=MENU, offered=list(MENU.values())) == expected


def test_a_language_the_deployment_stopped_offering_falls_back_to_mandarin() -> None:
    choices = [{"menu": "language", "key": "3"}]
    assert ivr_language(choices=choices, menu="language", keys=MENU, offered=["zh", "yue"]) == "zh"


@pytest.mark.parametrize(
    ("_case", "persona", "status", "saved"),
    [
        ("anonymous: to the sign-in page", None, 302, False),
        ("operator (wrong role)", "hotline_operator", 403, False),
        ("outsider", "outsider", 403, False),
        ("supervisor of the centre's county", "county_supervisor", 302, True),
    ],
)
def test_centre_language_menu_access(
    centre: HotlineCentre,
    personas: dict[str, User],
    _case: str,
    persona: str | None,
    status: int,
    saved: bool,
) -> None:
    client = _client(personas[persona]) if persona else Client()
    response = client.post("/work/hotline/languages/", _menu_post(centre, {"2": "yue", "3": "hak"}))
    assert response.status_code == status
    centre.refresh_from_db()
    assert centre.ivr_languages == ({"2": "yue", "3": "hak"} if saved else {})


def test_centre_language_menu_page_offers_only_configured_languages(
    centre: HotlineCentre, personas: dict[str, User]
) -> None:
    client = _client(personas["county_supervisor"])
    page = client.get("/work/hotline/languages/").content.decode()
    assert 'name="key_nan-chaoshan"' in page
    assert 'name="key_bo"' not in page
    audits = AuditEntry.objects.count()
    # A key used twice, and a language this deployment does not offer, are refused; nothing changes.
    twice = client.post("/work/hotline/languages/", _menu_post(centre, {"2": "yue"}) | {"key_hak": "2"})
    assert twice.status_code == 400
    assert "同一个按键不能对应两种语言" in twice.content.decode()
    with override_settings(FAWANG_INTAKE_LANGUAGES=["zh"]):
        from fawang.hotline.services.centre import centre_languages_set

        with pytest.raises(Exception, match="本平台未开通“粤语”受理"):
            centre_languages_set(
                actor=personas["county_supervisor"], centre=centre, menu="language", keys={"2": "yue"}
            )
    centre.refresh_from_db()
    assert (centre.ivr_languages, AuditEntry.objects.count()) == ({}, audits)


def test_ivr_key_gives_the_call_and_its_case_their_language(
    centre: HotlineCentre, operator: User, post_event: PostEvent
) -> None:
    _with_menu(centre)
    client = _signed_in(operator, centre, "S01")
    call = _call(post_event, "C-YUE", "S01", key="2")
    assert call.language == "yue"
    page = client.get("/work/hotline/").content.decode()
    assert "来电语言" in page
    assert 'value="yue" selected' in page  # the wrap-up form is prefilled from the IVR
    response = client.post(
        f"/work/hotline/calls/{call.call_ref}/wrap-up/",
        {"contact_type": "consultation", "title": "工伤赔偿", "outcome": "register", "language": "yue"},
    )
    assert response.status_code == 302
    call.refresh_from_db()
    assert call.case is not None
    assert call.case.language == "yue"


def test_the_agent_may_correct_the_language_at_wrap_up(
    centre: HotlineCentre, operator: User, post_event: PostEvent
) -> None:
    _with_menu(centre)
    client = _signed_in(operator, centre, "S01")
    call = _call(post_event, "C-FIX", "S01", key="2")  # pressed 粤语, spoke 客家话
    client.post(
        f"/work/hotline/calls/{call.call_ref}/wrap-up/",
        {"contact_type": "consultation", "title": "宅基地", "outcome": "register", "language": "hak"},
    )
    call.refresh_from_db()
    assert (call.language, Case.objects.get().language) == ("yue", "hak")


def test_without_a_menu_choice_the_call_is_in_mandarin(
    centre: HotlineCentre, operator: User, post_event: PostEvent
) -> None:
    _with_menu(centre)
    client = _signed_in(operator, centre, "S01")
    call = _call(post_event, "C-ZH", "S01", key=None)
    assert call.language == "zh"
    client.post(
        f"/work/hotline/calls/{call.call_ref}/wrap-up/",
        {"contact_type": "consultation", "title": "离婚", "outcome": "register"},
    )
    assert Case.objects.get().language == "zh"


@pytest.fixture
def other_centre(county: County, personas: dict[str, User]) -> HotlineCentre:
    site = SiteFactory.create(kind=SiteKind.HOTLINE, name="乙县12348热线", region=county.other_county)
    return centre_ensure(actor=personas["admin"], site=site, code="YX12348", seats=2)


def test_seat_languages_are_declared_and_carried_to_the_next_sign_in(
    centre: HotlineCentre, operator: User
) -> None:
    client = _signed_in(operator, centre, "S01")
    assert 'id="seat-languages"' in client.get("/work/hotline/").content.decode()
    assert client.post("/work/hotline/seat/languages/", {"languages": ["yue", "hak"]}).status_code == 302
    refused = client.post("/work/hotline/seat/languages/", {"languages": ["bo"]})
    assert refused.status_code == 302
    assert SeatSession.objects.get(agent=operator, ended_at__isnull=True).languages == ["yue", "hak"]
    client.post("/work/hotline/seat/", {"action": "sign_out"})
    _signed_in(operator, centre, "S02")
    assert SeatSession.objects.get(agent=operator, ended_at__isnull=True).languages == ["yue", "hak"]


def test_transfer_targets_are_signed_in_agents_of_the_same_centre_who_take_the_language(
    centre: HotlineCentre,
    other_centre: HotlineCentre,
    operator: User,
    second_operator: User,
    make_user: MakeUser,
    county: County,
    post_event: PostEvent,
) -> None:
    _with_menu(centre)
    hakka_only = make_user("hotline3", Role.HOTLINE_OPERATOR, region=county.county)
    elsewhere = make_user("hotline_other", Role.HOTLINE_OPERATOR, region=county.other_county)
    signed_off = make_user("hotline4", Role.HOTLINE_OPERATOR, region=county.county)
    off = _signed_in(signed_off, centre, "S03")  # takes 粤语 calls, but has signed out
    off.post("/work/hotline/seat/languages/", {"languages": ["yue"]})
    off.post("/work/hotline/seat/", {"action": "sign_out"})
    console = _signed_in(operator, centre, "S01")  # speaks only 普通话
    _signed_in(second_operator, centre, "S02").post("/work/hotline/seat/languages/", {"languages": ["yue"]})
    _signed_in(hakka_only, centre, "S03").post("/work/hotline/seat/languages/", {"languages": ["hak"]})
    _signed_in(elsewhere, other_centre, "S01").post("/work/hotline/seat/languages/", {"languages": ["yue"]})
    call = _call(post_event, "C-T", "S01", key="2")
    targets = transfer_targets_for_call(user=operator, call=call)
    assert [(s.agent, s.seat.code) for s in targets] == [(second_operator, "S02")]
    page = console.get("/work/hotline/").content.decode()
    assert page.count('class="language-agent"') == 1
    assert "坐席 S02" in page
    # An agent who takes the language sees no list; a 普通话 call has no targets.
    assert transfer_targets_for_call(user=operator, call=_call(post_event, "C-Z", "S01", key="1")) == []


def test_transfer_targets_of_another_centres_call_are_refused(
    centre: HotlineCentre,
    other_centre: HotlineCentre,
    make_user: MakeUser,
    county: County,
    post_event: PostEvent,
) -> None:
    _with_menu(centre)
    call = _call(post_event, "C-X", "S01", key="2")
    elsewhere = make_user("hotline_other", Role.HOTLINE_OPERATOR, region=county.other_county)
    with pytest.raises(Exception, match="您不是该热线中心的工作人员"):
        transfer_targets_for_call(user=elsewhere, call=call)


def test_the_pop_shows_the_language_the_caller_used_last_time(
    centre: HotlineCentre, operator: User, post_event: PostEvent, personas: dict[str, User]
) -> None:
    person = Person.objects.create(name="林伯", phone="13800005678")
    Case.objects.create(
        reference="FW20261101-00009",
        service_type="consultation",
        channel="hotline",
        status="resolved",
        title="邻里纠纷",
        region=centre.site.region,
        requester=person,
        language="nan-chaoshan",
        submitted_at=clock.now() - timedelta(days=3),
    )
    client = _signed_in(operator, centre, "S01")
    _call(post_event, "C-LAST", "S01", key=None)
    page = client.get("/work/hotline/").content.decode()
    assert "上次来电使用：<strong>潮汕话</strong>" in page


def test_with_mandarin_only_the_console_asks_nothing(
    centre: HotlineCentre, operator: User, post_event: PostEvent, settings: Any
) -> None:
    settings.FAWANG_INTAKE_LANGUAGES = ["zh"]
    client = _signed_in(operator, centre, "S01")
    _call(post_event, "C-ONLY", "S01", key=None)
    page = client.get("/work/hotline/").content.decode()
    assert (
        'id="id_language"' not in page
    )  # the wrap-up form's field (the interface-language picker stays, L8)
    assert 'id="seat-languages"' not in page
    assert "来电语言" not in page


def test_the_wrap_up_api_takes_an_offered_language_only(
    centre: HotlineCentre, operator: User, post_event: PostEvent
) -> None:
    _with_menu(centre)
    client = _signed_in(operator, centre, "S01")
    call = _call(post_event, "C-API", "S01", key="2")
    assert client.get(f"/api/v1/hotline/calls/{call.call_ref}").json()["language"] == "yue"
    body = {"contact_type": "consultation", "title": "劳动争议", "outcome": "register"}
    refused = client.post(
        f"/api/v1/hotline/calls/{call.call_ref}/wrap-up",
        body | {"language": "bo"},
        content_type="application/json",
    )
    assert refused.status_code == 400
    assert not Case.objects.exists()
    done = client.post(
        f"/api/v1/hotline/calls/{call.call_ref}/wrap-up",
        body | {"language": "hak"},
        content_type="application/json",
    )
    assert done.status_code == 200, done.content
    assert Case.objects.get().language == "hak"


def test_a_supervisor_reads_a_dialect_call_without_transfer_targets(
    centre: HotlineCentre, personas: dict[str, User], post_event: PostEvent
) -> None:
    _with_menu(centre)
    call = _call(post_event, "C-SUP", "S01", key="3")
    page = _client(personas["county_supervisor"]).get(f"/work/hotline/calls/{call.call_ref}/")
    assert page.status_code == 200
    html = page.content.decode()
    assert "来电语言：客家话" in html
    assert "可转接" not in html
