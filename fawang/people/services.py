"""Finding or registering requesters. Every write names its actor and is audited."""

from __future__ import annotations

from collections.abc import Sequence

from django.contrib.auth.base_user import AbstractBaseUser
from django.db import IntegrityError, transaction

from fawang.core.audit import audit_record
from fawang.core.errors import DomainError
from fawang.core.models import AuditAction
from fawang.people.idcard import id_number_parse
from fawang.people.models import GroupTag, Person
from fawang.people.selectors import person_queryset_by_id_number
from fawang.regions.models import Region


def _validate_groups(groups: Sequence[str]) -> list[str]:
    unknown = [g for g in groups if g not in GroupTag.values]
    if unknown:
        raise DomainError(f"未知的特殊群体标签：{'、'.join(unknown)}。")
    return sorted(set(groups))


def _validate_phone(phone: str) -> str:
    phone = phone.strip()
    if phone and not (phone.isdigit() and 7 <= len(phone) <= 12):
        raise DomainError("联系电话格式不正确，请输入7到12位数字。")
    return phone


@transaction.atomic
def person_register(
    *,
    actor: AbstractBaseUser,
    name: str,
    id_number: str = "",
    phone: str = "",
    address: str = "",
    region: Region | None = None,
    groups: Sequence[str] = (),
) -> Person:
    """Find the person by ID number (updating contact details), or create a new record.

    The ID number's blind index is unique (M3), so two desks registering the same new person at once end with one
    row: the loser of the race finds the winner's row and updates it.
    """
    name = name.strip()
    if not name:
        raise DomainError("请填写姓名。")
    phone = _validate_phone(phone)
    clean_groups = _validate_groups(groups)
    parsed = id_number_parse(id_number) if id_number.strip() else None
    person = None
    if parsed is not None:
        person = person_queryset_by_id_number(id_number=parsed.value).select_for_update().first()
    if person is None:
        try:
            with transaction.atomic():
                person = Person.objects.create(
                    name=name,
                    id_number=parsed.value if parsed else None,
                    birth_date=parsed.birth_date if parsed else None,
                    gender=parsed.gender if parsed else "",
                    phone=phone,
                    address=address,
                    region=region,
                    groups=clean_groups,
                )
        except IntegrityError:
            if parsed is None:
                raise
            person = person_queryset_by_id_number(id_number=parsed.value).select_for_update().get()
        else:
            audit_record(
                actor=actor, action=AuditAction.CREATE, object_type="people.Person", object_id=person.pk
            )
            return person
    person.phone = phone or person.phone
    person.address = address or person.address
    person.region = region or person.region
    person.groups = sorted(set(person.groups) | set(clean_groups))
    person.save(update_fields=["phone", "address", "region", "groups", "updated_at"])
    audit_record(actor=actor, action=AuditAction.UPDATE, object_type="people.Person", object_id=person.pk)
    return person
