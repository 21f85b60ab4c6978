"""G10 kiosks on a shared screen (M1, M3, M6): the idle reset and 结束并清除 delete the visit server-side, so a stale
page cannot be resubmitted; nothing typed is shown again but the receipt's masked name and phone; no page is cached;
progress is found by reference and the phone's last four digits only, rate-limited and audited."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
import time_machine
from django.contrib.sessions.models import Session
from django.test import Client

from fawang.accounts.models import User
from fawang.cases.models import Case
from fawang.cases.services import case_transition
from fawang.core import clock
from fawang.core.models import AuditAction, AuditEntry
from fawang.kiosk.models import KioskSubmission
from fawang.kiosk.tests.conftest import KioskSetup, Screen, id_number
from fawang.kiosk.tests.test_journeys import ID, PHONE, submit_aid
from fawang.kiosk.visits import SESSION_KEY
from fawang.people.models import Person

pytestmark = pytest.mark.django_db
STALE = "本次服务已超时或已结束，刚才填写的内容已清除。请重新开始。"


def _session_key(screen: Screen) -> str:
    return str(screen.client.cookies["sessionid"].value)


def _start_aid(screen: Screen) -> None:
    screen.get("/kiosk/j/aid/")
    screen.step("/kiosk/j/aid/matter/", {"matter": "maintenance"})
    screen.step("/kiosk/j/aid/facts/", {"facts": "儿子不给赡养费。"})
    screen.step("/kiosk/j/aid/hardship/", {"hardship": "yes"})
    screen.step("/kiosk/j/aid/name/", {"name": "王大爷"})
    screen.get("/kiosk/j/aid/id_number/")


def test_the_idle_time_ends_the_visit_and_a_stale_form_is_refused(screen: Screen, settings: Any) -> None:
    """After FAWANG_KIOSK_IDLE_SECONDS without a request, the next request starts a new visit: the old session is
    deleted with its answers, and the page left on the screen cannot be submitted (409, nothing written)."""
    settings.FAWANG_KIOSK_IDLE_SECONDS = 120
    _start_aid(screen)
    old = _session_key(screen)
    with time_machine.travel(clock.now() + timedelta(seconds=121)):
        stale = screen.post("/kiosk/j/aid/id_number/", {"id_number": ID})
    assert stale.status_code == 409
    assert STALE in stale.content.decode()
    assert not Session.objects.filter(session_key=old).exists()
    assert screen.get("/kiosk/j/aid/review/")["Location"] == "/kiosk/"  # the answers went with the visit
    assert (Case.objects.count(), Person.objects.count()) == (0, 0)


def test_within_the_idle_time_the_visit_goes_on(screen: Screen, settings: Any) -> None:
    settings.FAWANG_KIOSK_IDLE_SECONDS = 120
    _start_aid(screen)
    with time_machine.travel(clock.now() + timedelta(seconds=100)):
        assert (
            screen.post("/kiosk/alive/").status_code == 204
        )  # the idle script's ping while someone is typing
    with time_machine.travel(clock.now() + timedelta(seconds=200)):
        assert screen.post("/kiosk/j/aid/id_number/", {"id_number": ID}).status_code == 302


def test_end_and_clear_deletes_the_visit(screen: Screen) -> None:
    """结束并清除: the session row is deleted, the large-text choice is reset, the next person starts afresh."""
    _start_aid(screen)
    review_key = screen.key
    old = _session_key(screen)
    screen.client.cookies["large_text"] = "1"
    ended = screen.client.post("/kiosk/end/")
    assert (ended.status_code, ended["Location"]) == (302, "/kiosk/?cleared=1")
    assert ended.cookies["large_text"]["max-age"] == 0
    assert not Session.objects.filter(session_key=old).exists()
    home = screen.get("/kiosk/?cleared=1").content.decode()
    assert "您填写的内容已全部清除" in home
    assert "王大爷" not in home
    assert screen.get("/kiosk/j/aid/id_number/")["Location"] == "/kiosk/"
    # The page still on the screen from before cannot be submitted.
    stale = screen.client.post(
        "/kiosk/j/aid/review/", {"visit": "0" * 32, "confirm": "on", "key": review_key}
    )
    assert stale.status_code == 409
    assert not Case.objects.exists()


def test_answers_are_kept_encrypted_in_the_session(screen: Screen) -> None:
    _start_aid(screen)
    screen.post("/kiosk/j/aid/id_number/", {"id_number": ID})
    decoded = Session.objects.get(session_key=_session_key(screen)).get_decoded()
    assert set(decoded[SESSION_KEY]) == {"id", "kiosk", "seen", "data"}
    raw = str(decoded)
    for typed in (ID, "王大爷", "赡养费"):
        assert typed not in raw


def test_pages_are_never_cached(screen: Screen) -> None:
    for path in ("/kiosk/", "/kiosk/ask/", "/kiosk/track/"):
        assert "no-store" in screen.get(path)["Cache-Control"]


def test_nothing_typed_is_shown_again_after_submission(screen: Screen, station_kiosk: KioskSetup) -> None:
    """Only the receipt, with the masked name and phone; the review and its answers are gone; after 完成 the receipt
    is gone too, and the next visitor sees no trace of the earlier one."""
    submit_aid(screen)
    reference = Case.objects.get().reference
    assert screen.get("/kiosk/j/aid/review/")["Location"] == "/kiosk/"
    screen.client.post("/kiosk/end/")
    assert screen.get("/kiosk/receipt/")["Location"] == "/kiosk/"
    home = screen.get("/kiosk/").content.decode()
    for trace in (reference, "陈", "4321"):
        assert trace not in home


def test_another_kiosk_cannot_open_this_kiosks_receipt(
    screen: Screen, personas: dict[str, User], county: Any
) -> None:
    from fawang.kiosk.services import kiosk_register
    from fawang.kiosk.tests.conftest import pair

    submit_aid(screen)
    _kiosk, code = kiosk_register(actor=personas["admin"], site_id=county.station_y.pk, name="1号机")
    other = pair(code)
    session = other.client.session
    session[SESSION_KEY] = screen.client.session[SESSION_KEY]  # even with a copied visit
    session.save()
    assert other.get("/kiosk/receipt/")["Location"] == "/kiosk/"


def _track(screen: Screen, reference: str, digits: str) -> Any:
    screen.step("/kiosk/track/", {"reference": reference})
    return screen.step("/kiosk/track/digits/", {"digits": digits})


@pytest.mark.usefixtures("rate_window")
def test_progress_by_reference_and_the_last_four_digits(
    screen: Screen, station_kiosk: KioskSetup, personas: dict[str, User], make_case: Any
) -> None:
    """The portal's plain status, for the reference and the phone's last four digits; the same answer for an
    unknown reference and wrong digits; never a confidential 工单 (M7); no reply text on a shared screen."""
    submit_aid(screen)
    case = Case.objects.get()
    screen.client.post("/kiosk/end/")
    found = _track(screen, case.reference.lower(), "4321")
    assert found.status_code == 200
    page = found.content.decode()
    assert "已提交，等待受理" in page
    assert case.reference in page
    for typed in ("陈秀英", PHONE, ID):
        assert typed not in page
    audit = AuditEntry.objects.get(action=AuditAction.VIEW, object_id=case.reference)
    assert audit.actor_id == station_kiosk.kiosk.account_id

    window = make_case("consultation", title="窗口咨询")  # requester phone 13800000000
    case_transition(reference=window.reference, action="accept", actor=personas["admin"])
    case_transition(
        reference=window.reference, action="answer", actor=personas["admin"], reason="可以申请仲裁。"
    )
    answered = _track(screen, window.reference, "0000").content.decode()
    assert "已办结" in answered
    assert "可以申请仲裁" not in answered

    misses = [_track(screen, case.reference, "1234"), _track(screen, "FW20000101-00001", "4321")]
    assert [m.status_code for m in misses] == [404, 404]
    assert all("没有找到与该编号和手机号后四位相符的事项" in m.content.decode() for m in misses)
    Case.objects.filter(pk=window.pk).update(confidential=True)
    assert _track(screen, window.reference, "0000").status_code == 404
    bad = _track(screen, case.reference, "12")
    assert bad.status_code == 400
    assert "请输入4位数字" in bad.content.decode()


@pytest.mark.usefixtures("rate_window")
def test_progress_look_ups_are_rate_limited_per_reference(screen: Screen, settings: Any) -> None:
    settings.FAWANG_RATE_LIMITS = {**settings.FAWANG_RATE_LIMITS, "kiosk_track": "3/h"}
    submit_aid(screen)
    reference = Case.objects.get().reference
    statuses = [_track(screen, reference, digits).status_code for digits in ("0001", "0002", "0003", "4321")]
    assert statuses == [404, 404, 404, 429]
    assert "操作过于频繁" in screen.last.content.decode()
    assert not AuditEntry.objects.filter(action=AuditAction.VIEW, object_type="cases.Case").exists()


def test_a_second_kiosk_submission_keeps_the_first_record_intact(screen: Screen) -> None:
    submit_aid(screen)
    screen.client.post("/kiosk/end/")
    screen.get("/kiosk/")
    submit_aid(screen, name="李四", ident=id_number("44010619800101001"), phone="13611112222")
    assert Case.objects.count() == 2
    assert sorted(KioskSubmission.objects.values_list("contact_name", flat=True)) == ["李四", "陈秀英"]
    assert Client().get("/kiosk/receipt/").status_code == 403
