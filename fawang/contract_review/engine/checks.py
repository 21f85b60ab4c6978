"""The risk checks of contract review (J10): one function per `Check`, each taking the rule (with its statutory
figures) and the text, and returning one `Finding` (risk or clear) with a plain-Chinese explanation that shows the
numbers it compared. Pure Python, no Django.

Limits are strict: a figure exactly at the statutory limit is allowed (民法典第一千二百五十九条: "以上""以内"包括本数,
"超过"不包括本数), so 定金 of exactly 20 % or a lease of exactly twenty years is clear.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from functools import cache

from fawang.contract_review.engine.model import (
    Band,
    Check,
    Finding,
    Kind,
    LprFixing,
    LprTable,
    RiskRule,
    Span,
    Status,
    TableRef,
    pick_table,
)
from fawang.contract_review.engine.numbers import (
    DAYS_PER_MONTH,
    Amount,
    find_amounts,
    find_date_ranges,
    find_durations,
    find_lpr_multiples,
    find_percents,
    find_rates,
)
from fawang.contract_review.engine.text import IN, Sentence, negated, quote, sentence_at, sentences


@cache
def compiled(pattern: str) -> re.Pattern[str]:
    return re.compile(pattern, re.IGNORECASE)


@dataclass(frozen=True)
class Context:
    """What every check reads: the user's text, its normalised form (same offsets), the contract date and the LPR."""

    original: str
    text: str
    on: date
    lpr: LprTable

    def span(self, start: int, end: int) -> Span:
        return Span(start, end, self.original[start:end], quote(self.original, self.text, start, end))


@dataclass(frozen=True)
class Outcome:
    finding: Finding
    tables: tuple[TableRef, ...] = ()
    notes: tuple[str, ...] = ()


def _finding(rule: RiskRule, status: Status, explanation: str, span: Span | None = None) -> Finding:
    return Finding(rule.id, Kind.RISK, rule.title, status, explanation, rule.citation, span)


def _risk(rule: RiskRule, what: str, span: Span | None) -> Outcome:
    return Outcome(_finding(rule, Status.RISK, f"{what}{rule.advice}", span))


def _clear(rule: RiskRule, what: str, span: Span | None = None) -> Outcome:
    return Outcome(_finding(rule, Status.CLEAR, what, span))


# ---- formatting ----------------------------------------------------------------------------------------------------


def pct(value: Decimal) -> str:
    """Decimal('0.138') → '13.8%'; Decimal('0.2') → '20%'."""
    text = format((value * 100).quantize(Decimal("0.01")).normalize(), "f")
    return f"{text}%"


def yuan(value: Decimal) -> str:
    """200000 → '200,000元'; 1500.5 → '1,500.5元'."""
    whole = value.quantize(Decimal("0.01")).normalize()
    return f"{whole:,f}元"


def period(months: Decimal) -> str:
    """240 → '20年'; 30 → '2年6个月'; 1 → '1个月'; 240 + 1 day → '20年零1天'; 0.5 → '15天'."""
    whole = int(months)
    days = int(((months - whole) * DAYS_PER_MONTH).to_integral_value())
    years, rest = divmod(whole, 12)
    parts = [f"{years}年"] if years else []
    if rest:
        parts.append(f"{rest}个月")
    if days:
        parts.append(("零" if parts else "") + f"{days}天")
    return "".join(parts) or "0天"


# ---- PATTERN -------------------------------------------------------------------------------------------------------


def _in_context(rule: RiskRule, sentence: Sentence) -> bool:
    return not rule.context or any(compiled(c).search(sentence.text) for c in rule.context)


def pattern_check(rule: RiskRule, ctx: Context) -> Outcome:
    """The first wording that signals the risk, unless negated (不得…) or outside the rule's context."""
    for pattern in rule.patterns:
        for match in compiled(pattern).finditer(ctx.text):
            if negated(ctx.text, match.start()):
                continue
            if not _in_context(rule, sentence_at(ctx.text, match.start())):
                continue
            return _risk(rule, "", ctx.span(match.start(), match.end()))
    return _clear(rule, "没有发现这类写法。")


# ---- DEPOSIT_RATIO: 定金 (民法典第五百八十六条) -----------------------------------------------------------------------

_DEPOSIT_RE = re.compile(r"定金")
_PRICE_RE = re.compile(
    r"总价款|总价|价款|成交价|购房款|房款|合同(?:总)?金额|工程(?:总)?(?:价款|造价|款)|总造价|转让价|货款|总金额|标的额"
)
_WINDOW = 30


def _first_after(items: list[Amount], position: int, limit: int) -> Amount | None:
    return next((a for a in items if position <= a.start <= position + limit), None)


def _price(ctx: Context, skip: tuple[int, int]) -> Amount | None:
    """The largest amount written right after a word for the price (总价、房款、价款 …), outside the deposit's own
    words."""
    amounts = find_amounts(ctx.text)
    candidates: list[Amount] = []
    for match in _PRICE_RE.finditer(ctx.text):
        found = _first_after(amounts, match.end(), _WINDOW)
        sentence = sentence_at(ctx.text, match.start())
        if found is not None and found.end <= sentence.end and not skip[0] <= found.start < skip[1]:
            candidates.append(found)
    return max(candidates, key=lambda a: a.value, default=None)


def deposit_ratio_check(rule: RiskRule, ctx: Context) -> Outcome:
    limit = rule.limit or Decimal(0)
    amounts = find_amounts(ctx.text)
    percents = find_percents(ctx.text)
    for match in _DEPOSIT_RE.finditer(ctx.text):
        sentence = sentence_at(ctx.text, match.start())
        percent = next(
            (p for p in percents if match.end() <= p.start <= min(sentence.end, match.end() + _WINDOW)), None
        )
        amount = _first_after(amounts, match.end(), _WINDOW)
        if amount is not None and amount.start >= sentence.end:
            amount = None
        if amount is None and percent is not None:
            ratio = percent.value
            span = ctx.span(match.start(), percent.end)
            figures = f"定金是合同总价的{pct(ratio)}"
        elif amount is not None:
            price = _price(ctx, (amount.start, amount.end))
            span = ctx.span(match.start(), amount.end)
            if price is None:
                return _clear(
                    rule,
                    f"合同约定定金{yuan(amount.value)}，但没有找到合同总价，无法自动核对。请自己核对：定金不能超过合同总价的"
                    f"{pct(limit)}。",
                    span,
                )
            ratio = amount.value / price.value
            figures = f"定金{yuan(amount.value)}是总价{yuan(price.value)}的{pct(ratio)}"
        else:
            continue
        if ratio > limit:
            return _risk(rule, f"合同约定的{figures}，超过了{pct(limit)}。", span)
        return _clear(rule, f"合同约定的{figures}，没有超过{pct(limit)}。", span)
    return _clear(rule, "合同没有约定定金。")


# ---- durations near a keyword ----------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Period:
    start: int
    end: int
    months: Decimal


def periods_after(text: str, position: int, stop: int, *, within: int | None = None) -> list[Period]:
    """Date ranges and durations between `position` and `stop`, in order; with `within`, only those starting no
    more than `within` characters after `position`."""
    segment_end = stop
    found: list[Period] = []
    for found_range in find_date_ranges(text[position:segment_end]):
        found.append(Period(position + found_range.start, position + found_range.end, found_range.months))
    for duration in find_durations(text[position:segment_end]):
        start = position + duration.start
        if any(p.start <= start < p.end for p in found):
            continue
        found.append(Period(start, position + duration.end, duration.months))
    found.sort(key=lambda p: p.start)
    if within is not None:
        found = [p for p in found if p.start - position <= within]
    return found


def _keyword_periods(
    ctx: Context, keyword: re.Pattern[str], *, within: int | None = None
) -> Iterator[Period]:
    for match in keyword.finditer(ctx.text):
        sentence = sentence_at(ctx.text, match.start())
        yield from periods_after(ctx.text, match.end(), sentence.end, within=within)


# ---- LEASE_TERM: 租期 (民法典第七百零五条) ------------------------------------------------------------------------------

_LEASE_TERM_RE = re.compile(r"租赁期限|租期|租赁期|租用期限|租赁期间")


def lease_term_check(rule: RiskRule, ctx: Context) -> Outcome:
    limit = rule.limit or Decimal(0)
    found = list(_keyword_periods(ctx, _LEASE_TERM_RE, within=30))
    if not found:
        return _clear(rule, "没有找到具体的租期，无法核对。")
    longest = max(found, key=lambda p: p.months)
    span = ctx.span(longest.start, longest.end)
    if longest.months > limit:
        return _risk(rule, f"合同约定的租期是{period(longest.months)}，超过了{period(limit)}。", span)
    return _clear(rule, f"合同约定的租期是{period(longest.months)}，没有超过{period(limit)}。", span)


# ---- INTEREST_CAP: 民间借贷利率 (规定第二十五条、第二十八条、第二十九条) ---------------------------------------------------

_NO_INTEREST_RE = re.compile(r"无息|不计(?:利)?息|不收(?:取)?(?:任何)?利息|不支付(?:任何)?利息|免息")
_MONTHLY_INTEREST_RE = re.compile(r"(?:每月|每个月|月)(?:支付|给付|付|给)?利息")
_PRINCIPAL_RE = re.compile(r"借款(?:本金|金额|数额)?|本金|出借|借给|借到")


@dataclass(frozen=True)
class _Annual:
    start: int
    end: int
    annual: Decimal
    written: str


def _written(per: str, value: Decimal) -> str:
    return {"年": "年利率", "月": "月利率", "日": "日利率"}[per] + pct(value)


def _annual_rates(ctx: Context, fixing: LprFixing) -> list[_Annual]:
    rates = [_Annual(r.start, r.end, r.annual, _written(r.per, r.written)) for r in find_rates(ctx.text)]
    for multiple in find_lpr_multiples(ctx.text):
        shown = format(multiple.multiple.normalize(), "f")
        rates.append(
            _Annual(multiple.start, multiple.end, multiple.multiple * fixing.rate, f"一年期LPR的{shown}倍")
        )
    amounts = find_amounts(ctx.text)
    principal = _price_like(ctx, _PRINCIPAL_RE, amounts)
    if principal is not None:
        for match in _MONTHLY_INTEREST_RE.finditer(ctx.text):
            interest = _first_after(amounts, match.end(), 8)
            if interest is not None and interest.value < principal.value:
                monthly = interest.value / principal.value
                rates.append(
                    _Annual(
                        match.start(),
                        interest.end,
                        monthly * 12,
                        f"每月利息{yuan(interest.value)}（本金{yuan(principal.value)}，即月利率{pct(monthly)}）",
                    )
                )
    return rates


def _price_like(ctx: Context, words: re.Pattern[str], amounts: list[Amount]) -> Amount | None:
    candidates = [a for m in words.finditer(ctx.text) if (a := _first_after(amounts, m.end(), _WINDOW))]
    return max(candidates, key=lambda a: a.value, default=None)


def interest_cap_check(rule: RiskRule, ctx: Context) -> Outcome:
    fixing = pick_table(ctx.lpr.fixings, ctx.on, what="贷款市场报价利率（LPR）")
    multiple = rule.limit or Decimal(0)
    cap = multiple * fixing.rate
    shown_multiple = format(multiple.normalize(), "f")
    basis = (
        f"合同成立时（{ctx.on.year}年{ctx.on.month}月{ctx.on.day}日）的一年期LPR是{pct(fixing.rate)}"
        f"（{fixing.valid_from.year}年{fixing.valid_from.month}月{fixing.valid_from.day}日公布），"
        f"{shown_multiple}倍是年利率{pct(cap)}"
    )
    notes: tuple[str, ...] = ()
    if ctx.on > ctx.lpr.checked_through:
        checked = ctx.lpr.checked_through
        notes = (
            f"本系统收录的LPR核对到{checked.year}年{checked.month}月{checked.day}日；此后如有调整，请以全国银行间同业拆借"
            "中心公布的为准。",
        )
    rates = _annual_rates(ctx, fixing)
    if not rates:
        no_interest = _NO_INTEREST_RE.search(ctx.text)
        if no_interest is not None:
            outcome = _clear(rule, "合同约定不计利息。", ctx.span(no_interest.start(), no_interest.end()))
        else:
            outcome = _clear(rule, f"没有找到约定的利率。{basis}，约定利率不能超过这个上限。")
        return Outcome(outcome.finding, (ctx.lpr.ref,), notes)
    highest = max(rates, key=lambda r: r.annual)
    span = ctx.span(highest.start, highest.end)
    stated = f"合同约定{highest.written}，折合年利率{pct(highest.annual)}。{basis}"
    if highest.annual > cap:
        outcome = _risk(rule, f"{stated}，约定的利率超过了这个上限。", span)
    else:
        outcome = _clear(rule, f"{stated}，约定的利率没有超过这个上限。", span)
    return Outcome(outcome.finding, (ctx.lpr.ref,), notes)


# ---- PROBATION: 试用期 (劳动合同法第十九条) ---------------------------------------------------------------------------

_PROBATION_RE = re.compile(r"试用期(?!满|内|间|工资|届满|结束)")
_TERM_RE = re.compile(
    r"(?:劳动)?合同(?:的)?期限|聘用期限|合同期(?!满|内|间)|本合同(?:自|从)|(?<!试用)期限(?:为|自|:)"
)
_INDEFINITE_RE = re.compile(r"无固定期限")
_TASK_RE = re.compile(r"以完成一定(?:的)?工作任务为期限")
INDEFINITE = Decimal(10_000)  # months: longer than any band


def _term(ctx: Context) -> tuple[Decimal, str] | None:
    """The contract term in months and how to say it; None when the text does not say."""
    for match in _TERM_RE.finditer(ctx.text):
        sentence = sentence_at(ctx.text, match.start())
        stop = sentence.end
        probation = _PROBATION_RE.search(ctx.text, match.end(), stop)
        if probation is not None:
            stop = probation.start()
        found = periods_after(ctx.text, match.end(), stop, within=20)
        if found:
            return found[0].months, period(found[0].months)
    indefinite = _INDEFINITE_RE.search(ctx.text) is not None
    task = _TASK_RE.search(ctx.text) is not None
    if indefinite and not task:
        return INDEFINITE, "无固定期限"
    if task and not indefinite:
        return Decimal(0), "以完成一定工作任务为期限"
    return None


def _band(bands: tuple[Band, ...], term: Decimal) -> Band:
    return max((b for b in bands if b.at_least <= term), key=lambda b: b.at_least)


def probation_check(rule: RiskRule, ctx: Context) -> Outcome:
    found = list(_keyword_periods(ctx, _PROBATION_RE, within=8))
    if not found:
        return _clear(rule, "合同没有约定试用期。")
    longest = max(found, key=lambda p: p.months)
    span = ctx.span(longest.start, longest.end)
    term = _term(ctx)
    if term is None:
        ceiling = max(b.limit for b in rule.bands)
        if longest.months > ceiling:
            return _risk(
                rule,
                f"合同约定的试用期是{period(longest.months)}，超过了任何劳动合同都不能超过的{period(ceiling)}。",
                span,
            )
        return _clear(
            rule,
            f"合同约定的试用期是{period(longest.months)}，但没有找到劳动合同期限，无法自动核对。{rule.advice}",
            span,
        )
    months, said = term
    band = _band(rule.bands, months)
    if band.limit == 0:
        return _risk(
            rule,
            f"劳动合同期限是{said}，不得约定试用期，合同却约定了{period(longest.months)}的试用期。",
            span,
        )
    stated = (
        f"劳动合同期限是{said}，试用期最长{period(band.limit)}；合同约定的试用期是{period(longest.months)}"
    )
    if longest.months > band.limit:
        return _risk(rule, f"{stated}，超过了上限。", span)
    return _clear(rule, f"{stated}，没有超过上限。", span)


# ---- NON_COMPETE: 竞业限制 (劳动合同法第二十四条) ----------------------------------------------------------------------

_NON_COMPETE_RE = re.compile(
    rf"竞业限制|竞业禁止|(?:离职|解除|终止){IN}{{0,15}}?后{IN}{{0,20}}?(?:同类|竞争|同行)"
)


def non_compete_check(rule: RiskRule, ctx: Context) -> Outcome:
    limit = rule.limit or Decimal(0)
    mentions = list(_NON_COMPETE_RE.finditer(ctx.text))
    if not mentions:
        return _clear(rule, "合同没有约定竞业限制。")
    found: list[Period] = []
    for match in mentions:
        sentence = sentence_at(ctx.text, match.start())
        found += periods_after(ctx.text, sentence.start, sentence.end)
    if not found:
        first = mentions[0]
        return _clear(rule, "合同提到了竞业限制，但没有写期限。", ctx.span(first.start(), first.end()))
    longest = max(found, key=lambda p: p.months)
    span = ctx.span(longest.start, longest.end)
    if longest.months > limit:
        return _risk(rule, f"合同约定的竞业限制期限是{period(longest.months)}，超过了{period(limit)}。", span)
    return _clear(rule, f"合同约定的竞业限制期限是{period(longest.months)}，没有超过{period(limit)}。", span)


# ---- WORKER_PENALTY: 由劳动者承担违约金 (劳动合同法第二十五条) ---------------------------------------------------------

_PARTY = r"甲方|乙方|用人单位|劳动者|公司|单位|员工|职工"
_RECIPIENT_RE = re.compile(rf"(?:向|给|对)(?:{_PARTY})")
_PAID_TO_RE = re.compile(rf"(支付|赔偿|偿付|交纳|缴纳|赔付)给?(?:{_PARTY})")
_PARTY_RE = re.compile(_PARTY)
_ALLOWED_RE = re.compile(r"服务期|专项培训|培训费|竞业")
_WORKER_IS_A_RE = re.compile(
    r"甲方\s*[(:]?\s*(?:劳动者|员工|受聘)|(?:劳动者|员工|受聘方|受聘人)\s*[(:]?\s*甲方"
)


def _payer(sentence: str) -> str | None:
    """The party that pays the 违约金: the last party named before it, once recipients (向甲方, 支付给乙方) are
    removed."""
    cleaned = _PAID_TO_RE.sub(r"\1", _RECIPIENT_RE.sub("", sentence))
    cut = cleaned.find("违约金")
    parties = _PARTY_RE.findall(cleaned[:cut])
    return parties[-1] if parties else None


def worker_penalty_check(rule: RiskRule, ctx: Context) -> Outcome:
    worker = {"劳动者", "员工", "职工", "甲方" if _WORKER_IS_A_RE.search(ctx.text) else "乙方"}
    for sentence in sentences(ctx.text):
        position = sentence.text.find("违约金")
        if position < 0 or _ALLOWED_RE.search(sentence.text):
            continue
        if _payer(sentence.text) in worker:
            start = sentence.start + position
            return _risk(
                rule,
                "合同约定由劳动者支付违约金，而且不是服务期或者竞业限制的违约金。",
                ctx.span(start, start + 3),
            )
    return _clear(rule, "没有发现由劳动者承担违约金的约定（服务期、竞业限制的违约金除外）。")


# ---- WARRANTY: 保修期 --------------------------------------------------------------------------------------------------

_WARRANTY_RE = re.compile(r"保修|质保|质量保证期")
_CLAUSE_RE = re.compile(r"[^,;。\n]+")
_RESPONSE_TIME_RE = re.compile(r"^\s*(?:以|之)?内")


def _warranty_periods(rule: RiskRule, ctx: Context) -> Iterator[Period]:
    for sentence in sentences(ctx.text):
        if not _WARRANTY_RE.search(sentence.text):
            continue
        for clause in _CLAUSE_RE.finditer(sentence.text):
            words = clause.group(0)
            waterproof = any(compiled(c).search(words) for c in rule.context)
            excluded = any(compiled(c).search(words) for c in rule.exclude)
            if (rule.context and not waterproof) or excluded:
                continue
            if not (_WARRANTY_RE.search(words) or waterproof):
                continue
            start = sentence.start + clause.start()
            for found in periods_after(ctx.text, start, start + len(words)):
                if not _RESPONSE_TIME_RE.match(ctx.text[found.end : found.end + 3]):
                    yield found


def warranty_check(rule: RiskRule, ctx: Context) -> Outcome:
    limit = rule.limit or Decimal(0)
    found = list(_warranty_periods(rule, ctx))
    if not found:
        return _clear(rule, "没有找到约定的保修期限，无法核对。")
    shortest = min(found, key=lambda p: p.months)
    span = ctx.span(shortest.start, shortest.end)
    if shortest.months < limit:
        return _risk(
            rule, f"合同约定的保修期是{period(shortest.months)}，短于法定最低{period(limit)}。", span
        )
    return _clear(rule, f"合同约定的保修期是{period(shortest.months)}，不短于法定最低{period(limit)}。", span)


CHECKS: dict[Check, Callable[[RiskRule, Context], Outcome]] = {
    Check.PATTERN: pattern_check,
    Check.DEPOSIT_RATIO: deposit_ratio_check,
    Check.LEASE_TERM: lease_term_check,
    Check.INTEREST_CAP: interest_cap_check,
    Check.PROBATION: probation_check,
    Check.NON_COMPETE: non_compete_check,
    Check.WORKER_PENALTY: worker_penalty_check,
    Check.WARRANTY: warranty_check,
}
