"""Finding people. Always go through these: lookups by phone or ID number must keep working once those
fields are encrypted at rest (M3), so no other module filters Person on them directly."""

from __future__ import annotations

from django.db.models import QuerySet

from fawang.people.idcard import id_number_parse
from fawang.people.models import Person


def person_find_by_id_number(*, id_number: str) -> Person | None:
    """Validates the number first (raises DomainError in Chinese when malformed)."""
    parsed = id_number_parse(id_number)
    return Person.objects.filter(id_number=parsed.value).first()


def person_list_by_phone(*, phone: str) -> QuerySet[Person]:
    return Person.objects.filter(phone=phone.strip()) if phone.strip() else Person.objects.none()
