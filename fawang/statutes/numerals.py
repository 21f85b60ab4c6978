"""Chinese numerals and article labels (J1). Pure Python, no Django.

cn_to_int("一千零七十九") == 1079
article_label_parse("第三十条之一") == (30, 1)
article_label(30, 1) == "第三十条之一"
"""

from __future__ import annotations

import re

_DIGITS = {
    "零": 0,
    "〇": 0,
    "○": 0,
    "Ｏ": 0,
    "一": 1,
    "壹": 1,
    "二": 2,
    "两": 2,
    "贰": 2,
    "三": 3,
    "叁": 3,
    "四": 4,
    "肆": 4,
    "五": 5,
    "伍": 5,
    "六": 6,
    "陆": 6,
    "七": 7,
    "柒": 7,
    "八": 8,
    "捌": 8,
    "九": 9,
    "玖": 9,
}
_SMALL_UNITS = {"十": 10, "拾": 10, "百": 100, "佰": 100, "千": 1000, "仟": 1000}
_BIG_UNITS = {"万": 10_000, "亿": 100_000_000}
_FULLWIDTH = str.maketrans("０１２３４５６７８９", "0123456789")

#: Characters that may appear in a Chinese numeral (for building regular expressions).
NUMERAL_CHARS = "".join(_DIGITS) + "".join(_SMALL_UNITS) + "".join(_BIG_UNITS)
#: A numeral written with Chinese characters or Arabic digits (half or full width).
NUMERAL_PATTERN = f"(?:[{NUMERAL_CHARS}]+|[0-9０-９]+)"

ARTICLE_LABEL_RE = re.compile(rf"^第\s*({NUMERAL_PATTERN})\s*条(?:\s*之\s*({NUMERAL_PATTERN}))?$")


class NumeralError(ValueError):
    """The text is not a numeral this module understands."""


def _section_value(text: str) -> int:
    """Value of a numeral without 万/亿 (below 10,000)."""
    total = 0
    digit: int | None = None
    for char in text:
        if char in _DIGITS:
            digit = _DIGITS[char]
        elif char in _SMALL_UNITS:
            # A bare leading 十 means 一十 (十五 == 15).
            total += (1 if digit is None else digit) * _SMALL_UNITS[char]
            digit = None
        else:
            raise NumeralError(f"不是中文数字：{text}")
    return total + (digit or 0)


def cn_to_int(text: str) -> int:
    """Convert a Chinese (or Arabic) numeral to an integer: 一千零七十九 → 1079, 十 → 10, 1079 → 1079."""
    text = text.strip().translate(_FULLWIDTH)
    if not text:
        raise NumeralError("空的数字")
    if text.isdigit():
        return int(text)
    if all(char in _DIGITS for char in text) and len(text) > 1:
        # Digit-by-digit form such as 二〇二一.
        return int("".join(str(_DIGITS[char]) for char in text))
    total = 0
    rest = text
    for unit_char in ("亿", "万"):
        if unit_char in rest:
            head, rest = rest.split(unit_char, 1)
            total += (_section_value(head) if head else 1) * _BIG_UNITS[unit_char]
    return total + (_section_value(rest) if rest else 0)


_DIGIT_CHARS = "零一二三四五六七八九"


def _below_10000(value: int, *, leading: bool) -> str:
    parts: list[str] = []
    zero_pending = False
    for unit_value, unit_char in ((1000, "千"), (100, "百"), (10, "十"), (1, "")):
        digit = value // unit_value % 10
        if digit == 0:
            if parts:
                zero_pending = True
            continue
        if zero_pending:
            parts.append("零")
            zero_pending = False
        if unit_value == 10 and digit == 1 and not parts and leading:
            parts.append("十")  # 十五, not 一十五
        else:
            parts.append(_DIGIT_CHARS[digit] + unit_char)
    return "".join(parts)


def int_to_cn(value: int) -> str:
    """Convert a non-negative integer to the numeral used in article numbers: 1079 → 一千零七十九."""
    if value < 0:
        raise NumeralError(f"不支持负数：{value}")
    if value == 0:
        return "零"
    if value >= 100_000_000:
        raise NumeralError(f"数字过大：{value}")
    high, low = divmod(value, 10_000)
    if not high:
        return _below_10000(low, leading=True)
    text = _below_10000(high, leading=True) + "万"
    if low:
        text += ("零" if low < 1000 else "") + _below_10000(low, leading=False)
    return text


def article_label(number: int, suffix: int = 0) -> str:
    """第1079条 in words: (1079, 0) → 第一千零七十九条; (30, 1) → 第三十条之一."""
    label = f"第{int_to_cn(number)}条"
    if suffix:
        label += f"之{int_to_cn(suffix)}"
    return label


def article_label_parse(label: str) -> tuple[int, int]:
    """第三十条之一 → (30, 1); 第1079条 → (1079, 0). Raises NumeralError when the label is not an article label."""
    match = ARTICLE_LABEL_RE.match(label.strip())
    if match is None:
        raise NumeralError(f"不是条文序号：{label}")
    number = cn_to_int(match.group(1))
    suffix = cn_to_int(match.group(2)) if match.group(2) else 0
    return number, suffix
