"""Personal data at rest (M3): encrypted columns, blind-index lookups, unique ID numbers, key rotation."""

from __future__ import annotations

import pytest
from cryptography.fernet import Fernet
from django.core.exceptions import FieldError
from django.core.management import call_command
from django.db import IntegrityError, connection, transaction
from django.test import override_settings

from fawang.accounts.models import User
from fawang.core.crypto import DecryptionError
from fawang.people.models import Person
from fawang.people.selectors import person_find_by_id_number, person_list_by_phone
from fawang.people.services import person_register
from fawang.security.keyring import pii_keys_rotate

ID_A = "11010519491231002X"
ID_B = "500231195203150022"


def _raw(person: Person) -> tuple[str, str, str, str, str]:
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT id_number, id_number_bidx, phone, phone_bidx, address FROM people_person WHERE id = %s",
            [person.pk],
        )
        row: tuple[str, str, str, str, str] = cursor.fetchone()
        return row


@pytest.fixture
def actor(db: None) -> User:
    return User.objects.create_user(username="clerk", password="x")


def test_columns_hold_ciphertext_and_lookups_work(actor: User) -> None:
    person = person_register(
        actor=actor, name="王五", id_number=ID_A.lower(), phone="13912345678", address="甲县东镇东村5号"
    )
    raw_id, id_index, raw_phone, phone_index, raw_address = _raw(person)
    for raw in (raw_id, raw_phone, raw_address):
        assert raw.startswith("gAAAAA")
    assert ID_A not in raw_id
    assert "13912345678" not in raw_phone
    assert "东村" not in raw_address
    assert len(id_index) == len(phone_index) == 64
    fresh = Person.objects.get(pk=person.pk)
    assert (fresh.id_number, fresh.phone, fresh.address) == (ID_A, "13912345678", "甲县东镇东村5号")
    assert person_find_by_id_number(id_number=ID_A) == person
    assert list(person_list_by_phone(phone=" 13912345678 ")) == [person]
    assert person_find_by_id_number(id_number=ID_B) is None
    assert list(person_list_by_phone(phone="13900000000")) == []


def test_register_finds_the_same_person_and_updates_contact(actor: User) -> None:
    first = person_register(actor=actor, name="王五", id_number=ID_A, phone="13912345678")
    again = person_register(actor=actor, name="王五", id_number=ID_A, phone="13800001111")
    assert again.pk == first.pk
    assert Person.objects.count() == 1
    assert list(person_list_by_phone(phone="13800001111")) == [first]  # the phone index followed the update
    assert list(person_list_by_phone(phone="13912345678")) == []


def test_id_number_stays_unique(actor: User) -> None:
    Person.objects.create(name="甲", id_number=ID_A)
    with pytest.raises(IntegrityError), transaction.atomic():
        Person.objects.create(name="乙", id_number=ID_A)
    Person.objects.create(name="丙", id_number=None)
    Person.objects.create(name="丁", id_number=None)  # many people without an ID number
    assert Person.objects.count() == 3


def test_direct_filters_on_encrypted_fields_fail_loudly(db: None) -> None:
    with pytest.raises(FieldError, match="盲索引"):
        Person.objects.filter(phone="13912345678").count()
    assert Person.objects.filter(id_number__isnull=True).count() == 0


def test_rotation_moves_every_value_to_the_new_key(actor: User, settings: object) -> None:
    """M3, X8: the key-rotation command re-encrypts every personal-data value under the new key."""
    from django.conf import settings as live

    old_key, old_index = list(live.FAWANG_PII_KEYS), list(live.FAWANG_PII_INDEX_KEYS)
    people = [
        person_register(actor=actor, name="王五", id_number=ID_A, phone="13912345678", address="东村5号"),
        person_register(actor=actor, name="赵六", id_number=ID_B, phone="13700000000"),
        person_register(actor=actor, name="无证件", phone="13600000000"),
    ]
    new_key = Fernet.generate_key().decode()
    with override_settings(
        FAWANG_PII_KEYS=[new_key, *old_key], FAWANG_PII_INDEX_KEYS=["new-index-key", *old_index]
    ):
        before = {r.label: r for r in pii_keys_rotate(dry_run=True)}["people.Person"]
        assert (before.rows, before.old_values_before, before.rewritten) == (
            3,
            6,
            0,
        )  # 2 IDs + 3 phones + 1 address (empty values stay empty)
        # Lookups keep working during the rotation window (old index key still listed).
        assert person_find_by_id_number(id_number=ID_A) == people[0]
        call_command("rotate_pii_keys")
        after = {r.label: r for r in pii_keys_rotate(dry_run=True)}["people.Person"]
        assert after.old_values_before == 0
    # With ONLY the new keys, every value still decrypts and every lookup still finds its row.
    with override_settings(FAWANG_PII_KEYS=[new_key], FAWANG_PII_INDEX_KEYS=["new-index-key"]):
        assert person_find_by_id_number(id_number=ID_B) == people[1]
        assert list(person_list_by_phone(phone="13600000000")) == [people[2]]
        assert Person.objects.get(pk=people[0].pk).address == "东村5号"
    # And the old key alone can no longer read them.
    with override_settings(FAWANG_PII_KEYS=old_key), pytest.raises(DecryptionError):
        Person.objects.get(pk=people[0].pk)
