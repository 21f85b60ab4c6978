"""GB 11643-1999 ID numbers: check digit, birth date, masking (issue 2 §3, M3)."""

import pytest

from fawang.core.errors import DomainError
from fawang.people.idcard import id_number_mask, id_number_parse, phone_mask


@pytest.mark.parametrize(
    ("_case", "raw", "birth", "gender"),
    [
        ("GB 11643 annex example", "11010519491231002X", "1949-12-31", "F"),
        ("male, digit check", "500231199001011233", "1990-01-01", "M"),
        ("lower-case x accepted", "11010519491231002x", "1949-12-31", "F"),
    ],
)
def test_valid_numbers(_case: str, raw: str, birth: str, gender: str) -> None:
    parsed = id_number_parse(raw)
    assert (parsed.birth_date.isoformat(), parsed.gender, parsed.value) == (birth, gender, raw.upper())


@pytest.mark.parametrize(
    ("_case", "raw", "message"),
    [
        ("wrong check digit", "110105194912310021", "校验位不正确"),
        ("too short", "1101051949123100", "应为18位"),
        ("letters inside", "11010519491231A02X", "格式不正确"),
        ("impossible date", "110105194913310029", "出生日期无效"),
        ("empty", "", "应为18位"),
    ],
)
def test_invalid_numbers(_case: str, raw: str, message: str) -> None:
    with pytest.raises(DomainError, match=message):
        id_number_parse(raw)


def test_masks() -> None:
    assert id_number_mask("11010519491231002X") == "110105********002X"
    assert phone_mask("13912345678") == "139****5678"
