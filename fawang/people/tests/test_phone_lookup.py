"""The encrypted phone numbers of a person are found through their blind indexes (M3), also after they change: the
12348 screen pop (B7) recognises a caller by the registered number and, for a flagged person, by the safe number
(M14)."""

from __future__ import annotations

from fawang.accounts.models import User
from fawang.people.selectors import person_list_by_phone
from fawang.people.services import ContactSafety, person_contact_safety_set, person_register

ID = "500231195203150022"


def test_a_changed_phone_is_found_by_the_new_number(personas: dict[str, User]) -> None:
    clerk = personas["window_clerk"]
    person = person_register(actor=clerk, name="王大爷", id_number=ID, phone="13900001111")
    again = person_register(actor=clerk, name="王大爷", id_number=ID, phone="13900002222")
    assert again.pk == person.pk
    assert list(person_list_by_phone(phone="13900002222")) == [person]
    assert list(person_list_by_phone(phone="13900001111")) == []


def test_a_flagged_person_is_recognised_by_the_safe_number(personas: dict[str, User]) -> None:
    citizen = personas["citizen"]
    person = person_register(actor=personas["window_clerk"], name="李女士", id_number=ID, phone="13900001111")
    person.user = citizen
    person.save(update_fields=["user"])
    person_contact_safety_set(  # typed with spaces; the service keeps the digits
        actor=citizen, person=person, safety=ContactSafety(channel="safe_phone", safe_phone="137 1234 5678")
    )
    assert list(person_list_by_phone(phone="13712345678")) == [person]
    person_contact_safety_set(actor=citizen, person=person, safety=ContactSafety(channel="usual"))
    assert list(person_list_by_phone(phone="13712345678")) == []  # cleared with the flag
