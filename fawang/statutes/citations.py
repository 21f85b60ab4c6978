"""Find statute citations in free text (J8). Pure Python, no Django; resolution lives in selectors.

Recognised forms (numbers in Chinese or Arabic numerals):

- 《中华人民共和国民法典》第一千零七十九条, 《民法典》第1079条, 《民事诉讼法（2017年修正）》第一百条
- bare names: 民法典第1079条, 劳动合同法第四十七条第二款, 根据刑法第二百六十四条 (longest known name wins)
- abbreviations: 民诉法, 刑诉法, 行诉法, 消法, 道交法, 个保法 … (`ALIASES`)
- 第三十条之一; 第X条第Y款第Z项 (款/项 are kept in the span)
- 本法 / 同法 / 该法 / 上述法律 / 本条例 …: the last law named before it
- enumerations and ranges: 民法典第一千零七十九条、第一千零八十条, 第十条至第十二条 (same law as before)

Names not in `ALIASES` or `known_names` are still reported when they look like a law (…法, …条例, …规定,
…办法, …解释), so the checker can flag a law that does not exist.
"""

from __future__ import annotations

import re
from collections.abc import Collection
from dataclasses import dataclass

from fawang.statutes.numerals import NUMERAL_PATTERN, NumeralError, article_label, cn_to_int

PRC_PREFIX = "中华人民共和国"

#: Abbreviations in common use → the short title (the title without 中华人民共和国).
ALIASES: dict[str, str] = {
    "民诉法": "民事诉讼法",
    "刑诉法": "刑事诉讼法",
    "行诉法": "行政诉讼法",
    "消法": "消费者权益保护法",
    "消保法": "消费者权益保护法",
    "消费者权益法": "消费者权益保护法",
    "道交法": "道路交通安全法",
    "道路交通法": "道路交通安全法",
    "个保法": "个人信息保护法",
    "个人信息法": "个人信息保护法",
    "劳动仲裁法": "劳动争议调解仲裁法",
    "调解仲裁法": "劳动争议调解仲裁法",
    "社保法": "社会保险法",
    "国赔法": "国家赔偿法",
    "反家暴法": "反家庭暴力法",
    "未保法": "未成年人保护法",
    "妇女权益法": "妇女权益保障法",
    "老年法": "老年人权益保障法",
    "残保法": "残疾人保障法",
    "治安处罚法": "治安管理处罚法",
    "食安法": "食品安全法",
    "网安法": "网络安全法",
    "数安法": "数据安全法",
    "行复法": "行政复议法",
    "行政强制执行法": "行政强制法",
    "民通": "民法通则",
    "人调法": "人民调解法",
    "法援法": "法律援助法",
}

#: Full names people write without 中华人民共和国; they need no alias but must be known as bare names.
COMMON_NAMES: frozenset[str] = frozenset(
    {
        "宪法",
        "民法典",
        "刑法",
        "劳动法",
        "劳动合同法",
        "民事诉讼法",
        "刑事诉讼法",
        "行政诉讼法",
        "消费者权益保护法",
        "道路交通安全法",
        "法律援助法",
        "人民调解法",
        "公证法",
        "律师法",
        "监狱法",
        "立法法",
        "行政复议法",
        "行政处罚法",
        "行政许可法",
        "治安管理处罚法",
        "个人信息保护法",
        "社会保险法",
        "劳动争议调解仲裁法",
        "公司法",
        "婚姻法",
        "继承法",
        "合同法",
        "物权法",
        "侵权责任法",
        "担保法",
        "民法总则",
        "民法通则",
        "未成年人保护法",
        "妇女权益保障法",
        "老年人权益保障法",
        "反家庭暴力法",
        "国家赔偿法",
        "工伤保险条例",
        "法律援助条例",
        "网络安全法",
        "数据安全法",
        "食品安全法",
        "产品质量法",
        "著作权法",
        "商标法",
        "专利法",
        "仲裁法",
        "土地管理法",
        "农村土地承包法",
        "就业促进法",
    }
)

_LAW_SUFFIXES = ("法", "条例", "规定", "办法", "解释", "细则", "决定", "规则", "法典", "通则", "总则")
_SELF_REFERENCE_RE = re.compile(
    r"(?:本|同|该|此|上述|前述)(?:法律|法规|法|条例|规定|办法|解释|细则|决定|规则)$"
)
_ARTICLE_RE = re.compile(
    rf"第\s*(?P<number>{NUMERAL_PATTERN})\s*条(?:\s*之\s*(?P<suffix>{NUMERAL_PATTERN}))?"
    rf"(?:\s*第\s*(?P<paragraph>{NUMERAL_PATTERN})\s*款)?"
    rf"(?:\s*第?\s*[（(]?(?P<item>{NUMERAL_PATTERN})[）)]?\s*项)?"
)
_BOOK_TITLE_RE = re.compile(r"《(?P<name>[^《》\n]{1,80})》")
_BOOK_BEFORE_RE = re.compile(r"《(?P<name>[^《》\n]{1,80})》\s*(?:的)?\s*$")
_CJK_RUN_RE = re.compile(r"[\u4e00-\u9fff]{1,40}$")
_CHAIN_RE = re.compile(r"^\s*(?:[、，,；;和及与或至到]|以及|或者|和第)?\s*$")
_VERSION_NOTE_RE = re.compile(r"[（(][^（）()]*(?:修正|修订|年)[^（）()]*[）)]$")
_STOP_RE = re.compile(
    r".*(?:根据|依据|依照|按照|违反|参照|适用|对照|援引|引用|符合|规定|参见|详见|见|依|按|据|和|及|与|或|的|是|在|了|即|由|经|对|向|从|照|于|为|按|而)"
)
_WHITESPACE_RE = re.compile(r"\s+")
_INNER_TITLE = str.maketrans("〈〉", "《》")


@dataclass(frozen=True)
class Citation:
    start: int  # span in the text, end exclusive
    end: int
    raw: str
    law: str  # canonical name: alias expanded, 中华人民共和国 and version notes removed
    law_raw: str  # as written: 《民法典》, 民诉法, 本法 …
    number: int
    suffix: int
    label: str  # 第三十条之一
    paragraph: int | None = None
    item: int | None = None


def law_name_normalize(name: str) -> str:
    """《中华人民共和国民事诉讼法（2017年修正）》 → 民事诉讼法; 民诉法 → 民事诉讼法. A title inside a title is written
    〈…〉 within 《…》 and stored with 《…》: 〈中华人民共和国民法典〉 → 《中华人民共和国民法典》."""
    name = _WHITESPACE_RE.sub("", name).strip("《》").translate(_INNER_TITLE)
    name = _VERSION_NOTE_RE.sub("", name)
    name = name.removeprefix(PRC_PREFIX)
    return ALIASES.get(name, name)


def _numeral(text: str | None) -> int | None:
    if not text:
        return None
    try:
        return cn_to_int(text)
    except NumeralError:
        return None


class _Finder:
    def __init__(self, text: str, known_names: Collection[str]) -> None:
        self.text = text
        self.names = set(ALIASES) | set(COMMON_NAMES) | {law_name_normalize(n) for n in known_names}
        self.longest = max((len(n) for n in self.names), default=0)
        self.mentions = [
            (m.start(), law_name_normalize(m.group("name"))) for m in _BOOK_TITLE_RE.finditer(text)
        ]
        self.previous: Citation | None = None

    def last_law(self, position: int) -> str | None:
        candidates: list[tuple[int, str]] = [
            (start, name) for start, name in self.mentions if start < position
        ]
        if self.previous is not None:
            candidates.append((self.previous.start, self.previous.law))
        return max(candidates)[1] if candidates else None

    def law_before(self, start: int) -> tuple[str, str, int] | None:
        """The law named right before `start`: (canonical name, as written, where it starts)."""
        before = self.text[max(0, start - 90) : start]
        book = _BOOK_BEFORE_RE.search(before)
        if book is not None:
            return (
                law_name_normalize(book.group("name")),
                book.group(0).rstrip(),
                start - len(before) + book.start(),
            )
        run_match = _CJK_RUN_RE.search(before)
        run = run_match.group(0) if run_match else ""
        run_start = start - len(run)
        for offset in range(max(0, len(run) - self.longest), max(0, len(run) - 1)):
            candidate = run[offset:]
            if candidate in self.names:
                return law_name_normalize(candidate), candidate, run_start + offset
        self_ref = _SELF_REFERENCE_RE.search(run)
        if self_ref is not None:
            law = self.last_law(start)
            return (law, self_ref.group(0), run_start + self_ref.start()) if law else None
        if run.endswith(_LAW_SUFFIXES):
            stop = _STOP_RE.match(run)
            name = run[stop.end() :] if stop else run
            if len(name) < 3 and len(run) <= 8:
                name = run  # 不存在法: a stop character inside the name itself
            if len(name) >= 3:
                return law_name_normalize(name), name, start - len(name)
        return None

    def find(self) -> list[Citation]:
        found: list[Citation] = []
        for match in _ARTICLE_RE.finditer(self.text):
            citation = self._citation(match)
            if citation is not None:
                found.append(citation)
                self.previous = citation
        return found

    def _citation(self, match: re.Match[str]) -> Citation | None:
        number = _numeral(match.group("number"))
        if number is None:
            return None
        suffix = _numeral(match.group("suffix")) or 0
        law = self.law_before(match.start())
        start = match.start()
        if law is not None:
            name, written, start = law
        elif self.previous is not None and _CHAIN_RE.match(self.text[self.previous.end : match.start()]):
            name, written = self.previous.law, ""
        else:
            return None
        return Citation(
            start=start,
            end=match.end(),
            raw=self.text[start : match.end()],
            law=name,
            law_raw=written,
            number=number,
            suffix=suffix,
            label=article_label(number, suffix),
            paragraph=_numeral(match.group("paragraph")),
            item=_numeral(match.group("item")),
        )


def citations_find(text: str, *, known_names: Collection[str] = ()) -> list[Citation]:
    """Every citation in `text`, in order. `known_names` adds law names (titles, short titles) to recognise."""
    return _Finder(text, known_names).find()
