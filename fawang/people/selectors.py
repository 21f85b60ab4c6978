"""Finding people. Always go through these: ID numbers and phone numbers are encrypted at rest (M3, ADR 0080) and
found through their blind indexes (HMAC), so no other module filters Person on those fields directly."""

from __future__ import annotations

from django.db.models import QuerySet

from fawang.core.crypto import blind_index_candidates
from fawang.people.idcard import id_number_parse
from fawang.people.models import Person, normalise_id_number, normalise_phone


def person_queryset_by_id_number(*, id_number: str) -> QuerySet[Person]:
    """All rows whose ID number equals this already-validated value (at most one; several index keys in rotation)."""
    return Person.objects.filter(id_number_bidx__in=blind_index_candidates(normalise_id_number(id_number)))


def person_find_by_id_number(*, id_number: str) -> Person | None:
    """Validates the number first (raises DomainError in Chinese when malformed)."""
    parsed = id_number_parse(id_number)
    return person_queryset_by_id_number(id_number=parsed.value).first()


def person_list_by_phone(*, phone: str) -> QuerySet[Person]:
    value = normalise_phone(phone)
    if not value:
        return Person.objects.none()
    return Person.objects.filter(phone_bidx__in=blind_index_candidates(value))


def person_list_for_user(*, user_id: int) -> QuerySet[Person]:
    """The person records linked to one account (a citizen's own data, M9)."""
    return Person.objects.filter(user_id=user_id).order_by("id")
