"""Resident ID numbers (居民身份证号码) per GB 11643-1999: 17 digits and an ISO 7064 MOD 11-2 check character."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from fawang.core.errors import DomainError

_WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
_CHECK_CHARS = "10X98765432"


def id_check_char(first17: str) -> str:
    total = sum(int(ch) * w for ch, w in zip(first17, _WEIGHTS, strict=True))
    return _CHECK_CHARS[total % 11]


@dataclass(frozen=True)
class IdNumber:
    value: str
    birth_date: date
    gender: str  # "M" or "F" (the 17th digit: odd is male)


def id_number_parse(raw: str) -> IdNumber:
    """Validate and normalise an 18-character ID number, or raise DomainError in Chinese."""
    value = (raw or "").strip().upper()
    if len(value) != 18:
        raise DomainError("身份证号码应为18位。")
    if not value[:17].isdigit() or not (value[17].isdigit() or value[17] == "X"):
        raise DomainError("身份证号码格式不正确：前17位须为数字，最后一位为数字或X。")
    try:
        birth = date(int(value[6:10]), int(value[10:12]), int(value[12:14]))
    except ValueError as exc:
        raise DomainError("身份证号码中的出生日期无效。") from exc
    if birth.year < 1900:
        raise DomainError("身份证号码中的出生日期无效。")
    if id_check_char(value[:17]) != value[17]:
        raise DomainError("身份证号码校验位不正确，请核对后重新输入。")
    return IdNumber(value=value, birth_date=birth, gender="M" if int(value[16]) % 2 else "F")


def id_number_mask(value: str) -> str:
    """Show the region and the last 4 characters only (M3)."""
    if len(value) < 10:
        return "*" * len(value)
    return value[:6] + "*" * (len(value) - 10) + value[-4:]


def phone_mask(value: str) -> str:
    if len(value) < 7:
        return "*" * len(value)
    return value[:3] + "****" + value[-4:]
