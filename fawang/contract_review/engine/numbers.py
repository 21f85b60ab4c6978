"""Numbers in contract text (J10, contract review): Chinese and Arabic numerals, amounts, percentages, durations,
dates and interest rates. Pure Python, no Django.

    parse_number("二十万") == parse_number("200,000") == parse_number("20万") == Decimal(200000)
    parse_number("贰拾万") == Decimal(200000); parse_number("1.5万") == Decimal(15000); parse_number("三千五") == 3500
    find_percents("百分之三十")[0].value == find_percents("30%")[0].value == Decimal("0.3")

Input is expected in the form `text.normalize` gives (full-width digits, letters and ASCII punctuation mapped to their
half-width forms, one character for one, so offsets stay those of the original text).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal, InvalidOperation

_DIGITS = {
    "零": 0,
    "〇": 0,
    "○": 0,
    "一": 1,
    "壹": 1,
    "二": 2,
    "两": 2,
    "贰": 2,
    "貳": 2,
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
_BIG_UNITS = {"万": 10_000, "萬": 10_000, "亿": 100_000_000, "億": 100_000_000}
_CN_CHARS = "".join(_DIGITS) + "".join(_SMALL_UNITS) + "".join(_BIG_UNITS) + "点"

#: One number as written: Arabic (with thousands commas and decimals), Chinese, or mixed (1.5万, 2万5千). Each
#: character is taken by exactly one branch, so the pattern runs in linear time on long runs of digits (ID numbers);
#: `parse_number` then decides whether the run is a number.
NUMBER_PATTERN = rf"(?:\d|[{_CN_CHARS}])(?:\d|[{_CN_CHARS}]|[.,](?=\d))*"
_ARABIC_RE = re.compile(r"^(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?$")
_TOKEN_RE = re.compile(rf"\d+(?:\.\d+)?|[{_CN_CHARS}]")

ZERO = Decimal(0)
DAYS_PER_MONTH = Decimal(
    30
)  # a duration in days counts as days / 30 months (docs/contract_review.md, "Limits")


class NumberError(ValueError):
    """The text is not a number this module understands."""


def _chinese_fraction(text: str) -> Decimal:
    digits = "".join(str(_DIGITS[c]) for c in text if c in _DIGITS)
    if len(digits) != len(text):
        raise NumberError(f"不是数字：{text}")
    return Decimal(f"0.{digits}") if digits else ZERO


def _tokens(text: str) -> list[str]:
    """Split into Arabic numbers, Chinese digits and units; a 点 and the Chinese decimals after it join the number
    before it (三点五 → 3.5; 一点五万 → 1.5, 万)."""
    if "点" in text:
        head, _, tail = text.partition("点")
        cut = next((i for i, c in enumerate(tail) if c not in _DIGITS), len(tail))
        whole = parse_number(head) if head else ZERO
        if whole != whole.to_integral_value() or not tail[:cut]:
            raise NumberError(f"不是数字：{text}")
        return (
            [str(whole + _chinese_fraction(tail[:cut])), *_tokens(tail[cut:])]
            if tail[cut:]
            else [str(whole + _chinese_fraction(tail[:cut]))]
        )
    tokens = _TOKEN_RE.findall(text)
    if "".join(tokens) != text:
        raise NumberError(f"不是数字：{text}")
    return tokens


def _digit_by_digit(text: str) -> Decimal | None:
    """二〇二四 → 2024: Chinese digits without any unit."""
    if len(text) > 1 and all(c in _DIGITS for c in text):
        return Decimal("".join(str(_DIGITS[c]) for c in text))
    return None


def parse_number(text: str) -> Decimal:
    """The value of one number: '200,000', '20万', '二十万', '贰拾万', '1.5万', '三千五' (3500), '一百零五' (105),
    '三点五' (3.5), '二〇二四' (2024). Raises NumberError."""
    text = text.strip()
    if not text:
        raise NumberError("空的数字")
    if _ARABIC_RE.match(text):
        return Decimal(text.replace(",", ""))
    serial = _digit_by_digit(text)
    if serial is not None:
        return serial
    reader = _UnitReader(text)
    for token in _tokens(text):
        reader.read(token)
    return reader.value()


class _UnitReader:
    """Reads a numeral with units token by token: 二 十 万 → 200000."""

    def __init__(self, text: str) -> None:
        self.text = text
        self.total = ZERO  # the parts already closed by 万 or 亿
        self.section = ZERO  # the part below the current big unit
        self.pending: Decimal | None = None  # a number waiting for its unit
        self.last_unit = 0
        self.zero_seen = False

    def read(self, token: str) -> None:
        if token in _SMALL_UNITS:
            self.section += (Decimal(1) if self.pending is None else self.pending) * _SMALL_UNITS[token]
            self._unit(_SMALL_UNITS[token])
        elif token in _BIG_UNITS:
            unit = _BIG_UNITS[token]
            base = self.section + (self.pending or ZERO)
            self.total = (self.total + base) * unit if unit > 10_000 else self.total + base * unit
            if self.total == 0:
                raise NumberError(f"不是数字：{self.text}")
            self.section = ZERO
            self._unit(unit)
        elif token in _DIGITS and _DIGITS[token] == 0:
            self.zero_seen = True
        elif self.pending is not None:
            raise NumberError(f"不是数字：{self.text}")
        else:
            self.pending = Decimal(_DIGITS[token]) if token in _DIGITS else Decimal(token)

    def _unit(self, unit: int) -> None:
        self.pending, self.last_unit, self.zero_seen = None, unit, False

    def value(self) -> Decimal:
        pending = self.pending
        if pending is None:
            return self.total + self.section
        # 三千五 = 3500, 两万五 = 25000, 十五 = 15: a last single digit right after a unit counts in the next unit down.
        if self.last_unit and not self.zero_seen and pending < 10 and pending == pending.to_integral_value():
            pending *= Decimal(self.last_unit) / 10
        return self.total + self.section + pending


def _value(text: str) -> Decimal | None:
    try:
        return parse_number(text)
    except (NumberError, InvalidOperation):
        return None


# ---- amounts -------------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Amount:
    """A sum of money in yuan, with its span in the text."""

    start: int
    end: int
    value: Decimal


_AMOUNT_RE = re.compile(
    rf"(?P<prefix>(?:人民币|RMB|CNY|[¥￥])\s*)?(?P<number>{NUMBER_PATTERN})\s*(?P<unit>元|圆|块钱|块)?"
)


def _has_digit(number: str) -> bool:
    return any(c.isdigit() or c in _DIGITS for c in number) or number[0] in "十拾"


def find_amounts(text: str) -> list[Amount]:
    """Every amount of money: with 元 (200,000元, 贰拾万元整), after ¥ or 人民币, or ending in 万 (20万)."""
    found: list[Amount] = []
    for match in _AMOUNT_RE.finditer(text):
        number = match.group("number")
        if not (match.group("prefix") or match.group("unit") or number.endswith(("万", "萬", "亿"))):
            continue
        if not _has_digit(number):
            continue  # 千万 (不要), 百万: units alone are words here, not amounts; 十万 is kept
        value = _value(number)
        if value is None or value <= 0:
            continue
        found.append(Amount(match.start(), match.end(), value))
    return found


# ---- percentages ---------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Percent:
    """A share as a fraction: 30% → 0.3, 千分之五 → 0.005."""

    start: int
    end: int
    value: Decimal


_PERCENT_RE = re.compile(
    rf"(?P<per>百分之|千分之|万分之)(?P<number_cn>{NUMBER_PATTERN})|(?P<number>{NUMBER_PATTERN})\s*(?P<sign>%|‰)"
)
_PER = {
    "百分之": Decimal(100),
    "千分之": Decimal(1000),
    "万分之": Decimal(10_000),
    "%": Decimal(100),
    "‰": Decimal(1000),
}


def find_percents(text: str) -> list[Percent]:
    """30% / 30 % / 百分之三十 / 百分之二十四点五 / 千分之五 / 万分之五 / 5‰."""
    found: list[Percent] = []
    for match in _PERCENT_RE.finditer(text):
        number = match.group("number_cn") or match.group("number")
        divisor = _PER[match.group("per") or match.group("sign")]
        value = _value(number)
        if value is None:
            continue
        found.append(Percent(match.start(), match.end(), value / divisor))
    return found


# ---- dates and date ranges -----------------------------------------------------------------------------------------


@dataclass(frozen=True)
class DateMatch:
    start: int
    end: int
    value: date


_YEAR_CN = "〇○零一二三四五六七八九"
_DATE_RE = re.compile(
    rf"(?P<y>\d{{4}}|[{_YEAR_CN}]{{4}})\s*年\s*(?P<m>\d{{1,2}}|[一二三四五六七八九十]{{1,3}})\s*月"
    rf"\s*(?P<d>\d{{1,2}}|[一二三四五六七八九十]{{1,3}})\s*[日号]"
    r"|(?P<y2>\d{4})[-./](?P<m2>\d{1,2})[-./](?P<d2>\d{1,2})(?!\d)"
)


def find_dates(text: str) -> list[DateMatch]:
    """2024年1月1日, 二〇二四年一月一日, 2024-01-01, 2024.1.1, 2024/1/1 (impossible dates are skipped)."""
    found: list[DateMatch] = []
    for match in _DATE_RE.finditer(text):
        parts = [match.group(k) or match.group(f"{k}2") for k in ("y", "m", "d")]
        values = [_value(p) for p in parts]
        if any(v is None for v in values):
            continue
        try:
            value = date(*(int(v) for v in values if v is not None))
        except ValueError:
            continue
        found.append(DateMatch(match.start(), match.end(), value))
    return found


@dataclass(frozen=True)
class DateRange:
    start: int
    end: int
    first: date
    last: date  # the last day, included

    @property
    def months(self) -> Decimal:
        return months_between(self.first, self.last)


_RANGE_GAP_RE = re.compile(r"^\s*(?:起|开始)?\s*,?\s*(?:至|到|止|-|—|–|~)+\s*$")


def find_date_ranges(text: str) -> list[DateRange]:
    """自2024年1月1日起至2043年12月31日止 → the first and the last day (both included)."""
    dates = find_dates(text)
    found: list[DateRange] = []
    for first, last in zip(dates, dates[1:], strict=False):
        if _RANGE_GAP_RE.match(text[first.end : last.start]) and last.value >= first.value:
            end = last.end + (1 if text[last.end : last.end + 1] == "止" else 0)
            found.append(DateRange(first.start, end, first.value, last.value))
    return found


def months_between(first: date, last: date) -> Decimal:
    """Length of the period from `first` to `last`, both days included, in months: whole months plus the remaining
    days / 30. A month from the 31st with no such day in the month ends at that month's end (民法典第二百零三条), so
    2024-01-31 to 2024-02-29 is one month and 2024-01-01 to 2043-12-31 is exactly 240 months (20 years)."""
    end = last + timedelta(days=1)
    months = (end.year - first.year) * 12 + end.month - first.month
    while months > 0 and _add_months(first, months) > end:
        months -= 1
    return Decimal(months) + Decimal((end - _add_months(first, months)).days) / DAYS_PER_MONTH


def _add_months(day: date, count: int) -> date:
    """The day `count` months after `day`; where the month has no such day, the first day of the next month."""
    index = day.month - 1 + count
    year, month = day.year + index // 12, index % 12 + 1
    length = _month_length(year, month)
    return date(year, month, day.day) if day.day <= length else date(year, month, length) + timedelta(days=1)


def _month_length(year: int, month: int) -> int:
    following = date(year + month // 12, month % 12 + 1, 1)
    return (following - timedelta(days=1)).day


# ---- durations -----------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Duration:
    """A period written as words: 二十年, 6个月, 一年半, 30天, 两年零六个月. `months` counts a day as 1/30 month."""

    start: int
    end: int
    months: Decimal


_DURATION_RE = re.compile(
    rf"(?P<number>{NUMBER_PATTERN}|半)\s*(?P<unit>年半|周年|年|个半月|个月|周|星期|天|日)(?!\s*\d{{1,2}}\s*[月日号])"
)
# unit → (multiplier, divisor) into months, applied as value × multiplier / divisor to keep 30天 exactly 1 month.
_UNIT_MONTHS = {
    "年": (Decimal(12), Decimal(1)),
    "周年": (Decimal(12), Decimal(1)),
    "个月": (Decimal(1), Decimal(1)),
    "周": (Decimal(7), DAYS_PER_MONTH),
    "星期": (Decimal(7), DAYS_PER_MONTH),
    "天": (Decimal(1), DAYS_PER_MONTH),
    "日": (Decimal(1), DAYS_PER_MONTH),
}
_JOIN_RE = re.compile(r"^\s*(?:零|又)?\s*$")


def _duration_value(number: str, unit: str) -> Decimal | None:
    value = Decimal("0.5") if number == "半" else _value(number)
    if value is None or value < 0:
        return None
    if unit == "年半":
        return value * 12 + 6
    if unit == "个半月":
        return value + Decimal("0.5")
    multiplier, divisor = _UNIT_MONTHS[unit]
    return value * multiplier / divisor


def find_durations(text: str) -> list[Duration]:
    """Periods in the text; parts written together are joined (两年零六个月 = 30 months). Years of dates (2024年1月1日)
    and four-digit years are not durations; months need 个 (6个月), since 6月 is June."""
    dates = find_dates(text)
    parts: list[Duration] = []
    for match in _DURATION_RE.finditer(text):
        number, unit = match.group("number"), match.group("unit")
        if any(d.start <= match.start() < d.end for d in dates):
            continue
        if unit == "日" and text[max(0, match.start() - 1) : match.start()] == "月":
            continue
        if re.fullmatch(r"\d{4}", number):
            continue
        months = _duration_value(number, unit)
        if months is None:
            continue
        parts.append(Duration(match.start(), match.end(), months))
    joined: list[Duration] = []
    for part in parts:
        if joined and _JOIN_RE.match(text[joined[-1].end : part.start]):
            previous = joined.pop()
            part = Duration(previous.start, part.end, previous.months + part.months)
        joined.append(part)
    return joined


# ---- interest rates ------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Rate:
    """An interest rate turned into a yearly rate. `per` is 年, 月 or 日 as written; `written` is the rate as a
    fraction per that period (月利率2% → per 月, written 0.02, annual 0.24). Daily rates count 365 days a year."""

    start: int
    end: int
    per: str
    written: Decimal
    annual: Decimal


@dataclass(frozen=True)
class LprMultiple:
    """A rate written against the LPR: 一年期贷款市场报价利率的四倍 → 4."""

    start: int
    end: int
    multiple: Decimal


PER_YEAR = {"年": Decimal(1), "月": Decimal(12), "日": Decimal(365)}
_PERIOD_RE = re.compile(r"(年|月|日|天)(?:化)?(?:利率|利息|息|费率|罚息|计|按|为|:)*[^年月日天,;。\n]{0,8}$")
_INTEREST_WORD_RE = re.compile(r"利率|利息|年息|月息|日息|罚息|计息|息|年化")
_PENALTY_WORD_RE = re.compile(r"违约金|滞纳金|逾期")
_FEN_RE = re.compile(
    rf"(?:(?P<period>年|月)(?:息|利率|利息)?\s*)?(?P<fen>{NUMBER_PATTERN})\s*分(?![之钟期])(?:\s*(?P<li>{NUMBER_PATTERN})\s*厘)?"
    rf"(?:利|息|利息)?|(?P<period2>年|月)(?:息|利率|利息)\s*(?P<li_only>{NUMBER_PATTERN})\s*厘"
)
_LPR_WORD_RE = re.compile(r"LPR|贷款市场报价利率", re.IGNORECASE)
_LPR_RE = re.compile(
    rf"(?:LPR|贷款市场报价利率)[^,;。\n]{{0,8}}?(?:(?P<a>{NUMBER_PATTERN})\s*倍|上浮\s*(?P<c>{NUMBER_PATTERN})\s*%)"
    rf"|(?P<b>{NUMBER_PATTERN})\s*倍[^,;。\n]{{0,4}}(?:LPR|贷款市场报价利率)",
    re.IGNORECASE,
)
_CLAUSE_SPLIT_RE = re.compile(r"[,;。\n]")


def _clause_bounds(text: str, position: int) -> tuple[int, int]:
    start = max((m.end() for m in _CLAUSE_SPLIT_RE.finditer(text, 0, position)), default=0)
    following = _CLAUSE_SPLIT_RE.search(text, position)
    return start, following.start() if following else len(text)


def _period_before(text: str, clause_start: int, position: int) -> str:
    match = _PERIOD_RE.search(text[clause_start:position])
    if match is None:
        return ""
    return "日" if match.group(1) == "天" else match.group(1)


def find_rates(text: str) -> list[Rate]:
    """Interest rates: 年利率24%, 月利率2%, 月息2%, 日利率万分之五, 每日千分之一 (of 违约金 or 逾期利息 too), 月息2分,
    2分利 (月息), 年息1分5厘 (15%). A percentage counts only in a clause about interest, or about a penalty charged per
    day, month or year: a one-off 违约金为借款的20% is not a rate."""
    found: list[Rate] = []
    for percent in find_percents(text):
        clause_start, clause_end = _clause_bounds(text, percent.start)
        clause = text[clause_start:clause_end]
        period = _period_before(text, clause_start, percent.start)
        if _LPR_WORD_RE.search(clause):
            continue  # LPR上浮50%: relative to the LPR (find_lpr_multiples)
        if not (_INTEREST_WORD_RE.search(clause) or (_PENALTY_WORD_RE.search(clause) and period)):
            continue
        per = period or "年"
        found.append(Rate(percent.start, percent.end, per, percent.value, percent.value * PER_YEAR[per]))
    for match in _FEN_RE.finditer(text):
        per = match.group("period") or match.group("period2") or "月"  # 2分利 is 月息 in common usage
        fen = _value(match.group("fen")) if match.group("fen") else ZERO
        li = _value(match.group("li") or match.group("li_only") or "") or ZERO
        if fen is None:
            continue
        clause_start, clause_end = _clause_bounds(text, match.start())
        if not _INTEREST_WORD_RE.search(text[clause_start:clause_end]) and not match.group(0).endswith(
            ("利", "息")
        ):
            continue
        # 年息1分 = 10%, 月息1分 = 1%; a 厘 is a tenth of a 分.
        unit = Decimal("0.1") if per == "年" else Decimal("0.01")
        written = (fen + li / 10) * unit
        if written <= 0:
            continue
        found.append(Rate(match.start(), match.end(), per, written, written * PER_YEAR[per]))
    return sorted(found, key=lambda r: r.start)


def find_lpr_multiples(text: str) -> list[LprMultiple]:
    """按一年期贷款市场报价利率（LPR）的四倍 / 4倍LPR / LPR上浮50% (1.5)."""
    found: list[LprMultiple] = []
    for match in _LPR_RE.finditer(text):
        raised = match.group("c")
        value = _value(match.group("a") or match.group("b")) if raised is None else _value(raised)
        if value is not None and raised is not None:
            value = 1 + value / 100
        if value is not None and value > 0:
            found.append(LprMultiple(match.start(), match.end(), value))
    return found
