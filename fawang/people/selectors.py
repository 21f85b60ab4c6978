"""Finding people. Always go through these: ID numbers and phone numbers are encrypted at rest (M3, ADR 0080) and
found through their blind indexes (HMAC), so no other module filters Person on those fields directly."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from django.db.models import Q, QuerySet
from django.utils.translation import gettext as _

from fawang.core.crypto import blind_index_candidates
from fawang.people.idcard import id_number_parse, phone_mask
from fawang.people.models import ContactChannel, Person, normalise_id_number, normalise_phone


def person_queryset_by_id_number(*, id_number: str) -> QuerySet[Person]:
    """All rows whose ID number equals this already-validated value (at most one; several index keys in rotation)."""
    return Person.objects.filter(id_number_bidx__in=blind_index_candidates(normalise_id_number(id_number)))


def person_find_by_id_number(*, id_number: str) -> Person | None:
    """Validates the number first (raises DomainError in Chinese when malformed)."""
    parsed = id_number_parse(id_number)
    return person_queryset_by_id_number(id_number=parsed.value).first()


def person_list_by_phone(*, phone: str) -> QuerySet[Person]:
    """The people registered with this number, or who gave it as their safe number (M14)."""
    value = normalise_phone(phone)
    if not value:
        return Person.objects.none()
    candidates = blind_index_candidates(value)
    return Person.objects.filter(Q(phone_bidx__in=candidates) | Q(safe_phone_bidx__in=candidates))


def person_flagged_by_phones(*, phones: Iterable[str]) -> dict[str, Person]:
    """For each number, a person with a safe-contact flag whose registered number it is (M14), in one query: a number
    reached without a requester (a callback from a missed call, an anonymous consultation) may be the one they must
    not be called on. Numbers nobody flagged registered are absent."""
    candidates = {
        phone: blind_index_candidates(value) for phone in phones if (value := normalise_phone(phone))
    }
    if not candidates:
        return {}
    flagged: dict[str, Person] = {}
    for person in (
        Person.objects.filter(phone_bidx__in=[b for keys in candidates.values() for b in keys])
        .exclude(contact_channel=ContactChannel.USUAL)
        .order_by("-pk")  # the oldest wins when several people registered one number
    ):
        flagged[person.phone_bidx] = person
    return {
        phone: match
        for phone, keys in candidates.items()
        if (match := next((flagged[k] for k in keys if k in flagged), None)) is not None
    }


def person_list_for_user(*, user_id: int) -> QuerySet[Person]:
    """The person records linked to one account (a citizen's own data, M9)."""
    return Person.objects.filter(user_id=user_id).order_by("id")


@dataclass(frozen=True)
class ContactRoute:
    """What staff may use to reach a person (M14; 法律援助法 Art.32). `phone` is the one number staff may dial: the
    registered number, the safe number, or "" (do not phone at all). `instruction` is the banner text, "" when the
    person has no safe-contact flag."""

    restricted: bool
    channel: ContactChannel
    phone: str
    contact_name: str = ""
    note: str = ""
    instruction: str = ""

    @property
    def channel_label(self) -> str:
        return str(self.channel.label)

    @property
    def phone_masked(self) -> str:
        """The dialable number masked for a staff page or API (M3): the safe one for a flagged person."""
        return phone_mask(self.phone) if self.phone else ""

    @property
    def phone_label(self) -> str:
        """What a staff page prints in a phone column: a flagged person's registered number never appears (M14)."""
        if not self.restricted:
            return self.phone_masked
        if not self.phone:
            return _("（不可电话联系，见安全联系提示）")
        return _("安全电话 %(phone)s") % {"phone": self.phone_masked}


PHONE_CHANNELS = frozenset({ContactChannel.SAFE_PHONE, ContactChannel.TRUSTED_CONTACT})
_NO_PERSON = ContactRoute(restricted=False, channel=ContactChannel.USUAL, phone="")


def person_contact_route(*, person: Person | None) -> ContactRoute:
    """The one place every staff page and automatic callback asks how a person may be contacted (M14)."""
    if person is None:
        return _NO_PERSON
    channel = ContactChannel(person.contact_channel)
    if channel == ContactChannel.USUAL:
        return ContactRoute(restricted=False, channel=channel, phone=person.phone)
    phone = person.safe_phone if channel in PHONE_CHANNELS else ""
    return ContactRoute(
        restricted=True,
        channel=channel,
        phone=phone,
        contact_name=person.safe_contact_name if channel == ContactChannel.TRUSTED_CONTACT else "",
        note=person.contact_note,
        instruction=_instruction(channel, person),
    )


def _instruction(channel: ContactChannel, person: Person) -> str:
    how = {
        # Masked like every number on a staff page (M3); the full one comes from an audited reveal or a claim.
        ContactChannel.SAFE_PHONE: _("安全电话 %(phone)s") % {"phone": phone_mask(person.safe_phone)},
        ContactChannel.PORTAL: _("平台站内消息（不打电话、不发短信、不上门、不寄信）"),
        ContactChannel.IN_PERSON: _("本人到站点时当面沟通（不打电话、不上门、不寄信）"),
        ContactChannel.TRUSTED_CONTACT: _("可信联系人 %(name)s（电话 %(phone)s）")
        % {"name": person.safe_contact_name, "phone": phone_mask(person.safe_phone)},
    }[channel]
    return _(
        "⚠ 安全联系：请勿拨打登记电话、勿按登记地址上门或寄送，仅可通过%(how)s联系；勿留言，勿向接听的其他人提及事由。"
    ) % {"how": how}
