"""Caller and callback numbers are encrypted at rest (M3; issue 8 §3): the raw columns hold Fernet tokens, the
screen pop still finds a caller's history through the blind index, pages and the API mask the number (the claimer of
a callback sees it in full, audited), and key rotation re-encrypts these columns with the account and portal ones."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from cryptography.fernet import Fernet
from django.core.management import call_command
from django.db import connection
from django.test import Client, override_settings

from fawang.accounts.models import User
from fawang.accounts.selectors import user_find_by_phone
from fawang.core import clock
from fawang.core.crypto import blind_index
from fawang.core.models import AuditAction, AuditEntry
from fawang.core.pii_migration import Columns, Index, decrypt_columns, encrypt_columns
from fawang.hotline.models import Call, Callback, CallEvent, HotlineCentre, Seat
from fawang.hotline.selectors import callback_list_by_phone, caller_history
from fawang.hotline.services.callbacks import callback_schedule
from fawang.hotline.tests.conftest import PostEvent
from fawang.portal.sms import ConsoleSmsSender
from fawang.security.keyring import pii_keys_rotate
from fawang.security.tests.raw_columns import assert_ciphertext, raw_column

pytestmark = pytest.mark.django_db
PHONE = "13912345678"
CALLER = "13800001234"


def _call(post_event: PostEvent, call_id: str, minutes_ago: int, caller: str = CALLER) -> Call:
    start = clock.now() - timedelta(minutes=minutes_ago)
    post_event(call_id, "queued", start, caller=caller)
    post_event(call_id, "ringing", start + timedelta(seconds=2), seat="S01", caller=caller)
    return Call.objects.get(call_ref=call_id)


def test_caller_numbers_are_encrypted_and_the_screen_pop_finds_history(
    centre: HotlineCentre, operator: User, post_event: PostEvent
) -> None:
    earlier = _call(post_event, "C0", 60 * 24)
    _call(post_event, "CX", 60, caller="13800009999")  # another caller: not in the history
    call = _call(post_event, "C1", 1)
    assert_ciphertext(raw_column("hotline_call", "caller_number", call.pk), CALLER)
    assert raw_column("hotline_call", "caller_number_bidx", call.pk) == blind_index(CALLER)
    for event in CallEvent.objects.filter(call_ref="C1"):
        assert_ciphertext(raw_column("hotline_callevent", "data", event.pk), CALLER)
    assert CallEvent.objects.filter(call_ref="C1", type="queued").get().data["caller"] == CALLER
    assert [c.pk for c in caller_history(call=call).earlier_calls] == [earlier.pk]
    # The console page pops the history of this number, with the number masked.
    client = Client()
    client.force_login(operator)
    client.post("/work/hotline/seat/", {"seat": Seat.objects.get(centre=centre, code="S01").pk})
    popped = client.get("/work/hotline/pop/?call=&state=", headers={"HX-Request": "true"}).content.decode()
    assert "138****1234" in popped
    assert CALLER not in popped
    assert "首次来电" not in popped  # the earlier call was found through the blind index


def test_callback_list_masks_the_number_until_claimed_and_the_reveal_is_audited(
    centre: HotlineCentre, operator: User, second_operator: User
) -> None:
    callback = callback_schedule(actor=operator, centre=centre, phone=" 13800001111 ", reason="需查询后答复")
    assert_ciphertext(raw_column("hotline_callback", "phone", callback.pk), "13800001111")
    assert list(callback_list_by_phone(phone="13800001111")) == [callback]
    client = Client()
    client.force_login(operator)
    page = client.get("/work/hotline/callbacks/").content.decode()
    assert "138****1111" in page
    assert "13800001111" not in page
    assert client.post(f"/work/hotline/callbacks/{callback.pk}/claim/").status_code == 302
    assert "13800001111" in client.get("/work/hotline/callbacks/").content.decode()  # the claimer dials it
    other = Client()
    other.force_login(second_operator)
    assert "13800001111" not in other.get("/work/hotline/callbacks/").content.decode()
    api = other.get("/api/v1/hotline/callbacks").json()
    assert [c["phone"] for c in api["due_now"] + api["upcoming"]] == ["138****1111"]
    reveals = AuditEntry.objects.filter(action=AuditAction.REVEAL, object_type="hotline.Callback")
    assert [(e.actor_id, e.object_id) for e in reveals] == [(operator.pk, str(callback.pk))]


def _citizen(phone: str = PHONE) -> User:
    """Registration through the portal pages (the SMS leaves on commit, which the test transaction never does)."""
    from unittest import mock

    ConsoleSmsSender.outbox.clear()
    client = Client()
    with mock.patch("django.db.transaction.on_commit", lambda func, using=None, robust=False: func()):
        assert client.post("/register/code/", {"phone": phone}).status_code == 200
    match = re.search(r"\d{6}", ConsoleSmsSender.outbox[-1][1])
    assert match is not None
    data = {"phone": phone, "code": match.group(0), "name": "王小明", "password": "Minh@2026secure"}
    assert client.post("/register/", {**data, "consent": "on"}).status_code == 302
    user = user_find_by_phone(phone=phone)
    assert user is not None
    return user


def test_rotation_re_encrypts_these_columns_and_lookups_survive(
    centre: HotlineCentre, operator: User, post_event: PostEvent
) -> None:
    from django.conf import settings as live

    user = _citizen()
    earlier = _call(post_event, "C0", 60)
    call = _call(post_event, "C1", 1)
    callback_schedule(actor=operator, centre=centre, phone=CALLER, reason="需查询后答复", call=call)
    old_key, old_index = list(live.FAWANG_PII_KEYS), list(live.FAWANG_PII_INDEX_KEYS)
    new_key = Fernet.generate_key().decode()
    labels = ("accounts.User", "hotline.Call", "hotline.Callback", "hotline.CallEvent", "portal.SmsChallenge")
    with override_settings(
        FAWANG_PII_KEYS=[new_key, *old_key], FAWANG_PII_INDEX_KEYS=["new-index-key", *old_index]
    ):
        before = {r.label: r.old_values_before for r in pii_keys_rotate(dry_run=True)}
        assert all(before[label] > 0 for label in labels)
        # During the rotation window the old index key still finds the account.
        assert user_find_by_phone(phone=PHONE) == user
        call_command("rotate_pii_keys")
        after = {r.label: r.old_values_before for r in pii_keys_rotate(dry_run=True)}
        assert all(after[label] == 0 for label in labels)
    with override_settings(FAWANG_PII_KEYS=[new_key], FAWANG_PII_INDEX_KEYS=["new-index-key"]):
        assert user_find_by_phone(phone=PHONE) == user
        assert Client().post("/login/", {"username": PHONE, "password": "Minh@2026secure"}).status_code == 302
        assert [c.pk for c in caller_history(call=Call.objects.get(pk=call.pk)).earlier_calls] == [earlier.pk]
        assert [c.phone for c in callback_list_by_phone(phone=CALLER)] == [CALLER]
        assert CallEvent.objects.filter(call_ref="C1", type="queued").get().data["caller"] == CALLER


class _Editor:
    def __init__(self) -> None:
        self.connection = connection


def test_data_migration_helpers_encrypt_plaintext_rows_and_reverse(
    centre: HotlineCentre, operator: User
) -> None:
    """The helper behind the accounts/portal/hotline data migrations, on rows written as plaintext."""
    callback = callback_schedule(actor=operator, centre=centre, phone=CALLER, reason="需查询后答复")
    with connection.cursor() as cursor:
        cursor.execute(
            "UPDATE hotline_callback SET phone = %s, phone_bidx = '' WHERE id = %s", [CALLER, callback.pk]
        )
    spec = Columns(table="hotline_callback", encrypted=("phone",), indexes=(Index("phone_bidx", "phone"),))
    encrypt_columns(spec)(None, _Editor())
    encrypt_columns(spec)(None, _Editor())  # a re-run leaves encrypted rows alone
    assert_ciphertext(raw_column("hotline_callback", "phone", callback.pk), CALLER)
    assert raw_column("hotline_callback", "phone_bidx", callback.pk) == blind_index(CALLER)
    assert Callback.objects.get(pk=callback.pk).phone == CALLER
    decrypt_columns(spec)(None, _Editor())
    assert raw_column("hotline_callback", "phone", callback.pk) == CALLER
