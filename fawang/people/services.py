"""Finding or registering requesters. Every write names its actor and is audited."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from django.contrib.auth.base_user import AbstractBaseUser
from django.db import IntegrityError, transaction

from fawang.accounts.models import User
from fawang.accounts.roles import Role
from fawang.cases.models import Case
from fawang.cases.selectors import case_roles_for_user
from fawang.core.audit import audit_record
from fawang.core.errors import DomainError, PermissionDeniedError
from fawang.core.models import AuditAction
from fawang.people.idcard import id_number_parse
from fawang.people.models import ContactChannel, GroupTag, Person
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


# Staff who may set a requester's safe-contact flag from a case in their scope (M14): the desks that first hear of
# the risk. Handlers (lawyers, mediators) ask one of them; the citizen may always set their own.
CONTACT_SAFETY_STAFF_ROLES = frozenset(
    {Role.WINDOW_CLERK, Role.HOTLINE_OPERATOR, Role.AID_REVIEWER, Role.ADMIN}
)
CONTACT_NOTE_MAX = 200


@dataclass(frozen=True)
class ContactSafety:
    """The requested safe-contact setting, as typed (validated by the service)."""

    channel: str
    safe_phone: str = ""
    safe_contact_name: str = ""
    note: str = ""


def person_contact_safety_may_set(*, actor: User, person: Person, case: Case | None = None) -> bool:
    if person.user_id is not None and person.user_id == actor.pk:
        return True
    if case is None or case.requester_id != person.pk:
        return False
    return bool(case_roles_for_user(user=actor, case=case) & CONTACT_SAFETY_STAFF_ROLES)


def _clean_contact_safety(person: Person, wanted: ContactSafety) -> ContactSafety:
    if wanted.channel not in ContactChannel.values:
        raise DomainError("请选择一种安全联系方式。")
    channel = ContactChannel(wanted.channel)
    if channel == ContactChannel.USUAL:
        return ContactSafety(channel=channel)  # clearing the flag drops the safe details with it
    note = wanted.note.strip()
    if len(note) > CONTACT_NOTE_MAX:
        raise DomainError(f"联系注意事项不能超过{CONTACT_NOTE_MAX}字。")
    phone = wanted.safe_phone.strip().replace(" ", "").replace("-", "")
    name = wanted.safe_contact_name.strip()
    if channel in (ContactChannel.SAFE_PHONE, ContactChannel.TRUSTED_CONTACT):
        if not (phone.isdigit() and 7 <= len(phone) <= 12):
            raise DomainError("请填写可以安全拨打的电话号码（7到12位数字）。")
    else:
        phone = ""
    if channel == ContactChannel.TRUSTED_CONTACT:
        if not name:
            raise DomainError("请填写可信联系人的姓名或称呼。")
        if len(name) > 50:
            raise DomainError("可信联系人的姓名不能超过50字。")
    else:
        name = ""
    if channel == ContactChannel.PORTAL and person.user_id is None:
        raise DomainError("该群众没有平台账户，无法仅通过站内消息联系，请选择其他方式。")
    return ContactSafety(channel=channel, safe_phone=phone, safe_contact_name=name, note=note)


def person_contact_safety_set(
    *, actor: User, person: Person, safety: ContactSafety, case: Case | None = None
) -> Person:
    """Mark a person as not safe to contact by the usual means, with the one safe channel (M14; 法律援助法 Art.32),
    or clear the mark with channel "usual". The person themself, or staff in CONTACT_SAFETY_STAFF_ROLES on a case
    the person requested. Not one transaction on purpose: a refusal is audited and must stay recorded."""
    if not person_contact_safety_may_set(actor=actor, person=person, case=case):
        audit_record(
            actor=actor,
            action=AuditAction.DENIED,
            object_type="people.Person",
            object_id=person.pk,
            summary="contact safety",
        )
        raise PermissionDeniedError(
            "只有本人，或办理其事项的窗口、热线、法律援助审查人员可以设置安全联系方式。"
        )
    clean = _clean_contact_safety(person, safety)
    with transaction.atomic():
        locked = Person.objects.select_for_update().get(pk=person.pk)
        before = locked.contact_channel
        values = {
            "contact_channel": clean.channel,
            "safe_phone": clean.safe_phone,
            "safe_contact_name": clean.safe_contact_name,
            "contact_note": clean.note,
        }
        if all(getattr(locked, field) == value for field, value in values.items()):
            return locked
        for field, value in values.items():
            setattr(locked, field, value)
            setattr(person, field, value)  # the caller's instance (e.g. a case's requester) stays current
        locked.save(update_fields=[*values, "updated_at"])
        # The summary names channels only: the safe number and the note are personal data (M3, M14).
        audit_record(
            actor=actor,
            action=AuditAction.UPDATE,
            object_type="people.Person",
            object_id=locked.pk,
            summary=f"contact safety {before} → {clean.channel}" + (f" via {case.reference}" if case else ""),
        )
    return locked
