"""Text helpers of the contract review engine (J10): normalisation that keeps offsets, sentences, and the few regular
expression builders the rule tables use. Pure Python, no Django."""

from __future__ import annotations

import re
from dataclasses import dataclass

# Full-width ASCII (！ … ～) → half-width, the ideographic space → a space: one character for one, so a span found in
# the normalised text is the same span in the text the user gave.
_HALF_WIDTH = {code: code - 0xFEE0 for code in range(0xFF01, 0xFF5F)} | {0x3000: 0x20}

#: Inside one sentence: any character but a sentence end. Rule patterns write "A{IN}{{0,20}}B" through `near`.
IN = r"[^。;!?\n]"
_SENTENCE_END_RE = re.compile(r"[。;!?\n]+")
# A negation right before a match turns a prohibited act into a promise not to do it (甲方不得扣押乙方证件).
_NEGATION_RE = re.compile(
    r"(?:不得|不能|不会|不应|不可|不准|不许|禁止|严禁|无权|不予|绝不|不收取|不扣押|不要求|不采取|不以)[^,;。\n]{0,12}$"
    r"|(?:不|未|无|勿)$"
)
QUOTE_MAX = 120


def normalize(text: str) -> str:
    """Full-width letters, digits and punctuation to half-width; CRLF to LF. Same length as the input."""
    return text.translate(_HALF_WIDTH).replace("\r", "\n")


def near(first: str, second: str, gap: int = 20) -> str:
    """A pattern for `first` followed within `gap` characters of the same sentence by `second`."""
    return f"(?:{first}){IN}{{0,{gap}}}?(?:{second})"


def either(*alternatives: str) -> str:
    return "|".join(f"(?:{a})" for a in alternatives)


@dataclass(frozen=True)
class Sentence:
    start: int
    end: int
    text: str


def sentences(text: str) -> list[Sentence]:
    """The text cut at 。；！？ and line ends, with offsets; empty pieces are dropped."""
    found: list[Sentence] = []
    cursor = 0
    for match in _SENTENCE_END_RE.finditer(text):
        if text[cursor : match.start()].strip():
            found.append(Sentence(cursor, match.start(), text[cursor : match.start()]))
        cursor = match.end()
    if text[cursor:].strip():
        found.append(Sentence(cursor, len(text), text[cursor:]))
    return found


def sentence_at(text: str, position: int) -> Sentence:
    start = max((m.end() for m in _SENTENCE_END_RE.finditer(text, 0, position)), default=0)
    following = _SENTENCE_END_RE.search(text, position)
    end = following.start() if following else len(text)
    return Sentence(start, end, text[start:end])


def negated(text: str, position: int) -> bool:
    """True when the words right before `position` (same clause) negate what follows."""
    start = sentence_at(text, position).start
    return _NEGATION_RE.search(text[max(start, position - 20) : position]) is not None


def quote(original: str, normalized: str, start: int, end: int) -> str:
    """The sentence around a match, from the user's own text, shortened around the match to QUOTE_MAX characters."""
    sentence = sentence_at(normalized, start)
    low, high = sentence.start, max(sentence.end, end)
    while low < high and original[low].isspace():
        low += 1
    if high - low > QUOTE_MAX:
        low = max(low, start - 30)
        high = min(high, low + QUOTE_MAX)
    prefix = "…" if low > sentence.start and original[sentence.start : low].strip() else ""
    suffix = "…" if high < sentence.end else ""
    return f"{prefix}{original[low:high].strip()}{suffix}"
